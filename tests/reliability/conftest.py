"""Fixtures for the reliability suite: a stand-in on the real clock and `convener run` processes against it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.sandbox import Sandbox
from bot.sandbox.cast import sandbox_members
from bot.sandbox.process import BotProcess
from tests.e2e.conftest import convener, convener_config  # noqa: F401  (the in-process bot, for fault tests)


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """The stand-in with the cast, on the wall clock (a separate bot process cannot share a fake one)."""
    async with Sandbox(members=sandbox_members()) as sb:
        yield sb


@pytest.fixture
def processes() -> Iterator[list[BotProcess]]:
    """Every BotProcess a test makes is registered here: stopped at the end, its log printed (shown on failure)."""
    made: list[BotProcess] = []
    yield made
    for process in made:
        if process.running and process.process is not None:
            process.process.kill()
        print(process.log_tail(80))


@pytest.fixture
def bot_process(sandbox: Sandbox, tmp_path: Path, processes: list[BotProcess]) -> BotProcess:
    """One `convener run` process (not started yet) on a temporary SQLite database."""
    process = BotProcess(sandbox.standin, f"sqlite+aiosqlite:///{tmp_path / 'convener.db'}", tmp_path,
                         guild_ids=[sandbox.guild.id])
    processes.append(process)
    return process
