"""`/my schedule`: what concerns one member — polls to answer, meetings ahead with their roll-call answer,
their open action items and deliverables with due dates."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.domain import deliverables as dl
from bot.domain.schedule import ActionDue, DeliverableDue, MeetingAhead, Schedule
from bot.services.context import ServiceContext
from storage.repositories.attendance import AttendanceRepository
from storage.repositories.polls import PollRepository

if TYPE_CHECKING:
    from bot.domain.poll import PollInfo
    from bot.services import Services

MEETINGS_AHEAD = 10
ACTION_HOUR = time(9, 0)


class ScheduleService:
    def __init__(self, ctx: ServiceContext, services: Services) -> None:
        self.ctx = ctx
        self.services = services

    async def start(self) -> None:
        """Nothing to schedule: the view is computed when asked."""

    async def for_member(self, guild_id: int, user_id: int) -> Schedule:
        zone = await self.services.profiles.timezone_of(guild_id, user_id)
        groups = [g for g in await self.services.groups.search(guild_id, limit=100) if user_id in g.members]
        return Schedule(guild_id, zone, tuple(await self._polls(guild_id, user_id)),
                        tuple(await self._meetings(guild_id, user_id)),
                        tuple(await self._actions(guild_id, user_id, zone)),
                        tuple(await self._deliverables(guild_id, user_id, {g.id for g in groups}, zone)))

    async def _polls(self, guild_id: int, user_id: int) -> list[PollInfo]:
        """Open polls the member has not answered, among those they are expected (or free) to vote in."""
        polls = self.services.polls
        async with self.ctx.db.reader() as session:
            answered = set(await PollRepository(session, guild_id).polls_voted(user_id))
        found = []
        for summary in await polls.search(guild_id, include_closed=False):
            poll = summary.poll
            if poll.id in answered:
                continue
            # A poll for a role or a drafting group concerns its voters only; any other poll, everyone.
            restricted = poll.expected_role_id is not None or \
                await self.services.groups.members_of_thread(guild_id, poll.channel_id) is not None
            if restricted and user_id not in (await polls.expected_voters(poll) or ()):
                continue
            found.append(poll)
        return sorted(found, key=lambda p: (p.deadline is None, p.deadline or p.created_at))

    async def _meetings(self, guild_id: int, user_id: int) -> list[MeetingAhead]:
        """Meetings ahead (a drafting group's only for its members), with the member's roll-call answer."""
        setup = await self.services.settings.get(guild_id)
        meetings = []
        for meeting in await self.services.meetings.upcoming(guild_id, limit=MEETINGS_AHEAD * 2):
            group = await self.services.groups.members_of_thread(guild_id, meeting.channel_id)
            if group is None or user_id in group:
                meetings.append(meeting)
        meetings = meetings[:MEETINGS_AHEAD]
        async with self.ctx.db.reader() as session:
            entries = await AttendanceRepository(session, guild_id).entries([m.id for m in meetings])
        answers = {e.meeting_id: e.status for e in entries if e.user_id == user_id}
        return [MeetingAhead(m, answers.get(m.id), m.channel_id or setup.announcements_channel_id)
                for m in meetings]

    async def _actions(self, guild_id: int, user_id: int, zone: str) -> list[ActionDue]:
        found = []
        for action in await self.services.minutes.open_actions(guild_id, owner_id=user_id):
            due_at = datetime.combine(action.due, ACTION_HOUR, ZoneInfo(zone)) if action.due else None
            channel_id = None
            if action.meeting_id is not None:
                channel_id = (await self.services.meetings.get(guild_id, action.meeting_id)).channel_id
            found.append(ActionDue(action, due_at, channel_id))
        return found

    async def _deliverables(self, guild_id: int, user_id: int, group_ids: set[int],
                            zone: str) -> list[DeliverableDue]:
        found = []
        for item in await self.services.deliverables.search(guild_id, open_only=True):
            if item.owner_id != user_id and item.group_id not in group_ids:
                continue
            upcoming = item.next_deadline()
            due_at = dl.deadline_moment(upcoming[1], zone) if upcoming else None
            found.append(DeliverableDue(item, upcoming[0] if upcoming else None, due_at))
        return sorted(found, key=lambda d: (d.due_at is None, d.due_at.timestamp() if d.due_at else 0))
