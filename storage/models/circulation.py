"""Draft minutes sent round for comments, the comments per section, and overdue-minutes notices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, IntPK, MeetingRow, Snowflake, UTCDateTime, owned, ref


class Circulation(MeetingRow, Base):
    __tablename__ = "minutes_circulations"

    version: Mapped[int] = mapped_column(Integer)  # the minutes version sent round
    channel_id: Mapped[int | None] = mapped_column(Snowflake)
    message_id: Mapped[int | None] = mapped_column(Snowflake)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MinutesComment(Base):
    __tablename__ = "minutes_comments"

    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True)
    circulation_id: Mapped[int] = mapped_column(ForeignKey("minutes_circulations.id", ondelete="CASCADE"),
                                                index=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    section_index: Mapped[int] = mapped_column(Integer)
    section_heading: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(Snowflake, info=owned(name="author_name", words="text"))
    author_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OverdueNotice(Base):
    """One reminder to the secretariat per meeting whose minutes were not published in time."""

    __tablename__ = "minutes_overdue_notices"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(IntPK, primary_key=True)
    noticed_at: Mapped[datetime] = mapped_column(UTCDateTime)
