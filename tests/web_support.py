"""A stand-in with the real bot, the cast (time zones set) and the web client mounted: for the web API tests and
the browser tests."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass

from bot.app import ConvenerBot
from bot.clock import SandboxClock
from bot.sandbox import Sandbox, SimMember
from bot.sandbox.cast import CAST, by_key, sandbox_members
from bot.sandbox.web import WebClient
from tests.e2e.conftest import START, _start_bot, make_config


@dataclass
class Served:
    sandbox: Sandbox
    clock: SandboxClock
    web: WebClient
    bot: ConvenerBot
    stack: AsyncExitStack

    def member(self, key: str) -> SimMember:
        person = by_key().get(key)
        return self.sandbox.member(person.name if person else key)


@contextlib.asynccontextmanager
async def served(database_url: str) -> AsyncIterator[Served]:
    clock = SandboxClock(START)
    sandbox = Sandbox(members=sandbox_members(), clock=clock)
    zones = {sandbox.member(p.name).id: p.timezone for p in CAST}

    async def joined(member: SimMember, zone: str) -> None:
        await bot.services.profiles.set_timezone(sandbox.guild.id, member.id, zone)

    web = WebClient(sandbox, zones=zones, on_join=joined).mount()
    async with sandbox:
        config = make_config(database_url, sandbox.guild.id, polls={"tally_edit_interval": 0})
        stack = AsyncExitStack()
        bot = await _start_bot(stack, sandbox, config, clock)
        for person in CAST:
            await bot.services.profiles.set_timezone(sandbox.guild.id, sandbox.member(person.name).id,
                                                     person.timezone)
        try:
            yield Served(sandbox, clock, web, bot, stack)
        finally:
            await stack.aclose()
