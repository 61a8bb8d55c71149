"""Meetings and recurring series, always within one guild (plus the worker's cross-guild maintenance)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.meeting_search import Term, parse_query
from storage.models.meetings import Meeting, Series

ACTIVE = ("scheduled", "live")


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _matches(term: Term) -> ColumnElement[bool]:
    """The title contains the term, or it is the meeting's number or id, or the meeting starts in its span."""
    found: list[ColumnElement[bool]] = [Meeting.title.ilike(_like(term.text), escape="\\")]
    if term.number is not None:
        found.append(Meeting.id == term.number)
        if term.number < 2**31:  # the column is a 32-bit integer on PostgreSQL
            found.append(Meeting.number == term.number)
    found += [and_(Meeting.start >= start, Meeting.start < end) for start, end in term.spans]
    return or_(*found)


class MeetingRepository:
    def __init__(self, session: AsyncSession, guild_id: int) -> None:
        self.session = session
        self.guild_id = guild_id

    # -- series ---------------------------------------------------------------------------------------------

    async def add_series(self, series: Series) -> Series:
        series.guild_id = self.guild_id
        self.session.add(series)
        await self.session.flush()
        return series

    async def series(self, series_id: int) -> Series | None:
        stmt = select(Series).where(Series.guild_id == self.guild_id, Series.id == series_id)
        return (await self.session.scalars(stmt)).first()

    async def all_series(self, *, include_cancelled: bool = False) -> list[Series]:
        stmt = select(Series).where(Series.guild_id == self.guild_id)
        if not include_cancelled:
            stmt = stmt.where(Series.cancelled.is_(False))
        return list((await self.session.scalars(stmt.order_by(Series.id))).all())

    async def in_series(self, series_id: int) -> list[Meeting]:
        stmt = (select(Meeting).where(Meeting.guild_id == self.guild_id, Meeting.series_id == series_id)
                .order_by(Meeting.number))
        return list((await self.session.scalars(stmt)).all())

    async def last_in_series(self, series_id: int) -> Meeting | None:
        stmt = (select(Meeting).where(Meeting.guild_id == self.guild_id, Meeting.series_id == series_id)
                .order_by(Meeting.number.desc()).limit(1))
        return (await self.session.scalars(stmt)).first()

    async def upcoming_in_series(self, series_id: int, now: datetime) -> list[Meeting]:
        stmt = (select(Meeting)
                .where(Meeting.guild_id == self.guild_id, Meeting.series_id == series_id,
                       Meeting.status == "scheduled", Meeting.start > now)
                .order_by(Meeting.start))
        return list((await self.session.scalars(stmt)).all())

    async def next_in_series(self, series_id: int, number: int) -> Meeting | None:
        stmt = (select(Meeting)
                .where(Meeting.guild_id == self.guild_id, Meeting.series_id == series_id,
                       Meeting.number > number, Meeting.status != "cancelled")
                .order_by(Meeting.number).limit(1))
        return (await self.session.scalars(stmt)).first()

    async def new_series(self, **values: object) -> Series:
        return await self.add_series(Series(**values))

    async def new_meeting(self, **values: object) -> Meeting:
        return await self.add(Meeting(**values))

    async def series_facts(self, series_id: int) -> tuple[str, bool, str | None, int] | None:
        """(title, cancelled, rule, number of its last meeting) of a series, or None."""
        series = await self.series(series_id)
        if series is None:
            return None
        last = await self.last_in_series(series_id)
        return series.title, series.cancelled, series.rrule, (last.number or 0) if last else 0

    async def following(self, series_id: int, number: int, limit: int) -> list[Meeting]:
        """The series' meetings after ``number`` that will still take place, in order."""
        stmt = (select(Meeting)
                .where(Meeting.guild_id == self.guild_id, Meeting.series_id == series_id, Meeting.number > number,
                       Meeting.status == "scheduled")
                .order_by(Meeting.number).limit(limit))
        return list((await self.session.scalars(stmt)).all())

    # -- meetings -------------------------------------------------------------------------------------------

    async def add(self, meeting: Meeting) -> Meeting:
        meeting.guild_id = self.guild_id
        self.session.add(meeting)
        await self.session.flush()
        return meeting

    async def get(self, meeting_id: int, *, for_update: bool = False) -> Meeting | None:
        stmt = select(Meeting).where(Meeting.guild_id == self.guild_id, Meeting.id == meeting_id)
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.scalars(stmt)).first()

    async def upcoming(self, now: datetime, limit: int) -> list[Meeting]:
        """Scheduled or live meetings that have not ended yet, soonest first."""
        stmt = (select(Meeting)
                .where(Meeting.guild_id == self.guild_id, Meeting.status.in_(ACTIVE), Meeting.end > now)
                .order_by(Meeting.start, Meeting.id).limit(limit))
        return list((await self.session.scalars(stmt)).all())

    async def live(self) -> Meeting | None:
        stmt = (select(Meeting).where(Meeting.guild_id == self.guild_id, Meeting.status == "live")
                .order_by(Meeting.live_started_at.desc()).limit(1))
        return (await self.session.scalars(stmt)).first()

    async def search(self, text: str, now: datetime, limit: int) -> list[Meeting]:
        """Meetings matching every term of ``text`` (title words, number or id, date: see meeting_search),
        whenever they are: live ones, then upcoming ones (soonest first), then all the others (latest first)."""
        query = parse_query(text, now)
        base = select(Meeting).where(Meeting.guild_id == self.guild_id, Meeting.status != "cancelled",
                                     *(_matches(term) for term in query.terms))
        upcoming = and_(Meeting.status == "scheduled", Meeting.end > now)
        live = (await self.session.scalars(base.where(Meeting.status == "live").limit(limit))).all()
        ahead = (await self.session.scalars(base.where(upcoming).order_by(Meeting.start).limit(limit))).all()
        others = (await self.session.scalars(
            base.where(Meeting.status != "live", not_(upcoming)).order_by(Meeting.start.desc(), Meeting.id.desc())
            .limit(limit)
        )).all()
        seen: set[int] = set()
        found: list[Meeting] = []
        for row in [*live, *ahead, *others]:
            if row.id not in seen:
                seen.add(row.id)
                found.append(row)
        return found[:limit]

    async def for_calendar(self, now: datetime) -> list[Meeting]:
        """Single meetings worth exporting: not over yet, including cancelled ones so calendars drop them."""
        stmt = (select(Meeting)
                .where(Meeting.guild_id == self.guild_id, Meeting.series_id.is_(None), Meeting.end > now)
                .order_by(Meeting.start))
        return list((await self.session.scalars(stmt)).all())

class MeetingMaintenance:
    """Cross-guild look-ups for start-up maintenance; each result is then handled per guild."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def active_series(self) -> list[tuple[int, int]]:
        """(guild_id, series_id) of every series that is not cancelled."""
        rows = await self.session.execute(select(Series.guild_id, Series.id).where(Series.cancelled.is_(False)))
        return [(r[0], r[1]) for r in rows.all()]

    async def out_of_sync(self, now: datetime, limit: int = 500) -> list[tuple[int, int]]:
        """(guild_id, meeting_id) of recent or future meetings whose Discord event lags behind."""
        stmt = (select(Meeting.guild_id, Meeting.id)
                .where(Meeting.end > now - timedelta(days=1),
                       or_(Meeting.event_revision.is_(None), Meeting.event_revision != Meeting.revision))
                .order_by(Meeting.start).limit(limit))
        return [(r[0], r[1]) for r in (await self.session.execute(stmt)).all()]

