"""Meetings: scheduling (single or recurring), changes, the live window, and what other features read.

Each change commits the meeting, its reminders and a Discord-event sync in one transaction; the reminder
worker then runs the sync (and retries it with backoff if Discord fails).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.domain.dates import Reading, read_repeat, stamp
from bot.domain.meeting import MeetingInfo, MeetingStatus, SeriesInfo
from bot.domain.meeting_modes import check_mode
from bot.domain.reach import offset_key
from bot.domain.recurrence import first_occurrence, local_wall_clock
from bot.errors import Conflict, InvalidInput, NotFound
from bot.i18n import _
from bot.services.context import ServiceContext
from bot.services.meeting_events import SYNC_KIND, EventSync, ScheduledEvents, queue_sync
from bot.services.meeting_jobs import END_KIND, REMINDER_KINDS, MeetingJobs, materialize
from bot.services.meeting_live import LiveWindow
from bot.services.meeting_options import MeetingOptions
from bot.services.meeting_rows import AfterCommit, check_link, member_role, new_uid, to_minutes
from bot.services.meeting_voice import VOICE_KIND, VoiceChannels, VoiceEnforcer, queue_voice
from bot.services.profiles import clean_text, validate_zone
from bot.services.settings import GuildSetup
from storage.db import Session
from storage.repositories.meetings import MeetingRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.voice import VoiceBackupRepository

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

MAX_TITLE = 100
MAX_DESCRIPTION = 800
START_WINDOW = timedelta(hours=12)


class MeetingService:
    def __init__(self, ctx: ServiceContext, services: Services, *, events: ScheduledEvents | None = None,
                 voice: VoiceChannels | None = None) -> None:
        self.ctx = ctx
        self.services = services
        self.events = EventSync(self, events)
        self.jobs = MeetingJobs(self)
        self.voice = VoiceEnforcer(self, voice)
        self.options = MeetingOptions(self)
        self.live_window = LiveWindow(self)

    async def start(self) -> None:
        reminders = self.services.reminders
        reminders.register("meeting", self.jobs.remind)
        reminders.register("meeting.start", self.jobs.auto_start, catch_up=True)
        reminders.register(END_KIND, self.jobs.auto_end, catch_up=True)
        reminders.register("series.extend", self.jobs.extend, catch_up=True)
        reminders.register(SYNC_KIND, self.events.handle, catch_up=True)
        reminders.register(VOICE_KIND, self.voice.handle, catch_up=True)
        await self.maintain()

    async def maintain(self) -> None:
        """Start-up: extend every active series and re-queue Discord events that are out of step."""
        await self.jobs.maintain()

    # -- reading ----------------------------------------------------------------------------------------------

    async def get(self, guild_id: int, meeting_id: int) -> MeetingInfo:
        async with self.ctx.db.reader() as session:
            meeting = await MeetingRepository(session, guild_id).get(meeting_id)
        if meeting is None:
            raise NotFound(_("There is no meeting #{meeting} in this server; pick one from the list.",
                             meeting=meeting_id))
        return meeting

    async def upcoming(self, guild_id: int, limit: int = 25) -> list[MeetingInfo]:
        async with self.ctx.db.reader() as session:
            return await MeetingRepository(session, guild_id).upcoming(self.ctx.clock.now(), limit)

    async def search(self, guild_id: int, text: str, limit: int = 25) -> list[MeetingInfo]:
        if len(text.strip()) > MAX_TITLE:  # no title holds it; SQLite refuses very long LIKE patterns
            return []
        async with self.ctx.db.reader() as session:
            return await MeetingRepository(session, guild_id).search(text, self.ctx.clock.now(), limit)

    async def live(self, guild_id: int) -> MeetingInfo | None:
        async with self.ctx.db.reader() as session:
            return await MeetingRepository(session, guild_id).live()

    async def series(self, guild_id: int, series_id: int) -> SeriesInfo:
        async with self.ctx.db.reader() as session:
            series = await MeetingRepository(session, guild_id).series(series_id)
        if series is None:
            raise NotFound(_("There is no series #{series} in this server.", series=series_id))
        return series

    async def all_series(self, guild_id: int, *, include_cancelled: bool = False) -> list[SeriesInfo]:
        async with self.ctx.db.reader() as session:
            return await MeetingRepository(session, guild_id).all_series(include_cancelled=include_cancelled)

    async def series_meetings(self, guild_id: int, series_id: int) -> list[MeetingInfo]:
        await self.series(guild_id, series_id)
        async with self.ctx.db.reader() as session:
            return await MeetingRepository(session, guild_id).in_series(series_id)

    async def next_in_series(self, guild_id: int, meeting_id: int) -> MeetingInfo | None:
        meeting = await self.get(guild_id, meeting_id)
        if meeting.series_id is None or meeting.number is None:
            return None
        await self.extend_series(guild_id, meeting.series_id)
        async with self.ctx.db.reader() as session:
            return await MeetingRepository(session, guild_id).next_in_series(meeting.series_id, meeting.number)

    async def due_to_start(self, guild_id: int) -> MeetingInfo:
        """The meeting `/meeting start` means when none is named: the next scheduled one, within 12 hours."""
        now = self.ctx.clock.now()
        for meeting in await self.upcoming(guild_id, limit=10):
            if meeting.is_scheduled and meeting.start - now <= START_WINDOW:
                return meeting
        raise NotFound(_("No meeting is due to start within 12 hours; name one with the `meeting` option."))

    async def read_start(self, guild_id: int, user_id: int, text: str, zone: str | None) -> tuple[Reading, str]:
        """A typed start time, read in ``zone`` or else the member's own zone; returns (reading, zone name)."""
        name = validate_zone(zone) if zone else await self.services.profiles.timezone_of(guild_id, user_id)
        reading = await self.services.dates.moment(guild_id, user_id, text, zone=name)
        named = getattr(reading.zone, "key", None)
        if zone is None and isinstance(named, str):
            name = named  # "15:00 America/New_York": the meeting (and its series) keeps New York's local time
        return reading, validate_zone(name)

    # -- scheduling -------------------------------------------------------------------------------------------

    async def schedule(
        self, guild_id: int, *, title: str, start: datetime, duration: timedelta | int | None = None,
        timezone: str, repeat: str | None = None, voice_channel_id: int | None = None, link: str | None = None,
        channel_id: int | None = None, created_by: int | None = None, poll_id: int | None = None,
        description: str | None = None, mode: str | None = None, tentative: bool = False,
    ) -> MeetingInfo:
        """Schedule a meeting, or a series when ``repeat`` is given; returns the (first) meeting. A ``tentative``
        meeting gets no reminders until it is confirmed."""
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        mode = check_mode(mode) if mode else None
        if tentative and repeat and repeat.strip():
            raise InvalidInput(_("A series cannot be tentative: schedule its dates to be confirmed one by one, or "
                                 "schedule the series once its dates are firm."))
        title = clean_text(title, "title", MAX_TITLE)
        zone = validate_zone(timezone)
        minutes = to_minutes(duration, self.ctx.config.meetings.default_duration)
        link = check_link(link)
        if description is not None:
            description = description.strip()[:MAX_DESCRIPTION] or None
        now = self.ctx.clock.now()
        rule = None
        if repeat and repeat.strip():
            languages = await self.services.dates.languages(guild_id, created_by)
            rule = read_repeat(repeat, zone=zone, now=now, languages=languages)
        if rule:
            start = first_occurrence(rule, start, zone)
        if start <= now:
            raise InvalidInput(_("The start, {start}, is in the past; pick a start in the future.", start=stamp(start)))
        setup = await self.services.settings.get(guild_id)
        todo = AfterCommit()
        async with self.ctx.db.session() as session:
            repo = MeetingRepository(session, guild_id)
            common = dict(title=title, timezone=zone, channel_id=channel_id, voice_channel_id=voice_channel_id,
                          link=link, created_by=created_by, created_at=now, mode=mode)
            if rule:
                series = await repo.create_series(
                    rrule=rule, dtstart_local=local_wall_clock(start, zone), duration_minutes=minutes,
                    ics_uid=new_uid(), sequence=0, cancelled=False, **common)
                created = await self._materialize(session, series, now, setup, todo)
                for meeting in created:
                    await repo.update(meeting.id, poll_id=poll_id, description=description)
                if not created:
                    raise InvalidInput(_("That repeat rule gives no meeting in the future."))
                first = created[0]
            else:
                first = await repo.create(start=start, end=start + timedelta(minutes=minutes), ics_uid=new_uid(),
                                          poll_id=poll_id, description=description, tentative=tentative, **common)
                await self.replan(session, first, setup, now, todo)
            first_id = first.id
        await self._apply(todo)
        log.info("guild %s: scheduled meeting %s (%s), rule %s", guild_id, first_id, title, rule)
        return await self.get(guild_id, first_id)

    async def reschedule(
        self, guild_id: int, meeting_id: int, *, start: datetime | None = None,
        duration: timedelta | int | None = None, title: str | None = None, link: str | None = None,
        voice_channel_id: int | None = None,
    ) -> MeetingInfo:
        """Move or edit one meeting (one occurrence of a series); its reminders and event follow."""
        if start is None and duration is None and title is None and link is None and voice_channel_id is None:
            raise InvalidInput(_("Give a new `start`, `duration`, `title`, `link` or `voice_channel`."))
        now = self.ctx.clock.now()
        setup = await self.services.settings.get(guild_id)
        todo = AfterCommit()
        async with self.ctx.db.session() as session:
            meeting = await self._for_change(session, guild_id, meeting_id)
            minutes = to_minutes(duration, meeting.end - meeting.start)
            new_start = start or meeting.start
            if start is not None and start <= now:
                raise InvalidInput(_("The new start, {start}, is in the past; pick a start in the future.",
                                     start=stamp(start)))
            changes: dict[str, object] = {"start": new_start, "end": new_start + timedelta(minutes=minutes),
                                          "sequence": meeting.sequence + 1}
            if title is not None:
                changes["title"] = clean_text(title, "title", MAX_TITLE)
            if link is not None:
                changes["link"] = check_link(link)
            if voice_channel_id is not None:
                changes["voice_channel_id"] = voice_channel_id
            meeting = await MeetingRepository(session, guild_id).update(meeting_id, **changes)
            await self.replan(session, meeting, setup, now, todo)
        await self._apply(todo)
        return await self.get(guild_id, meeting_id)

    async def cancel(self, guild_id: int, meeting_id: int, *, whole_series: bool = False) -> list[MeetingInfo]:
        """Cancel one meeting, or every upcoming meeting of its series; returns what was cancelled."""
        now = self.ctx.clock.now()
        setup = await self.services.settings.get(guild_id)
        todo = AfterCommit()
        async with self.ctx.db.session() as session:
            repo = MeetingRepository(session, guild_id)
            if not whole_series:
                targets = [await self._for_change(session, guild_id, meeting_id)]
            else:
                meeting = await self._find(repo, meeting_id, for_update=True)
                series = await repo.series(meeting.series_id) if meeting.series_id is not None else None
                if series is None:
                    raise InvalidInput(_("That meeting is not part of a series; cancel it without `series`."))
                if series.cancelled:
                    raise Conflict(_("The series **{title}** is already cancelled.", title=series.title))
                await repo.update_series(series.id, cancelled=True, sequence=series.sequence + 1)
                todo.disarm += await ReminderRepository(session, guild_id).cancel(["series.extend"], series.id)
                targets = [m for m in await repo.upcoming_in_series(series.id, now) if m.id != meeting.id]
                if meeting.status.may_become(MeetingStatus.CANCELLED):
                    targets.insert(0, meeting)
            for target in targets:
                cancelled = await repo.update(target.id, status=MeetingStatus.CANCELLED, sequence=target.sequence + 1)
                await self.replan(session, cancelled, setup, now, todo)
            if not whole_series and targets[0].series_id is not None:
                parent = await repo.series(targets[0].series_id)
                assert parent is not None
                await self._materialize(session, parent, now, setup, todo)
            ids = [t.id for t in targets]
        await self._apply(todo)
        return [await self.get(guild_id, i) for i in ids]

    async def extend_series(self, guild_id: int, series_id: int) -> list[MeetingInfo]:
        """Materialise occurrences up to the configured horizon; returns the new ones."""
        now = self.ctx.clock.now()
        setup = await self.services.settings.get(guild_id)
        todo = AfterCommit()
        async with self.ctx.db.session() as session:
            series = await MeetingRepository(session, guild_id).series(series_id)
            if series is None:
                raise NotFound(_("There is no series #{series} in this server.", series=series_id))
            created = [r.id for r in await self._materialize(session, series, now, setup, todo)]
        await self._apply(todo)
        return [await self.get(guild_id, i) for i in created]

    # -- the live window and what other features record -------------------------------------------------------

    async def start_live(self, guild_id: int, meeting_id: int) -> MeetingInfo:
        return await self.live_window.start(guild_id, meeting_id)

    async def end_live(self, guild_id: int, meeting_id: int, *, at: datetime | None = None) -> MeetingInfo:
        """End the live meeting now, or at ``at`` (an automatic end records when it really ended)."""
        return await self.live_window.end(guild_id, meeting_id, at=at)

    async def mark_done(self, guild_id: int, meeting_id: int) -> None:
        """Minutes were published: the meeting is over for good."""
        await self.live_window.done(guild_id, meeting_id)

    async def set_agenda_messages(self, guild_id: int, meeting_id: int, message_ids: list[int]) -> None:
        now = self.ctx.clock.now()
        todo = AfterCommit()
        async with self.ctx.db.session() as session:
            repo = MeetingRepository(session, guild_id)
            meeting = await self._find(repo, meeting_id)
            await repo.set_agenda_messages(meeting_id, message_ids)
            await self._touch(session, meeting, now, todo)  # the event description links the agenda
        await self._apply(todo)

    async def set_rollcall_message(self, guild_id: int, meeting_id: int, message_id: int) -> None:
        async with self.ctx.db.session() as session:
            repo = MeetingRepository(session, guild_id)
            await self._find(repo, meeting_id)
            await repo.update(meeting_id, rollcall_message_id=message_id)

    async def set_current_item(self, guild_id: int, meeting_id: int, item_id: int | None, *,
                               session_changed: bool = False) -> None:
        """The live meeting moved on its agenda; ``session_changed``: to or from a closed item, which closes its
        voice channel or opens it again."""
        todo = AfterCommit()
        async with self.ctx.db.session() as session:
            repo = MeetingRepository(session, guild_id)
            await self._find(repo, meeting_id)
            await repo.update(meeting_id, current_item_id=item_id)
            if session_changed:
                sync_id = await queue_voice(session, self, guild_id, meeting_id, self.ctx.clock.now())
                todo.syncs.append(sync_id)
        await self._apply(todo)

    async def calendar(self, guild_id: int, meeting_id: int | None = None) -> tuple[str, bytes]:
        """An .ics file: one meeting (with its whole series), or everything upcoming plus every series."""
        return await self.options.calendar(guild_id, meeting_id)

    # -- internals --------------------------------------------------------------------------------------------

    @staticmethod
    async def _find(repo: MeetingRepository, meeting_id: int, *, for_update: bool = False) -> MeetingInfo:
        meeting = await repo.get(meeting_id, for_update=for_update)
        if meeting is None:
            raise NotFound(_("There is no meeting #{meeting} in this server; pick one from the list.",
                             meeting=meeting_id))
        return meeting

    async def _for_change(self, session: Session, guild_id: int, meeting_id: int) -> MeetingInfo:
        meeting = await self._find(MeetingRepository(session, guild_id), meeting_id, for_update=True)
        if not meeting.is_scheduled:
            if meeting.is_live:
                raise Conflict(_("**{title}** cannot be changed: it is live now — end it first.", title=meeting.title))
            if meeting.is_cancelled:
                raise Conflict(_("**{title}** cannot be changed: it is already cancelled.", title=meeting.title))
            raise Conflict(_("**{title}** cannot be changed: it has already taken place.", title=meeting.title))
        return meeting

    async def voice_changed(self, session: Session, meeting: MeetingInfo, now: datetime, todo: AfterCommit) -> None:
        """Queue bringing the meeting's voice channel in step (its mode while live, its own settings after) when
        there is something to do: a mode to enforce, or overwrites to put back."""
        if meeting.voice_channel_id is None:
            return
        if (not meeting.is_live or meeting.mode is None) and \
                not await VoiceBackupRepository(session, meeting.guild_id).of_meeting(meeting.id):
            return
        sync_id = await queue_voice(session, self, meeting.guild_id, meeting.id, now)
        if sync_id not in todo.syncs:
            todo.syncs.append(sync_id)

    async def _touch(self, session: Session, meeting: MeetingInfo, now: datetime, todo: AfterCommit) -> None:
        """Record a change the Discord event shows and queue its sync."""
        await MeetingRepository(session, meeting.guild_id).touch(meeting.id)
        sync_id = await queue_sync(session, self, meeting.guild_id, meeting.id, now)
        if sync_id not in todo.syncs:
            todo.syncs.append(sync_id)

    async def replan(self, session: Session, meeting: MeetingInfo, setup: GuildSetup, now: datetime,
                     todo: AfterCommit) -> None:
        """(Re)create a meeting's reminders from its current start and status, and queue its event sync."""
        guild_id = meeting.guild_id
        todo.disarm += await ReminderRepository(session, guild_id).cancel(REMINDER_KINDS, meeting.id)
        if meeting.is_scheduled and not meeting.tentative:
            reminders = self.services.reminders
            role = member_role(setup)
            for offset in await self.services.reach.offsets_in(session, guild_id, setup.meeting_offsets):
                if (due := meeting.start - offset) > now:
                    rid = await reminders.add_in(session, guild_id, "meeting", due, ref_id=meeting.id,
                                                 channel_id=meeting.channel_id, role_id=role, text=offset_key(offset))
                    todo.arm.append((rid, due))
            if self.ctx.config.meetings.auto_start:
                rid = await reminders.add_in(session, guild_id, "meeting.start", meeting.start, ref_id=meeting.id)
                todo.arm.append((rid, meeting.start))
        await self._touch(session, meeting, now, todo)

    async def _materialize(self, session: Session, series: SeriesInfo, now: datetime, setup: GuildSetup,
                           todo: AfterCommit) -> list[MeetingInfo]:
        return await materialize(self, session, series, now, setup, todo)

    async def _apply(self, todo: AfterCommit) -> None:
        """After the commit (of the command's unit of work, when this ran inside one): mirror reminder changes in
        memory. Event syncs run in the reminder worker, so a slow or failing Discord never delays the member's
        answer (or loses the change)."""
        await self.ctx.db.after_commit(lambda: self._mirror(todo))

    async def _mirror(self, todo: AfterCommit) -> None:
        reminders = self.services.reminders
        for reminder_id in todo.disarm:
            reminders.disarm(reminder_id)
        for reminder_id, due in todo.arm:
            reminders.arm(reminder_id, due)
        now = self.ctx.clock.now()
        for sync_id in todo.syncs:
            reminders.arm(sync_id, now)
