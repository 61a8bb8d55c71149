"""Deliverables: issue papers and reports owned by a person or a drafting group, moving through stages with a
deadline each, reminders to the owners before each deadline, versions (a link or an attachment), a
"Review of deliverables" item on the next plenary agenda, and their status in the minutes."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.domain import deliverables as dl
from bot.domain.dates import read_day, read_zone
from bot.domain.deliverables import Deliverable, Version
from bot.domain.meeting import MeetingInfo
from bot.errors import Forbidden, InvalidInput, NotFound
from bot.i18n import _, current, using
from bot.render import deliverables as text
from bot.services.context import ServiceContext
from bot.services.profiles import clean_text
from bot.services.reminders import ReminderJob, SkipReminder
from storage.db import Session
from storage.repositories.deliverables import DeliverableRepository

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

DEADLINE_KIND = "deliverable.deadline"
REVIEW_ITEM = "Review of deliverables"  # an agenda item found again by its title: not translated
MAX_ON_AGENDA = 26  # sub-items a to z


class DeliverableService:
    def __init__(self, ctx: ServiceContext, services: Services) -> None:
        self.ctx = ctx
        self.services = services

    async def start(self) -> None:
        self.services.reminders.register(DEADLINE_KIND, self.handle_deadline)

    # -- reading ----------------------------------------------------------------------------------------------

    async def get(self, guild_id: int, deliverable_id: int) -> Deliverable:
        async with self.ctx.db.reader() as session:
            found = await DeliverableRepository(session, guild_id).get(deliverable_id)
        if found is None:
            raise NotFound(_(text.NOT_FOUND, id=deliverable_id))
        return found

    async def search(self, guild_id: int, typed: str = "", *, open_only: bool = False,
                     group_id: int | None = None) -> list[Deliverable]:
        async with self.ctx.db.reader() as session:
            return await DeliverableRepository(session, guild_id).search(typed, open_only=open_only,
                                                                         group_id=group_id)

    async def _zone(self, guild_id: int, owner_id: int | None) -> str:
        if owner_id is not None:
            return await self.services.profiles.timezone_of(guild_id, owner_id)
        return (await self.services.settings.get(guild_id)).timezone

    async def _day_reader(self, guild_id: int, user_id: int | None, zone: str) -> Callable[[str], date]:
        """Deadlines are read like every date (bot.domain.dates), in the owner's zone: days from today on."""
        now, tz = self.ctx.clock.now(), read_zone(zone)
        languages = await self.services.dates.languages(guild_id, user_id)
        return lambda raw: read_day(raw, now=now, zone=tz, languages=languages).day

    # -- changing ---------------------------------------------------------------------------------------------

    async def create(self, guild_id: int, *, title: str, kind: str, created_by: int, channel_id: int | None,
                     owner_id: int | None = None, owner_name: str | None = None, group_id: int | None = None,
                     deadlines: Mapping[str, str | None] | None = None) -> Deliverable:
        """A new deliverable at the outline stage, owned by a member or a drafting group (the creator if neither)."""
        clean = clean_text(title, "title", dl.MAX_TITLE)
        if kind not in dl.KINDS:
            raise InvalidInput(_(text.BAD_KIND, kinds=", ".join(dl.KINDS)))
        if owner_id is not None and group_id is not None:
            raise InvalidInput(_(text.ONE_OWNER))
        if group_id is not None:
            group = await self.services.groups.get(guild_id, group_id)
            owner_name, channel_id = group.name, group.thread_id or channel_id
        elif owner_id is None:
            owner_id = created_by
        if owner_id is not None:
            profile = await self.services.profiles.get(guild_id, owner_id)
            owner_name = profile.display_name or owner_name or _(text.A_MEMBER)
        zone = await self._zone(guild_id, owner_id)
        parsed = dl.parse_deadlines(deadlines or {}, await self._day_reader(guild_id, created_by, zone))
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            added = await DeliverableRepository(session, guild_id).add(
                clean, kind, owner_id, (owner_name or "")[:100], group_id, parsed, channel_id, created_by, now)
            armed = await self._schedule(session, added, zone, now)
            deliverable_id = added.id
        self._arm(armed)
        deliverable = await self.get(guild_id, deliverable_id)
        await self._to_agenda(guild_id, deliverable, zone)
        return deliverable

    async def set_deadline(self, guild_id: int, deliverable_id: int, stage: str, due: str | None, *,
                           actor_id: int, is_chair: bool) -> Deliverable:
        """Set (or, with no date, clear) one stage's deadline; the reminders follow."""
        stage = dl.check_stage(stage)
        current = await self._editable(guild_id, deliverable_id, actor_id, is_chair)
        zone = await self._zone(guild_id, current.owner_id)
        deadlines = dict(current.deadlines)
        if due:
            deadlines[stage] = (await self._day_reader(guild_id, actor_id, zone))(due)
        else:
            deadlines.pop(stage, None)
        dl.check_order(deadlines)
        return await self._update(guild_id, deliverable_id, zone, deadlines=deadlines)

    async def move(self, guild_id: int, deliverable_id: int, stage: str, *, actor_id: int,
                   is_chair: bool) -> Deliverable:
        stage = dl.check_stage(stage)
        current = await self._editable(guild_id, deliverable_id, actor_id, is_chair)
        dl.check_transition(current.stage, stage, is_chair=is_chair)
        zone = await self._zone(guild_id, current.owner_id)
        return await self._update(guild_id, deliverable_id, zone, stage=stage)

    async def add_version(self, guild_id: int, deliverable_id: int, *, link: str | None, filename: str | None,
                          note: str | None, actor_id: int, is_chair: bool) -> Version:
        current = await self._editable(guild_id, deliverable_id, actor_id, is_chair)
        if not link:
            raise InvalidInput(_(text.VERSION_NEEDS_LINK))
        url = dl.check_document_link(link)
        clean_note = clean_text(note, "note", 500) if note and note.strip() else None
        async with self.ctx.db.session() as session:
            return await DeliverableRepository(session, guild_id).add_version(
                deliverable_id, current.stage, url, filename or None, clean_note, actor_id, self.ctx.clock.now())

    async def _editable(self, guild_id: int, deliverable_id: int, actor_id: int, is_chair: bool) -> Deliverable:
        current = await self.get(guild_id, deliverable_id)
        if is_chair or actor_id == current.owner_id:
            return current
        if current.group_id is not None:
            group = await self.services.groups.get(guild_id, current.group_id)
            if actor_id in group.members:
                return current
        raise Forbidden(_(text.OWNERS_ONLY, title=current.title, owner=current.owner_name))

    async def _update(self, guild_id: int, deliverable_id: int, zone: str, *, stage: str | None = None,
                      deadlines: Mapping[str, date] | None = None) -> Deliverable:
        await self.services.reminders.cancel(guild_id, [DEADLINE_KIND], deliverable_id)
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            updated = await DeliverableRepository(session, guild_id).update(deliverable_id, now, stage=stage,
                                                                            deadlines=deadlines)
            if updated is None:
                raise NotFound(_(text.NOT_FOUND, id=deliverable_id))
            armed = await self._schedule(session, updated, zone, now)
        self._arm(armed)
        deliverable = await self.get(guild_id, deliverable_id)
        await self._to_agenda(guild_id, deliverable, zone)
        return deliverable

    async def _schedule(self, session: Session, item: Deliverable, zone: str,
                        now: datetime) -> list[tuple[int, datetime]]:
        """Reminders before the deadline of every stage still ahead, inside the caller's unit of work."""
        armed = []
        offsets = self.ctx.config.drafting.deadline_reminders
        ahead = dl.STAGES[dl.STAGES.index(item.stage) + 1:]
        for stage in ahead:
            if stage not in item.deadlines:
                continue
            for at in dl.reminder_times(item.deadlines[stage], zone, offsets, now):
                reminder_id = await self.services.reminders.add_in(
                    session, item.guild_id, DEADLINE_KIND, at, ref_id=item.id, channel_id=item.channel_id, text=stage)
                armed.append((reminder_id, at))
        return armed

    def _arm(self, armed: list[tuple[int, datetime]]) -> None:
        for reminder_id, at in armed:
            self.services.reminders.arm(reminder_id, at)

    # -- reminders --------------------------------------------------------------------------------------------

    async def handle_deadline(self, job: ReminderJob) -> None:
        if job.ref_id is None or job.text not in dl.STAGES:
            raise SkipReminder("no deliverable or stage")
        try:
            item = await self.get(job.guild_id, job.ref_id)
        except NotFound as exc:
            raise SkipReminder("the deliverable is gone") from exc
        if dl.STAGES.index(item.stage) >= dl.STAGES.index(job.text) or job.text not in item.deadlines:
            raise SkipReminder(f"deliverable {item.id} is already at {item.stage}")
        users = [item.owner_id] if item.owner_id is not None else []
        if item.group_id is not None:
            users = list((await self.services.groups.get(job.guild_id, item.group_id)).members)
        if job.channel_id is not None:
            await self.ctx.outbox.send(job.channel_id, text.reminder(item, job.text, users),
                                       mention_user_ids=users[:50])
        elif item.owner_id is not None:
            # A direct message: in the owner's /profile language; the handler runs in the server's.
            with using(await self.services.profiles.language_of(job.guild_id, item.owner_id, current())):
                content = text.reminder(item, job.text, users)
            await self.ctx.outbox.dm(item.owner_id, content)
        else:
            raise SkipReminder("nowhere to post: no channel and no owner on Discord")

    # -- agendas and minutes ----------------------------------------------------------------------------------

    async def _plenary_after(self, guild_id: int, moment: datetime) -> MeetingInfo | None:
        for meeting in await self.services.meetings.upcoming(guild_id, limit=25):
            if meeting.start >= moment and await self.services.groups.members_of_thread(
                    guild_id, meeting.channel_id) is None:
                return meeting
        return None

    async def _to_agenda(self, guild_id: int, item: Deliverable, zone: str) -> None:
        """Put the deliverable under "Review of deliverables" at the first plenary after its next deadline."""
        upcoming = item.next_deadline()
        if upcoming is None:
            return
        meeting = await self._plenary_after(guild_id, dl.deadline_moment(upcoming[1], zone))
        if meeting is not None:
            await self.services.agendas.ensure_item(guild_id, meeting.id, REVIEW_ITEM, [item.agenda_title()])

    async def due_before(self, guild_id: int, meeting: MeetingInfo) -> list[Deliverable]:
        """Open deliverables whose next deadline falls before the meeting starts (plenary meetings only)."""
        if await self.services.groups.members_of_thread(guild_id, meeting.channel_id) is not None:
            return []
        zone = (await self.services.settings.get(guild_id)).timezone
        found = []
        for item in await self.search(guild_id, open_only=True):
            upcoming = item.next_deadline()
            if upcoming is not None and dl.deadline_moment(upcoming[1], zone) <= meeting.start:
                found.append(item)
        return found[:MAX_ON_AGENDA]

    async def fill_agenda(self, guild_id: int, meeting: MeetingInfo) -> None:
        """A new agenda starts with the deliverables due before its meeting."""
        due = await self.due_before(guild_id, meeting)
        if due:
            await self.services.agendas.ensure_item(guild_id, meeting.id, REVIEW_ITEM, [d.agenda_title() for d in due])

    async def on_agenda(self, guild_id: int, titles: list[str]) -> list[Deliverable]:
        """The deliverables among an agenda's sub-item titles (for the status table in the minutes)."""
        wanted = set(titles)
        return [d for d in await self.search(guild_id) if d.agenda_title() in wanted]
