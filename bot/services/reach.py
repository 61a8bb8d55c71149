"""Reaching members personally: their reminder preferences, which reminder rows a server needs, and the
fan-out of meeting, poll and action reminders to exactly the members concerned (see ``fanout``).

Every reminder of the kinds below is one row per object and offset (``text`` holds the offset in seconds).
When it fires, the feature's handler names the members concerned (non-voters, those expected at the
meeting, the action's owner); this service keeps those whose own offsets include that one and splits
them by delivery.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.domain.poll import PollStatus
from bot.domain.reach import (
    Delivery,
    Recipients,
    ReminderPrefs,
    offset_key,
    offset_of,
    offsets_to_plan,
    parse_offsets,
    route,
)
from bot.errors import InvalidInput
from bot.i18n import _
from bot.render.reach import test_dm_text
from bot.services.context import ServiceContext
from bot.services.fanout import Audience, FanOut
from bot.services.ports import RecipientUnreachable
from bot.services.reminders import ReminderJob
from storage.db import Session
from storage.repositories.meetings import MeetingRepository
from storage.repositories.minutes import MinutesRepository
from storage.repositories.polls import PollRepository
from storage.repositories.reach import SERVER, ReachRepository

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

MEETING = "meeting"
LAST_CALL = "poll.last_call"
ACTION_DUE = "action.due"
ACTION_HOUR = time(9, 0)  # an action "due on the 3rd" is due at 09:00 that day, in the owner's zone
RESET = "default"


class ReachService:
    def __init__(self, ctx: ServiceContext, services: Services) -> None:
        self.ctx = ctx
        self.services = services
        self.fanout = FanOut(ctx, services.profiles)

    async def start(self) -> None:
        """Nothing to refill: reminder rows live in the reminders table."""

    async def server_delivery(self, guild_id: int) -> Delivery:
        """How the server's members are reminded until they choose: set by a chair, else the configuration."""
        async with self.ctx.db.reader() as session:
            chosen = (await ReachRepository(session, guild_id).preference(SERVER)).delivery
        return chosen or Delivery(self.ctx.config.reminders.member_delivery)

    async def set_server_delivery(self, guild_id: int, delivery: str) -> Delivery:
        if delivery not in set(Delivery):
            raise InvalidInput(_("Choose by direct message, in the channel or not at all."))
        async with self.ctx.db.session() as session:
            await ReachRepository(session, guild_id).save_preference(SERVER, delivery, None, self.ctx.clock.now())
        return Delivery(delivery)

    # -- preferences ------------------------------------------------------------------------------------------

    async def prefs(self, guild_id: int, user_id: int) -> ReminderPrefs:
        async with self.ctx.db.reader() as session:
            return await ReachRepository(session, guild_id).preference(user_id)

    async def prefs_of(self, guild_id: int, user_ids: Iterable[int]) -> dict[int, ReminderPrefs]:
        async with self.ctx.db.reader() as session:
            return await ReachRepository(session, guild_id).preferences(user_ids)

    async def choose(self, guild_id: int, user_id: int, *, delivery: str | None,
                     before: str | None) -> ReminderPrefs:
        """Change what was given (``"default"`` goes back to the server's choice); returns the result."""
        if delivery is not None and delivery != RESET and delivery not in set(Delivery):
            raise InvalidInput(_("Choose by direct message, in the channel, not at all, or the server's default."))
        offsets = None if before is None or before.strip().casefold() == RESET else parse_offsets(before)
        current = await self.prefs(guild_id, user_id)
        new_delivery = current.delivery if delivery is None else (None if delivery == RESET else Delivery(delivery))
        new_offsets = current.offsets if before is None else offsets
        async with self.ctx.db.session() as session:
            await ReachRepository(session, guild_id).save_preference(
                user_id, new_delivery.value if new_delivery else None,
                [int(o.total_seconds()) for o in new_offsets] if new_offsets is not None else None,
                self.ctx.clock.now())
        if new_offsets:
            await self.add_rows_for(guild_id, user_id, new_offsets)
        return ReminderPrefs(new_delivery, new_offsets)

    async def dm_reachable(self, user_id: int, group: str) -> bool:
        """Send a short confirmation by DM; False when the member's DMs are closed to convener."""
        try:
            await self.ctx.outbox.dm(user_id, test_dm_text(group))
        except RecipientUnreachable:
            return False
        return True

    # -- which reminder rows exist ----------------------------------------------------------------------------

    async def offsets_in(self, session: Session, guild_id: int, defaults: Iterable[timedelta]) -> list[timedelta]:
        """Every offset some member of the server needs for one object (inside the caller's unit of work)."""
        chosen = await ReachRepository(session, guild_id).chosen_offsets()
        return offsets_to_plan(defaults, [[timedelta(seconds=s) for s in offsets] for offsets in chosen])

    async def offsets_of(self, session: Session, guild_id: int, user_id: int | None,
                         defaults: Sequence[timedelta]) -> tuple[timedelta, ...]:
        """One member's offsets (an action's owner); the defaults when they chose none or nobody owns it."""
        if user_id is None:
            return tuple(defaults)
        return (await ReachRepository(session, guild_id).preference(user_id)).offsets_or(defaults)

    async def add_rows_for(self, guild_id: int, user_id: int, offsets: Sequence[timedelta]) -> int:
        """After a member chose new offsets: give what is already scheduled a reminder row for each of them
        (meetings ahead, open polls with a deadline, the member's own dated actions). Returns how many."""
        now = self.ctx.clock.now()
        setup = await self.services.settings.get(guild_id)
        zone = await self.services.profiles.timezone_of(guild_id, user_id)
        added: list[tuple[int, datetime]] = []
        async with self.ctx.db.session() as session:
            reach = ReachRepository(session, guild_id)
            targets: list[tuple[str, int, datetime, int | None]] = []
            for meeting in await MeetingRepository(session, guild_id).upcoming(now, 100):
                if meeting.is_scheduled:
                    targets.append((MEETING, meeting.id, meeting.start,
                                    meeting.channel_id or setup.announcements_channel_id))
            for poll in await PollRepository(session, guild_id).search("", [PollStatus.OPEN], 100):
                # Only polls that chase at all (a chair's): a member's poll gets no last call, whoever asks.
                if poll.deadline is not None and await reach.reminder_exists(LAST_CALL, poll.id):
                    targets.append((LAST_CALL, poll.id, poll.deadline, poll.channel_id))
            for action in await MinutesRepository(session, guild_id).actions(owner_id=user_id):
                if action.due is not None:
                    due = datetime.combine(action.due, ACTION_HOUR, ZoneInfo(zone))
                    targets.append((ACTION_DUE, action.id, due, await self._action_channel(session, guild_id,
                                                                                           action.meeting_id)))
            for kind, ref_id, anchor, channel_id in targets:
                for offset in offsets:
                    due_at = anchor - offset
                    if due_at > now and not await reach.reminder_exists(kind, ref_id, offset_key(offset)):
                        row = await self.services.reminders.add_in(session, guild_id, kind, due_at, ref_id=ref_id,
                                                                   channel_id=channel_id, text=offset_key(offset))
                        added.append((row, due_at))
        for reminder_id, due_at in added:
            self.services.reminders.arm(reminder_id, due_at)
        return len(added)

    @staticmethod
    async def _action_channel(session: Session, guild_id: int, meeting_id: int | None) -> int | None:
        meeting = await MeetingRepository(session, guild_id).get(meeting_id) if meeting_id else None
        return meeting.channel_id if meeting else None

    # -- sending ----------------------------------------------------------------------------------------------

    async def recipients(self, job: ReminderJob, candidates: Iterable[int],
                         defaults: Sequence[timedelta] = ()) -> Recipients:
        """The candidates who want this reminder (its offset among theirs), split by delivery."""
        wanted = sorted(set(candidates))
        prefs = await self.prefs_of(job.guild_id, wanted)
        return route(wanted, prefs, default_delivery=await self.server_delivery(job.guild_id),
                     offset=offset_of(job.text), default_offsets=defaults)

    async def deliver(self, job: ReminderJob, audience: Audience) -> None:
        await self.fanout.deliver(job, audience)
