"""A poll's status: closing it (by a member, or at its deadline) and opening it again. Finalizing, which also
creates meetings, is in ``poll_finalize``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.domain.poll import PollInfo, PollStatus, ensure_manager
from bot.errors import Conflict
from bot.i18n import _
from bot.services.poll_notices import CLOSE, LAST_CALL
from bot.services.poll_ports import not_found
from storage.repositories.polls import PollRepository

if TYPE_CHECKING:
    from bot.services.polls import PollService


class PollLifecycle:
    def __init__(self, polls: PollService) -> None:
        self.polls = polls

    async def close(self, guild_id: int, poll_id: int, *, actor_id: int, is_chair: bool) -> PollInfo:
        def refuse(poll: PollInfo | None) -> None:
            if poll is None:
                raise not_found(poll_id)
            ensure_manager(poll.created_by, actor_id, is_chair, "close it")
            if not poll.status.may_become(PollStatus.CLOSED):
                raise Conflict(_("The poll “{title}” is already closed.", title=poll.title))

        if not await self.shut(guild_id, poll_id, refuse):
            raise Conflict(_("The poll changed meanwhile; try again."))
        await self.polls.services.reminders.cancel(guild_id, [CLOSE, LAST_CALL], poll_id)
        poll = await self.polls.get(guild_id, poll_id)
        await self.polls.notices.post_closing(poll, raise_errors=False)
        return poll

    async def shut(self, guild_id: int, poll_id: int, refuse: Callable[[PollInfo | None], None]) -> bool:
        """The one way a poll closes (by a member or at its deadline): ``refuse`` raises when the poll, read
        under a lock, may not close now. False when it closed meanwhile all the same."""
        async with self.polls.ctx.db.session() as session:
            repo = PollRepository(session, guild_id)
            refuse(await repo.get(poll_id, lock=True, with_slots=False))
            closed = await repo.close(poll_id, self.polls.ctx.clock.now())
        if closed:
            self.polls.pending_ballots.drop_poll(guild_id, poll_id)
            self.polls.coalescer.poke((guild_id, poll_id))
        return closed

    async def reopen(self, guild_id: int, poll_id: int, *, actor_id: int, is_chair: bool,
                     deadline: str | None = None) -> PollInfo:
        """Open a closed poll again; without a new ``deadline`` the old one is kept if still ahead."""
        now = self.polls.ctx.clock.now()
        poll = await self.polls.get(guild_id, poll_id)
        ensure_manager(poll.created_by, actor_id, is_chair, "reopen it")
        if poll.status is PollStatus.FINALIZED:
            raise Conflict(_("The poll “{title}” is finalized (meeting #{meeting}); it cannot reopen.",
                             title=poll.title, meeting=poll.meeting_id))
        if poll.is_open:
            raise Conflict(_("The poll “{title}” is already open.", title=poll.title))
        if deadline:
            close_at: datetime | None = (await self.polls.read_deadline(guild_id, actor_id, deadline,
                                                                    ZoneInfo(poll.timezone))).at
            self.polls.check_deadline(close_at, poll.slots[0].start)
        else:
            close_at = poll.deadline if poll.deadline and poll.deadline > now else None
        chase = await self.polls.notices.may_chase(guild_id, poll.channel_id, actor_id, poll.created_by, is_chair)
        async with self.polls.ctx.db.session() as session:
            repo = PollRepository(session, guild_id)
            stored = await repo.get(poll_id, lock=True, with_slots=False)
            if stored is None or not await repo.reopen(poll_id, close_at):
                raise Conflict(_("The poll changed meanwhile; try again."))
            jobs = await self.polls.notices.schedule_in(session, guild_id, poll_id, close_at, stored.channel_id,
                                                        now, chase=chase)
        self.polls.notices.arm(jobs)
        self.polls.coalescer.poke((guild_id, poll_id))
        return await self.polls.get(guild_id, poll_id)
