"""Finalizing a poll: the chosen slot becomes a meeting, a series (`repeat`), or several slots become the next
numbered meetings of the group's series ("a doodle poll will be sent to extend the meeting calendar", seed 000)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.domain.meeting import MeetingInfo
from bot.domain.poll import Calendar, PollInfo, PollStatus, Slot, parse_positions
from bot.domain.ranking import order_slots
from bot.errors import Conflict, Forbidden, InvalidInput
from bot.i18n import _
from bot.render.poll import ts
from bot.services.poll_notices import CLOSE, LAST_CALL
from bot.services.poll_ports import not_found
from storage.repositories.polls import PollRepository

if TYPE_CHECKING:
    from bot.services.polls import PollService


class PollFinalizer:
    def __init__(self, service: PollService) -> None:
        self.service = service
        self._locks: dict[int, asyncio.Lock] = {}

    async def finalize(self, guild_id: int, poll_id: int, slot_id: int, *, actor_id: int, is_chair: bool,
                       repeat: str | None = None, calendar: Calendar | None = None,
                       ) -> tuple[PollInfo, list[MeetingInfo]]:
        """Close the poll and schedule its meeting(s); returns the poll and every meeting, soonest first."""
        if not is_chair:
            raise Forbidden(_("Only chairs can finalize a poll."))
        if repeat and calendar is not None and not calendar.single:
            raise InvalidInput(_("`repeat` makes a series from one slot; to add several slots as meetings of a "
                                 "series, leave `repeat` out."))
        lock = self._locks.setdefault(poll_id, asyncio.Lock())
        async with lock:
            now = self.service.ctx.clock.now()
            # One unit of work: the meetings (with their reminders and Discord-event syncs) and the finalized poll
            # commit together, so a failure leaves none and a retry makes exactly one of each.
            async with self.service.ctx.db.session() as session:
                repo = PollRepository(session, guild_id)
                found = await repo.get(poll_id, lock=True)
                if found is None:
                    raise not_found(poll_id)
                poll = found
                if not poll.status.may_become(PollStatus.FINALIZED):
                    raise Conflict(_("The poll “{title}” is already finalized (meeting #{meeting}).",
                                     title=poll.title, meeting=poll.meeting_id))
                slots = [poll.slot(slot_id)] + await self._more_slots(guild_id, poll, slot_id, calendar)
                for slot in slots:
                    if slot.start <= now:
                        raise InvalidInput(_("That slot ({start}) has already started; pick a later one.",
                                             start=ts(slot.start, "f")))
                meetings = await self._schedule_slots(guild_id, poll, slots, actor_id, repeat, calendar)
                await repo.finalize(poll_id, slot_id, meetings[0].id, now)
                await self.service.services.reminders.cancel(guild_id, [CLOSE, LAST_CALL], poll_id)
        self.service.pending_ballots.drop_poll(guild_id, poll_id)
        self.service.coalescer.poke((guild_id, poll_id))
        return await self.service.get(guild_id, poll_id), meetings

    async def _more_slots(self, guild_id: int, poll: PollInfo, slot_id: int, calendar: Calendar | None) -> list[Slot]:
        """The further slots a calendar names, by their place in the ranking (as `/poll results` numbers them)."""
        if calendar is None or not calendar.more:
            return []
        ranked = order_slots(poll.slots, await self.service.tally(guild_id, poll.id))
        positions = parse_positions(calendar.more, len(ranked))
        return [ranked[p - 1].slot for p in positions if ranked[p - 1].slot.id != slot_id]

    async def _schedule_slots(self, guild_id: int, poll: PollInfo, slots: Sequence[Slot], actor_id: int,
                              repeat: str | None, calendar: Calendar | None) -> list[MeetingInfo]:
        if calendar is None or (calendar.single and len(slots) == 1):
            slot = slots[0]
            return [await self.service.services.meetings.schedule(
                guild_id, title=poll.title, start=slot.start, duration=slot.end - slot.start,
                timezone=poll.timezone, channel_id=poll.channel_id, created_by=actor_id, poll_id=poll.id,
                repeat=repeat)]
        return await self.service.services.meetings.options.add_to_series(
            guild_id, [(s.start, s.end) for s in slots], title=poll.title, timezone=poll.timezone,
            series_id=calendar.series_id, first_number=calendar.first_number, channel_id=poll.channel_id,
            created_by=actor_id, poll_id=poll.id)
