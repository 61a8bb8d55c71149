"""Reminders: scheduling, exactly-once claims and bookkeeping."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.reminders import Reminder


def _claimable(now: datetime) -> object:
    return or_(
        Reminder.state == "pending",
        and_(Reminder.state == "claimed", Reminder.lease_until < now),
    )


class ReminderRepository:
    """Guild-scoped operations used by features (create, cancel, list)."""

    def __init__(self, session: AsyncSession, guild_id: int) -> None:
        self.session = session
        self.guild_id = guild_id

    async def add(self, reminder: Reminder) -> Reminder:
        reminder.guild_id = self.guild_id
        self.session.add(reminder)
        await self.session.flush()
        return reminder

    async def pending_for(self, kind: str | None, ref_id: int | None) -> list[Reminder]:
        stmt = select(Reminder).where(Reminder.guild_id == self.guild_id, Reminder.state == "pending")
        if kind is not None:
            stmt = stmt.where(Reminder.kind == kind)
        if ref_id is not None:
            stmt = stmt.where(Reminder.ref_id == ref_id)
        return list((await self.session.scalars(stmt.order_by(Reminder.due_at))).all())

    async def cancel(self, kinds: Sequence[str], ref_id: int) -> list[int]:
        rows = (
            await self.session.scalars(
                select(Reminder).where(
                    Reminder.guild_id == self.guild_id,
                    Reminder.kind.in_(kinds),
                    Reminder.ref_id == ref_id,
                    Reminder.state == "pending",
                )
            )
        ).all()
        for row in rows:
            row.state = "cancelled"
        return [row.id for row in rows]

    async def list_pending(self, limit: int = 25) -> list[Reminder]:
        stmt = (
            select(Reminder)
            .where(Reminder.guild_id == self.guild_id, Reminder.state == "pending")
            .order_by(Reminder.due_at)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all())


class ReminderQueue:
    """Cross-guild operations of the reminder worker itself (it serves every guild it is in)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def due_before(
        self, horizon: datetime, now: datetime, limit: int | None = None
    ) -> list[tuple[int, datetime]]:
        """(id, due_at) of reminders that are pending or whose lease expired, due before ``horizon``."""
        stmt = (
            select(Reminder.id, Reminder.due_at)
            .where(_claimable(now), Reminder.due_at <= horizon)  # type: ignore[arg-type]
            .order_by(Reminder.due_at)
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        return [(row[0], row[1]) for row in (await self.session.execute(stmt)).all()]

    async def skip_older_than(self, cutoff: datetime) -> list[Reminder]:
        """Mark pending reminders that were due before ``cutoff`` as skipped; returns them for logging."""
        rows = (
            await self.session.scalars(
                select(Reminder).where(Reminder.state == "pending", Reminder.due_at < cutoff)
            )
        ).all()
        for row in rows:
            row.state = "skipped"
            row.last_error = "missed while convener was offline (beyond the grace period)"
        return list(rows)

    async def claim(self, reminder_id: int, worker: str, now: datetime, lease_until: datetime) -> Reminder | None:
        """Claim one reminder for sending; None when another worker has it or it is no longer due."""
        stmt = (
            select(Reminder)
            .where(Reminder.id == reminder_id, _claimable(now))  # type: ignore[arg-type]
            .with_for_update(skip_locked=True)
        )
        row = (await self.session.scalars(stmt)).first()
        if row is None:
            return None
        row.state = "claimed"
        row.claimed_by = worker
        row.lease_until = lease_until
        row.attempts += 1
        return row

    async def mark(self, reminder_id: int, **values: object) -> None:
        await self.session.execute(update(Reminder).where(Reminder.id == reminder_id).values(**values))

    async def count_by_state(self) -> dict[str, int]:
        rows = (await self.session.execute(select(Reminder.state, func.count()).group_by(Reminder.state))).all()
        return {state: int(n) for state, n in rows}
