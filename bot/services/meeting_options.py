"""What is said about a meeting beyond its time: its mode, a tentative date confirmed, its recording, and a series
extended meeting by meeting (a poll's chosen slots)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.domain.meeting import MeetingInfo
from bot.domain.meeting_modes import check_mode
from bot.domain.recurrence import local_wall_clock
from bot.errors import Conflict, InvalidInput, NotFound
from bot.i18n import _
from bot.render.ics import build_calendar, filename_for
from bot.services.meeting_rows import AfterCommit, check_link, new_uid
from bot.services.meeting_voice import queue_voice
from bot.services.profiles import clean_text
from storage.repositories.meetings import MeetingRepository

if TYPE_CHECKING:
    from bot.services.meetings import MeetingService

MAX_TITLE = 100


class MeetingOptions:
    def __init__(self, service: MeetingService) -> None:
        self.service = service

    async def set_mode(self, guild_id: int, meeting_id: int, mode: str | None, *,
                       whole_series: bool = False) -> list[MeetingInfo]:
        """Make a meeting (or its series: every meeting to come and those added later) a plenary, a closed
        working meeting or an open consultation; None leaves the channel alone. A live meeting's channel
        follows at once."""
        mode = check_mode(mode) if mode else None
        service = self.service
        now = service.ctx.clock.now()
        todo = AfterCommit()
        async with service.ctx.db.session() as session:
            repo = MeetingRepository(session, guild_id)
            meeting = await self.service._find(repo, meeting_id, for_update=True)
            if not meeting.status.is_active:
                raise Conflict(_("**{title}** has already taken place; its mode stays as it was.",
                                 title=meeting.title))
            targets = [meeting]
            if whole_series:
                series = await repo.series(meeting.series_id) if meeting.series_id is not None else None
                if series is None:
                    raise InvalidInput(_("That meeting is not part of a series; set its mode without `scope`."))
                await repo.update_series(series.id, mode=mode)
                targets += [m for m in await repo.upcoming_in_series(series.id, now) if m.id != meeting.id]
            for target in targets:
                changed = await repo.update(target.id, mode=mode)
                await service._touch(session, changed, now, todo)  # the event's description shows the mode
                if changed.is_live:
                    await service.voice_changed(session, changed, now, todo)
            ids = [t.id for t in targets]
        await service._apply(todo)
        return [await service.get(guild_id, i) for i in ids]

    async def refresh_voice(self, guild_id: int, meeting_id: int) -> None:
        """Something the live meeting's channel depends on changed (an item marked closed): bring it in step."""
        service = self.service
        now = service.ctx.clock.now()
        todo = AfterCommit()
        async with service.ctx.db.session() as session:
            meeting = await self.service._find(MeetingRepository(session, guild_id), meeting_id, for_update=True)
            if meeting.is_live and meeting.voice_channel_id is not None:
                todo.syncs.append(await queue_voice(session, service, guild_id, meeting.id, now))
        await service._apply(todo)

    async def confirm(self, guild_id: int, meeting_id: int) -> MeetingInfo:
        """A tentative date becomes firm: reminders are set, the event and calendars drop "to be confirmed"."""
        service = self.service
        now = service.ctx.clock.now()
        setup = await service.services.settings.get(guild_id)
        todo = AfterCommit()
        async with service.ctx.db.session() as session:
            meeting = await service._for_change(session, guild_id, meeting_id)
            if not meeting.tentative:
                raise Conflict(_("**{title}** is not tentative; its date is already firm.", title=meeting.title))
            meeting = await MeetingRepository(session, guild_id).update(meeting_id, tentative=False,
                                                                        sequence=meeting.sequence + 1)
            await service.replan(session, meeting, setup, now, todo)
        await service._apply(todo)
        return await service.get(guild_id, meeting_id)

    async def set_recording(self, guild_id: int, meeting_id: int, url: str) -> MeetingInfo:
        """Where the meeting's recording can be found (the minutes link it)."""
        link = check_link(url)
        async with self.service.ctx.db.session() as session:
            repo = MeetingRepository(session, guild_id)
            meeting = await self.service._find(repo, meeting_id, for_update=True)
            if meeting.is_cancelled:
                raise Conflict(_("**{title}** was cancelled; it has no recording.", title=meeting.title))
            await repo.update(meeting_id, recording_url=link)
        return await self.service.get(guild_id, meeting_id)

    async def following(self, guild_id: int, meeting_id: int, limit: int) -> list[MeetingInfo]:
        """The meetings of the series still to come after this one, in order (none for a single meeting)."""
        meeting = await self.service.get(guild_id, meeting_id)
        if meeting.series_id is None or meeting.number is None:
            return []
        await self.service.extend_series(guild_id, meeting.series_id)
        async with self.service.ctx.db.reader() as session:
            return await MeetingRepository(session, guild_id).following(meeting.series_id, meeting.number, limit)

    async def calendar(self, guild_id: int, meeting_id: int | None = None) -> tuple[str, bytes]:
        """An .ics file: one meeting (with its whole series), or everything upcoming plus every series."""
        now = self.service.ctx.clock.now()
        setup = await self.service.services.settings.get(guild_id)
        if meeting_id is not None:
            meeting = await self.service.get(guild_id, meeting_id)
            if meeting.series_id is None:
                return filename_for(meeting.title), build_calendar([meeting], [], now=now, name=meeting.title)
            series = await self.service.series(guild_id, meeting.series_id)
            occurrences = await self.service.series_meetings(guild_id, series.id)
            return filename_for(series.title), build_calendar([], [(series, occurrences)], now=now, name=series.title)
        async with self.service.ctx.db.reader() as session:
            repo = MeetingRepository(session, guild_id)
            singles = await repo.for_calendar(now)
            everything = [(s, await repo.in_series(s.id)) for s in await repo.all_series(include_cancelled=True)]
        return filename_for(setup.group_name), build_calendar(singles, everything, now=now, name=setup.group_name)

    async def add_to_series(self, guild_id: int, slots: Sequence[tuple[datetime, datetime]], *, title: str,
                            timezone: str, series_id: int | None = None, first_number: int | None = None,
                            channel_id: int | None = None, created_by: int | None = None,
                            poll_id: int | None = None) -> list[MeetingInfo]:
        """One meeting per slot, numbered after the series' last meeting (a new series, named ``title``, starts at
        ``first_number`` or 1), so minutes say "The seventh meeting of …"."""
        service = self.service
        now = service.ctx.clock.now()
        ordered = sorted(slots)
        if not ordered:
            raise InvalidInput(_("Pick at least one slot."))
        if ordered[0][0] <= now:
            raise InvalidInput(_("A slot has already started; pick slots in the future."))
        setup = await service.services.settings.get(guild_id)
        todo = AfterCommit()
        async with service.ctx.db.session() as session:
            repo = MeetingRepository(session, guild_id)
            if series_id is None:
                start, end = ordered[0]
                series = await repo.create_series(
                    title=clean_text(title, "title", MAX_TITLE), rrule=None, timezone=timezone,
                    dtstart_local=local_wall_clock(start, timezone),
                    duration_minutes=int((end - start) / timedelta(minutes=1)), channel_id=channel_id,
                    ics_uid=new_uid(), sequence=0, cancelled=False, created_by=created_by, created_at=now)
                number = (first_number or 1) - 1
            else:
                number = await self._last_number(repo, series_id, first_number)
                found = await repo.series(series_id)
                assert found is not None
                series = found
            created = []
            for start, end in ordered:
                number += 1
                meeting = await repo.create(
                    series_id=series.id, number=number, title=series.title, start=start, end=end,
                    timezone=series.timezone, channel_id=series.channel_id, voice_channel_id=series.voice_channel_id,
                    link=series.link, ics_uid=new_uid(), poll_id=poll_id, mode=series.mode, created_by=created_by,
                    created_at=now)
                await service.replan(session, meeting, setup, now, todo)
                created.append(meeting.id)
        await service._apply(todo)
        return [await service.get(guild_id, i) for i in created]

    @staticmethod
    async def _last_number(repo: MeetingRepository, series_id: int, first_number: int | None) -> int:
        """The number before the first meeting added to an existing series (one of meetings set one by one)."""
        info = await repo.series_facts(series_id)
        if info is None:
            raise NotFound(_("There is no series #{series} in this server.", series=series_id))
        title, cancelled, rule, done = info
        if cancelled:
            raise Conflict(_("The series **{title}** is cancelled.", title=title))
        if rule:
            raise InvalidInput(_("**{title}** repeats by a rule, which sets its dates; pick a series of meetings "
                                 "set one by one, or none to start a new one.", title=title))
        if first_number is not None and first_number <= done:
            raise InvalidInput(_("**{title}** already has meeting number {number}; the new ones start after it.",
                                 title=title, number=done))
        return (first_number - 1) if first_number is not None else done
