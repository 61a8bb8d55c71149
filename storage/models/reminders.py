"""Reminders: the source of truth for everything convener does later (APScheduler only mirrors it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import TECHNICAL, Base, IntPK, Snowflake, UTCDateTime, ref


class Reminder(Base):
    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_state_due", "state", "due_at"),
        Index("ix_reminders_ref", "guild_id", "kind", "ref_id"),
    )

    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    # what fires: "text" (post a message), "meeting", "poll.close", "poll.last_call", "action.due", ...
    kind: Mapped[str] = mapped_column(String(40), info=TECHNICAL)
    ref_id: Mapped[int | None] = mapped_column(Snowflake)
    channel_id: Mapped[int | None] = mapped_column(Snowflake)
    role_id: Mapped[int | None] = mapped_column(Snowflake)
    text: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # pending -> claimed -> sent | failed ; pending -> cancelled | skipped
    state: Mapped[str] = mapped_column(String(12), default="pending", info=TECHNICAL)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64), info=TECHNICAL)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500), info=TECHNICAL)
    created_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())  # the member who asked (/remind)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
