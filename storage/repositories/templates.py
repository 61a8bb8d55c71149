"""Document templates and session reports, within one guild."""

from __future__ import annotations

from datetime import datetime

from bot.domain.templates import StoredTemplates
from storage.models.templates import DocumentTemplate, SessionReport
from storage.repositories.bound import GuildBound


class TemplateRepository(GuildBound):
    async def get(self) -> StoredTemplates | None:
        """What the server stored; None when it never changed a template."""
        row = await self.session.get(DocumentTemplate, self.guild_id)
        if row is None:
            return None
        return StoredTemplates(tuple((str(k), str(v)) for k, v in (row.annex_labels or {}).items()),
                               tuple(str(s) for s in row.minutes_sections or ()), row.report_template)

    async def put(self, templates: StoredTemplates, now: datetime) -> None:
        """Store ``templates`` (created on first use), stamped ``now``; only changed columns are written."""
        row = await self.session.get(DocumentTemplate, self.guild_id)
        if row is None:
            row = DocumentTemplate(guild_id=self.guild_id, annex_labels={}, minutes_sections=[])
            self.session.add(row)
        values = {"annex_labels": dict(templates.labels), "minutes_sections": list(templates.sections),
                  "report_template": templates.report_template}
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)  # a new object for JSON columns, so SQLAlchemy sees the change
        row.updated_at = now

    async def add_report(self, meeting_id: int, title: str, markdown: str, by: int, now: datetime) -> int:
        """Store a submitted session report; its id."""
        row = SessionReport(guild_id=self.guild_id, meeting_id=meeting_id, title=title, markdown=markdown,
                            submitted_by=by, submitted_at=now)
        self.session.add(row)
        await self.session.flush()
        return row.id
