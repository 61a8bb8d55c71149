"""Meetings and recurring series."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import TECHNICAL, Base, IntPK, Snowflake, UTCDateTime, ref


class Series(Base):
    """A recurring series: the RRULE is expanded in the series' own time zone."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake, index=True)
    title: Mapped[str] = mapped_column(String(100))
    rrule: Mapped[str | None] = mapped_column(String(500), info=TECHNICAL)
    timezone: Mapped[str] = mapped_column(String(64), info=TECHNICAL)
    # local wall-clock start of the first occurrence (naive ISO string, interpreted in `timezone`)
    dtstart_local: Mapped[str] = mapped_column(String(32), info=TECHNICAL)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    channel_id: Mapped[int | None] = mapped_column(Snowflake)
    voice_channel_id: Mapped[int | None] = mapped_column(Snowflake)
    link: Mapped[str | None] = mapped_column(String(500))
    cancelled: Mapped[bool] = mapped_column(default=False)
    ics_uid: Mapped[str] = mapped_column(String(120), info=TECHNICAL)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # plenary | closed | open, copied to new occurrences
    mode: Mapped[str | None] = mapped_column(String(12), info=TECHNICAL)


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (
        Index("ix_meetings_guild_start", "guild_id", "start"),
        # Two processes extending one series at once must not both insert occurrence N.
        UniqueConstraint("series_id", "number", name="uq_meetings_series_number"),
    )

    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id", ondelete="SET NULL"))
    number: Mapped[int | None] = mapped_column(Integer)  # position in its series, 1-based
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64), info=TECHNICAL)
    channel_id: Mapped[int | None] = mapped_column(Snowflake)  # text channel for agenda/roll call
    voice_channel_id: Mapped[int | None] = mapped_column(Snowflake)
    link: Mapped[str | None] = mapped_column(String(500))
    # scheduled -> live -> ended -> done ; scheduled -> cancelled
    status: Mapped[str] = mapped_column(String(12), default="scheduled", info=TECHNICAL)
    event_id: Mapped[int | None] = mapped_column(Snowflake)  # Discord guild scheduled event
    ics_uid: Mapped[str] = mapped_column(String(120), info=TECHNICAL)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    poll_id: Mapped[int | None] = mapped_column(IntPK)
    live_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    live_ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agenda_message_ids: Mapped[str | None] = mapped_column(String(500), info=TECHNICAL)  # comma-separated, in order
    rollcall_message_id: Mapped[int | None] = mapped_column(Snowflake)
    current_item_id: Mapped[int | None] = mapped_column(IntPK)
    # the start the series' rule gave this occurrence (iCalendar RECURRENCE-ID); None for single meetings
    recurrence_id: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Discord event bookkeeping: `revision` grows with every change the event shows; `event_revision` is the
    # revision last pushed to Discord and `event_state` the event status there (scheduled|active|completed|…)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    event_revision: Mapped[int | None] = mapped_column(Integer)
    event_state: Mapped[str | None] = mapped_column(String(12), info=TECHNICAL)
    created_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # plenary | closed | open; None leaves the channel alone
    mode: Mapped[str | None] = mapped_column(String(12), info=TECHNICAL)
    tentative: Mapped[bool] = mapped_column(default=False)  # date to be confirmed: no reminders yet
    recording_url: Mapped[str | None] = mapped_column(String(500))
