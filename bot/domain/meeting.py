"""A meeting as the rest of convener sees it (a read-only snapshot)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    LIVE = "live"
    ENDED = "ended"  # its live window closed; the minutes are still to come
    DONE = "done"  # its minutes were published
    CANCELLED = "cancelled"

    def may_become(self, target: MeetingStatus) -> bool:
        """scheduled -> live -> ended -> done; scheduled -> cancelled; a meeting never started, or still live,
        is done when its minutes are published."""
        return target in _MEETING_MOVES[self]

    @property
    def is_active(self) -> bool:
        """Still to come or under way: reminders, roll-call buttons and mode changes apply."""
        return self in (MeetingStatus.SCHEDULED, MeetingStatus.LIVE)

    @property
    def is_over(self) -> bool:
        """Nothing more happens to it: its minutes are published, or it was cancelled."""
        return self in (MeetingStatus.DONE, MeetingStatus.CANCELLED)


_MEETING_MOVES: dict[MeetingStatus, frozenset[MeetingStatus]] = {
    MeetingStatus.SCHEDULED: frozenset({MeetingStatus.LIVE, MeetingStatus.CANCELLED, MeetingStatus.DONE}),
    MeetingStatus.LIVE: frozenset({MeetingStatus.ENDED, MeetingStatus.DONE}),
    MeetingStatus.ENDED: frozenset({MeetingStatus.DONE}),
    MeetingStatus.DONE: frozenset(),
    MeetingStatus.CANCELLED: frozenset(),
}


@dataclass(frozen=True)
class MeetingInfo:
    id: int
    guild_id: int
    title: str
    start: datetime  # aware, UTC
    end: datetime  # aware, UTC
    timezone: str  # the series' / organiser's IANA zone, for rendering local times
    status: MeetingStatus
    series_id: int | None = None
    number: int | None = None  # 1-based position in its series
    channel_id: int | None = None  # text channel for agenda, roll call, reminders
    voice_channel_id: int | None = None
    link: str | None = None
    event_id: int | None = None
    poll_id: int | None = None
    live_started_at: datetime | None = None
    live_ended_at: datetime | None = None
    agenda_message_ids: tuple[int, ...] = ()
    rollcall_message_id: int | None = None
    current_item_id: int | None = None
    description: str | None = None
    ics_uid: str = ""
    sequence: int = 0  # iCalendar SEQUENCE: bumped when time, title, place or status change
    recurrence_id: datetime | None = None  # for series occurrences: the start the rule gave it (UTC)
    created_by: int | None = None
    mode: str | None = None  # plenary | closed | open (bot.domain.meeting_modes); None: the channel is left alone
    tentative: bool = False  # date to be confirmed: no reminders until `/meeting confirm`
    recording_url: str | None = None

    @property
    def is_live(self) -> bool:
        return self.status == MeetingStatus.LIVE

    @property
    def is_scheduled(self) -> bool:
        return self.status == MeetingStatus.SCHEDULED

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def held_start(self) -> datetime:
        """When it really began (went live), else the scheduled start."""
        return self.live_started_at or self.start

    @property
    def held_end(self) -> datetime:
        """When it really ended, else the scheduled end (never before it began)."""
        return self.live_ended_at or max(self.end, self.held_start)

    @property
    def held_as_scheduled(self) -> bool:
        return (self.held_start, self.held_end) == (self.start, self.end)

    def label(self) -> str:
        """Short human label for pickers: 'WG-MWP #6 — 2018-08-15 15:00 UTC'."""
        number = f" #{self.number}" if self.number else ""
        return f"{self.title}{number} — {self.start:%Y-%m-%d %H:%M} UTC"


@dataclass(frozen=True)
class SeriesInfo:
    """A recurring series: ``rule`` is an RRULE body expanded from ``dtstart_local`` in ``timezone``."""

    id: int
    guild_id: int
    title: str
    rule: str
    timezone: str
    dtstart_local: datetime  # naive wall-clock time in ``timezone``
    duration_minutes: int
    ics_uid: str
    sequence: int = 0
    cancelled: bool = False
    voice_channel_id: int | None = None
    link: str | None = None
    channel_id: int | None = None
    mode: str | None = None
    created_by: int | None = None


def end_check_at(start: datetime, end: datetime, live_since: datetime, grace: timedelta) -> datetime:
    """When to look whether a live meeting is over: its planned length after it went live (never before the
    scheduled end), plus ``grace`` for the usual overrun."""
    return max(end, live_since + (end - start)) + grace


def automatic_end(meeting: MeetingInfo, last_leave: datetime | None, now: datetime,
                  last_note: datetime | None = None) -> datetime:
    """When a live meeting nobody ended by hand really ended: when the last person left its voice channel if
    there is voice data, else its planned length after it went live — and never before the last note taken
    for its minutes, nor after ``now``, nor before it began."""
    began = meeting.held_start
    signs = [t for t in (last_leave, last_note) if t is not None and t > began]
    if last_leave is not None and last_leave > began:
        guess = max(signs)
    else:
        guess = max([began + (meeting.end - meeting.start), *signs])
    return max(began, min(guess, now))
