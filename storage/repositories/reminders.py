"""Reminders: scheduling, exactly-once claims and bookkeeping."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.reminders import ReminderInfo, ReminderJob
from storage.models.reminders import Reminder
from storage.repositories.bound import GuildBound

CLAIM_COLUMNS = (Reminder.id, Reminder.guild_id, Reminder.kind, Reminder.ref_id, Reminder.channel_id,
                 Reminder.role_id, Reminder.text, Reminder.due_at, Reminder.attempts)


def _claimable(now: datetime) -> ColumnElement[bool]:
    # Written as `state IN (…) AND …` so that the (state, due_at) index serves it on SQLite and PostgreSQL.
    return and_(
        Reminder.state.in_(("pending", "claimed")),
        or_(Reminder.state == "pending", Reminder.lease_until < now),
    )


def _info(row: Reminder) -> ReminderInfo:
    return ReminderInfo(row.id, row.guild_id, row.kind, row.due_at, row.ref_id, row.channel_id, row.role_id,
                        row.text, row.created_by)


def _on_shards(count: int, shard_ids: Sequence[int]) -> ColumnElement[bool]:
    # 22 as a literal: PostgreSQL has bigint >> integer, not bigint >> bigint (a bound 22 takes the column's type).
    return (Reminder.guild_id.op(">>")(literal_column("22")) % count).in_(list(shard_ids))


class ReminderRepository(GuildBound):
    """Guild-scoped operations used by features (create, cancel, list)."""

    async def add_pending(self, kind: str, due_at: datetime, now: datetime, *, ref_id: int | None = None,
                          channel_id: int | None = None, role_id: int | None = None, text: str = "",
                          created_by: int | None = None) -> int:
        """A pending reminder; its id."""
        row = Reminder(guild_id=self.guild_id, kind=kind, ref_id=ref_id, channel_id=channel_id, role_id=role_id,
                       text=text, due_at=due_at, state="pending", attempts=0, created_at=now, created_by=created_by)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def _row(self, reminder_id: int) -> Reminder | None:
        stmt = select(Reminder).where(Reminder.guild_id == self.guild_id, Reminder.id == reminder_id)
        return (await self.session.scalars(stmt)).first()

    async def pending_for(self, kind: str | None, ref_id: int | None) -> list[ReminderInfo]:
        stmt = select(Reminder).where(Reminder.guild_id == self.guild_id, Reminder.state == "pending")
        if kind is not None:
            stmt = stmt.where(Reminder.kind == kind)
        if ref_id is not None:
            stmt = stmt.where(Reminder.ref_id == ref_id)
        return [_info(row) for row in (await self.session.scalars(stmt.order_by(Reminder.due_at))).all()]

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

    async def in_progress(self, kind: str, ref_id: int, now: datetime) -> bool:
        """A worker has claimed a reminder of this kind for this object and its lease has not run out."""
        stmt = select(Reminder.id).where(
            Reminder.guild_id == self.guild_id, Reminder.kind == kind, Reminder.ref_id == ref_id,
            Reminder.state == "claimed", Reminder.lease_until > now)
        return (await self.session.scalars(stmt.limit(1))).first() is not None

    async def cancel_one(self, reminder_id: int) -> ReminderInfo | None:
        """Cancel one pending reminder of this guild; None when there is no such pending reminder."""
        row = await self._row(reminder_id)
        if row is None or row.state != "pending":
            return None
        row.state = "cancelled"
        return _info(row)

    async def list_pending(self, limit: int = 25, kinds: Collection[str] | None = None) -> list[ReminderInfo]:
        stmt = select(Reminder).where(Reminder.guild_id == self.guild_id, Reminder.state == "pending")
        if kinds is not None:
            stmt = stmt.where(Reminder.kind.in_(list(kinds)))
        rows = (await self.session.scalars(stmt.order_by(Reminder.due_at, Reminder.id).limit(limit))).all()
        return [_info(row) for row in rows]

    async def later_one_due(self, kind: str, ref_id: int, after: datetime, now: datetime) -> bool:
        """Whether another reminder of this kind for the same object, due after ``after``, is due by ``now``."""
        stmt = (select(Reminder.id)
                .where(Reminder.guild_id == self.guild_id, Reminder.kind == kind, Reminder.ref_id == ref_id,
                       Reminder.state.in_(("pending", "claimed")), Reminder.due_at > after, Reminder.due_at <= now)
                .limit(1))
        return (await self.session.scalar(stmt)) is not None

class ReminderQueue:
    """Cross-guild operations of the reminder worker itself (it serves every guild it is in)."""

    def __init__(self, session: AsyncSession, shards: tuple[int, Sequence[int]] | None = None) -> None:
        """``shards``: (shard count, shard ids) when this process serves only the guilds on those Discord shards
        (Discord's rule: a guild is on shard ``(guild_id >> 22) % count``); None serves every guild."""
        self.session = session
        self.mine = _on_shards(*shards) if shards else None

    def _only_mine(self, condition: ColumnElement[bool]) -> ColumnElement[bool]:
        return condition if self.mine is None else and_(condition, self.mine)

    async def due_before(
        self, horizon: datetime, now: datetime, limit: int | None = None
    ) -> list[tuple[int, datetime]]:
        """(id, due_at) of reminders that are pending or whose lease expired, due before ``horizon``.

        Selects two columns only: start-up with many far-future rows never builds ORM objects for them.
        """
        stmt = self.due_statement(horizon, now)
        if self.mine is not None:
            stmt = stmt.where(self.mine)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [(row[0], row[1]) for row in (await self.session.execute(stmt)).all()]

    @staticmethod
    def due_statement(horizon: datetime, now: datetime) -> Select[int, datetime]:
        return (select(Reminder.id, Reminder.due_at)
                .where(_claimable(now), Reminder.due_at <= horizon)
                .order_by(Reminder.due_at))

    async def skip_missed(
        self, cutoff: datetime, now: datetime, keep_kinds: Collection[str], sample: int = 20
    ) -> tuple[int, list[ReminderInfo]]:
        """Mark claimable reminders due before ``cutoff`` as skipped, except kinds that always catch up.

        Returns how many were skipped and a few of them for the log.
        """
        condition = self._only_mine(and_(_claimable(now), Reminder.due_at < cutoff))
        if keep_kinds:
            condition = and_(condition, Reminder.kind.not_in(list(keep_kinds)))
        examples = [_info(row) for row in (await self.session.scalars(
            select(Reminder).where(condition).order_by(Reminder.due_at).limit(sample)
        )).all()]
        result = await self.session.execute(
            update(Reminder).where(condition).values(
                state="skipped", lease_until=None,
                last_error="missed while convener was offline (beyond the grace period)",
            )
        )
        return int(result.rowcount or 0), examples  # type: ignore[attr-defined]

    async def claim(self, reminder_id: int, worker: str, now: datetime, lease_until: datetime,
                    due_by: datetime) -> ReminderJob | None:
        """Claim one reminder due by ``due_by``; None when another worker has it or it is not due."""
        rows = await self._claim(Reminder.id == reminder_id, worker, now, lease_until, due_by, limit=1)
        return rows[0] if rows else None

    async def claim_due(self, worker: str, now: datetime, lease_until: datetime, limit: int) -> list[ReminderJob]:
        """Claim up to ``limit`` due reminders, oldest first, skipping rows another worker is claiming."""
        return await self._claim(None, worker, now, lease_until, now, limit=limit)

    async def _claim(self, only: ColumnElement[bool] | None, worker: str, now: datetime, lease_until: datetime,
                     due_by: datetime, *, limit: int) -> list[ReminderJob]:
        # PostgreSQL: SKIP LOCKED lets concurrent workers take disjoint rows instead of queueing on each other.
        # The UPDATE repeats the claimable test, so even without row locks (SQLite, several processes) a row
        # changes hands at most once: whoever updates second matches nothing.
        condition = self._only_mine(and_(_claimable(now), Reminder.due_at <= due_by))
        if only is not None:
            condition = and_(condition, only)
        candidates = (
            select(Reminder.id).where(condition).order_by(Reminder.due_at, Reminder.id).limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list((await self.session.scalars(candidates)).all())
        if not ids:
            return []
        stmt = (
            update(Reminder)
            .where(Reminder.id.in_(ids), condition)
            .values(state="claimed", claimed_by=worker, lease_until=lease_until, attempts=Reminder.attempts + 1)
            .returning(*CLAIM_COLUMNS)
        )
        rows = sorted((await self.session.execute(stmt)).all(), key=lambda r: (r.due_at, r.id))
        # Late by how much as of ``now``, the moment of the claim, which is also when the batch starts to run.
        return [ReminderJob(r.id, r.guild_id, r.kind, r.ref_id, r.channel_id, r.role_id, r.text, r.due_at,
                            r.attempts, max(now - r.due_at, timedelta(0))) for r in rows]

    async def finish(self, reminder_id: int, worker: str, attempt: int, **values: object) -> bool:
        """Record the outcome of a claim, only if this worker's claim is still the current one."""
        result = await self.session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id, Reminder.state == "claimed", Reminder.claimed_by == worker,
                   Reminder.attempts == attempt)
            .values(**values)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def finish_sent(self, claims: list[tuple[int, int]], worker: str, sent_at: datetime) -> set[int]:
        """Mark many claims (id, attempt) sent in one statement per attempt number; returns the ids marked
        (a claim that was lost meanwhile is left alone)."""
        marked: set[int] = set()
        by_attempt: dict[int, list[int]] = {}
        for reminder_id, attempt in claims:
            by_attempt.setdefault(attempt, []).append(reminder_id)
        for attempt, ids in by_attempt.items():
            result = await self.session.execute(
                update(Reminder)
                .where(Reminder.id.in_(ids), Reminder.state == "claimed", Reminder.claimed_by == worker,
                       Reminder.attempts == attempt)
                .values(state="sent", sent_at=sent_at, lease_until=None, last_error=None)
                .returning(Reminder.id)
            )
            marked.update(int(row[0]) for row in result.all())
        return marked

    async def mark(self, reminder_id: int, **values: object) -> None:
        await self.session.execute(update(Reminder).where(Reminder.id == reminder_id).values(**values))

    async def count_by_state(self) -> dict[str, int]:
        rows = (await self.session.execute(select(Reminder.state, func.count()).group_by(Reminder.state))).all()
        return {state: int(n) for state, n in rows}
