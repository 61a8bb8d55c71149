"""Security end to end: another server cannot see or change the working group's data, even with guessed ids in
options or custom_ids; members and observers cannot run chair or secretariat actions."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.sandbox import Reply, SimMember
from bot.sandbox.webhooks import DEFERRED_UPDATE
from tests.e2e.conftest import Convener
from tests.e2e.security_support import (
    FORGED,
    Secrets,
    TwoGuilds,
    button,
    forged,
    guilds,  # noqa: F401  (fixture)
    row,
    rows_of,
    seed_guild_a,
)

SECRET = "A secret"


async def refused(reply: Reply, *marks: str) -> str:
    """An ephemeral refusal, never the "something went wrong" answer of an unexpected exception."""
    if reply.modal is not None:
        raise AssertionError(f"a form was opened instead of a refusal: {reply.modal.title}")
    if reply.type == DEFERRED_UPDATE:  # a component that acknowledged first answers with a follow-up
        message = await reply.wait_followup()
        text, ephemeral = message.content, message.ephemeral
    else:
        text, ephemeral = reply.text(), reply.ephemeral
    assert ephemeral, text
    assert any(text.startswith(m) for m in marks), text
    assert "⚠️" not in text and SECRET not in text, text
    return text


async def settled(env: Convener) -> None:
    """Until the coalesced message refreshes still due from earlier actions have run."""
    await env.bot.services.polls.coalescer.drain()
    await env.bot.services.rollcall.message.coalescer.drain()


def transcript(env: Convener, guild: Any) -> dict[int, list[tuple[int, int]]]:
    """(message id, number of edits) of every public message in the guild's channels (but the test's own)."""
    return {ch.id: [(m.id, m.edits) for m in env.standin.messages(ch) if m.content != FORGED]
            for ch in guild.channels.values()}


def slash_attacks(s: Secrets, slot_id: int) -> list[tuple[str, dict[str, Any]]]:
    meeting, poll = s.meeting_id, s.poll_id
    return [
        ("poll results", {"poll": poll}), ("poll vote", {"poll": poll}), ("poll close", {"poll": poll}),
        ("poll reopen", {"poll": poll}), ("poll remind", {"poll": poll}),
        ("poll finalize", {"poll": poll, "slot": slot_id}), ("poll remove-slot", {"poll": poll, "slot": slot_id}),
        ("poll add-slots", {"poll": poll, "slots": "2026-12-20 10:00"}), ("poll add-slots", {"poll": poll}),
        ("meeting reschedule", {"meeting": meeting, "title": "Hijacked"}), ("meeting cancel", {"meeting": meeting}),
        ("meeting ics", {"meeting": meeting}), ("meeting start", {"meeting": meeting}),
        ("meeting end", {"meeting": meeting}),
        ("agenda show", {"meeting": meeting}), ("agenda edit", {"meeting": meeting}),
        ("agenda add", {"meeting": meeting, "text": "Hijack"}), ("agenda remove", {"meeting": meeting, "item": "2"}),
        ("agenda move", {"meeting": meeting, "item": "2", "position": 1}), ("agenda post", {"meeting": meeting}),
        ("rollcall show", {"meeting": meeting}), ("rollcall start", {"meeting": meeting}),
        ("rollcall apologies", {"meeting": meeting}), ("rollcall close", {"meeting": meeting}),
        ("rollcall add", {"meeting": meeting, "name": "Ghost, Guest", "role": "guest"}),
        ("rollcall set", {"meeting": meeting, "member": "Mallory", "status": "present"}),
        ("attendance export", {"meeting": meeting}),
        ("minutes draft", {"meeting": meeting}), ("minutes entries", {"meeting": meeting}),
        ("minutes edit", {"meeting": meeting, "section": "1"}), ("minutes publish", {"meeting": meeting}),
        ("actions done", {"action": s.action_id}), ("remind cancel", {"reminder": s.reminder_id}),
    ]


def forged_components(s: Secrets, slot_id: int) -> list[dict[str, Any]]:
    poll, meeting, entry = s.poll_id, s.meeting_id, s.entry_ids[0]
    return [
        row(button(f"poll:{poll}:vote"), button(f"poll:{poll}:mine"), button(f"poll:{poll}:results"),
            button(f"poll:{poll}:submit"), button(f"poll:{poll}:turn:0:next")),
        row({"type": 3, "custom_id": f"poll:{poll}:pick:yes:0", "min_values": 0, "max_values": 1,
             "options": [{"label": "slot", "value": str(slot_id)}]}),
        row(button(f"rollcall:{meeting}:present"), button(f"rollcall:{meeting}:consent:yes"),
            button(f"minutes:page:{meeting}:0:next"), button(f"minutes:entry:{entry}:edit"),
            button(f"minutes:entry:{entry}:drop")),
        row({"type": 3, "custom_id": f"minutes:entries:{meeting}:0", "min_values": 1, "max_values": 1,
             "options": [{"label": "entry", "value": str(entry)}]}),
    ]


async def test_another_server_cannot_see_or_change_anything(guilds: TwoGuilds,  # noqa: F811
                                                            caplog: pytest.LogCaptureFixture) -> None:
    a, mallory = guilds.a, guilds.mallory
    secrets = await seed_guild_a(a)
    slot_id = (await a.bot.services.polls.get(a.guild.id, secrets.poll_id)).slots[0].id
    await settled(a)
    before, public = await rows_of(a, a.guild.id), transcript(a, a.guild)
    caplog.set_level(logging.ERROR, "convener.errors")

    # Guessed ids in command options: every one is "not found in this server".
    for command, options in slash_attacks(secrets, slot_id):
        text = await refused(await mallory.slash(command, **options), "❌")
        assert "no " in text.casefold() or "not" in text.casefold(), (command, text)

    # Guessed ids in custom_ids, on a message in Mallory's server.
    message = forged(a, guilds.b, forged_components(secrets, slot_id))
    for comp in (c for r in message.components for c in r["components"]):
        if comp["type"] == 2:
            reply = await mallory.click(message, comp["custom_id"])
        else:
            reply = await mallory.select(message, comp["custom_id"], [comp["options"][0]["value"]])
        await refused(reply, "❌")

    # Lists and autocompletes show nothing of the other server.
    for command in ("poll list", "meeting list", "actions list", "remind list"):
        listing = await mallory.slash(command)
        assert listing.ephemeral and SECRET not in listing.text() and "Circulate" not in listing.text(), command
    report = await mallory.slash("attendance report", options={"from": "2026-11-01", "to": "2026-12-31"})
    assert report.content.startswith("📊 Participation: 0 meetings"), report.content
    for command, option in (("poll results", "poll"), ("agenda show", "meeting"), ("actions done", "action"),
                            ("remind cancel", "reminder"), ("rollcall show", "meeting")):
        choices = await mallory.autocomplete(command, option, "")
        assert not [c for c in choices if SECRET in c["name"] or c["value"] in
                    (secrets.poll_id, secrets.meeting_id, secrets.action_id, secrets.reminder_id)], (command, choices)

    await settled(a)
    assert await rows_of(a, a.guild.id) == before, "guild A's data changed"
    assert transcript(a, a.guild) == public, "something was posted or edited in guild A"
    assert "unexpected error" not in caplog.text


async def member_refusals(env: Convener, member: SimMember, s: Secrets, slot_id: int) -> None:
    lynn = env.chair
    chair_only: list[tuple[str, dict[str, Any]]] = [
        ("meeting schedule", {"title": "Coup", "start": "2026-12-20 10:00"}),
        ("meeting reschedule", {"meeting": s.meeting_id, "title": "Coup"}),
        ("meeting cancel", {"meeting": s.meeting_id}),
        ("poll finalize", {"poll": s.poll_id, "slot": slot_id}), ("agenda post", {"meeting": s.meeting_id}),
        ("rollcall start", {"meeting": s.meeting_id}), ("rollcall close", {"meeting": s.meeting_id}),
        ("rollcall add", {"meeting": s.meeting_id, "name": "Ghost, Guest", "role": "guest"}),
        ("rollcall set", {"meeting": s.meeting_id, "member": lynn.name, "status": "absent"}),
        ("minutes publish", {"meeting": s.meeting_id}), ("minutes entries", {"meeting": s.meeting_id}),
        ("minutes edit", {"meeting": s.meeting_id, "section": "1"}),
        ("setup roles", {"role": "chair", "discord_role": "Member"}), ("setup group", {"name": "Coup"}),
        ("setup timezone", {"zone": "Asia/Tokyo"}), ("setup reminders", {"offsets": "1m"}),
        ("setup channels", {"minutes": "general"}),
        ("remind set", {"when": "2026-12-09 09:00", "text": "@everyone coup"}),
        ("remind cancel", {"reminder": s.reminder_id}), ("privacy forget", {"member": lynn.name}),
    ]
    secretariat_only: list[tuple[str, dict[str, Any]]] = [
        ("agenda edit", {"meeting": s.meeting_id}), ("agenda add", {"meeting": s.meeting_id, "text": "Coup"}),
        ("agenda remove", {"meeting": s.meeting_id, "item": "2"}),
        ("agenda move", {"meeting": s.meeting_id, "item": "2", "position": 1}),
        ("meeting start", {"meeting": s.meeting_id}), ("meeting end", {"meeting": s.meeting_id}),
        ("minutes draft", {"meeting": s.meeting_id}), ("attendance export", {"meeting": s.meeting_id}),
        ("attendance report", {"from": "2026-11-01", "to": "2026-12-31"}), ("item next", {}),
        ("item goto", {"item": "2"}), ("note", {"text": "coup"}), ("decision", {"text": "coup"}),
        ("action", {"text": "coup", "owner": lynn.name, "due": "2026-12-10"}),
    ]
    for command, options in chair_only + secretariat_only:
        await refused(await member.slash(command, **options), "🔒")
    # Buttons that only chairs may use, and poll management by someone who did not create the poll.
    entries = forged(env, env.guild, [row(button(f"minutes:entry:{s.entry_ids[0]}:drop"),
                                          button(f"minutes:page:{s.meeting_id}:0:next"))])
    for custom_id in (f"minutes:entry:{s.entry_ids[0]}:drop", f"minutes:page:{s.meeting_id}:0:next"):
        await refused(await member.click(entries, custom_id), "🔒")
    for command in ("poll close", "poll reopen", "poll remind"):
        await refused(await member.slash(command, poll=s.poll_id), "❌", "🔒")


async def test_members_and_observers_cannot_run_chair_or_secretariat_actions(
        guilds: TwoGuilds, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    a = guilds.a
    secrets = await seed_guild_a(a)
    slot_id = (await a.bot.services.polls.get(a.guild.id, secrets.poll_id)).slots[0].id
    await settled(a)
    before, public = await rows_of(a, a.guild.id), transcript(a, a.guild)
    caplog.set_level(logging.ERROR, "convener.errors")
    for key in ("danko", "pradeep"):  # a member and an observer
        await member_refusals(a, a.member(key), secrets, slot_id)
    await settled(a)
    assert await rows_of(a, a.guild.id) == before
    assert transcript(a, a.guild) == public
    assert "unexpected error" not in caplog.text
