"""Deliverables (issue papers, reports) with stages, deadlines and versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import TECHNICAL, Base, IntPK, Snowflake, UTCDateTime, ref


class DeliverableRow(Base):
    __tablename__ = "deliverables"
    __table_args__ = (Index("ix_deliverables_guild_stage", "guild_id", "stage"),)

    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    title: Mapped[str] = mapped_column(String(150))
    kind: Mapped[str] = mapped_column(String(20), info=TECHNICAL)
    stage: Mapped[str] = mapped_column(String(12), info=TECHNICAL)  # outline | draft | review | final
    owner_id: Mapped[int | None] = mapped_column(Snowflake, info=ref(name="owner_name"))
    owner_name: Mapped[str] = mapped_column(String(100))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("drafting_groups.id", ondelete="SET NULL"))
    deadlines: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # stage -> "YYYY-MM-DD"
    channel_id: Mapped[int | None] = mapped_column(Snowflake)  # where reminders go
    created_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DeliverableVersionRow(Base):
    __tablename__ = "deliverable_versions"

    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True)
    deliverable_id: Mapped[int] = mapped_column(ForeignKey("deliverables.id", ondelete="CASCADE"), index=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    number: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(12), info=TECHNICAL)
    link: Mapped[str | None] = mapped_column(String(500))
    filename: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(500))
    added_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
