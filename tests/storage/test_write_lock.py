"""A unit of work on SQLite while another connection holds the write lock: it announces the wait, retries its
start, and either gets through once the lock is free or gives up with StorageBusy having written nothing."""

from __future__ import annotations

import sqlite3

import pytest

from storage.db import Database, StorageBusy, on_write_wait
from storage.models.guild import AppState
from storage.repositories.guilds import AppStateRepository


def hold_lock(db: Database) -> sqlite3.Connection:
    other = sqlite3.connect(db.url.split("///", 1)[1], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


async def stored(db: Database, key: str) -> str | None:
    async with db.reader() as session:
        return await AppStateRepository(session).get(key)


async def test_the_wait_is_announced_once_and_the_write_goes_through_when_the_lock_is_freed(db: Database) -> None:
    other = hold_lock(db)
    announced: list[str] = []

    async def release() -> None:  # the deferral hook: here it also lets the other process finish
        announced.append("waiting")
        other.commit()

    on_write_wait.set(release)
    async with db.session() as session:
        session.add(AppState(key="k", value="written after the wait"))
    other.close()
    assert announced == ["waiting"]
    assert await stored(db, "k") == "written after the wait"


async def test_a_lock_held_past_the_wait_gives_storage_busy_and_writes_nothing(migrated_sqlite_url: str) -> None:
    db = Database(migrated_sqlite_url, write_wait=0.5)
    other = hold_lock(db)
    ran: list[str] = []
    try:
        with pytest.raises(StorageBusy):
            async with db.session() as session:
                ran.append("body")  # never reached: the unit does not start without the lock
                session.add(AppState(key="k", value="never"))
        other.commit()
        assert ran == [] and await stored(db, "k") is None
    finally:
        other.close()
        await db.dispose()


async def test_writers_take_the_lock_when_they_start(db: Database) -> None:
    """A unit that reads first and writes later cannot lose the lock half-way: it holds it from BEGIN."""
    async with db.session() as session:
        await AppStateRepository(session).get("k")
        probe = sqlite3.connect(db.url.split("///", 1)[1], isolation_level=None, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            probe.execute("BEGIN IMMEDIATE")
        probe.close()
