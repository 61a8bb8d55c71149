"""Agendas: prefilled from the server's template, edited by pasting or item by item, posted through the
AgendaBoard port (see ``agenda_posting``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from bot.domain import agenda as domain
from bot.domain.agenda import Agenda, AgendaItem
from bot.domain.agenda_input import checked_document, closed_ids
from bot.domain.meeting import MeetingInfo
from bot.domain.minutes import find_item
from bot.errors import Conflict, InvalidInput, NotFound
from bot.i18n import _
from bot.i18n.formatting import format_number
from bot.render.agenda import agenda_text
from bot.render.discord_text import jump_link
from bot.services.agenda_posting import AgendaPosting
from bot.services.agenda_proposals import AgendaProposals
from bot.services.context import ServiceContext
from bot.services.ports import AgendaBoard, NoAgendaBoard
from storage.repositories.agenda import AgendaRepository

if TYPE_CHECKING:
    from bot.services import Services

T = TypeVar("T")

# What fits in the editor (a Discord modal text input holds at most 4,000 characters).
MAX_TEXT = 4000
MAX_DOCUMENTS = 5  # per item: the posted agenda lists each on a line of its own


class AgendaService:
    def __init__(self, ctx: ServiceContext, services: Services, board: AgendaBoard | None = None) -> None:
        self.ctx = ctx
        self.services = services
        board = board or NoAgendaBoard()
        self.proposals = AgendaProposals(ctx, services, board)
        self.posting = AgendaPosting(self, board)

    async def start(self) -> None:
        """Nothing to arm: agendas have no timed jobs."""

    def template(self) -> Agenda:
        return domain.from_titles(self.ctx.config.agenda.template)

    async def _meeting(self, guild_id: int, meeting_id: int) -> MeetingInfo:
        # Raises NotFound for unknown ids and for another server's meetings.
        return await self.services.meetings.get(guild_id, meeting_id)

    async def get(self, guild_id: int, meeting_id: int) -> Agenda:
        """The meeting's agenda; a new one is filled from the template and saved, so its items have ids."""
        meeting = await self._meeting(guild_id, meeting_id)
        async with self.ctx.db.reader() as session:
            saved = await AgendaRepository(session, guild_id).load(meeting_id)
        if saved is not None:
            return saved
        if meeting.is_cancelled:
            return self.template()  # shown, but not created for a meeting that will not happen
        agenda, _ = await self._change(guild_id, meeting_id, lambda old: (old, None), user_id=None)
        # A new agenda starts with the deliverables due before its meeting ("Review of deliverables").
        await self.services.deliverables.fill_agenda(guild_id, meeting)
        async with self.ctx.db.reader() as session:
            return await AgendaRepository(session, guild_id).load(meeting_id) or agenda

    async def save_text(self, guild_id: int, meeting_id: int, text: str, user_id: int | None) -> Agenda:
        """Replace the agenda with pasted text; a parse problem names its line and nothing is saved."""
        pasted = domain.parse_agenda(text)
        agenda, _ = await self._change(guild_id, meeting_id, lambda old: (domain.merge_ids(old, pasted), None),
                                       user_id=user_id)
        return agenda

    async def add(self, guild_id: int, meeting_id: int, title: str, parent: str | None,
                  user_id: int | None) -> tuple[Agenda, str]:
        """Add an item before the closing items, or a sub-item under ``parent``; returns the new label."""
        return await self._change(guild_id, meeting_id, lambda old: domain.add_item(old, title, parent), user_id)

    async def move(self, guild_id: int, meeting_id: int, label: str, position: int,
                   user_id: int | None) -> tuple[Agenda, str]:
        return await self._change(guild_id, meeting_id, lambda old: domain.move_item(old, label, position), user_id)

    async def remove(self, guild_id: int, meeting_id: int, label: str,
                     user_id: int | None) -> tuple[Agenda, AgendaItem]:
        return await self._change(guild_id, meeting_id, lambda old: domain.remove_item(old, label), user_id)

    async def ensure_item(self, guild_id: int, meeting_id: int, title: str, children: list[str]) -> AgendaItem:
        """Find a top-level item by title (any case) or insert it before "Next steps…"/"AOB", then append the
        sub-items it lacks. Used to carry open action items into the next meeting; safe to repeat. A posted
        agenda is updated once the change is committed."""
        agenda, index = await self._change(guild_id, meeting_id, lambda old: domain.ensure_item(old, title, children),
                                           user_id=None)
        await self.ctx.db.after_commit(lambda: self._refresh_posted(guild_id, meeting_id))
        return agenda.items[index]

    async def _refresh_posted(self, guild_id: int, meeting_id: int) -> None:
        if (await self._meeting(guild_id, meeting_id)).agenda_message_ids:
            self.posting.refresh(guild_id, meeting_id)

    async def find(self, guild_id: int, meeting_id: int, label: str) -> tuple[Agenda, str, AgendaItem]:
        """An item by its label ("3", "2b") or title, with the agenda it is on."""
        agenda = await self.get(guild_id, meeting_id)
        found_label, item = find_item(agenda, label)
        return agenda, found_label, item

    async def set_closed(self, guild_id: int, meeting_id: int, label: str, closed: bool,
                         user_id: int | None) -> tuple[Agenda, str, AgendaItem]:
        """Hold an item in closed session (observers leave the voice channel while it is discussed), or not."""
        meeting = await self._meeting(guild_id, meeting_id)
        _agenda, found, item = await self.find(guild_id, meeting_id, label)
        async with self.ctx.db.session() as session:
            repo = AgendaRepository(session, guild_id)
            if not await repo.set_closed(meeting_id, item.id or 0, closed):
                raise NotFound(_("That agenda item was removed meanwhile; pick one from the list."))
        agenda = await self.get(guild_id, meeting_id)
        if meeting.is_live and meeting.current_item_id is not None:
            await self.services.meetings.options.refresh_voice(guild_id, meeting_id)
        return agenda, found, next(i for lbl, i in agenda.numbered() if lbl == found)

    async def add_document(self, guild_id: int, meeting_id: int, label: str, url: str, title: str | None,
                           user_id: int | None) -> tuple[Agenda, str]:
        """Attach a document (a link, or a file attached on Discord) to an item; listed with it in the posted
        agenda and in Annex I of the minutes."""
        link, name = checked_document(url, title)
        meeting = await self._meeting(guild_id, meeting_id)
        if meeting.is_cancelled:
            raise Conflict(_("This meeting was cancelled; its agenda cannot change."))
        _agenda, found, item = await self.find(guild_id, meeting_id, label)
        async with self.ctx.db.session() as session:
            repo = AgendaRepository(session, guild_id)
            if not await repo.has_item(meeting_id, item.id or 0):
                raise NotFound(_("That agenda item was removed meanwhile; pick one from the list."))
            if await repo.document_count(meeting_id, item.id or 0) >= MAX_DOCUMENTS:
                raise InvalidInput(_("Item {item} already has {limit} documents, the most allowed.", item=found,
                                     limit=MAX_DOCUMENTS))
            repo.add_document(meeting_id, item.id or 0, name, link, added_by=user_id, added_at=self.ctx.clock.now())
        return await self.get(guild_id, meeting_id), found

    async def is_closed(self, guild_id: int, meeting_id: int, item_id: int | None) -> bool:
        if item_id is None:
            return False
        return item_id in closed_ids(await self.get(guild_id, meeting_id))

    async def _change(self, guild_id: int, meeting_id: int, edit: Callable[[Agenda], tuple[Agenda, T]],
                      user_id: int | None) -> tuple[Agenda, T]:
        meeting = await self._meeting(guild_id, meeting_id)
        if meeting.is_cancelled:
            raise Conflict(_("“{title}” on {day} was cancelled; its agenda cannot change.", title=meeting.title,
                             day=meeting.start.date().isoformat()))
        async with self.ctx.db.session() as session:
            repo = AgendaRepository(session, guild_id)
            current = await repo.load(meeting_id)
            changed, extra = edit(current if current is not None else self.template())
            length = len(agenda_text(changed))
            if length > MAX_TEXT:
                raise InvalidInput(_("The agenda would be {length} characters long; at most {limit} fit in the "
                                     "editor. Shorten some titles or remove items.", length=format_number(length),
                                     limit=format_number(MAX_TEXT)))
            saved = await repo.save(meeting_id, changed, now=self.ctx.clock.now(), user_id=user_id)
        return saved, extra

    # -- where it is posted ---------------------------------------------------------------------------------------

    async def posted_channel(self, guild_id: int, meeting_id: int) -> int | None:
        async with self.ctx.db.reader() as session:
            return await AgendaRepository(session, guild_id).posted_channel(meeting_id)

    async def set_posted(self, guild_id: int, meeting_id: int, channel_id: int | None, message_ids: list[int]) -> None:
        """Remember where the agenda is posted (the channel here, the messages on the meeting)."""
        await self.get(guild_id, meeting_id)
        async with self.ctx.db.session() as session:
            repo = AgendaRepository(session, guild_id)
            await repo.set_posted_channel(meeting_id, channel_id if message_ids else None)
        await self.services.meetings.set_agenda_messages(guild_id, meeting_id, message_ids)

    async def link(self, guild_id: int, meeting_id: int) -> str | None:
        """A jump link to the posted agenda (for reminders), or None when it was not posted."""
        meeting = await self._meeting(guild_id, meeting_id)
        channel_id = await self.posted_channel(guild_id, meeting_id)
        if channel_id is None or not meeting.agenda_message_ids:
            return None
        return jump_link(guild_id, channel_id, meeting.agenda_message_ids[0])
