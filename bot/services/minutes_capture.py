"""Capture during the live meeting: the current agenda item, notes, decisions, actions, and their edits."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.domain.agenda import Agenda, AgendaItem
from bot.domain.agenda_input import closed_ids
from bot.domain.meeting import MeetingInfo
from bot.domain.minutes import (
    ACTION,
    DECISION,
    ENTRY_KINDS,
    MAX_OWNER,
    NOTE,
    Entry,
    Owner,
    clean_entry_text,
    find_item,
    item_choices,
    step,
)
from bot.errors import Conflict, InvalidInput, NotFound
from bot.i18n import N_, _
from bot.services.context import ServiceContext
from bot.services.profiles import clean_text
from storage.repositories.minutes import MinutesRepository

if TYPE_CHECKING:
    from bot.services import Services

NOT_LIVE = (N_("No meeting is live right now. Notes, decisions and actions are captured between `/meeting start` "
            "and `/meeting end`; after the meeting, edit the draft with `/minutes edit` or `/minutes upload`."))


@dataclass(frozen=True)
class Position:
    """Where the live meeting is on its agenda."""

    meeting: MeetingInfo
    label: str | None
    item: AgendaItem | None
    # "closed": the meeting just moved into a closed session (observers leave); "open": it just came out of one.
    session: str | None = None


@dataclass(frozen=True)
class Captured:
    entry: Entry
    position: Position
    notes: tuple[str, ...] = ()  # what was assumed in a typed due date (e.g. which year)


class CaptureDesk:
    def __init__(self, ctx: ServiceContext, services: Services,
                 ensure_editable: Callable[[int, int], Awaitable[None]]) -> None:
        self.ctx = ctx
        self.services = services
        self.ensure_editable = ensure_editable

    # -- the current item ---------------------------------------------------------------------------------------

    async def live(self, guild_id: int) -> MeetingInfo:
        meeting = await self.services.meetings.live(guild_id)
        if meeting is None:
            raise Conflict(_(NOT_LIVE))
        return meeting

    async def _agenda(self, guild_id: int, meeting: MeetingInfo) -> Agenda:
        agenda: Agenda = await self.services.agendas.get(guild_id, meeting.id)
        return agenda

    async def position(self, guild_id: int) -> Position:
        meeting = await self.live(guild_id)
        agenda = await self._agenda(guild_id, meeting)
        current = meeting.current_item_id
        found = next(((lbl, it) for lbl, it in agenda.numbered() if current is not None and it.id == current), None)
        return Position(meeting, *(found or (None, None)))

    async def next_item(self, guild_id: int) -> Position:
        meeting = await self.live(guild_id)
        agenda = await self._agenda(guild_id, meeting)
        label, item = step(agenda, meeting.current_item_id)
        return await self._move(guild_id, meeting, agenda, label, item)

    async def goto_item(self, guild_id: int, ref: str) -> Position:
        meeting = await self.live(guild_id)
        agenda = await self._agenda(guild_id, meeting)
        label, item = find_item(agenda, ref)
        return await self._move(guild_id, meeting, agenda, label, item)

    async def _move(self, guild_id: int, meeting: MeetingInfo, agenda: Agenda, label: str,
                    item: AgendaItem) -> Position:
        closed = closed_ids(agenda)
        was, now = meeting.current_item_id in closed, item.id in closed
        await self.services.meetings.set_current_item(guild_id, meeting.id, item.id, session_changed=was != now)
        return Position(meeting, label, item, None if was == now else "closed" if now else "open")

    async def item_choices(self, guild_id: int, typed: str) -> list[tuple[str, str]]:
        meeting = await self.services.meetings.live(guild_id)
        if meeting is None:
            return []
        return item_choices(await self._agenda(guild_id, meeting), typed, meeting.current_item_id)

    # -- capturing ----------------------------------------------------------------------------------------------

    async def _target(self, guild_id: int, item: str | None) -> Position:
        if item is None or not item.strip():
            return await self.position(guild_id)
        meeting = await self.live(guild_id)
        label, found = find_item(await self._agenda(guild_id, meeting), item)
        return Position(meeting, label, found)

    async def add(self, guild_id: int, kind: str, author_id: int, text: str, *, item: str | None = None,
                  owner: Owner | None = None, due: str | None = None) -> Captured:
        """File a note, decision or action under ``item`` (a label or title) or the current item."""
        if kind not in ENTRY_KINDS:
            raise InvalidInput(_("`{kind}` is not something the minutes capture; use one of {kinds}.", kind=kind,
                                 kinds=", ".join(ENTRY_KINDS)))
        body = clean_entry_text(text, f"{kind}'s text")
        owner_id, owner_name, due_date = None, None, None
        notes: tuple[str, ...] = ()
        if kind == ACTION:
            if owner is None:
                raise InvalidInput(_("An action needs an owner: a member or a name such as `Drafting group`."))
            owner_id, owner_name = await self._owner(guild_id, owner)
            due_date, notes = await self._due(guild_id, author_id, due)
        where = await self._target(guild_id, item)
        async with self.ctx.db.session() as session:
            entry = await MinutesRepository(session, guild_id).add_entry(
                where.meeting.id, where.item.id if where.item else None, kind, body, author_id, self.ctx.clock.now(),
                owner_id=owner_id, owner_name=owner_name, due=due_date)
        return Captured(entry, where, notes)

    async def add_note(self, guild_id: int, author_id: int, text: str, item: str | None = None) -> Captured:
        return await self.add(guild_id, NOTE, author_id, text, item=item)

    async def add_decision(self, guild_id: int, author_id: int, text: str, item: str | None = None) -> Captured:
        return await self.add(guild_id, DECISION, author_id, text, item=item)

    async def add_action(self, guild_id: int, author_id: int, text: str, owner: Owner, due: str | None,
                         item: str | None = None) -> Captured:
        return await self.add(guild_id, ACTION, author_id, text, item=item, owner=owner, due=due)

    async def add_message(self, guild_id: int, author_id: int, message_id: int, content: str,
                          speaker: Owner) -> Captured:
        """A Discord message filed as a note under the current item, credited to whoever wrote it."""
        body = clean_entry_text(content, "message's text (messages with only attachments or embeds cannot be added)")
        where = await self.position(guild_id)
        _owner_id, credit = await self._owner(guild_id, speaker)
        async with self.ctx.db.reader() as session:
            existing = await MinutesRepository(session, guild_id).entry_for_message(where.meeting.id, message_id)
        if existing is not None:
            raise Conflict(_("That message is already in the minutes (entry #{id}).", id=existing.id))
        async with self.ctx.db.session() as session:
            entry = await MinutesRepository(session, guild_id).add_entry(
                where.meeting.id, where.item.id if where.item else None, NOTE, body, author_id, self.ctx.clock.now(),
                credit=credit, credit_id=speaker.user_id, source_message_id=message_id)
        return Captured(entry, where)

    async def _owner(self, guild_id: int, owner: Owner) -> tuple[int | None, str]:
        """A member's name as they chose it for minutes (``/profile name``), else the name given."""
        if owner.user_id is not None:
            profile = await self.services.profiles.get(guild_id, owner.user_id)
            if profile.display_name:
                return owner.user_id, profile.display_name
        return owner.user_id, clean_text(owner.name, "owner", MAX_OWNER)

    async def _due(self, guild_id: int, user_id: int, text: str | None) -> tuple[date | None, tuple[str, ...]]:
        """A due date read in the member's zone, with what was assumed; nothing typed means no due date."""
        if text is None or not text.strip():
            return None, ()
        reading = await self.services.dates.day(guild_id, user_id, text)
        return reading.day, reading.notes

    # -- reviewing and editing ------------------------------------------------------------------------------------

    async def entries(self, guild_id: int, meeting_id: int) -> list[Entry]:
        async with self.ctx.db.reader() as session:
            return await MinutesRepository(session, guild_id).entries(meeting_id)

    async def entry(self, guild_id: int, entry_id: int) -> Entry:
        async with self.ctx.db.reader() as session:
            found = await MinutesRepository(session, guild_id).entry(entry_id)
        if found is None:
            raise NotFound(_("There is no minutes entry #{id} in this server.", id=entry_id))
        return found

    async def edit(self, guild_id: int, entry_id: int, editor_id: int, text: str, *, owner: Owner | None = None,
                   due: str | None = None) -> Entry:
        """Change an entry's text (and, for actions, owner and due date; an empty due date clears it)."""
        current = await self.entry(guild_id, entry_id)
        await self.ensure_editable(guild_id, current.meeting_id)
        body = clean_entry_text(text, f"{current.kind}'s text")
        owner_id, owner_name, due_date = current.owner_id, current.owner_name, current.due
        if current.kind == ACTION:
            if owner is not None and owner.name.strip() and owner.name.strip() != current.owner_name:
                owner_id, owner_name = await self._owner(guild_id, owner)
            if due is not None:
                due_date = (await self._due(guild_id, editor_id, due))[0]
        async with self.ctx.db.session() as session:
            edited = await MinutesRepository(session, guild_id).edit_entry(
                entry_id, body, owner_id, owner_name, due_date, self.ctx.clock.now())
        if edited is None:
            raise NotFound(_("Minutes entry #{id} was dropped meanwhile.", id=entry_id))
        return edited

    async def drop(self, guild_id: int, entry_id: int) -> Entry:
        current = await self.entry(guild_id, entry_id)
        await self.ensure_editable(guild_id, current.meeting_id)
        async with self.ctx.db.session() as session:
            await MinutesRepository(session, guild_id).delete_entry(entry_id)
        return current
