"""Agendas: one row per meeting that has an agenda, and its items (sub-items point at their parent)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, IntPK, Snowflake, UTCDateTime, ref


class AgendaRecord(Base):
    """Marks that a meeting's agenda exists (even if every item was removed) and where it was posted."""

    __tablename__ = "agendas"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(IntPK, primary_key=True)
    posted_channel_id: Mapped[int | None] = mapped_column(Snowflake)
    updated_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AgendaItemRow(Base):
    __tablename__ = "agenda_items"
    __table_args__ = (Index("ix_agenda_items_meeting", "guild_id", "meeting_id"),)

    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    meeting_id: Mapped[int] = mapped_column(IntPK)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
