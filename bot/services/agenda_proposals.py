"""Agenda input from members: an item proposed (with a document, if any) waits for a chair, who accepts it onto
the agenda or declines it; the proposer is then told."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.domain import agenda as domain
from bot.domain.agenda import Agenda, Document
from bot.domain.agenda_input import ACCEPTED, DECLINED, PENDING, Proposal, checked_document
from bot.domain.meeting import MeetingInfo
from bot.errors import Conflict, NotFound
from bot.i18n import _, using
from bot.render.proposals import proposal_card
from bot.services.context import ServiceContext
from bot.services.ports import AgendaBoard, MessageGone
from storage.repositories.agenda import AgendaRepository, ProposalRecord

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger("convener.agenda")


def _proposal(row: ProposalRecord, meeting: MeetingInfo, agenda: Agenda, label: str | None = None) -> Proposal:
    parent = next((lbl for lbl, item in agenda.numbered() if item.id is not None and item.id == row.parent_id), None)
    document = Document(None, row.document_label or "", row.document_url) if row.document_url else None
    if label is None and row.item_id is not None:
        label = next((lbl for lbl, item in agenda.numbered() if item.id == row.item_id), None)
    return Proposal(row.id, meeting, row.title, parent, document, row.status, row.proposed_by, row.channel_id,
                    row.message_id, label)


class AgendaProposals:
    def __init__(self, ctx: ServiceContext, services: Services, board: AgendaBoard) -> None:
        self.ctx = ctx
        self.services = services
        self.board = board

    async def propose(self, guild_id: int, meeting_id: int, user_id: int, title: str, *, parent: str | None = None,
                      document_url: str | None = None, document_label: str | None = None) -> Proposal:
        """A member's proposal, kept until a chair decides."""
        title = domain.checked_title(title)
        link, name = checked_document(document_url, document_label) if document_url else (None, None)
        meeting = await self.services.meetings.get(guild_id, meeting_id)
        if not meeting.status.is_active:
            raise Conflict(_("**{title}** has already taken place or was cancelled; propose items for a meeting "
                             "still to come.", title=meeting.title))
        agenda = await self.services.agendas.get(guild_id, meeting_id)
        parent_id = None
        if parent:
            index, child = domain.parse_label(parent)
            agenda.find(parent)
            if child is not None:
                raise Conflict(_("`{label}` is a sub-item; sub-items cannot have sub-items of their own.",
                                 label=parent.strip()[:20]))
            parent_id = agenda.items[index].id
        async with self.ctx.db.session() as session:
            row = await AgendaRepository(session, guild_id).add_proposal(
                meeting_id, title, parent_id=parent_id, document_label=name, document_url=link, proposed_by=user_id,
                proposed_at=self.ctx.clock.now())
        return _proposal(row, meeting, agenda)

    async def post(self, guild_id: int, proposal: Proposal, channel_id: int) -> int:
        """Post the proposal where chairs see it, in the server's language; returns the message's id."""
        with using(await self.services.settings.language(guild_id)):
            text = proposal_card(proposal)
        message_id = await self.board.post_proposal(channel_id, text, proposal.id)
        await self.attach_message(guild_id, proposal.id, channel_id, message_id)
        return message_id

    async def show_decision(self, guild_id: int, proposal: Proposal) -> None:
        """The proposal's message shows the decision, without its buttons."""
        if proposal.channel_id is None or proposal.message_id is None:
            return
        with using(await self.services.settings.language(guild_id)):
            text = proposal_card(proposal)
        try:
            await self.board.settle_proposal(proposal.channel_id, proposal.message_id, text)
        except MessageGone:
            log.info("the message of agenda proposal %s was deleted", proposal.id)

    async def attach_message(self, guild_id: int, proposal_id: int, channel_id: int, message_id: int) -> None:
        async with self.ctx.db.session() as session:
            await AgendaRepository(session, guild_id).set_proposal(proposal_id, channel_id=channel_id,
                                                                   message_id=message_id)

    async def get(self, guild_id: int, proposal_id: int) -> Proposal:
        async with self.ctx.db.reader() as session:
            row = await AgendaRepository(session, guild_id).proposal(proposal_id)
        if row is None:
            raise NotFound(_("That agenda proposal no longer exists."))
        meeting = await self.services.meetings.get(guild_id, row.meeting_id)
        return _proposal(row, meeting, await self.services.agendas.get(guild_id, row.meeting_id))

    async def decide(self, guild_id: int, proposal_id: int, accept: bool, by: int) -> Proposal:
        """Accept (the item goes on the agenda, before Next steps/AOB or under its parent, with its document) or
        decline. A proposal is decided once: a second click says who was first."""
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            repo = AgendaRepository(session, guild_id)
            row = await repo.proposal(proposal_id, for_update=True)
            if row is None:
                raise NotFound(_("That agenda proposal no longer exists."))
            if row.status != PENDING:
                raise Conflict(_("This proposal was already accepted.") if row.status == ACCEPTED else
                               _("This proposal was already declined."))
            await repo.set_proposal(proposal_id, status=ACCEPTED if accept else DECLINED, decided_by=by,
                                    decided_at=now)
            meeting_id, parent_id, title = row.meeting_id, row.parent_id, row.title
            document = (row.document_url, row.document_label)
        if not accept:
            return await self.get(guild_id, proposal_id)
        try:
            label = await self._add(guild_id, proposal_id, meeting_id, parent_id, title, document, by)
        except Exception:
            async with self.ctx.db.session() as session:  # nothing was added: the proposal waits again
                await AgendaRepository(session, guild_id).set_proposal(proposal_id, status=PENDING, decided_by=None,
                                                                       decided_at=None)
            raise
        return replace(await self.get(guild_id, proposal_id), label=label)

    async def _add(self, guild_id: int, proposal_id: int, meeting_id: int, parent_id: int | None, title: str,
                   document: tuple[str | None, str | None], by: int) -> str:
        agenda = await self.services.agendas.get(guild_id, meeting_id)
        parent = next((lbl for lbl, item in agenda.numbered() if parent_id is not None and item.id == parent_id), None)
        agenda, label = await self.services.agendas.add(guild_id, meeting_id, title, parent, by)
        item = agenda.find(label)
        url, name = document
        async with self.ctx.db.session() as session:
            repo = AgendaRepository(session, guild_id)
            await repo.set_proposal(proposal_id, item_id=item.id)
            if url and item.id is not None:
                repo.add_document(meeting_id, item.id, name or url, url, added_by=by, added_at=self.ctx.clock.now())
        return label
