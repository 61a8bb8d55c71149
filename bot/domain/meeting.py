"""A meeting as the rest of convener sees it (a read-only snapshot)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class MeetingInfo:
    id: int
    guild_id: int
    title: str
    start: datetime  # aware, UTC
    end: datetime  # aware, UTC
    timezone: str  # the series' / organiser's IANA zone, for rendering local times
    status: str  # scheduled | live | ended | done | cancelled
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

    @property
    def is_live(self) -> bool:
        return self.status == "live"

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
