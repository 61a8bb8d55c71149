"""Reminder preferences, per-member deliveries and calendar-feed tokens."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.reach import ClaimedDelivery, Delivery, ReminderPrefs
from storage.models.reach import CalendarFeed, ReminderDelivery, ReminderPreference
from storage.models.reminders import Reminder
from storage.repositories.bound import GuildBound

SERVER = 0  # the user_id of a server's own row: its feed, its default delivery of reminders
SERVER_FEED = SERVER


def _insert(session: AsyncSession) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _prefs(row: ReminderPreference | None) -> ReminderPrefs:
    if row is None:
        return ReminderPrefs()
    offsets = tuple(timedelta(seconds=s) for s in row.offsets) if row.offsets is not None else None
    return ReminderPrefs(Delivery(row.delivery) if row.delivery else None, offsets)


class ReachRepository(GuildBound):
    """One guild's preferences and feed tokens."""

    async def preference(self, user_id: int) -> ReminderPrefs:
        """What the member chose (the server's own default under the SERVER id); empty when nothing."""
        return _prefs(await self.session.get(ReminderPreference, (self.guild_id, user_id)))

    async def preferences(self, user_ids: Iterable[int] | None = None) -> dict[int, ReminderPrefs]:
        return {row.user_id: _prefs(row) for row in await self._preference_rows(user_ids)}

    async def _preference_rows(self, user_ids: Iterable[int] | None) -> list[ReminderPreference]:
        return await self._members_rows(ReminderPreference, user_ids)

    async def save_preference(self, user_id: int, delivery: str | None, offsets: list[int] | None,
                              now: datetime) -> None:
        row = await self.session.get(ReminderPreference, (self.guild_id, user_id))
        if row is None:
            row = ReminderPreference(guild_id=self.guild_id, user_id=user_id)
            self.session.add(row)
        row.delivery, row.offsets, row.updated_at = delivery, offsets, now

    async def chosen_offsets(self) -> list[list[int]]:
        """The offsets members of this guild chose for themselves (distinct lists)."""
        stmt = select(ReminderPreference.offsets).where(ReminderPreference.guild_id == self.guild_id,
                                                        ReminderPreference.offsets.is_not(None))
        seen: dict[tuple[int, ...], list[int]] = {}
        for offsets in (await self.session.scalars(stmt)).all():
            if offsets:
                seen.setdefault(tuple(offsets), list(offsets))
        return list(seen.values())

    async def reminder_exists(self, kind: str, ref_id: int, key: str | None = None) -> bool:
        """Whether this object already has a (not cancelled) reminder row of ``kind`` (for the offset ``key``)."""
        stmt = (select(Reminder.id)
                .where(Reminder.guild_id == self.guild_id, Reminder.kind == kind, Reminder.ref_id == ref_id,
                       Reminder.state != "cancelled")
                .limit(1))
        if key is not None:
            stmt = stmt.where(Reminder.text == key)
        return (await self.session.scalar(stmt)) is not None

    # -- calendar feeds ---------------------------------------------------------------------------------------

    async def feed(self, user_id: int) -> str | None:
        """The token of the member's calendar feed (of the server's with ``SERVER_FEED``); None before one."""
        row = await self.session.get(CalendarFeed, (self.guild_id, user_id))
        return row.token if row is not None else None

    async def save_feed(self, user_id: int, token: str, now: datetime) -> str:
        """Give the feed this token (the previous one stops working); the token."""
        row = await self.session.get(CalendarFeed, (self.guild_id, user_id))
        if row is None:
            row = CalendarFeed(guild_id=self.guild_id, user_id=user_id)
            self.session.add(row)
        row.token, row.created_at = token, now
        await self.session.flush()
        return row.token


async def feed_by_token(session: AsyncSession, token: str) -> tuple[int, int] | None:
    """(guild id, user id) of the feed a token opens, in whichever guild (the feed server answers every guild)."""
    row = (await session.execute(select(CalendarFeed.guild_id, CalendarFeed.user_id)
                                 .where(CalendarFeed.token == token))).first()
    return (row[0], row[1]) if row is not None else None


class DeliveryRepository:
    """The per-member copies of one reminder: planned once, then claimed, sent and marked one by one."""

    def __init__(self, session: AsyncSession, reminder_id: int) -> None:
        self.session = session
        self.reminder_id = reminder_id

    async def planned(self) -> bool:
        stmt = select(ReminderDelivery.id).where(ReminderDelivery.reminder_id == self.reminder_id).limit(1)
        return (await self.session.scalar(stmt)) is not None

    async def plan(self, guild_id: int, routes: Sequence[tuple[int, str]]) -> None:
        """Record every recipient once (a second plan for the same reminder adds nobody twice)."""
        rows = [{"reminder_id": self.reminder_id, "guild_id": guild_id, "user_id": user_id, "route": route,
                 "state": "pending", "attempts": 0} for user_id, route in routes]
        for i in range(0, len(rows), 500):
            stmt = _insert(self.session)(ReminderDelivery).values(rows[i:i + 500])
            await self.session.execute(stmt.on_conflict_do_nothing(
                index_elements=[ReminderDelivery.reminder_id, ReminderDelivery.user_id]))

    async def drop_pending(self, keep: Iterable[int], note: str) -> int:
        """Skip pending copies for members no longer concerned (e.g. they voted since the plan was made)."""
        result = await self.session.execute(
            update(ReminderDelivery)
            .where(ReminderDelivery.reminder_id == self.reminder_id, ReminderDelivery.state == "pending",
                   ReminderDelivery.user_id.not_in(list(keep)))
            .values(state="skipped", note=note))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def claim(self, route: str, worker: str, now: datetime, lease_until: datetime, limit: int,
                    exclude: Collection[int] = ()) -> list[ClaimedDelivery]:
        """Claim up to ``limit`` copies to send by ``route``: pending ones, and ones whose sender's lease
        expired (those come back with ``in_doubt`` and the instant of the earlier claim)."""
        claimable = and_(ReminderDelivery.reminder_id == self.reminder_id, ReminderDelivery.route == route,
                         or_(ReminderDelivery.state == "pending",
                             and_(ReminderDelivery.state == "sending", ReminderDelivery.lease_until < now)))
        if exclude:
            claimable = and_(claimable, ReminderDelivery.id.not_in(list(exclude)))
        ids = list((await self.session.scalars(
            select(ReminderDelivery.id).where(claimable).order_by(ReminderDelivery.id).limit(limit)
            .with_for_update(skip_locked=True))).all())
        if not ids:
            return []
        before = {r.id: r for r in (await self.session.execute(
            select(ReminderDelivery.id, ReminderDelivery.state, ReminderDelivery.claimed_at)
            .where(ReminderDelivery.id.in_(ids)))).all()}
        claimed = (await self.session.execute(
            update(ReminderDelivery).where(ReminderDelivery.id.in_(ids), claimable)
            .values(state="sending", claimed_by=worker, claimed_at=now, lease_until=lease_until,
                    attempts=ReminderDelivery.attempts + 1)
            .returning(ReminderDelivery.id, ReminderDelivery.user_id, ReminderDelivery.attempts))).all()
        return sorted((ClaimedDelivery(r.id, r.user_id, r.attempts, before[r.id].state == "sending",
                                       before[r.id].claimed_at) for r in claimed), key=lambda r: r.id)

    async def finish(self, ids: Sequence[int], worker: str, **values: object) -> int:
        """Record the outcome of copies this worker still holds."""
        if not ids:
            return 0
        result = await self.session.execute(
            update(ReminderDelivery)
            .where(ReminderDelivery.id.in_(list(ids)), ReminderDelivery.state == "sending",
                   ReminderDelivery.claimed_by == worker)
            .values(**values))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def counts(self) -> dict[tuple[str, str], int]:
        stmt = (select(ReminderDelivery.route, ReminderDelivery.state, func.count())
                .where(ReminderDelivery.reminder_id == self.reminder_id)
                .group_by(ReminderDelivery.route, ReminderDelivery.state))
        return {(route, state): int(n) for route, state, n in (await self.session.execute(stmt)).all()}
