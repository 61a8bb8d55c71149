"""What meetings do later: reminders before them, automatic start, and growing recurring series."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.domain.meeting import MeetingInfo, SeriesInfo, automatic_end, end_check_at
from bot.domain.reach import offset_of
from bot.domain.recurrence import iter_after
from bot.domain.rollcall import APOLOGIES
from bot.errors import UserError
from bot.render.meeting import ended_text, live_text, reminder_text
from bot.render.reach import meeting_dm, mention_chunks
from bot.services.fanout import Audience
from bot.services.meeting_events import queue_sync
from bot.services.meeting_rows import AfterCommit, member_role
from bot.services.reminders import ReminderJob, SkipReminder
from bot.services.settings import GuildSetup
from storage.db import Session
from storage.repositories.meetings import MeetingMaintenance, MeetingRepository
from storage.repositories.reminders import ReminderRepository

if TYPE_CHECKING:
    from bot.services.meetings import MeetingService

log = logging.getLogger(__name__)

EXTEND_KIND = "series.extend"
END_KIND = "meeting.end"
REMINDER_KINDS = ["meeting", "meeting.start", END_KIND]  # what a meeting's schedule sets up
# A meeting still "live" this long after its planned end is ended even if someone never left the voice channel
# (a missed leave event, or a forgotten open microphone).
MAX_OVERRUN = timedelta(hours=6)

LiveListener = Callable[[MeetingInfo], Awaitable[None]]
# Guards against rules whose next occurrence lies absurdly far away after long downtime.
MAX_SKIPPED = 5000


async def materialize(service: MeetingService, session: Session, series: SeriesInfo, now: datetime,
                      setup: GuildSetup, todo: AfterCommit) -> list[MeetingInfo]:
    """Add occurrences until ``series_horizon`` of them lie ahead, then keep one ``series.extend`` reminder at
    the next occurrence's start (when it passes, one more is added). Occurrences missed while the bot was down
    keep their numbers but get no rows."""
    repo = MeetingRepository(session, series.guild_id)
    if series.cancelled or not series.rule:
        return []
    ahead = await repo.upcoming_in_series(series.id, now)
    missing = service.ctx.config.meetings.series_horizon - len(ahead)
    created: list[MeetingInfo] = []
    if missing > 0:
        last = await repo.last_in_series(series.id)
        number = (last.number or 0) if last else 0
        occurrences = iter_after(series.rule, series.dtstart_local, series.timezone,
                                 last.recurrence_id if last else None)
        for skipped, start in enumerate(occurrences):
            number += 1
            if start <= now:
                if skipped > MAX_SKIPPED:
                    break
                continue
            meeting = await repo.create(
                series_id=series.id, number=number, title=series.title, start=start,
                end=start + timedelta(minutes=series.duration_minutes), timezone=series.timezone,
                channel_id=series.channel_id, voice_channel_id=series.voice_channel_id, link=series.link,
                ics_uid=series.ics_uid, recurrence_id=start, created_by=series.created_by, created_at=now,
                mode=series.mode,
            )
            await service.replan(session, meeting, setup, now, todo)
            created.append(meeting)
            if len(created) >= missing:
                break
    await _keep_extender(service, session, series, [*ahead, *created], todo)
    return created


async def _keep_extender(service: MeetingService, session: Session, series: SeriesInfo, ahead: list[MeetingInfo],
                         todo: AfterCommit) -> None:
    reminders = ReminderRepository(session, series.guild_id)
    due = min((m.start for m in ahead), default=None)
    pending = await reminders.pending_for(EXTEND_KIND, series.id)
    if due is not None and len(pending) == 1 and pending[0].due_at == due:
        return
    todo.disarm += await reminders.cancel([EXTEND_KIND], series.id)
    if due is not None:
        rid = await service.services.reminders.add_in(session, series.guild_id, EXTEND_KIND, due, ref_id=series.id)
        todo.arm.append((rid, due))


class MeetingJobs:
    """Reminder handlers of the meetings feature."""

    def __init__(self, service: MeetingService) -> None:
        self.service = service
        self.live_listeners: list[LiveListener] = []

    def on_live(self, listener: LiveListener) -> None:
        """Call ``listener`` whenever a meeting goes live (the roll call then records who is already in voice)."""
        self.live_listeners.append(listener)

    async def went_live(self, meeting: MeetingInfo) -> MeetingInfo:
        for listener in self.live_listeners:
            try:
                await listener(meeting)
            except Exception:
                # The meeting is live either way; a listener's trouble must not undo or hide that.
                log.exception("guild %s: a live-meeting listener failed for meeting %s", meeting.guild_id, meeting.id)
        return meeting

    async def plan_end(self, session: Session, meeting: MeetingInfo, now: datetime, todo: AfterCommit) -> None:
        """When a meeting goes live: the ``meeting.end`` job that ends it if nobody does (``meetings.auto_end``)."""
        config = self.service.ctx.config.meetings
        if not config.auto_end:
            return
        due = end_check_at(meeting.start, meeting.end, now, config.auto_end_after)
        rid = await self.service.services.reminders.add_in(session, meeting.guild_id, END_KIND, due,
                                                           ref_id=meeting.id)
        todo.arm.append((rid, due))

    async def _channel(self, guild_id: int, meeting: MeetingInfo) -> int | None:
        setup = await self.service.services.settings.get(guild_id)
        return meeting.channel_id or setup.announcements_channel_id

    async def maintain(self) -> None:
        """Start-up: extend every active series and re-queue Discord events that are out of step."""
        service = self.service
        now = service.ctx.clock.now()
        async with service.ctx.db.reader() as session:
            series = await MeetingMaintenance(session).active_series()
            lagging = await MeetingMaintenance(session).out_of_sync(now)
        for guild_id, series_id in series:
            try:
                await service.extend_series(guild_id, series_id)
            except Exception:
                # e.g. another process extending the same series at the same moment (unique occurrence
                # numbers): its `series.extend` reminder will finish the job; start-up must go on.
                log.exception("guild %s: could not extend series %s at start-up", guild_id, series_id)
        for guild_id, meeting_id in lagging:
            async with service.ctx.db.session() as session:
                sync_id = await queue_sync(session, service, guild_id, meeting_id, now)
            service.services.reminders.arm(sync_id, now)

    async def remind(self, job: ReminderJob) -> None:
        """Kind ``meeting``: the text is built now, from the meeting as it is now."""
        if job.ref_id is None:
            raise SkipReminder("no meeting")
        service = self.service
        try:
            meeting = await service.get(job.guild_id, job.ref_id)
        except UserError as exc:
            raise SkipReminder(exc.message) from exc
        now = service.ctx.clock.now()
        if not meeting.status.is_active or now >= meeting.end:
            raise SkipReminder(f"meeting {meeting.id} is {meeting.status}")
        async with service.ctx.db.reader() as session:
            # After downtime the 24 h and the 1 h reminder can fall due together: only the later one is posted.
            if await ReminderRepository(session, job.guild_id).later_one_due("meeting", meeting.id, job.due_at, now):
                raise SkipReminder("a later reminder for this meeting is due as well")
        setup = await service.services.settings.get(job.guild_id)
        channel_id = await self._channel(job.guild_id, meeting)
        if channel_id is None:
            raise SkipReminder("no channel: the meeting has none and no announcements channel is set up")
        audience = await self._audience(job, meeting, setup, channel_id)
        if audience is not None:
            await service.services.reach.deliver(job, audience)
            return
        # Nobody is known to be expected (no Member role): an announcement in the channel, at the server's offsets.
        offset = offset_of(job.text)
        if offset is not None and offset not in setup.meeting_offsets:
            raise SkipReminder("a member's own offset, and nobody is known to be expected")
        role_id = member_role(setup)
        text = reminder_text(meeting, agenda_channel_id=channel_id, role_id=role_id)
        await service.ctx.outbox.send(channel_id, text, mention_role_id=role_id)

    async def _audience(self, job: ReminderJob, meeting: MeetingInfo, setup: GuildSetup,
                        channel_id: int) -> Audience | None:
        """Those expected at the meeting minus apologies: a drafting group's members (the meeting is in its
        private thread), else the Member role or the role its poll expected; None when nobody is known."""
        services = self.service.services
        role_id = None
        expected = await services.groups.members_of_thread(job.guild_id, channel_id)
        if expected is None:
            if meeting.poll_id is not None:
                with contextlib.suppress(UserError):
                    role_id = (await services.polls.get(job.guild_id, meeting.poll_id)).expected_role_id
            expected = await services.polls.board.expected_members(job.guild_id, role_id)
            if expected is None:
                return None
            role_id = role_id or member_role(setup)
            role_text: str | None = reminder_text(meeting, agenda_channel_id=channel_id, role_id=role_id)
        else:
            role_text = None  # a group is mentioned member by member
        apologies = {p.user_id for p in await services.rollcall.participants(job.guild_id, meeting.id)
                     if p.status == APOLOGIES}
        recipients = await services.reach.recipients(job, set(expected) - apologies, setup.meeting_offsets)
        plain = reminder_text(meeting, agenda_channel_id=channel_id, role_id=None)
        return Audience(
            recipients, lambda: meeting_dm(meeting, group=setup.group_name, agenda_channel_id=channel_id), channel_id,
            lambda ids: mention_chunks(plain, ids), role_id=role_id, role_text=role_text,
            role_members=frozenset(expected))

    async def auto_start(self, job: ReminderJob) -> None:
        """Kind ``meeting.start`` (when ``meetings.auto_start`` is on)."""
        if job.ref_id is None:
            raise SkipReminder("no meeting")
        service = self.service
        try:
            meeting = await service.get(job.guild_id, job.ref_id)
            if service.ctx.clock.now() >= meeting.end:
                raise SkipReminder(f"meeting {meeting.id} was due to end before it could be started")
            live = await service.start_live(job.guild_id, job.ref_id)
        except UserError as exc:
            raise SkipReminder(exc.message) from exc
        channel_id = await self._channel(job.guild_id, live)
        if channel_id is not None:
            await service.ctx.outbox.send(channel_id, live_text(live))

    async def auto_end(self, job: ReminderJob) -> None:
        """Kind ``meeting.end``: end a meeting still live after its planned end, once its voice channel is empty;
        while people are still in it, look again ``auto_end_after`` later."""
        if job.ref_id is None:
            raise SkipReminder("no meeting")
        service = self.service
        try:
            meeting = await service.get(job.guild_id, job.ref_id)
        except UserError as exc:
            raise SkipReminder(exc.message) from exc
        if not meeting.is_live:
            raise SkipReminder(f"meeting {meeting.id} is {meeting.status}")
        now, grace = service.ctx.clock.now(), service.ctx.config.meetings.auto_end_after
        in_voice, last_leave = await service.services.rollcall.voice_summary(job.guild_id, meeting.id)
        notes = [e.created_at for e in await service.services.minutes.entries(job.guild_id, meeting.id)
                 if e.created_at is not None]
        last_note = max(notes, default=None)
        # Still going: someone is in the voice channel, or the minutes were taken a moment ago (a meeting on an
        # outside platform has no voice data, and capture must not be cut off mid-sentence).
        busy = in_voice or (last_note is not None and now - last_note < grace)
        if busy and now < meeting.end + MAX_OVERRUN:
            await service.services.reminders.schedule(job.guild_id, END_KIND, now + grace, ref_id=meeting.id)
            return
        try:
            at = automatic_end(meeting, None if in_voice else last_leave, now, last_note)
            ended = await service.end_live(job.guild_id, meeting.id, at=at)
        except UserError as exc:
            raise SkipReminder(exc.message) from exc
        following = await service.next_in_series(job.guild_id, meeting.id)
        channel_id = await self._channel(job.guild_id, ended)
        if channel_id is not None:
            await service.ctx.outbox.send(channel_id, ended_text(ended, following, automatic=True))

    async def extend(self, job: ReminderJob) -> None:
        """Kind ``series.extend``: an occurrence started, so the series grows by one."""
        if job.ref_id is None:
            raise SkipReminder("no series")
        try:
            created = await self.service.extend_series(job.guild_id, job.ref_id)
        except UserError as exc:
            raise SkipReminder(exc.message) from exc
        log.info("guild %s: series %s extended by %d meeting(s)", job.guild_id, job.ref_id, len(created))
