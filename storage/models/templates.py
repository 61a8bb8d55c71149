"""What a group adjusts in its documents: Annex II labels, optional minutes sections, the report template;
and the session reports submitted with it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import TECHNICAL, Base, MeetingRow, Snowflake, UTCDateTime, ref


class DocumentTemplate(Base):
    __tablename__ = "document_templates"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    annex_labels: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # role -> heading
    minutes_sections: Mapped[list[Any]] = mapped_column(JSON, default=list)
    report_template: Mapped[str | None] = mapped_column(Text, info=TECHNICAL)  # Jinja2 Markdown; None: the standard one
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SessionReport(MeetingRow, Base):
    __tablename__ = "session_reports"

    title: Mapped[str] = mapped_column(String(200))
    markdown: Mapped[str] = mapped_column(Text)
    submitted_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
