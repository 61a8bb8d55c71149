"""Interaction ids claimed in the database: the first asker runs it, every other asker (any process) does not."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.clock import FakeClock
from bot.config import Config
from bot.services.context import ServiceContext
from bot.services.replays import KEEP, ReplayGuard
from storage.db import Database
from storage.repositories.interactions import InteractionRepository


def guard(db: Database, clock: FakeClock) -> ReplayGuard:
    return ReplayGuard(ServiceContext(db=db, clock=clock, config=Config()))


async def test_first_asker_wins_across_processes(any_db: Database, clock: FakeClock) -> None:
    one, two = guard(any_db, clock), guard(any_db, clock)  # two processes on one database
    assert await one.first_time(101)
    assert not await one.first_time(101)  # replayed to the same process
    assert not await two.first_time(101)  # replayed to the other one
    # Claims arriving together share a transaction, and each still gets its own answer.
    answers = await asyncio.gather(*(two.first_time(i) for i in (102, 103, 101, 104)))
    assert answers == [True, True, False, True] and (one.dropped, two.dropped) == (1, 2)


async def test_old_claims_are_swept(db: Database, clock: FakeClock) -> None:
    first = guard(db, clock)
    assert await first.first_time(201)
    clock.advance(KEEP + timedelta(hours=2))
    later = guard(db, clock)  # a process started a day later sweeps on its first claim
    assert await later.first_time(202)
    async with db.session() as session:
        assert await InteractionRepository(session).claim([201, 202], clock.now()) == {201}


async def test_a_stalled_database_delays_no_interaction_for_long(db: Database, clock: FakeClock) -> None:
    slow = ReplayGuard(ServiceContext(db=db, clock=clock, config=Config()), wait=0.05)
    async with db.session():  # holds SQLite's writer (in this process: the write lock) meanwhile
        assert await slow.first_time(301)  # runs unchecked rather than failing
    await slow.idle()
    assert not await guard(db, clock).first_time(301)  # and its claim was still recorded
