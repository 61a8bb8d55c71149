"""Meetings and recurring series, always within one guild (plus the worker's cross-guild maintenance)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, and_, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.meeting import MeetingInfo, MeetingStatus, SeriesInfo
from bot.domain.meeting_search import Term, parse_query
from storage.models.meetings import Meeting, Series
from storage.repositories.bound import GuildBound

ACTIVE = tuple(s.value for s in MeetingStatus if s.is_active)
SCHEDULED, LIVE, CANCELLED = MeetingStatus.SCHEDULED.value, MeetingStatus.LIVE.value, MeetingStatus.CANCELLED.value
# What a service may change on a stored meeting or series (the rest is bookkeeping kept here).
MEETING_FIELDS = frozenset({"title", "description", "start", "end", "channel_id", "voice_channel_id", "link", "status",
                            "sequence", "poll_id", "live_started_at", "live_ended_at", "rollcall_message_id",
                            "current_item_id", "mode", "tentative", "recording_url"})
SERIES_FIELDS = frozenset({"cancelled", "sequence", "mode"})


@dataclass(frozen=True)
class EventRecord:
    """A meeting's Discord event bookkeeping: ``revision`` grows with every change the event shows,
    ``event_revision`` is the one last pushed (``event_state``: the event's status there)."""

    meeting: MeetingInfo
    rule: str | None  # its series' repeat rule
    revision: int
    event_id: int | None
    event_state: str | None
    event_revision: int | None


def meeting_info(row: Meeting) -> MeetingInfo:
    ids = tuple(int(x) for x in row.agenda_message_ids.split(",") if x) if row.agenda_message_ids else ()
    return MeetingInfo(
        id=row.id, guild_id=row.guild_id, title=row.title, start=row.start, end=row.end, timezone=row.timezone,
        status=MeetingStatus(row.status), series_id=row.series_id, number=row.number, channel_id=row.channel_id,
        voice_channel_id=row.voice_channel_id, link=row.link, event_id=row.event_id, poll_id=row.poll_id,
        live_started_at=row.live_started_at, live_ended_at=row.live_ended_at, agenda_message_ids=ids,
        rollcall_message_id=row.rollcall_message_id, current_item_id=row.current_item_id,
        description=row.description, ics_uid=row.ics_uid, sequence=row.sequence or 0,
        recurrence_id=row.recurrence_id, created_by=row.created_by, mode=row.mode, tentative=bool(row.tentative),
        recording_url=row.recording_url,
    )


def series_info(row: Series) -> SeriesInfo:
    return SeriesInfo(
        id=row.id, guild_id=row.guild_id, title=row.title, rule=row.rrule or "", timezone=row.timezone,
        dtstart_local=datetime.fromisoformat(row.dtstart_local), duration_minutes=row.duration_minutes,
        ics_uid=row.ics_uid, sequence=row.sequence or 0, cancelled=bool(row.cancelled),
        voice_channel_id=row.voice_channel_id, link=row.link, channel_id=row.channel_id, mode=row.mode,
        created_by=row.created_by,
    )


def _plain(values: dict[str, object], allowed: frozenset[str]) -> dict[str, object]:
    if unknown := set(values) - allowed:
        raise ValueError(f"not a field that changes: {sorted(unknown)}")
    return {k: v.value if isinstance(v, Enum) else v for k, v in values.items()}


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


class MeetingRepository(GuildBound):
    # -- series ---------------------------------------------------------------------------------------------

    async def _series_row(self, series_id: int) -> Series | None:
        stmt = select(Series).where(Series.guild_id == self.guild_id, Series.id == series_id)
        return (await self.session.scalars(stmt)).first()

    async def series(self, series_id: int) -> SeriesInfo | None:
        row = await self._series_row(series_id)
        return series_info(row) if row is not None else None

    async def all_series(self, *, include_cancelled: bool = False) -> list[SeriesInfo]:
        stmt = select(Series).where(Series.guild_id == self.guild_id)
        if not include_cancelled:
            stmt = stmt.where(Series.cancelled.is_(False))
        return [series_info(r) for r in (await self.session.scalars(stmt.order_by(Series.id))).all()]

    async def create_series(self, **values: object) -> SeriesInfo:
        """A new series; ``dtstart_local`` is the naive local start of its first meeting."""
        start = values.pop("dtstart_local")
        assert isinstance(start, datetime)
        row = Series(guild_id=self.guild_id, dtstart_local=start.isoformat(), **values)
        self.session.add(row)
        await self.session.flush()
        return series_info(row)

    async def update_series(self, series_id: int, **values: object) -> SeriesInfo:
        row = await self._series_row(series_id)
        if row is None:
            raise LookupError(f"no series {series_id} in guild {self.guild_id}")
        for name, value in _plain(values, SERIES_FIELDS).items():
            setattr(row, name, value)
        await self.session.flush()
        return series_info(row)

    async def _meetings(self, stmt: Any) -> list[MeetingInfo]:
        return [meeting_info(r) for r in (await self.session.scalars(stmt)).all()]

    async def in_series(self, series_id: int) -> list[MeetingInfo]:
        return await self._meetings(select(Meeting).where(Meeting.guild_id == self.guild_id,
                                                          Meeting.series_id == series_id).order_by(Meeting.number))

    async def last_in_series(self, series_id: int) -> MeetingInfo | None:
        found = await self._meetings(select(Meeting).where(Meeting.guild_id == self.guild_id,
                                                           Meeting.series_id == series_id)
                                     .order_by(Meeting.number.desc()).limit(1))
        return found[0] if found else None

    async def upcoming_in_series(self, series_id: int, now: datetime) -> list[MeetingInfo]:
        return await self._meetings(select(Meeting)
                                    .where(Meeting.guild_id == self.guild_id, Meeting.series_id == series_id,
                                           Meeting.status == SCHEDULED, Meeting.start > now)
                                    .order_by(Meeting.start))

    async def next_in_series(self, series_id: int, number: int) -> MeetingInfo | None:
        found = await self._meetings(select(Meeting)
                                     .where(Meeting.guild_id == self.guild_id, Meeting.series_id == series_id,
                                            Meeting.number > number, Meeting.status != CANCELLED)
                                     .order_by(Meeting.number).limit(1))
        return found[0] if found else None

    async def series_facts(self, series_id: int) -> tuple[str, bool, str | None, int] | None:
        """(title, cancelled, rule, number of its last meeting) of a series, or None."""
        series = await self._series_row(series_id)
        if series is None:
            return None
        last = await self.last_in_series(series_id)
        return series.title, series.cancelled, series.rrule, (last.number or 0) if last else 0

    async def following(self, series_id: int, number: int, limit: int) -> list[MeetingInfo]:
        """The series' meetings after ``number`` that will still take place, in order."""
        return await self._meetings(select(Meeting)
                                    .where(Meeting.guild_id == self.guild_id, Meeting.series_id == series_id,
                                           Meeting.number > number, Meeting.status == SCHEDULED)
                                    .order_by(Meeting.number).limit(limit))

    # -- meetings -------------------------------------------------------------------------------------------

    async def create(self, **values: object) -> MeetingInfo:
        """A new scheduled meeting."""
        row = Meeting(guild_id=self.guild_id, status=SCHEDULED, sequence=0, revision=0, **values)
        self.session.add(row)
        await self.session.flush()
        return meeting_info(row)

    async def _row(self, meeting_id: int, *, for_update: bool = False) -> Meeting | None:
        stmt = select(Meeting).where(Meeting.guild_id == self.guild_id, Meeting.id == meeting_id)
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.scalars(stmt)).first()

    async def _existing(self, meeting_id: int) -> Meeting:
        row = await self.session.get(Meeting, meeting_id)
        if row is None or row.guild_id != self.guild_id:
            raise LookupError(f"no meeting {meeting_id} in guild {self.guild_id}")
        return row

    async def get(self, meeting_id: int, *, for_update: bool = False) -> MeetingInfo | None:
        row = await self._row(meeting_id, for_update=for_update)
        return meeting_info(row) if row is not None else None

    async def update(self, meeting_id: int, **values: object) -> MeetingInfo:
        """Change what a service may change on the meeting (see ``MEETING_FIELDS``); returns it as it is now."""
        row = await self._existing(meeting_id)
        for name, value in _plain(values, MEETING_FIELDS).items():
            setattr(row, name, value)
        await self.session.flush()
        return meeting_info(row)

    async def set_agenda_messages(self, meeting_id: int, message_ids: Sequence[int]) -> None:
        row = await self._existing(meeting_id)
        row.agenda_message_ids = ",".join(str(i) for i in message_ids) or None

    async def touch(self, meeting_id: int) -> None:
        """Record a change the Discord event shows (its sync compares revisions)."""
        row = await self._existing(meeting_id)
        row.revision = (row.revision or 0) + 1
        await self.session.flush()

    async def event_record(self, meeting_id: int) -> EventRecord | None:
        row = await self._row(meeting_id)
        if row is None:
            return None
        series = await self._series_row(row.series_id) if row.series_id else None
        return EventRecord(meeting_info(row), series.rrule if series else None, row.revision, row.event_id,
                           row.event_state, row.event_revision)

    async def record_event(self, meeting_id: int, event_id: int | None, state: str | None, revision: int) -> None:
        """What the Discord event now shows (``revision`` of the meeting pushed); nothing when it was deleted."""
        row = await self._row(meeting_id)
        if row is not None:
            row.event_id, row.event_state, row.event_revision = event_id, state, revision

    async def upcoming(self, now: datetime, limit: int) -> list[MeetingInfo]:
        """Scheduled or live meetings that have not ended yet, soonest first."""
        return await self._meetings(select(Meeting)
                                    .where(Meeting.guild_id == self.guild_id, Meeting.status.in_(ACTIVE),
                                           Meeting.end > now)
                                    .order_by(Meeting.start, Meeting.id).limit(limit))

    async def live(self) -> MeetingInfo | None:
        found = await self._meetings(select(Meeting).where(Meeting.guild_id == self.guild_id, Meeting.status == LIVE)
                                     .order_by(Meeting.live_started_at.desc()).limit(1))
        return found[0] if found else None

    async def search(self, text: str, now: datetime, limit: int) -> list[MeetingInfo]:
        """Meetings matching every term of ``text`` (title words, number or id, date: see meeting_search),
        whenever they are: live ones, then upcoming ones (soonest first), then all the others (latest first)."""
        query = parse_query(text, now)
        base = select(Meeting).where(Meeting.guild_id == self.guild_id, Meeting.status != CANCELLED,
                                     *(_matches(term) for term in query.terms))
        upcoming = and_(Meeting.status == SCHEDULED, Meeting.end > now)
        live = await self._meetings(base.where(Meeting.status == LIVE).limit(limit))
        ahead = await self._meetings(base.where(upcoming).order_by(Meeting.start).limit(limit))
        others = await self._meetings(base.where(Meeting.status != LIVE, not_(upcoming))
                                      .order_by(Meeting.start.desc(), Meeting.id.desc()).limit(limit))
        seen: set[int] = set()
        found: list[MeetingInfo] = []
        for meeting in [*live, *ahead, *others]:
            if meeting.id not in seen:
                seen.add(meeting.id)
                found.append(meeting)
        return found[:limit]

    async def for_calendar(self, now: datetime) -> list[MeetingInfo]:
        """Single meetings worth exporting: not over yet, including cancelled ones so calendars drop them."""
        return await self._meetings(select(Meeting)
                                    .where(Meeting.guild_id == self.guild_id, Meeting.series_id.is_(None),
                                           Meeting.end > now)
                                    .order_by(Meeting.start))


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

