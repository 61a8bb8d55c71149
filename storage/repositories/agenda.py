"""Agendas: load and save a meeting's items, keeping the ids of items that survive an edit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.agenda import Agenda, AgendaItem
from storage.models.agenda import AgendaItemRow, AgendaRecord


class AgendaRepository:
    def __init__(self, session: AsyncSession, guild_id: int) -> None:
        self.session = session
        self.guild_id = guild_id

    async def record(self, meeting_id: int) -> AgendaRecord | None:
        return await self.session.get(AgendaRecord, (self.guild_id, meeting_id))

    async def load(self, meeting_id: int) -> Agenda | None:
        """The saved agenda, or None when this meeting has none yet."""
        if await self.record(meeting_id) is None:
            return None
        rows = (await self.session.scalars(
            select(AgendaItemRow)
            .where(AgendaItemRow.guild_id == self.guild_id, AgendaItemRow.meeting_id == meeting_id)
            .order_by(AgendaItemRow.position, AgendaItemRow.id)
        )).all()
        children: dict[int, list[AgendaItem]] = {}
        for row in rows:
            if row.parent_id is not None:
                children.setdefault(row.parent_id, []).append(AgendaItem(row.id, row.title))
        return Agenda(tuple(AgendaItem(row.id, row.title, tuple(children.get(row.id, ())))
                            for row in rows if row.parent_id is None))

    async def save(self, meeting_id: int, agenda: Agenda, *, now: datetime, user_id: int | None) -> Agenda:
        """Store ``agenda`` as the meeting's agenda. Items with an id update that row; items without one are
        inserted; rows no longer present are deleted. Returns the agenda with every id filled in."""
        record = await self.record(meeting_id)
        if record is None:
            record = AgendaRecord(guild_id=self.guild_id, meeting_id=meeting_id, updated_at=now)
            self.session.add(record)
        record.updated_at = now
        record.updated_by = user_id
        existing = {row.id: row for row in (await self.session.scalars(
            select(AgendaItemRow).where(AgendaItemRow.guild_id == self.guild_id,
                                        AgendaItemRow.meeting_id == meeting_id)
        )).all()}
        kept: set[int] = set()
        parents = [self._upsert(existing, kept, meeting_id, item, None, pos) for pos, item in enumerate(agenda.items)]
        await self.session.flush()  # parents need their ids before sub-items can point at them
        kids = [[self._upsert(existing, kept, meeting_id, child, parent.id, i) for i, child in enumerate(item.children)]
                for item, parent in zip(agenda.items, parents, strict=True)]
        await self.session.flush()
        saved = [AgendaItem(parent.id, parent.title, tuple(AgendaItem(k.id, k.title) for k in rows))
                 for parent, rows in zip(parents, kids, strict=True)]
        gone = [row_id for row_id in existing if row_id not in kept]
        if gone:
            await self.session.execute(delete(AgendaItemRow).where(AgendaItemRow.guild_id == self.guild_id,
                                                                   AgendaItemRow.id.in_(gone)))
        return Agenda(tuple(saved))

    def _upsert(self, existing: dict[int, AgendaItemRow], kept: set[int], meeting_id: int, item: AgendaItem,
                parent_id: int | None, position: int) -> AgendaItemRow:
        row = existing.get(item.id) if item.id is not None else None
        if row is None:
            row = AgendaItemRow(guild_id=self.guild_id, meeting_id=meeting_id)
            self.session.add(row)
        else:
            kept.add(row.id)
        row.parent_id = parent_id
        row.position = position
        row.title = item.title
        return row

    async def set_posted_channel(self, meeting_id: int, channel_id: int | None) -> None:
        record = await self.record(meeting_id)
        if record is not None:
            record.posted_channel_id = channel_id
