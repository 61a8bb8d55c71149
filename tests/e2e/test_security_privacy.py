"""User text never pings @everyone, @here or roles; `/privacy forget` (and leaving, when configured) removes a
member's personal data and shows what was removed."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import Message
from tests.e2e.conftest import Convener
from tests.e2e.polls_support import create, poll_id, vote
from tests.e2e.security_support import MEETING_START, TwoGuilds, ok, rows_of, seed_guild_a, two_guilds


def bot_messages(env: Convener) -> list[Message]:
    bot_id = env.standin.bot_user.id
    return [m for m in env.standin.messages(None, include_ephemeral=True) if m.author.id == bot_id]


def injection(env: Convener) -> str:
    member_role = env.guild.role("Member").id
    return f"@everyone @here <@&{member_role}> **Agenda** ||x|| [link](https://evil.example)"


async def test_user_text_never_pings_everyone_here_or_roles(convener: Convener) -> None:
    lynn, chengetai, danko = convener.chair, convener.member("chengetai"), convener.member("danko")
    text = injection(convener)
    member_role = convener.guild.role("Member").id
    ok(await lynn.slash("profile name", name=text[:100]))
    ok(await lynn.slash("profile group", group=text[:100]))
    ok(await lynn.slash("profile show"))
    ok(await lynn.slash("setup group", name=text))
    ok(await lynn.slash("poll create", title=text[:100], slots="2026-12-03 15:00, 16:00", timezone="UTC"))
    poll = await convener.standin.wait_for_message("general", lambda m: bool(m.embeds))
    await vote(danko, poll, yes=[0])
    bad = await lynn.slash("poll create", title="x", slots=f"{text}, 2026-12-03 15:00", timezone="UTC")
    assert bad.ephemeral and bad.content.startswith("❌")
    ok(await lynn.slash("meeting schedule", title=text[:100], start="2026-11-30 15:00", timezone="UTC"))
    (meeting, *_) = await convener.bot.services.meetings.upcoming(convener.guild.id)
    ok(await chengetai.slash("agenda add", meeting=meeting.id, text=text[:200]))
    ok(await lynn.slash("agenda post", meeting=meeting.id))
    ok(await lynn.slash("rollcall add", meeting=meeting.id, name=text[:100], role="guest"))
    ok(await lynn.slash("rollcall start", meeting=meeting.id))
    convener.clock.set(MEETING_START)
    ok(await lynn.slash("meeting start", meeting=meeting.id))
    ok(await chengetai.slash("note", text=text))
    ok(await chengetai.slash("action", text=text, owner=text[:100], due="2026-12-10"))
    convener.clock.advance(timedelta(hours=1))
    ok(await lynn.slash("meeting end", meeting=meeting.id))
    ok(await lynn.slash("minutes draft", meeting=meeting.id))
    ok(await lynn.slash("minutes publish", meeting=meeting.id))
    ok(await lynn.slash("actions list"))
    ok(await lynn.slash("meeting list"))
    # A reminder may mention the one role the chair picked, and nothing else its text contains.
    ok(await lynn.slash("remind set", when="2026-12-09 09:00", text=text, role="Member"))
    (reminder,) = await convener.bot.services.reminders.list_pending(convener.guild.id, kinds=["text"])
    convener.clock.set(reminder.due_at)
    earlier = {m.id for m in bot_messages(convener)}
    assert await convener.bot.services.reminders.fire(reminder.id)
    posted = {m.id for m in bot_messages(convener)} - earlier
    await convener.bot.services.polls.coalescer.drain()

    messages = bot_messages(convener)
    carrying = [m for m in messages if "@everyone" in m.content]
    assert len([m for m in carrying if not m.ephemeral]) >= 4, "the injected text should reach public messages"
    for message in messages:
        where = f"message {message.id}: {message.content[:120]!r}"
        assert message.allowed_mentions is not None, f"no allowed_mentions (Discord would parse all): {where}"
        assert not message.mention_everyone, where
        allowed_roles = {member_role} if message.id in posted else set()
        assert set(message.mention_roles) <= allowed_roles, where
    (announcement,) = [m for m in messages if m.id in posted and m.content == text]
    assert announcement.mention_roles == [member_role]


def personal_ids(rows: dict[str, list[tuple[Any, ...]]], user_id: int) -> dict[str, int]:
    """How many rows of each table still hold ``user_id`` in some column."""
    found = {table: sum(1 for r in table_rows if user_id in r) for table, table_rows in rows.items()}
    return {table: n for table, n in found.items() if n}


async def test_privacy_forget_removes_a_members_data_and_says_what(convener: Convener) -> None:
    secrets = await seed_guild_a(convener)
    danko = convener.member("danko")
    gid = convener.guild.id
    assert personal_ids(await rows_of(convener, gid), danko.id)

    asked = await danko.slash("privacy forget")
    assert asked.ephemeral and "Continue?" in asked.content
    done = await danko.click(asked, "Forget")
    assert done.content.startswith("🧹 Removed your data:"), done.content
    removed = dict(line[2:].rsplit(": ", 1) for line in done.content.splitlines() if line.startswith("• "))
    assert {"poll answers", "roll-call entries"} <= set(removed), removed
    assert all(int(n) > 0 for n in removed.values()), removed

    services = convener.bot.services
    profile = await services.profiles.get(gid, danko.id)
    assert (profile.display_name, profile.timezone, profile.stakeholder_group) == (None, None, None)
    assert await services.polls.ballot_of(gid, secrets.poll_id, danko.id) == {}
    assert danko.id not in {p.user_id for p in await services.rollcall.participants(gid, secrets.meeting_id)}
    leftovers = personal_ids(await rows_of(convener, gid), danko.id)
    assert not leftovers, f"rows still holding the member's id: {leftovers}"
    again = await danko.click(await danko.slash("privacy forget"), "Forget")
    assert again.content == "convener held no data of yours; nothing was removed.", again.content


async def test_a_chair_forgets_a_member_on_request(convener: Convener) -> None:
    await convener.seed_profiles()
    jutta = convener.member("jutta")
    _, poll = await create(convener)
    await vote(jutta, poll, yes=[1])
    asked = await convener.chair.slash("privacy forget", member=jutta.name)
    assert asked.ephemeral and "Jutta Croll's" in asked.content
    done = await convener.chair.click(asked, "Forget")
    assert done.content.startswith("🧹 Removed Jutta Croll's data:") and "• poll answers: 3" in done.content
    assert await convener.bot.services.polls.ballot_of(convener.guild.id, poll_id(poll), jutta.id) == {}
    kept = await convener.chair.click(await convener.chair.slash("privacy forget", member=jutta.name), "Cancel")
    assert kept.content == "Nothing was removed."


@pytest.fixture
async def forgetful(tmp_path: Path) -> AsyncIterator[TwoGuilds]:
    async for env in two_guilds(tmp_path, bot={"forget_on_leave": True}):
        yield env


async def test_leaving_the_server_forgets_the_member_when_configured(forgetful: TwoGuilds,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    env = forgetful.a
    await env.seed_profiles()
    danko, jutta = env.member("danko"), env.member("jutta")
    _, poll = await create(env)
    await vote(danko, poll, yes=[0])
    await vote(jutta, poll, yes=[0])
    caplog.set_level(logging.INFO, "bot.services.privacy")
    await danko.leave_guild()
    await env.standin.wait_until(lambda: f"forgot member {danko.id}" in caplog.text, 5, "the leave to be handled")
    services, gid = env.bot.services, env.guild.id
    assert await services.polls.ballot_of(gid, poll_id(poll), danko.id) == {}
    assert (await services.profiles.get(gid, danko.id)).display_name is None
    assert await services.polls.ballot_of(gid, poll_id(poll), jutta.id) != {}, "only the one who left"


async def test_leaving_keeps_the_data_by_default(convener: Convener, caplog: pytest.LogCaptureFixture) -> None:
    await convener.seed_profiles()
    danko = convener.member("danko")
    _, poll = await create(convener)
    await vote(danko, poll, yes=[0])
    await danko.leave_guild()
    # The next interaction is handled after the leave event (one gateway connection, in order).
    ok(await convener.chair.slash("profile show"))
    assert await convener.bot.services.polls.ballot_of(convener.guild.id, poll_id(poll), danko.id) != {}


async def test_privacy_forget_also_unlinks_the_reminders_a_chair_set(convener: Convener) -> None:
    """A chair's /remind reminders stay scheduled, without the chair's id."""
    lynn = convener.chair
    ok(await lynn.slash("remind set", when="2026-12-09 09:00", text="Paper due tomorrow"))
    done = await lynn.click(await lynn.slash("privacy forget"), "Forget")
    assert done.content.startswith("🧹 Removed your data:"), done.content
    assert "• records kept without the name (as creator, author, owner or editor): 1" in done.content
    assert "reminders" not in personal_ids(await rows_of(convener, convener.guild.id), lynn.id)
    assert len(await convener.bot.services.reminders.list_pending(convener.guild.id, kinds=["text"])) == 1
