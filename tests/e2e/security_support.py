"""Two guilds on one bot, for the security tests: the working group's server ("A", the cast) and another
server ("B") whose chair, Mallory, is an administrator there and tries to reach A's data.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.clock import SandboxClock
from bot.sandbox import Guild, Message, Reply, Sandbox, SimMember
from bot.sandbox.cast import sandbox_members
from bot.sandbox.objects import Message as StoredMessage
from storage.models import Base
from tests.e2e.conftest import START, Convener, bot_in, make_config
from tests.e2e.polls_support import create, poll_id, vote

MEETING_START = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
AGENDA = "1 - Intro/Logistics/Admin\n2 - Confidential proposal\n3 - AOB\n"
Rows = dict[str, list[tuple[Any, ...]]]
FORGED = "forged by the test"


@dataclass
class TwoGuilds:
    a: Convener  # the working group's server, with the cast
    b: Guild
    mallory: SimMember  # chair (administrator) of B
    eve: SimMember  # plain member of B


@dataclass
class Secrets:
    """Ids of guild A's things that B will try to reach."""

    poll_id: int
    poll_message: Message
    meeting_id: int
    rollcall_message: Message
    entry_ids: list[int]
    action_id: int
    reminder_id: int


async def two_guilds(tmp_path: Path, **sections: dict[str, Any]) -> AsyncIterator[TwoGuilds]:
    clock = SandboxClock(START)
    async with Sandbox(members=sandbox_members(), clock=clock) as sandbox:
        other = sandbox.standin.add_default_guild()
        other.name = "Another server"
        mallory = other.add_member("Mallory", roles=["Chair"])
        eve = other.add_member("Eve", roles=["Member"])
        guilds = {"bot": {"guild_ids": [sandbox.guild.id, other.id], **sections.pop("bot", {})}}
        config = make_config(f"sqlite+aiosqlite:///{tmp_path / 'convener.db'}", sandbox.guild.id,
                             **guilds, **sections)
        general = other.channel("general")
        async with bot_in(sandbox, config, clock) as env:
            yield TwoGuilds(env, other, SimMember(sandbox.standin, mallory, general),
                            SimMember(sandbox.standin, eve, general))


@pytest.fixture
async def guilds(tmp_path: Path) -> AsyncIterator[TwoGuilds]:
    async for env in two_guilds(tmp_path):
        yield env


def ok(reply: Reply) -> Reply:
    assert "❌" not in reply.text() and "🔒" not in reply.text() and "⚠️" not in reply.text(), reply.text()
    return reply


async def seed_guild_a(env: Convener) -> Secrets:
    """A poll with a vote, a meeting with agenda, roll call, attendance, minutes entries, a published action and
    a reminder — made through the commands, as the group would."""
    lynn, danko, chengetai = env.chair, env.member("danko"), env.member("chengetai")
    services, gid = env.bot.services, env.guild.id
    await env.seed_profiles()
    _, poll = await create(env, title="A secret poll")
    await vote(danko, poll, yes=[0])
    meeting = await services.meetings.schedule(gid, title="A secret meeting", start=MEETING_START, timezone="UTC",
                                               voice_channel_id=env.channel("Meeting room").id,
                                               channel_id=env.channel("general").id)
    await services.agendas.save_text(gid, meeting.id, AGENDA, None)
    ok(await lynn.slash("rollcall start", meeting=meeting.id))
    marker = f"rollcall:{meeting.id}:"
    rollcall = await env.standin.wait_for_message(
        env.channel("general"), lambda m: any(marker in str(b.get("custom_id")) for b in m.buttons()))
    ok(await danko.click(rollcall, f"rollcall:{meeting.id}:present"))
    env.clock.set(MEETING_START)
    ok(await lynn.slash("meeting start", meeting=meeting.id))
    await danko.join_voice("Meeting room")
    ok(await chengetai.slash("note", text="The confidential proposal was discussed"))
    ok(await chengetai.slash("action", text="Circulate the confidential paper", owner=danko.name, due="2026-12-10"))
    env.clock.advance(timedelta(minutes=60))
    await danko.leave_voice()
    ok(await lynn.slash("meeting end", meeting=meeting.id))
    ok(await chengetai.slash("minutes draft", meeting=meeting.id))
    entries = [e.id for e in await services.minutes.entries(gid, meeting.id)]
    ok(await lynn.slash("minutes publish", meeting=meeting.id))
    actions = await services.minutes.open_actions(gid)
    ok(await lynn.slash("remind set", when="2026-12-09 09:00", text="Paper due tomorrow"))
    (reminder,) = await services.reminders.list_pending(gid, kinds=["text"])
    return Secrets(poll_id(poll), poll, meeting.id, rollcall, entries, actions[0].id, reminder.id)


async def rows_of(env: Convener, guild_id: int) -> Rows:
    """Every stored row that belongs to ``guild_id`` (tables without a guild column are left out), once the
    background work already due (a scheduled-event sync, a reminder armed for now) has run, so that a snapshot
    never catches it half way."""
    await env.clock.settle()
    async with env.bot.db.reader() as session:
        out: Rows = {}
        for table in Base.metadata.sorted_tables:
            if "guild_id" in table.c:
                rows = (await session.execute(select(table).where(table.c.guild_id == guild_id))).all()
                out[table.name] = sorted((tuple(r) for r in rows), key=repr)
        return out


def forged(env: Convener, guild: Guild, components: list[dict[str, Any]]) -> StoredMessage:
    """A message in ``guild`` carrying components with custom_ids of guild A's objects (as a stale message, or
    a client that lies about custom_ids, would present them)."""
    world = env.standin.world
    channel = guild.channel("general")
    message = StoredMessage(id=world.ids.next(), channel_id=channel.id, guild_id=guild.id,
                            author=env.standin.bot_user, content=FORGED, components=components,
                            application_id=env.standin.application_id)
    return world.store_message(message)


def button(custom_id: str, label: str | None = None) -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": label or custom_id, "custom_id": custom_id}


def row(*items: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(items)}
