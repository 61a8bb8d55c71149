"""End-to-end fixture: the local Discord stand-in plus a real ConvenerBot connected to it, in-process.

    async def test_x(convener: Convener) -> None:
        reply = await convener.member("lynn").slash("profile show")

Members come from `bot.sandbox.cast` (keys such as "lynn", "danko"); the bot and the stand-in share a
SandboxClock starting 2026-11-23 09:00 UTC (`await convener.advance(days=1)` lets time pass and runs what
falls due); the database is a temporary, already migrated SQLite file (PostgreSQL
behaviour is covered by the storage and service tests).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import ConvenerBot, create_bot
from bot.clock import FakeClock, SandboxClock
from bot.config import Config, from_mapping
from bot.sandbox import Channel, Sandbox, SimMember
from bot.sandbox.cast import CAST, Person, by_key, sandbox_members
from tests.conftest import PG_URL, create_pg_database, drop_pg_database

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@dataclass
class Convener:
    """A running stand-in and bot, with the cast as simulated members."""

    sandbox: Sandbox
    bot: ConvenerBot
    clock: SandboxClock
    config: Config
    stack: AsyncExitStack
    people: dict[str, Person] = field(default_factory=by_key)

    @property
    def standin(self) -> Any:
        return self.sandbox.standin

    @property
    def guild(self) -> Any:
        return self.sandbox.guild

    def member(self, key: str) -> SimMember:
        """A cast member by key ("lynn") or any other name (created as a Member)."""
        person = self.people.get(key)
        return self.sandbox.member(person.name if person else key)

    @property
    def chair(self) -> SimMember:
        return self.member("lynn")

    def channel(self, name: str) -> Channel:
        return self.sandbox.channel(name)

    async def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Let simulated time pass; reminders, deadlines and automatic starts happen on the way, in order."""
        return await self.clock.advance_by(delta, **parts)

    async def advance_to(self, when: datetime) -> datetime:
        return await self.clock.advance_to(when)

    async def seed_profiles(self) -> None:
        """Give every cast member their profile (time zone, listed name, group) — a test set-up shortcut."""
        profiles = self.bot.services.profiles
        for person in CAST:
            member = self.member(person.key)
            await profiles.set_timezone(self.guild.id, member.id, person.timezone)
            await profiles.set_name(self.guild.id, member.id, person.listed)
            await profiles.set_group(self.guild.id, member.id, person.group)

    async def restart(self) -> ConvenerBot:
        """Stop the bot and start a fresh process-equivalent on the same database and clock."""
        await self.stack.aclose()
        self.stack = AsyncExitStack()
        self.bot = await _start_bot(self.stack, self.sandbox, self.config, self.clock)
        return self.bot


def make_config(database_url: str, guild_id: int, **sections: dict[str, Any]) -> Config:
    raw: dict[str, Any] = {"bot": {"guild_ids": [guild_id]}, "database": {"url": database_url}}
    for name, values in sections.items():
        raw.setdefault(name, {}).update(values)
    return from_mapping(raw, env={})


async def _start_bot(stack: AsyncExitStack, sandbox: Sandbox, config: Config, clock: SandboxClock) -> ConvenerBot:
    bot = create_bot(config, clock=clock, guild_ready_timeout=0.05)
    await stack.enter_async_context(sandbox.run(bot))
    await asyncio.wait_for(bot.settled.wait(), 10)  # nothing of the start-up writes lands mid-test
    return bot


@pytest.fixture
def convener_config() -> dict[str, dict[str, Any]]:
    """Override per test module to change config sections, e.g. {"polls": {"tally_edit_interval": 0}}."""
    return {}


@asynccontextmanager
async def bot_in(sandbox: Sandbox, config: Config, clock: Any) -> AsyncIterator[Convener]:
    """The bot started against ``sandbox``; on leaving, stops whichever bot runs then (a test may restart it)."""
    stack = AsyncExitStack()
    bot = await _start_bot(stack, sandbox, config, clock)
    env = Convener(sandbox, bot, clock, config, stack)
    try:
        yield env
    finally:
        await env.stack.aclose()


@pytest.fixture
async def convener(migrated_sqlite_url: str, convener_config: dict[str, dict[str, Any]]) -> AsyncIterator[Convener]:
    clock = SandboxClock(START)
    async with (Sandbox(members=sandbox_members(), clock=clock) as sandbox,
                bot_in(sandbox, make_config(migrated_sqlite_url, sandbox.guild.id, **convener_config), clock) as env):
        yield env


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
async def on_any_database(request: pytest.FixtureRequest, migrated_sqlite_url: str) -> AsyncIterator[Convener]:
    """The bot on SQLite and (when CONVENER_TEST_PG_URL is set) on PostgreSQL, which refuses NUL in text."""
    if request.param == "postgresql" and not PG_URL:
        pytest.skip("set CONVENER_TEST_PG_URL to run PostgreSQL tests")
    url = migrated_sqlite_url if request.param == "sqlite" else await create_pg_database()
    clock = FakeClock(START)
    try:
        async with (Sandbox(members=sandbox_members(), now=clock.now) as sandbox,
                    bot_in(sandbox, make_config(url, sandbox.guild.id), clock) as env):
            yield env
    finally:
        if request.param == "postgresql":
            await drop_pg_database(url)
