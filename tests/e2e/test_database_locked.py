"""Another process holds SQLite's write lock: commands defer at once, wait and retry their write, and never say
something was saved unless it was.

The other process is played by a second connection to the same file that has run ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from bot.sandbox import InteractionRecord, Reply, SimMember
from tests.e2e.conftest import Convener
from tests.e2e.polls_support import create, option_values, poll_id, select_id

DEFERRED = 5
BUSY = "⏳ The database is busy"


@pytest.fixture
def convener_config() -> dict[str, dict[str, Any]]:
    return {"database": {"write_wait": "2s"}}


@contextmanager
def write_lock(env: Convener) -> Iterator[sqlite3.Connection]:
    """Hold the database's write lock from a second connection (as another process would) until the block ends
    or the test releases it with ``commit()``."""
    path = env.config.database.url.split("///", 1)[1]
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


def records(env: Convener, member: SimMember) -> list[InteractionRecord]:
    return [r for r in env.standin.interactions.values() if r.user.id == member.id]


async def deferred_then_answered(env: Convener, member: SimMember, run: Any, lock: sqlite3.Connection) -> Reply:
    """Start an interaction while the lock is held, see it deferred, then release the lock and get the answer."""
    known = {r.id for r in records(env, member)}
    task = asyncio.create_task(run())
    await env.standin.wait_until(
        lambda: any(r.callback_type == DEFERRED for r in records(env, member) if r.id not in known), 3,
        "a deferral while the database is locked")
    assert not task.done()
    lock.commit()  # the other process finishes: our write goes through on a retry
    return await task


async def test_a_command_waiting_for_a_locked_database_is_deferred_then_saved(convener: Convener) -> None:
    danko = convener.member("danko")
    with write_lock(convener) as lock:
        done = await deferred_then_answered(
            convener, danko, lambda: danko.slash("profile timezone", zone="Europe/Belgrade", timeout=10), lock)
    assert done.ephemeral and done.content == "✅ Your time zone is now **Europe/Belgrade**.", done.content
    profile = await convener.bot.services.profiles.get(convener.guild.id, danko.id)
    assert profile.timezone == "Europe/Belgrade"


async def test_a_public_announcement_delayed_by_the_lock_is_still_public(convener: Convener) -> None:
    lynn = convener.chair
    with write_lock(convener) as lock:
        done = await deferred_then_answered(
            convener, lynn, lambda: lynn.slash("meeting schedule", title="Locked plenary", start="2026-12-10 15:00",
                                               timezone="UTC", timeout=10), lock)
    assert done.ephemeral and done.content.startswith("✅ Done"), "the deferral made while waiting is private"
    announcement = await done.wait_followup(1)
    assert not announcement.ephemeral and "Locked plenary" in announcement.content, announcement.content
    meetings = await convener.bot.services.meetings.upcoming(convener.guild.id)
    assert [m.title for m in meetings] == ["Locked plenary"]


async def test_a_command_that_cannot_get_the_lock_says_nothing_was_saved(convener: Convener) -> None:
    danko = convener.member("danko")
    with write_lock(convener):
        answer = await danko.slash("profile timezone", zone="Europe/Belgrade", timeout=10)
    assert answer.ephemeral and answer.content.startswith(BUSY) and "nothing was saved" in answer.content
    assert (await convener.bot.services.profiles.get(convener.guild.id, danko.id)).timezone is None


async def test_submit_on_a_voting_panel_never_claims_an_unsaved_ballot(convener: Convener) -> None:
    danko = convener.member("danko")
    _, poll = await create(convener)
    panel = await danko.click(poll, "Vote")
    await danko.select(panel, select_id(panel, "yes"), option_values(panel)[:1], wait_update=True)
    with write_lock(convener):
        refused = await danko.click(panel, "Submit", wait_update=True, timeout=10)
    (notice,) = refused.followups
    assert notice.ephemeral and notice.content.startswith(BUSY), notice.content
    assert "is saved" not in panel.content and "was lost" not in notice.content
    services, gid = convener.bot.services, convener.guild.id
    assert await services.polls.ballot_of(gid, poll_id(poll), danko.id) == {}
    # The picks are still on the panel: Submit again once the database is free.
    done = await danko.click(panel, "Submit", wait_update=True)
    assert "is saved" in done.content, done.content
    assert len(await services.polls.ballot_of(gid, poll_id(poll), danko.id)) == 3
