"""What polls post on their own: the close at the deadline, the last call, reminders and the quorum notice.

Deadline work goes through ``services.reminders`` (kinds ``poll.close`` and ``poll.last_call``) so it survives
restarts and runs exactly once. Reminders ping only expected members who have not voted.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime
from typing import TYPE_CHECKING

from bot.domain.poll import PollInfo, PollStatus
from bot.domain.reach import offset_key
from bot.errors import Conflict, Forbidden, InvalidInput, NotFound
from bot.i18n import _, using
from bot.render.discord_text import ts
from bot.render.guard import CHASE_FOR_CHAIRS
from bot.render.poll import closing_text, quorum_text, reminder_texts
from bot.render.reach import poll_dm
from bot.services.fanout import Audience
from bot.services.ports import OutFile
from bot.services.reminders import ReminderJob, SkipReminder
from storage.db import Session
from storage.repositories.polls import PollRepository

if TYPE_CHECKING:
    from bot.services.polls import PollService

log = logging.getLogger(__name__)

CLOSE = "poll.close"
LAST_CALL = "poll.last_call"
CHASE = "poll.chase"


class PollNotices:
    def __init__(self, polls: PollService) -> None:
        self.polls = polls
        self.ctx = polls.ctx

    # -- scheduling ---------------------------------------------------------------------------------------

    async def schedule_in(self, session: Session, guild_id: int, poll_id: int, deadline: datetime | None,
                          channel_id: int | None, now: datetime, *, chase: bool) -> list[tuple[int, datetime]]:
        """Add the close job, and the last call when ``chase`` (see ``may_chase``), inside the caller's unit of
        work; returns them for ``arm``."""
        if deadline is None:
            return []
        reminders = self.polls.services.reminders
        jobs = [(await reminders.add_in(session, guild_id, CLOSE, deadline, ref_id=poll_id, channel_id=channel_id),
                 deadline)]
        default = self.ctx.config.reminders.poll_last_call
        # A last call at the server's offset and at every offset a member chose (each reaches only them).
        for offset in await self.polls.services.reach.offsets_in(session, guild_id, [default]) if chase else ():
            if deadline - offset > now:
                jobs.append((await reminders.add_in(session, guild_id, LAST_CALL, deadline - offset, ref_id=poll_id,
                                                    channel_id=channel_id, text=offset_key(offset)),
                             deadline - offset))
        return jobs

    def register(self) -> None:
        """Closing must happen even after long downtime; last calls and chases need not."""
        reminders = self.polls.services.reminders
        reminders.register(CLOSE, self.on_close, catch_up=True)
        reminders.register(LAST_CALL, self.on_last_call)
        reminders.register(CHASE, self.on_chase)

    def arm(self, jobs: list[tuple[int, datetime]]) -> None:
        for reminder_id, due_at in jobs:
            self.polls.services.reminders.arm(reminder_id, due_at)

    # -- handlers -----------------------------------------------------------------------------------------

    async def _poll_for(self, job: ReminderJob) -> PollInfo:
        if job.ref_id is None:
            raise SkipReminder("no poll id")
        try:
            return await self.polls.get(job.guild_id, job.ref_id)
        except NotFound as exc:
            raise SkipReminder("the poll was deleted") from exc

    async def on_close(self, job: ReminderJob) -> None:
        """Close at the deadline and post the results. Safe to retry: a poll this job already closed is not
        closed again, only its results post is retried."""
        poll = await self._poll_for(job)
        now = self.ctx.clock.now()
        if poll.deadline is None or poll.deadline > now:
            raise SkipReminder("the deadline moved")
        if poll.is_open:
            def refuse(current: PollInfo | None) -> None:
                if current is None or not current.status.may_become(PollStatus.CLOSED):
                    raise SkipReminder("closed meanwhile")

            if not await self.polls.lifecycle.shut(job.guild_id, poll.id, refuse):
                raise SkipReminder("closed meanwhile")
            poll = await self.polls.get(job.guild_id, poll.id)
        elif poll.status is not PollStatus.CLOSED or job.attempts <= 1:
            raise SkipReminder("closed before the deadline")
        await self.post_closing(poll, raise_errors=True)

    async def on_last_call(self, job: ReminderJob) -> None:
        poll = await self._poll_for(job)
        if not poll.is_open:
            raise SkipReminder("the poll is closed")
        missing = await self.non_voters(poll)
        if not missing:
            raise SkipReminder("everyone expected has voted (or nobody is expected)")
        async with self.ctx.db.session() as session:
            await PollRepository(session, job.guild_id).set_reminded(poll.id, self.ctx.clock.now())
        await self._deliver(job, poll, missing, last_call=True)

    async def on_chase(self, job: ReminderJob) -> None:
        """Kind ``poll.chase``: a chair's `/poll remind`, to whoever has still not voted when it runs."""
        poll = await self._poll_for(job)
        if not poll.is_open:
            raise SkipReminder("the poll is closed")
        await self._deliver(job, poll, await self.non_voters(poll) or [], last_call=False)

    async def _deliver(self, job: ReminderJob, poll: PollInfo, missing: list[int], *, last_call: bool) -> None:
        """By direct message or a mention in the poll's channel, as each non-voter chose."""
        services = self.polls.services
        recipients = await services.reach.recipients(job, missing, (self.ctx.config.reminders.poll_last_call,))
        group = (await services.settings.get(poll.guild_id)).group_name
        await services.reach.deliver(job, Audience(
            recipients, lambda: poll_dm(poll, group=group, last_call=last_call), poll.channel_id,
            lambda ids: reminder_texts(poll, ids, last_call=last_call)))

    # -- reminders ----------------------------------------------------------------------------------------

    async def non_voters(self, poll: PollInfo) -> list[int] | None:
        """Expected members who have not voted; None when the poll has no expected group."""
        expected = await self.polls.expected_voters(poll)
        if expected is None:
            return None
        async with self.ctx.db.reader() as session:
            voters = await PollRepository(session, poll.guild_id).voters(poll.id)
        return sorted(set(expected) - voters)

    async def may_chase(self, guild_id: int, channel_id: int | None, actor_id: int | None, created_by: int | None,
                        is_chair: bool) -> bool:
        """Whether the actor may have non-voters mentioned: chairs, and in a drafting group's own (private) thread
        the poll's creator. Anyone else would make convener ping a whole role on their behalf."""
        if is_chair:
            return True
        in_group_thread = await self.polls.services.groups.members_of_thread(guild_id, channel_id) is not None
        return in_group_thread and actor_id is not None and actor_id == created_by

    async def remind(self, guild_id: int, poll_id: int, *, actor_id: int, is_chair: bool) -> int:
        """Ping expected members who have not voted, at most once per ``remind_cooldown``; returns how many."""
        poll = await self.polls.get(guild_id, poll_id)
        if not await self.may_chase(guild_id, poll.channel_id, actor_id, poll.created_by, is_chair):
            raise Forbidden(_(CHASE_FOR_CHAIRS))
        if not poll.is_open:
            raise Conflict(_("The poll “{title}” is closed; there is nobody to remind.", title=poll.title))
        if poll.channel_id is None:
            raise Conflict(_("The poll has no channel to post in."))
        missing = await self.non_voters(poll)
        if missing is None:
            raise InvalidInput(_("This poll has no expected role and the server has no Member role, so I do not "
                                 "know who should vote. Create polls with `expected_role` to use reminders."))
        if not missing:
            return 0
        now = self.ctx.clock.now()
        cooldown = self.ctx.config.polls.remind_cooldown
        async with self.ctx.db.session() as session:
            claimed = await PollRepository(session, guild_id).claim_reminder(poll_id, now, cooldown)
        if not claimed:
            last = poll.last_reminded_at or now
            raise Conflict(_("A reminder for this poll went out {sent}; the next one is possible {next}.",
                             sent=ts(last, "R"), next=ts(last + cooldown, "R")))
        try:
            await self._ping(poll, missing, last_call=False)
        except Exception:
            # Nothing went out, so the cooldown should not block the next try.
            async with self.ctx.db.session() as session:
                await PollRepository(session, guild_id).set_reminded(poll_id, poll.last_reminded_at)
            raise
        return len(missing)

    async def _ping(self, poll: PollInfo, user_ids: list[int], *, last_call: bool) -> None:
        """A chase goes through the reminder table like every other reminder, so that its per-member copies
        are sent exactly once even if this process stops part-way; it runs at once, in this task."""
        if poll.channel_id is None:
            raise SkipReminder("the poll has no channel")
        reminders = self.polls.services.reminders
        reminder_id = await reminders.schedule(poll.guild_id, LAST_CALL if last_call else CHASE,
                                               self.ctx.clock.now(), ref_id=poll.id, channel_id=poll.channel_id)
        await reminders.fire(reminder_id)

    # -- quorum and closing -------------------------------------------------------------------------------

    async def check_quorum(self, poll: PollInfo) -> bool:
        """Tell the chairs (and the poll's creator) once when ``quorum_share`` of the expected members have voted."""
        if poll.quorum_notified_at is not None:
            return False
        expected = await self.polls.expected_voters(poll)
        if not expected:
            return False
        async with self.ctx.db.reader() as session:
            voters = await PollRepository(session, poll.guild_id).voters(poll.id)
        share = self.ctx.config.polls.quorum_share
        voted = len(voters & set(expected))
        if voted < math.ceil(share * len(expected)):
            return False
        async with self.ctx.db.session() as session:
            if not await PollRepository(session, poll.guild_id).claim_quorum_notice(poll.id, self.ctx.clock.now()):
                return False
        server = await self.polls.services.settings.language(poll.guild_id)
        with using(server):
            text = quorum_text(poll, voted, len(expected), share)
        # The chairs decide when to finalize; the creator (often a chair) started the poll.
        recipients = sorted(set(await self.polls.board.chairs(poll.guild_id)) | (
            {poll.created_by} if poll.created_by is not None else set()))
        languages = await self.polls.services.profiles.languages(poll.guild_id, recipients, server)
        unreachable = []
        for user_id in recipients:
            try:
                with using(languages[user_id]):  # a direct message: in the chair's own language
                    own = quorum_text(poll, voted, len(expected), share)
                await self.ctx.outbox.dm(user_id, own)
            except Exception:
                unreachable.append(user_id)
        if unreachable and poll.channel_id is not None:
            log.info("could not DM %s about poll %s's quorum; posting in the channel", unreachable, poll.id)
            prefix = " ".join(f"<@{u}>" for u in unreachable)
            await self.ctx.outbox.send(poll.channel_id, f"{prefix} {text}", mention_user_ids=unreachable)
        return True

    async def post_closing(self, poll: PollInfo, *, raise_errors: bool) -> None:
        """Post the closing summary (with the heatmap unless the poll is anonymous) in the poll's channel."""
        if poll.channel_id is None:
            return
        try:
            results = await self.polls.results(poll.guild_id, poll.id, public=True)
            files = [OutFile(f"poll-{poll.id}-heatmap.png", results.heatmap)] if results.heatmap else []
            with using(await self.polls.services.settings.language(poll.guild_id)):
                text = closing_text(poll, results.view.ranking, results.view.voters)
            await self.ctx.outbox.send(poll.channel_id, text, files=files)
        except Exception:
            if raise_errors:
                raise
            log.warning("could not post the closing summary of poll %s", poll.id, exc_info=True)
