"""Template repository: stored values round trip, per guild (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.domain.templates import StoredTemplates
from storage.db import Database
from storage.models.templates import DocumentTemplate
from storage.repositories.templates import TemplateRepository

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GUILD_A, GUILD_B = 111, 222


async def test_templates_round_trip_per_guild(any_db: Database) -> None:
    async with any_db.reader() as s:
        assert await TemplateRepository(s, GUILD_A).get() is None
    stored = StoredTemplates((("member", "MAG MEMBERS"), ("chair", "CHAIRS")), ("Main points", "Key messages"))
    async with any_db.session() as s:
        await TemplateRepository(s, GUILD_A).put(stored, NOW)
    async with any_db.session() as s:
        repo = TemplateRepository(s, GUILD_A)
        assert await repo.get() == stored
        assert await TemplateRepository(s, GUILD_B).get() is None
        await repo.put(replace(stored, sections=(), report_template="# {{ title }}"), NOW + timedelta(hours=1))
    async with any_db.reader() as s:
        assert await TemplateRepository(s, GUILD_A).get() == StoredTemplates(stored.labels, (), "# {{ title }}")
        row = await s.get(DocumentTemplate, GUILD_A)
    assert row is not None and row.annex_labels == {"member": "MAG MEMBERS", "chair": "CHAIRS"}
    assert row.updated_at == NOW + timedelta(hours=1)
