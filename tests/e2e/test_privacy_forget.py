"""`/privacy forget` leaves nothing of the member behind: the raw database (the SQLite file and its -wal file, or
every PostgreSQL table) no longer holds their id, their names or their words, and minutes published afterwards
do not quote them either.

Danko takes part in everything: a profile, a vote, the roll call, the voice channel, a message added to the
minutes, actions owned by him (as a member, and typed as text: "Jevtović, Danko"), an agenda item, a reminder
and running text naming him — then the draft of the minutes is made, and he asks to be forgotten.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.models import Base
from tests.e2e.conftest import START, Convener
from tests.e2e.polls_support import create, vote
from tests.e2e.security_support import ok

MEETING_START = START + timedelta(days=7)
HIS_WORDS = "My remark for the record: the confidential annex stays with the drafting group until 7781."
FULL_NAMES = ("Jevtović, Danko", "Danko Jevtović", "Данко Јевтовић", "Јевтовић, Данко")


@pytest.fixture
def env(on_any_database: Convener) -> Convener:
    """The usual bot and stand-in, on SQLite or (when CONVENER_TEST_PG_URL is set) on PostgreSQL."""
    return on_any_database


async def danko_everywhere(env: Convener) -> int:
    """Everything a member leaves in convener over a meeting cycle; returns the meeting id (drafted, unpublished)."""
    lynn, danko, chengetai = env.chair, env.member("danko"), env.member("chengetai")
    services, gid = env.bot.services, env.guild.id
    await env.seed_profiles()  # Danko's profile lists him as "Jevtović, Danko"
    _, poll = await create(env, title="Next plenary")
    await vote(danko, poll, yes=[0, 1])
    meeting = await services.meetings.schedule(gid, title="Plenary with Danko Jevtović", start=MEETING_START,
                                               timezone="UTC", voice_channel_id=env.channel("Meeting room").id,
                                               channel_id=env.channel("general").id)
    ok(await chengetai.slash("agenda add", meeting=meeting.id, text="Presentation by Jevtović, Danko"))
    ok(await lynn.slash("rollcall start", meeting=meeting.id))
    rollcall = await env.standin.wait_for_message(
        "general", lambda m: any(f"rollcall:{meeting.id}:" in str(b.get("custom_id")) for b in m.buttons()))
    ok(await danko.click(rollcall, f"rollcall:{meeting.id}:present"))
    env.clock.set(MEETING_START)
    ok(await lynn.slash("meeting start", meeting=meeting.id))
    await danko.join_voice("Meeting room")
    said = await danko.say("general", HIS_WORDS)
    ok(await chengetai.message_command("Add to minutes", said))
    ok(await chengetai.slash("note", text=f"Danko Jevtović (<@{danko.id}>) presented the paper."))
    ok(await chengetai.slash("action", text="Circulate the annex", owner=danko.name, due="2026-12-10"))
    ok(await chengetai.slash("action", text="Check the figures", owner="Jevtović, Danko", due="2026-12-11"))
    ok(await lynn.slash("remind set", when="2026-12-09 09:00", text=f"<@{danko.id}>: the annex is due tomorrow"))
    env.clock.advance(timedelta(hours=1))
    await danko.leave_voice()
    ok(await lynn.slash("meeting end", meeting=meeting.id))
    ok(await lynn.slash("minutes draft", meeting=meeting.id))
    return meeting.id


def traces(user_id: int, username: str) -> dict[str, bytes]:
    """What must not be found afterwards, as it is stored: text as UTF-8, the id also as SQLite's 8-byte integer."""
    found = {name: name.encode() for name in (*FULL_NAMES, username)}
    found["his words"] = HIS_WORDS.encode()
    found["his words (escaped in the draft)"] = b"drafting group until 7781"
    found["his id"] = str(user_id).encode()
    found["his id (as stored by SQLite)"] = user_id.to_bytes(8, "big")
    return found


async def stored_bytes(env: Convener) -> dict[str, bytes]:
    """The raw database: the SQLite file and its write-ahead log, or every PostgreSQL table rendered as text."""
    db = env.bot.db
    if db.dialect == "sqlite":
        path = Path(db.url.split("///", 1)[1])
        return {p.name: p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()}
    out: dict[str, bytes] = {}
    async with db.engine.connect() as conn:
        for table in [*Base.metadata.sorted_tables, "alembic_version"]:
            name = getattr(table, "name", table)
            rows = (await conn.execute(text(f'SELECT t::text FROM "{name}" t'))).scalars().all()
            out[str(name)] = "\n".join(rows).encode()
    return out


def leftovers(stored: dict[str, bytes], wanted: dict[str, bytes]) -> dict[str, list[str]]:
    return {what: hits for what, needle in wanted.items()
            if (hits := [where for where, data in stored.items() if needle in data])}


async def test_forget_leaves_no_trace_in_the_raw_database_and_minutes_published_afterwards(env: Convener) -> None:
    danko, lynn = env.member("danko"), env.chair
    meeting_id = await danko_everywhere(env)
    wanted = traces(danko.id, danko.member.user.username)
    before = leftovers(await stored_bytes(env), wanted)
    assert {"Jevtović, Danko", "Данко Јевтовић", "his words", "his id"} <= set(before), before

    asked = await danko.slash("privacy forget")
    assert "Continue?" in asked.content
    done = await danko.click(asked, "Forget")
    assert leftovers(await stored_bytes(env), wanted) == {}, "the member is still in the database"
    said = dict(line[2:].rsplit(": ", 1) for line in done.content.splitlines() if line.startswith("• "))
    assert done.content.startswith("🧹 Removed your data:"), done.content
    assert {"profile (name in minutes, time zone, stakeholder group)", "poll answers", "roll-call entries",
            "voice-channel attendance records", "messages added to the minutes"} <= set(said), said
    assert all(int(n) > 0 for n in said.values()), said
    draft = await env.bot.services.minutes.current(env.guild.id, meeting_id)
    assert draft is not None and "a former participant" in draft.markdown
    assert "[words of a former participant, removed at their request]" in draft.markdown

    ok(await lynn.slash("minutes publish", meeting=meeting_id))
    posted = [m for m in env.standin.messages("minutes") if m.author.id == env.standin.bot_user.id]
    assert posted, "the minutes were posted"
    published = "\n".join(m.content for m in posted).encode()
    published += b"".join(a.data for m in posted for a in m.attachments if a.data)
    assert [what for what, needle in wanted.items() if needle in published] == []
    assert leftovers(await stored_bytes(env), wanted) == {}


async def test_forget_keeps_shared_records_without_the_member(env: Convener) -> None:
    danko = env.member("danko")
    meeting_id = await danko_everywhere(env)
    await danko.click(await danko.slash("privacy forget"), "Forget")
    services, gid = env.bot.services, env.guild.id
    entries = await services.minutes.entries(gid, meeting_id)
    texts = [e.text for e in entries]
    assert "a former participant (a former participant) presented the paper." in texts
    assert all(HIS_WORDS not in t for t in texts), "his own message is gone"
    owners = {e.text: (e.owner_id, e.owner_name) for e in entries if e.kind == "action"}
    assert owners == {"Circulate the annex": (None, "a former participant"),
                      "Check the figures": (None, "a former participant")}
    agenda = await services.agendas.get(gid, meeting_id)
    assert any(item.title == "Presentation by a former participant" for item in agenda.items)
    (reminder,) = await services.reminders.list_pending(gid, kinds=["text"])
    assert reminder.text == "a former participant: the annex is due tomorrow" and reminder.created_by is not None
    assert (await services.meetings.get(gid, meeting_id)).title == "Plenary with a former participant"
