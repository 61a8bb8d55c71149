"""Keeping each meeting's Discord Guild Scheduled Event in step with the meeting.

Every change to a meeting bumps its ``revision`` and, in the same transaction, queues a reminder of kind
``meeting.event_sync``. Its handler pushes the current state to Discord and records the revision it
pushed. A Discord failure therefore never loses the meeting: the reminder is retried with backoff, and
start-up re-queues whatever is still out of step.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.domain.meeting import MeetingInfo, MeetingStatus
from bot.domain.recurrence import describe
from bot.render.meeting import event_description, event_location, event_name
from bot.services.reminders import ReminderJob, SkipReminder
from storage.db import Session
from storage.repositories.meetings import MeetingRepository
from storage.repositories.reminders import ReminderRepository

if TYPE_CHECKING:
    from bot.services.meetings import MeetingService

log = logging.getLogger(__name__)

SYNC_KIND = "meeting.event_sync"
# What the Discord event should look like for each meeting status.
WANTED_STATE = {MeetingStatus.SCHEDULED: "scheduled", MeetingStatus.LIVE: "active", MeetingStatus.ENDED: "completed",
                MeetingStatus.DONE: "completed", MeetingStatus.CANCELLED: "cancelled"}


@dataclass(frozen=True)
class EventSpec:
    """The fields of a Discord scheduled event (limits already applied)."""

    name: str
    description: str
    start: datetime
    end: datetime
    voice_channel_id: int | None
    location: str | None  # for external events (no voice channel)


class EventGone(Exception):
    """The Discord event no longer exists (someone deleted it by hand)."""


class ScheduledEvents(Protocol):
    """Discord scheduled events, implemented by the meetings cog with discord.py."""

    async def create(self, guild_id: int, spec: EventSpec) -> int: ...

    async def update(self, guild_id: int, event_id: int, spec: EventSpec) -> None: ...

    async def set_status(self, guild_id: int, event_id: int, status: str) -> None:
        """Move the event to ``status`` (active | completed | cancelled); a no-op when it is there already, so
        a retried sync can repeat a step. Raises EventGone when the event was deleted."""
        ...


def event_spec(meeting: MeetingInfo, *, group_name: str, repeat_rule: str | None,
               agenda_channel_id: int | None) -> EventSpec:
    repeat = describe(repeat_rule, meeting.timezone) if repeat_rule else None
    return EventSpec(
        name=event_name(meeting),
        description=event_description(meeting, group_name=group_name, repeat=repeat,
                                      agenda_channel_id=agenda_channel_id),
        start=meeting.start,
        end=meeting.end,
        voice_channel_id=meeting.voice_channel_id,
        location=None if meeting.voice_channel_id else event_location(meeting),
    )


async def queue_sync(session: Session, service: MeetingService, guild_id: int, meeting_id: int,
                     now: datetime) -> int:
    """Queue a sync for a meeting, or reuse the one already waiting; returns its reminder id."""
    waiting = await ReminderRepository(session, guild_id).pending_for(SYNC_KIND, meeting_id)
    if waiting:
        return waiting[0].id
    return await service.services.reminders.add_in(session, guild_id, SYNC_KIND, now, ref_id=meeting_id)


class EventSync:
    """The ``meeting.event_sync`` handler."""

    def __init__(self, service: MeetingService, port: ScheduledEvents | None) -> None:
        self.service = service
        self.port = port
        # One sync at a time per meeting in this process, so two quick changes cannot create two events.
        self._locks: dict[int, asyncio.Lock] = {}

    async def handle(self, job: ReminderJob) -> None:
        if job.ref_id is None:
            raise SkipReminder("no meeting")
        if self.port is None:
            raise SkipReminder("Discord scheduled events are not connected (start-up re-queues the sync)")
        async with self._locks.setdefault(job.ref_id, asyncio.Lock()):
            await self._sync(self.port, job.guild_id, job.ref_id)

    async def _sync(self, port: ScheduledEvents, guild_id: int, meeting_id: int) -> None:
        ctx = self.service.ctx
        async with ctx.db.reader() as session:
            record = await MeetingRepository(session, guild_id).event_record(meeting_id)
        if record is None:
            raise SkipReminder(f"meeting {meeting_id} no longer exists")
        meeting, rule, revision, event_id, state = (record.meeting, record.rule, record.revision, record.event_id,
                                                    record.event_state)
        if record.event_revision == revision:
            return
        setup = await self.service.services.settings.get(guild_id)
        spec = event_spec(meeting, group_name=setup.group_name, repeat_rule=rule,
                          agenda_channel_id=meeting.channel_id or setup.announcements_channel_id)
        wanted = WANTED_STATE.get(meeting.status, "scheduled")
        now = ctx.clock.now()
        try:
            event_id, state = await self._push(port, guild_id, event_id, state, wanted, spec, now)
        except EventGone:
            log.info("meeting %s: Discord event %s was deleted; recreating if still upcoming", meeting_id, event_id)
            event_id, state = await self._push(port, guild_id, None, None, wanted, spec, now)
        async with ctx.db.session() as session:
            await MeetingRepository(session, guild_id).record_event(meeting_id, event_id, state, revision)

    @staticmethod
    async def _push(port: ScheduledEvents, guild_id: int, event_id: int | None, state: str | None, wanted: str,
                    spec: EventSpec, now: datetime) -> tuple[int | None, str | None]:
        if event_id is None:
            # Discord refuses events that start in the past; a meeting already under way keeps no event.
            if wanted == "scheduled" and spec.start > now:
                return await port.create(guild_id, spec), "scheduled"
            return None, None
        if state == "scheduled" and wanted == "scheduled":
            if spec.start > now:
                await port.update(guild_id, event_id, spec)
            return event_id, state
        # Discord only allows scheduled -> active -> completed and scheduled -> cancelled.
        if wanted == "active" and state == "scheduled":
            await port.set_status(guild_id, event_id, "active")
            return event_id, "active"
        if wanted == "completed" and state in ("scheduled", "active"):
            if state == "scheduled":
                await port.set_status(guild_id, event_id, "active")
            await port.set_status(guild_id, event_id, "completed")
            return event_id, "completed"
        if wanted == "cancelled" and state == "scheduled":
            await port.set_status(guild_id, event_id, "cancelled")
            return event_id, "cancelled"
        if wanted == "cancelled" and state == "active":
            await port.set_status(guild_id, event_id, "completed")
            return event_id, "completed"
        return event_id, state
