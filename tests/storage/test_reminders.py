"""Reminder repository: claims, the downtime sweep and the indexed due query (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.db import Database
from storage.models.reminders import Reminder
from storage.repositories.reminders import ReminderQueue, ReminderRepository

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LEASE = NOW + timedelta(minutes=5)


async def add(db: Database, due: datetime, kind: str = "text", guild_id: int = 1, state: str = "pending",
              lease_until: datetime | None = None) -> int:
    async with db.session() as session:
        row = Reminder(guild_id=guild_id, kind=kind, text="", due_at=due, state=state, attempts=0, created_at=NOW,
                       lease_until=lease_until)
        session.add(row)
        await session.flush()
        return row.id


async def test_a_reminder_is_claimed_once(any_db: Database) -> None:
    reminder_id = await add(any_db, NOW)
    async with any_db.session() as session:
        first = await ReminderQueue(session).claim(reminder_id, "a", NOW, LEASE, NOW)
    async with any_db.session() as session:
        second = await ReminderQueue(session).claim(reminder_id, "b", NOW, LEASE, NOW)
    assert first is not None and (first.id, first.attempts) == (reminder_id, 1)
    assert second is None
    async with any_db.session() as session:  # once the lease has run out, someone else may take over
        third = await ReminderQueue(session).claim(reminder_id, "b", LEASE + timedelta(seconds=1),
                                                   LEASE + timedelta(minutes=5), LEASE)
    assert third is not None and third.attempts == 2
    async with any_db.session() as session:
        assert not await ReminderQueue(session).finish(reminder_id, "a", 1, state="sent")
        assert await ReminderQueue(session).finish(reminder_id, "b", 2, state="sent")


async def test_claim_due_takes_only_what_is_due_oldest_first(any_db: Database) -> None:
    ids = [await add(any_db, NOW - timedelta(minutes=m)) for m in (1, 3, 2)]
    await add(any_db, NOW + timedelta(seconds=1))
    async with any_db.session() as session:
        rows = await ReminderQueue(session).claim_due("a", NOW, LEASE, 2)
    assert [r.id for r in rows] == [ids[1], ids[2]]
    async with any_db.session() as session:
        rows = await ReminderQueue(session).claim_due("b", NOW, LEASE, 10)
    assert [r.id for r in rows] == [ids[0]]


async def test_skip_missed_spares_catch_up_kinds_and_recent_ones(any_db: Database) -> None:
    old = await add(any_db, NOW - timedelta(hours=7))
    crashed = await add(any_db, NOW - timedelta(hours=8), state="claimed", lease_until=NOW - timedelta(hours=7))
    closer = await add(any_db, NOW - timedelta(hours=9), kind="poll.close")
    recent = await add(any_db, NOW - timedelta(hours=5))
    async with any_db.session() as session:
        count, examples = await ReminderQueue(session).skip_missed(NOW - timedelta(hours=6), NOW, {"poll.close"})
    assert count == 2 and [e.id for e in examples] == [crashed, old]
    async with any_db.reader() as session:
        due = await ReminderQueue(session).due_before(NOW, NOW)
    assert [i for i, _ in due] == [closer, recent]


async def test_guild_scoped_reads_and_cancels(any_db: Database) -> None:
    mine = await add(any_db, NOW, guild_id=1)
    async with any_db.session() as session:
        assert await ReminderRepository(session, 2).cancel_one(mine) is None
        assert await ReminderRepository(session, 2).list_pending() == []
        assert (await ReminderRepository(session, 1).cancel_one(mine)) is not None


async def test_the_due_query_uses_the_state_due_index(db: Database) -> None:
    for i in range(50):
        await add(db, NOW + timedelta(days=i))
    async with db.reader() as session:
        connection = await session.connection()
        await connection.exec_driver_sql("ANALYZE")
        compiled = ReminderQueue.due_statement(NOW, NOW).compile(dialect=connection.dialect,
                                                                 compile_kwargs={"render_postcompile": True})
        # the plan does not depend on the values, only on the statement's shape
        values = tuple(compiled.params[name] if isinstance(compiled.params[name], str) else "2026-11-23"
                       for name in compiled.positiontup or ())
        plan = (await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", values)).all()
    assert any("ix_reminders_state_due" in str(row) for row in plan), plan
