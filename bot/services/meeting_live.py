"""A meeting's live window: it starts, it ends (by hand or automatically), and it is over for good once its
minutes are published."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.domain.meeting import MeetingInfo, MeetingStatus
from bot.errors import Conflict
from bot.i18n import _
from bot.render.labels import meeting_state
from bot.services.meeting_jobs import END_KIND, REMINDER_KINDS
from bot.services.meeting_rows import AfterCommit
from storage.db import Session
from storage.repositories.meetings import MeetingRepository
from storage.repositories.reminders import ReminderRepository

if TYPE_CHECKING:
    from bot.services.meetings import MeetingService


class LiveWindow:
    def __init__(self, service: MeetingService) -> None:
        self.service = service

    async def start(self, guild_id: int, meeting_id: int) -> MeetingInfo:
        now = self.service.ctx.clock.now()
        todo = AfterCommit()
        async with self.service.ctx.db.session() as session:
            repo = MeetingRepository(session, guild_id)
            meeting = await self.service._find(repo, meeting_id, for_update=True)
            if not meeting.status.may_become(MeetingStatus.LIVE):
                raise Conflict(_("**{title}** cannot start: it is {state}.", title=meeting.title,
                                 state=meeting_state(meeting.status)))
            other = await repo.live()
            if other is not None:
                raise Conflict(_("**{title}** (meeting {meeting}) is still live; end it with `/meeting end` first.",
                                 title=other.title, meeting=other.id))
            meeting = await repo.update(meeting_id, status=MeetingStatus.LIVE, live_started_at=now)
            todo.disarm += await ReminderRepository(session, guild_id).cancel(["meeting.start", END_KIND], meeting_id)
            await self.service.jobs.plan_end(session, meeting, now, todo)
            await self.service._touch(session, meeting, now, todo)
            await self.service.voice_changed(session, meeting, now, todo)
        await self.service._apply(todo)
        return await self.service.jobs.went_live(await self.service.get(guild_id, meeting_id))

    async def end(self, guild_id: int, meeting_id: int, *, at: datetime | None = None) -> MeetingInfo:
        """End the live meeting now, or at ``at`` (an automatic end records when it really ended)."""
        now = self.service.ctx.clock.now()
        todo = AfterCommit()
        async with self.service.ctx.db.session() as session:
            meeting = await self.service._find(MeetingRepository(session, guild_id), meeting_id, for_update=True)
            if not meeting.is_live:
                raise Conflict(_("**{title}** is not live (it is {state}); start it with `/meeting start`.",
                                 title=meeting.title, state=meeting_state(meeting.status)))
            ended_at = max(min(at or now, now), meeting.live_started_at or now)
            await self._finish(session, meeting, MeetingStatus.ENDED, ended_at, [END_KIND], todo)
        await self.service._apply(todo)
        return await self.service.get(guild_id, meeting_id)

    async def done(self, guild_id: int, meeting_id: int) -> None:
        """Minutes were published: the meeting is over for good."""
        todo = AfterCommit()
        async with self.service.ctx.db.session() as session:
            meeting = await self.service._find(MeetingRepository(session, guild_id), meeting_id, for_update=True)
            if meeting.is_cancelled:
                raise Conflict(_("**{title}** was cancelled.", title=meeting.title))
            if meeting.status is MeetingStatus.DONE:
                return
            now = self.service.ctx.clock.now()
            await self._finish(session, meeting, MeetingStatus.DONE, now, REMINDER_KINDS, todo)
        await self.service._apply(todo)

    async def _finish(self, session: Session, meeting: MeetingInfo, status: MeetingStatus, ended_at: datetime,
                      kinds: list[str], todo: AfterCommit) -> None:
        """The one place a meeting ends: its live window closes (``ended``), or its minutes are published
        (``done``). A live meeting records ``ended_at`` and its voice channel is put back in step."""
        if not meeting.status.may_become(status):
            raise ValueError(f"meeting {meeting.id} cannot go from {meeting.status} to {status}")
        now = self.service.ctx.clock.now()
        changes: dict[str, object] = {"live_ended_at": ended_at} if meeting.is_live else {}
        ended = await MeetingRepository(session, meeting.guild_id).update(meeting.id, status=status, **changes)
        todo.disarm += await ReminderRepository(session, meeting.guild_id).cancel(kinds, meeting.id)
        await self.service._touch(session, ended, now, todo)
        if meeting.is_live:
            await self.service.voice_changed(session, ended, now, todo)
