"""Agendas: load and save a meeting's items, keeping the ids of items that survive an edit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from bot.domain.agenda import Agenda, AgendaItem, Document
from storage.models.agenda import AgendaDocument, AgendaItemRow, AgendaProposal, AgendaRecord
from storage.repositories.bound import GuildBound


@dataclass(frozen=True)
class ProposalRecord:
    """An agenda proposal as stored."""

    id: int
    meeting_id: int
    title: str
    parent_id: int | None
    document_label: str | None
    document_url: str | None
    status: str
    item_id: int | None
    channel_id: int | None
    message_id: int | None
    proposed_by: int | None


def _record(row: AgendaProposal) -> ProposalRecord:
    return ProposalRecord(row.id, row.meeting_id, row.title, row.parent_id, row.document_label, row.document_url,
                          row.status, row.item_id, row.channel_id, row.message_id, row.proposed_by)


class AgendaRepository(GuildBound):
    async def _agenda_row(self, meeting_id: int) -> AgendaRecord | None:
        return await self.session.get(AgendaRecord, (self.guild_id, meeting_id))

    async def posted_channel(self, meeting_id: int) -> int | None:
        """The channel the meeting's agenda is posted in; None when it has no agenda or was not posted."""
        record = await self._agenda_row(meeting_id)
        return record.posted_channel_id if record is not None else None

    async def load(self, meeting_id: int) -> Agenda | None:
        """The saved agenda, or None when this meeting has none yet."""
        if await self._agenda_row(meeting_id) is None:
            return None
        rows = (await self.session.scalars(
            select(AgendaItemRow)
            .where(AgendaItemRow.guild_id == self.guild_id, AgendaItemRow.meeting_id == meeting_id)
            .order_by(AgendaItemRow.position, AgendaItemRow.id)
        )).all()
        documents: dict[int, list[Document]] = {}
        for doc in await self._documents(meeting_id):
            documents.setdefault(doc.item_id, []).append(Document(doc.id, doc.label, doc.url))
        children: dict[int, list[AgendaItem]] = {}
        for row in rows:
            if row.parent_id is not None:
                children.setdefault(row.parent_id, []).append(
                    AgendaItem(row.id, row.title, (), row.closed, tuple(documents.get(row.id, ()))))
        return Agenda(tuple(AgendaItem(row.id, row.title, tuple(children.get(row.id, ())), row.closed,
                                       tuple(documents.get(row.id, ())))
                            for row in rows if row.parent_id is None))

    async def save(self, meeting_id: int, agenda: Agenda, *, now: datetime, user_id: int | None) -> Agenda:
        """Store ``agenda`` as the meeting's agenda. Items with an id update that row; items without one are
        inserted; rows no longer present are deleted (with their documents). Returns the agenda as stored, every
        id filled in; an item's closed mark and documents stay with its row."""
        record = await self._agenda_row(meeting_id)
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
        for item, parent in zip(agenda.items, parents, strict=True):
            for i, child in enumerate(item.children):
                self._upsert(existing, kept, meeting_id, child, parent.id, i)
        await self.session.flush()
        gone = [row_id for row_id in existing if row_id not in kept]
        if gone:
            await self.session.execute(delete(AgendaDocument).where(AgendaDocument.guild_id == self.guild_id,
                                                                    AgendaDocument.item_id.in_(gone)))
            await self.session.execute(delete(AgendaItemRow).where(AgendaItemRow.guild_id == self.guild_id,
                                                                   AgendaItemRow.id.in_(gone)))
        saved = await self.load(meeting_id)
        assert saved is not None
        return saved

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

    async def _item_row(self, meeting_id: int, item_id: int) -> AgendaItemRow | None:
        stmt = select(AgendaItemRow).where(AgendaItemRow.guild_id == self.guild_id,
                                           AgendaItemRow.meeting_id == meeting_id, AgendaItemRow.id == item_id)
        return (await self.session.scalars(stmt)).first()

    async def has_item(self, meeting_id: int, item_id: int) -> bool:
        return await self._item_row(meeting_id, item_id) is not None

    async def set_closed(self, meeting_id: int, item_id: int, closed: bool) -> bool:
        """Hold the item in closed session, or not; False when the item is gone."""
        row = await self._item_row(meeting_id, item_id)
        if row is None:
            return False
        row.closed = closed
        return True

    async def document_count(self, meeting_id: int, item_id: int) -> int:
        return sum(1 for d in await self._documents(meeting_id) if d.item_id == item_id)

    async def _documents(self, meeting_id: int) -> list[AgendaDocument]:
        stmt = (select(AgendaDocument)
                .where(AgendaDocument.guild_id == self.guild_id, AgendaDocument.meeting_id == meeting_id)
                .order_by(AgendaDocument.id))
        return list((await self.session.scalars(stmt)).all())

    def add_document(self, meeting_id: int, item_id: int, label: str, url: str, *, added_by: int | None,
                     added_at: datetime) -> None:
        self.session.add(AgendaDocument(guild_id=self.guild_id, meeting_id=meeting_id, item_id=item_id, label=label,
                                        url=url, added_by=added_by, added_at=added_at))

    async def add_proposal(self, meeting_id: int, title: str, *, parent_id: int | None, document_label: str | None,
                           document_url: str | None, proposed_by: int, proposed_at: datetime) -> ProposalRecord:
        row = AgendaProposal(guild_id=self.guild_id, meeting_id=meeting_id, title=title, parent_id=parent_id,
                             document_label=document_label, document_url=document_url, status="pending",
                             proposed_by=proposed_by, proposed_at=proposed_at)
        self.session.add(row)
        await self.session.flush()
        return _record(row)

    async def _proposal_row(self, proposal_id: int, *, for_update: bool = False) -> AgendaProposal | None:
        stmt = select(AgendaProposal).where(AgendaProposal.guild_id == self.guild_id, AgendaProposal.id == proposal_id)
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.scalars(stmt)).first()

    async def proposal(self, proposal_id: int, *, for_update: bool = False) -> ProposalRecord | None:
        row = await self._proposal_row(proposal_id, for_update=for_update)
        return _record(row) if row is not None else None

    async def set_proposal(self, proposal_id: int, **values: object) -> None:
        """Change a proposal's status, decider, decision time, message or created item."""
        row = await self._proposal_row(proposal_id, for_update=True)
        if row is not None:
            for name, value in values.items():
                setattr(row, name, value)

    async def set_posted_channel(self, meeting_id: int, channel_id: int | None) -> None:
        record = await self._agenda_row(meeting_id)
        if record is not None:
            record.posted_channel_id = channel_id
