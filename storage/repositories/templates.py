"""Document templates and session reports, within one guild."""

from __future__ import annotations

from datetime import datetime

from storage.models.templates import DocumentTemplate, SessionReport
from storage.repositories.bound import GuildBound


class TemplateRepository(GuildBound):
    async def get(self) -> DocumentTemplate | None:
        return await self.session.get(DocumentTemplate, self.guild_id)

    async def for_update(self, now: datetime) -> DocumentTemplate:
        row = await self.get()
        if row is None:
            row = DocumentTemplate(guild_id=self.guild_id, annex_labels={}, minutes_sections=[])
            self.session.add(row)
        row.updated_at = now
        return row

    async def add_report(self, meeting_id: int, title: str, markdown: str, by: int, now: datetime) -> int:
        """Store a submitted session report; its id."""
        row = SessionReport(guild_id=self.guild_id, meeting_id=meeting_id, title=title, markdown=markdown,
                            submitted_by=by, submitted_at=now)
        self.session.add(row)
        await self.session.flush()
        return row.id
