"""Units of work: a service called inside an open unit joins it (one commit for the whole command), a failure
it raises undoes only its own part, and follow-ups wait for the commit."""

from __future__ import annotations

import asyncio

import pytest

from storage.db import Database
from storage.models.guild import AppState
from storage.repositories.guilds import AppStateRepository


async def put(db: Database, key: str, value: str) -> None:
    """A service-like write that opens its own unit of work."""
    async with db.session() as session:
        await AppStateRepository(session).put(key, value)


async def value(db: Database, key: str) -> str | None:
    async with db.reader() as session:
        return await AppStateRepository(session).get(key)


async def test_nested_units_join_the_outer_one_and_commit_together(any_db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with any_db.session():
            await put(any_db, "a", "1")
            assert await value(any_db, "a") == "1", "the unit reads what it wrote"
            raise RuntimeError("the command fails after the nested write")
    assert await value(any_db, "a") is None, "the nested write was rolled back with the command"


async def test_a_failing_nested_part_is_undone_alone(any_db: Database) -> None:
    async with any_db.session():
        await put(any_db, "kept", "1")
        with pytest.raises(RuntimeError):
            async with any_db.session() as session:
                session.add(AppState(key="undone", value="x"))
                await session.flush()
                raise RuntimeError("a part refuses")
    assert (await value(any_db, "kept"), await value(any_db, "undone")) == ("1", None)


async def test_follow_ups_run_after_the_commit_and_not_after_a_rollback(any_db: Database) -> None:
    seen: list[str | None] = []

    async def follow_up() -> None:
        seen.append(await value(any_db, "k"))

    async with any_db.session():
        await put(any_db, "k", "committed")
        await any_db.after_commit(follow_up)
        assert seen == []
    assert seen == ["committed"]
    with pytest.raises(RuntimeError):
        async with any_db.session():
            await any_db.after_commit(follow_up)
            raise RuntimeError
    assert seen == ["committed"]


async def test_tasks_started_inside_a_unit_get_their_own(any_db: Database) -> None:
    async with any_db.session():
        await put(any_db, "outer", "1")
        # A background task started here reads committed data, not the command's unfinished transaction.
        assert await asyncio.create_task(value(any_db, "outer")) is None
    assert await value(any_db, "outer") == "1"
