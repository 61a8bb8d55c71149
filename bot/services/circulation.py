"""Draft minutes sent round for comments per section for a set period, and the secretariat's reminder when a
meeting still has no published minutes some days after it ended."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.domain.circulation import Comment
from bot.domain.meeting import MeetingInfo
from bot.domain.minutes import clean_entry_text
from bot.errors import Conflict, InvalidInput, NotFound
from bot.i18n import _
from bot.render import circulation as text
from bot.render.discord_text import jump_link, ts
from bot.render.minutes_text import Section, sections
from bot.services.context import ServiceContext
from bot.services.minutes import Draft
from bot.services.ports import CirculationBoard, CirculationCard, NoCirculationBoard
from bot.services.reminders import ReminderJob, SkipReminder
from storage.repositories.circulation import CirculationRepository, OverdueQueue

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

CLOSE_KIND = "minutes.comments"
OVERDUE_KIND = "minutes.overdue"
SWEEP_JOB = "minutes:overdue-sweep"
MAX_COMMENT = 1500
LOOK_BACK = timedelta(days=30)  # older meetings are not chased (e.g. when convener is first installed)


@dataclass(frozen=True)
class CirculationInfo:
    id: int
    meeting: MeetingInfo
    version: int
    closes_at: datetime
    channel_id: int | None
    sections: tuple[Section, ...]

    def is_open(self, now: datetime) -> bool:
        return now < self.closes_at


class CirculationService:
    def __init__(self, ctx: ServiceContext, services: Services, board: CirculationBoard | None = None) -> None:
        self.ctx = ctx
        self.services = services
        self.board = board or NoCirculationBoard()

    async def start(self) -> None:
        self.services.reminders.register(CLOSE_KIND, self.handle_close)
        self.services.reminders.register(OVERDUE_KIND, self.handle_overdue)
        if self.ctx.config.drafting.minutes_overdue_after and self.ctx.timer.running:
            await self.sweep_overdue()
            self.ctx.timer.call_every(SWEEP_JOB, timedelta(hours=1), self.sweep_overdue)

    # -- sending round ----------------------------------------------------------------------------------------

    async def circulate(self, guild_id: int, meeting_id: int, *, period: timedelta | None, channel_id: int,
                        by: int) -> tuple[CirculationInfo, str]:
        """Send the current draft (drafted now if there is none) round until ``now + period``: post it in
        ``channel_id`` with its Comment button. Returns the circulation and the link to the posted message."""
        info, draft = await self._open(guild_id, meeting_id, period=period, channel_id=channel_id, by=by)
        card = CirculationCard(info.id, text.sent(info.meeting.label(), draft.version, ts(info.closes_at, "f")),
                               tuple(draft.files()[:1]))
        message_id = await self.board.post_circulation(channel_id, card)
        await self.attach_message(guild_id, info.id, message_id)
        return info, jump_link(guild_id, channel_id, message_id)

    async def _open(self, guild_id: int, meeting_id: int, *, period: timedelta | None, channel_id: int,
                    by: int) -> tuple[CirculationInfo, Draft]:
        minutes = self.services.minutes
        await minutes.ensure_editable(guild_id, meeting_id)
        draft = await minutes.current(guild_id, meeting_id) or await minutes.draft(guild_id, meeting_id, by)
        period = period or self.ctx.config.drafting.comment_period
        if not timedelta(hours=1) <= period <= timedelta(days=90):
            raise InvalidInput(_(text.BAD_PERIOD))
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            circulation_id = await CirculationRepository(session, guild_id).add(
                meeting_id, draft.version, channel_id, now + period, by, now)
            reminder_id = await self.services.reminders.add_in(session, guild_id, CLOSE_KIND, now + period,
                                                               ref_id=circulation_id, channel_id=channel_id)
        self.services.reminders.arm(reminder_id, now + period)
        return await self.get(guild_id, circulation_id), draft

    async def attach_message(self, guild_id: int, circulation_id: int, message_id: int) -> None:
        async with self.ctx.db.session() as session:
            await CirculationRepository(session, guild_id).set_message(circulation_id, message_id)

    async def get(self, guild_id: int, circulation_id: int) -> CirculationInfo:
        async with self.ctx.db.reader() as session:
            repo = CirculationRepository(session, guild_id)
            row = await repo.get(circulation_id)
            if row is None:
                raise NotFound(_(text.NOT_FOUND))
            markdown = await repo.version_text(row.meeting_id, row.version) or ""
        meeting = await self.services.meetings.get(guild_id, row.meeting_id)
        return CirculationInfo(row.id, meeting, row.version, row.closes_at, row.channel_id,
                               tuple(sections(markdown)))

    # -- comments ---------------------------------------------------------------------------------------------

    async def open_for_comments(self, guild_id: int, circulation_id: int) -> CirculationInfo:
        info = await self.get(guild_id, circulation_id)
        if not info.is_open(self.ctx.clock.now()):
            raise Conflict(_(text.CLOSED, when=ts(info.closes_at, "f")))
        await self.services.minutes.ensure_editable(guild_id, info.meeting.id)
        return info

    async def comment(self, guild_id: int, circulation_id: int, section_index: int, body: str, *, author_id: int,
                      author_name: str) -> Comment:
        info = await self.open_for_comments(guild_id, circulation_id)
        if not 0 <= section_index < len(info.sections):
            raise NotFound(_(text.NO_SECTION))
        clean = clean_entry_text(body, "comment")
        if len(clean) > MAX_COMMENT:
            raise InvalidInput(_(text.TOO_LONG, length=len(clean), limit=MAX_COMMENT))
        profile = await self.services.profiles.get(guild_id, author_id)
        name = (profile.display_name or author_name)[:100]
        heading = info.sections[section_index].heading[:200]
        now = self.ctx.clock.now()
        comment = Comment(heading, clean, name, now)
        async with self.ctx.db.session() as session:
            CirculationRepository(session, guild_id).add_comment(circulation_id, section_index, comment, author_id)
        return comment

    async def comments(self, guild_id: int, meeting_id: int) -> tuple[Draft, list[tuple[Section, list[Comment]]],
                                                                      list[Comment]]:
        """The current draft's sections with the comments made on them (matched by heading, so comments on an
        earlier version still sit beside their section), and comments whose section no longer exists."""
        draft, found = await self.services.minutes.sections(guild_id, meeting_id)
        async with self.ctx.db.reader() as session:
            remarks = await CirculationRepository(session, guild_id).comments(meeting_id)
        if not remarks:
            raise NotFound(_(text.NO_COMMENTS))
        headings = {s.heading for s in found}
        beside = [(s, [c for c in remarks if c.section_heading == s.heading]) for s in found]
        return draft, [(s, cs) for s, cs in beside if cs], [c for c in remarks if c.section_heading not in headings]

    async def handle_close(self, job: ReminderJob) -> None:
        if job.ref_id is None or job.channel_id is None:
            raise SkipReminder("no circulation or channel")
        try:
            info = await self.get(job.guild_id, job.ref_id)
        except NotFound as exc:
            raise SkipReminder("the circulation is gone") from exc
        async with self.ctx.db.reader() as session:
            count = await CirculationRepository(session, job.guild_id).count_comments(info.id)
        await self.ctx.outbox.send(job.channel_id, text.period_closed(info.meeting.label(), count))

    # -- overdue minutes ----------------------------------------------------------------------------------------

    async def sweep_overdue(self) -> int:
        """Queue one reminder per meeting that ended ``minutes_overdue_after`` ago without published minutes."""
        after = self.ctx.config.drafting.minutes_overdue_after
        if not after:
            return 0
        now = self.ctx.clock.now()
        queued: list[tuple[int, datetime]] = []
        async with self.ctx.db.session() as session:
            queue = OverdueQueue(session)
            for guild_id, meeting_id in await queue.unnoticed(now - after - LOOK_BACK, now - after):
                if await queue.mark(guild_id, meeting_id, now):
                    reminder_id = await self.services.reminders.add_in(session, guild_id, OVERDUE_KIND, now,
                                                                       ref_id=meeting_id)
                    queued.append((reminder_id, now))
        for reminder_id, at in queued:
            self.services.reminders.arm(reminder_id, at)
        return len(queued)

    async def handle_overdue(self, job: ReminderJob) -> None:
        if job.ref_id is None:
            raise SkipReminder("no meeting")
        try:
            meeting = await self.services.meetings.get(job.guild_id, job.ref_id)
            await self.services.minutes.ensure_editable(job.guild_id, meeting.id)
        except (NotFound, Conflict) as exc:
            raise SkipReminder("published or gone") from exc
        if meeting.status.is_over:
            raise SkipReminder(f"meeting {meeting.id} is {meeting.status}")
        setup = await self.services.settings.get(job.guild_id)
        role_ids = setup.role_map.get("secretariat") or []
        channel_id = await self.services.minutes.minutes_channel(job.guild_id, meeting)
        days = self.ctx.config.drafting.minutes_overdue_after.days
        has_draft = await self.services.minutes.current(job.guild_id, meeting.id) is not None
        content = text.overdue(meeting.label(), days, has_draft, role_ids[0] if role_ids else None)
        await self.ctx.outbox.send(channel_id, content, mention_role_id=role_ids[0] if role_ids else None)
