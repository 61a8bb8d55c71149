"""Reaching members personally: reminder preferences, per-member deliveries, calendar-feed tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import TECHNICAL, Base, IntPK, Snowflake, UTCDateTime, owned


class ReminderPreference(Base):
    """How one member wants to be reminded in one server; NULL columns follow the server."""

    __tablename__ = "reminder_preferences"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, info=owned())
    delivery: Mapped[str | None] = mapped_column(String(8), info=TECHNICAL)  # dm | channel | off
    offsets: Mapped[list[int] | None] = mapped_column(JSON)  # seconds before, largest first
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReminderDelivery(Base):
    """One member's copy of one reminder. The reminder's handler writes the whole list of recipients first,
    then claims, sends and marks each, so a crash part-way resumes with those not yet sent.

    state: pending -> sending -> sent | failed ; pending -> skipped. A row stuck in ``sending`` after its
    lease expired is in doubt: the worker that resumes checks Discord before sending it again.
    """

    __tablename__ = "reminder_deliveries"
    __table_args__ = (
        UniqueConstraint("reminder_id", "user_id", name="uq_reminder_deliveries_reminder_user"),
        Index("ix_reminder_deliveries_reminder_state", "reminder_id", "state"),
        Index("ix_reminder_deliveries_guild_user", "guild_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True)
    reminder_id: Mapped[int] = mapped_column(ForeignKey("reminders.id", ondelete="CASCADE"))
    guild_id: Mapped[int] = mapped_column(Snowflake)
    user_id: Mapped[int] = mapped_column(Snowflake, info=owned())
    route: Mapped[str] = mapped_column(String(8), info=TECHNICAL)  # dm | channel (a closed DM falls back to channel)
    state: Mapped[str] = mapped_column(String(8), default="pending", info=TECHNICAL)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64), info=TECHNICAL)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[int | None] = mapped_column(Snowflake)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(String(200))


class CalendarFeed(Base):
    """The secret token of a subscribable calendar feed: a member's own (user_id) or the server's (user_id 0)."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (UniqueConstraint("token", name="uq_calendar_feeds_token"),)

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, info=owned())
    token: Mapped[str] = mapped_column(String(64), info=TECHNICAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
