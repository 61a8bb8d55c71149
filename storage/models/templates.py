"""What a group adjusts in its documents: Annex II labels, optional minutes sections, the report template;
and the session reports submitted with it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import TECHNICAL, Base, IntPK, Snowflake, UTCDateTime, ref


class DocumentTemplate(Base):
    __tablename__ = "document_templates"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    annex_labels: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # role -> heading
    minutes_sections: Mapped[list[Any]] = mapped_column(JSON, default=list)
    report_template: Mapped[str | None] = mapped_column(Text, info=TECHNICAL)  # Jinja2 Markdown; None: the standard one
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SessionReport(Base):
    __tablename__ = "session_reports"
    __table_args__ = (Index("ix_session_reports_meeting", "guild_id", "meeting_id"),)

    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    meeting_id: Mapped[int] = mapped_column(IntPK)
    title: Mapped[str] = mapped_column(String(200))
    markdown: Mapped[str] = mapped_column(Text)
    submitted_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
