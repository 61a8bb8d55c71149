"""Scheduling polls: create, vote, tally, rank, close, reopen, finalize (reminders live in poll_notices).

Discord is reached through two ports: the general ``Outbox`` for plain posts, and ``PollBoard`` (implemented
by the polls cog) for the poll message with its buttons and for knowing who holds a role.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.domain.dates import ParsedSlots, Reading, SlotRules, parse_length, read_slots, read_zone
from bot.domain.meeting import MeetingInfo
from bot.domain.poll import MAX_TITLE, Answer, Calendar, PollInfo, PollStatus, Slot, Tally, ensure_manager
from bot.domain.poll_panel import PendingBallot, PendingBallots, page_slots
from bot.domain.ranking import BallotMatrix
from bot.errors import Conflict, Forbidden, InvalidInput, NotFound, UserError
from bot.i18n import _, using
from bot.render.discord_text import ts
from bot.render.guard import EXPECTED_ROLE_FOR_CHAIRS
from bot.render.poll import PollSummary, poll_card
from bot.render.poll_panel import PanelPage, voting_panel
from bot.services.coalescer import Coalescer
from bot.services.context import ServiceContext
from bot.services.poll_ballots import BallotWriter
from bot.services.poll_comments import PollComments
from bot.services.poll_finalize import PollFinalizer
from bot.services.poll_lifecycle import PollLifecycle
from bot.services.poll_notices import CLOSE, LAST_CALL, PollNotices
from bot.services.poll_ports import (
    CreatedPoll,
    MessageGone,
    NoBoard,
    PollBoard,
    PollResults,
    VoteReceipt,
    not_found,
)
from bot.services.poll_results import ResultsMaker
from bot.services.profiles import Profile, clean_text
from storage.repositories.polls import PollRepository

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

__all__ = ["CreatedPoll", "PollBoard", "PollResults", "PollService", "VoteReceipt"]


class PollService:
    def __init__(self, ctx: ServiceContext, services: Services, board: PollBoard | None = None) -> None:
        self.ctx = ctx
        self.services = services
        self.cfg = ctx.config.polls
        self.board: PollBoard = board or NoBoard()
        self.pending_ballots = PendingBallots()
        self.coalescer: Coalescer[tuple[int, int]] = Coalescer(self.refresh, self.cfg.tally_edit_interval)
        self.notices = PollNotices(self)
        self.comments = PollComments(self)
        self.ballots = BallotWriter(ctx)
        self.results_maker = ResultsMaker(self)
        # One lock per poll ever finalized in this process: two chairs clicking at once create one meeting.
        self.finalizer = PollFinalizer(self)
        self.lifecycle = PollLifecycle(self)

    async def start(self) -> None:
        """Register the deadline jobs (the close, last calls and chases)."""
        self.notices.register()

    async def stop(self, grace: float = 5.0) -> None:
        """At shutdown: finish ballots being written, then post the last pending tallies (briefly)."""
        await self.ballots.wait_idle()
        cancelled = await self.coalescer.close(grace)
        if cancelled:
            log.warning("%d poll message refreshes were still pending at shutdown", cancelled)

    # -- reading ------------------------------------------------------------------------------------------

    async def get(self, guild_id: int, poll_id: int) -> PollInfo:
        async with self.ctx.db.reader() as session:
            poll = await PollRepository(session, guild_id).get(poll_id)
        if poll is None:
            raise not_found(poll_id)
        return poll

    async def search(self, guild_id: int, text: str = "", *, include_closed: bool = True,
                     limit: int = 25) -> list[PollSummary]:
        statuses = list(PollStatus) if include_closed else [PollStatus.OPEN]
        if len(text.strip()) > MAX_TITLE:  # no title holds it; SQLite refuses very long LIKE patterns
            return []
        async with self.ctx.db.reader() as session:
            repo = PollRepository(session, guild_id)
            polls = await repo.search(text, statuses, limit)
            ids = [p.id for p in polls]
            slots, voters = await repo.slot_counts(ids), await repo.voter_counts(ids)
        return [PollSummary(p, slots.get(p.id, 0), voters.get(p.id, 0)) for p in polls]

    async def expected_voters(self, poll: PollInfo) -> list[int] | None:
        """Who should vote: a drafting group's members for a poll in its thread, else the expected role."""
        group = await self.services.groups.members_of_thread(poll.guild_id, poll.channel_id)
        if group is not None:
            return group
        return await self.board.expected_members(poll.guild_id, poll.expected_role_id)

    async def tally(self, guild_id: int, poll_id: int) -> Tally:
        async with self.ctx.db.reader() as session:
            voters, counts = await PollRepository(session, guild_id).tally(poll_id)
        yes = {slot: n for (slot, answer), n in counts.items() if answer == Answer.YES}
        maybe = {slot: n for (slot, answer), n in counts.items() if answer == Answer.MAYBE}
        return Tally(voters, yes, maybe)

    async def ballot_of(self, guild_id: int, poll_id: int, user_id: int) -> dict[int, Answer]:
        async with self.ctx.db.reader() as session:
            stored = await PollRepository(session, guild_id).ballot_of(poll_id, user_id)
        return {slot: Answer(answer) for slot, answer in stored.items()}

    async def matrix(self, guild_id: int, poll: PollInfo) -> BallotMatrix:
        async with self.ctx.db.reader() as session:
            rows = await PollRepository(session, guild_id).rows(poll.id)
        return BallotMatrix.from_rows([s.id for s in poll.slots], rows)

    # -- creating and editing ---------------------------------------------------------------------------------

    async def create(self, guild_id: int, *, title: str, slots: str, channel_id: int, created_by: int,
                     timezone: str | None = None, duration: str | None = None, deadline: str | None = None,
                     expected_role_id: int | None = None, anonymous: bool = False,
                     is_chair: bool = False) -> CreatedPoll:
        """Validate everything first (nothing is stored from a rejected command), then store and post."""
        if expected_role_id is not None and not is_chair:
            raise Forbidden(_(EXPECTED_ROLE_FOR_CHAIRS))
        now = self.ctx.clock.now()
        clean_title = clean_text(title, "title", MAX_TITLE)
        zone_name = timezone.strip() if timezone and timezone.strip() else \
            await self.services.profiles.timezone_of(guild_id, created_by)
        zone = read_zone(zone_name)
        length = parse_length(duration) if duration else self.ctx.config.meetings.default_duration
        parsed = await self._slots(guild_id, created_by, slots, SlotRules(zone, now, length, self.cfg.max_slots))
        typed_deadline = await self.read_deadline(guild_id, created_by, deadline, zone) if deadline else None
        close_at = typed_deadline.at if typed_deadline else None
        self.check_deadline(close_at, parsed.slots[0].start)
        notes = list(parsed.notes) + list(typed_deadline.notes if typed_deadline else ())
        if zone.key.casefold() != zone_name.replace(" ", "_").casefold():
            notes.insert(0, _("`{typed}` is not an IANA zone name; used **{zone}** (same clock).", typed=zone_name,
                              zone=zone.key))
        chase = await self.notices.may_chase(guild_id, channel_id, created_by, created_by, is_chair)
        async with self.ctx.db.session() as session:
            info = await PollRepository(session, guild_id).create(
                title=clean_title, timezone=zone.key, deadline=close_at, channel_id=channel_id,
                expected_role_id=expected_role_id, anonymous=anonymous, created_by=created_by, created_at=now,
                slots=[(s.start, s.end) for s in parsed.slots])
            jobs = await self.notices.schedule_in(session, guild_id, info.id, close_at, channel_id, now, chase=chase)
        self.notices.arm(jobs)
        try:
            with using(await self.services.settings.language(guild_id)):  # the buttons' labels too
                message_id = await self.board.post_poll(channel_id, poll_card(info, Tally(0)))
        except Exception:
            await self._discard(guild_id, info.id)
            raise
        async with self.ctx.db.session() as session:
            await PollRepository(session, guild_id).set_message(info.id, message_id)
        return CreatedPoll(replace(info, message_id=message_id), notes)

    async def _slots(self, guild_id: int, user_id: int, text: str, rules: SlotRules) -> ParsedSlots:
        """A slot list, read in a worker thread: a thousand written dates take seconds of dateparser."""
        languages = await self.services.dates.languages(guild_id, user_id)
        return await asyncio.to_thread(read_slots, text, replace(rules, languages=languages))

    async def read_deadline(self, guild_id: int, user_id: int, text: str, zone: ZoneInfo) -> Reading:
        """A deadline in the poll's zone; a day without a time ("friday") means the end of that day."""
        return await self.services.dates.moment(guild_id, user_id, text, zone=zone.key, date_only="end_of_day")

    def check_deadline(self, deadline: datetime | None, first_start: datetime) -> None:
        if deadline is not None and deadline > first_start:
            raise InvalidInput(_("The deadline ({deadline}) is after the first slot ({first}); voting must close "
                                 "before the earliest slot starts.", deadline=ts(deadline, "f"),
                                 first=ts(first_start, "f")))

    async def _discard(self, guild_id: int, poll_id: int) -> None:
        await self.services.reminders.cancel(guild_id, [CLOSE, LAST_CALL], poll_id)
        async with self.ctx.db.session() as session:
            await PollRepository(session, guild_id).delete(poll_id)

    async def add_slots(self, guild_id: int, poll_id: int, slots: str, *, actor_id: int, is_chair: bool,
                        duration: str | None = None) -> CreatedPoll:
        now = self.ctx.clock.now()
        poll = await self.get(guild_id, poll_id)
        ensure_manager(poll.created_by, actor_id, is_chair, "add slots")
        self._ensure_open(poll)
        zone = ZoneInfo(poll.timezone)
        length = parse_length(duration) if duration else self.ctx.config.meetings.default_duration
        parsed = await self._slots(guild_id, actor_id, slots, SlotRules(zone, now, length, self.cfg.max_slots,
                                                                        tuple(s.start for s in poll.slots)))
        self.check_deadline(poll.deadline, parsed.slots[0].start)
        async with self.ctx.db.session() as session:
            repo = PollRepository(session, guild_id)
            if await repo.get(poll_id, lock=True, with_slots=False) is None:
                raise not_found(poll_id)
            await repo.add_slots(poll_id, [(s.start, s.end) for s in parsed.slots])
        self.pending_ballots.drop_poll(guild_id, poll_id)
        self.coalescer.poke((guild_id, poll_id))
        return CreatedPoll(await self.get(guild_id, poll_id), parsed.notes)

    async def remove_slot(self, guild_id: int, poll_id: int, slot_id: int, *, actor_id: int,
                          is_chair: bool) -> tuple[PollInfo, Slot]:
        poll = await self.get(guild_id, poll_id)
        ensure_manager(poll.created_by, actor_id, is_chair, "remove slots")
        self._ensure_open(poll)
        slot = poll.slot(slot_id)
        if len(poll.slots) == 1:
            raise Conflict(_("That is the poll's only slot; add another first, or close the poll."))
        async with self.ctx.db.session() as session:
            await PollRepository(session, guild_id).delete_slot(poll_id, slot_id)
        self.pending_ballots.drop_poll(guild_id, poll_id)
        self.coalescer.poke((guild_id, poll_id))
        return await self.get(guild_id, poll_id), slot

    def _ensure_open(self, poll: PollInfo) -> None:
        if poll.status is PollStatus.FINALIZED:
            raise Conflict(_("The poll “{title}” is finalized (meeting #{meeting}); it cannot change.",
                             title=poll.title, meeting=poll.meeting_id))
        if not poll.is_open:
            raise Conflict(_("The poll “{title}” is closed. A chair can `/poll reopen` it.", title=poll.title))

    # -- voting -------------------------------------------------------------------------------------------

    async def vote(self, guild_id: int, poll_id: int, user_id: int, answers: Mapping[int, Answer]) -> VoteReceipt:
        """Store a member's answers (upserted per slot); refused once the poll is closed."""
        if any(a not in (Answer.YES, Answer.MAYBE, Answer.NO) for a in answers.values()):
            raise InvalidInput(_("Each slot takes yes, if need be or no."))
        receipt = await self.ballots.submit(guild_id, poll_id, user_id, answers)
        self.coalescer.poke((guild_id, poll_id))
        return receipt

    async def refresh(self, key: tuple[int, int]) -> None:
        """Re-render the poll message with the current tally (run by the coalescer), then check the quorum."""
        guild_id, poll_id = key
        try:
            poll = await self.get(guild_id, poll_id)
        except NotFound:
            return
        tally = await self.tally(guild_id, poll_id)
        if poll.channel_id is not None and poll.message_id is not None:
            try:
                with using(await self.services.settings.language(guild_id)):
                    await self.board.edit_poll(poll.channel_id, poll.message_id, poll_card(poll, tally))
            except MessageGone:
                log.info("poll %s: its message was deleted; tallies are no longer posted", poll_id)
                async with self.ctx.db.session() as session:
                    await PollRepository(session, guild_id).set_message(poll_id, None)
        if poll.is_open and tally.voters:
            await self.notices.check_quorum(poll)

    # -- the voting panel ---------------------------------------------------------------------------------

    async def _pending_ballot(self, guild_id: int, poll_id: int, user_id: int, *,
                              submitting: bool = False) -> PendingBallot:
        """The member's pending ballot, started from their stored ballot (one read of poll, slots and ballot)."""
        key = (guild_id, poll_id, user_id)
        pending = self.pending_ballots.get(key, self.ctx.clock.now())
        if pending is None or pending.poll is None:
            async with self.ctx.db.reader() as session:
                repo = PollRepository(session, guild_id)
                found = await repo.get(poll_id)
                if found is None:
                    raise not_found(poll_id)
                poll = found
                stored = await repo.ballot_of(poll_id, user_id)
            if submitting and not poll.is_open:
                raise Conflict(_("Voting on “{title}” is closed; your ballot was not saved.", title=poll.title))
            self._ensure_open(poll)
            zone = await self.viewer_zone(guild_id, user_id)
            ballot = {slot: Answer(answer) for slot, answer in stored.items()}
            pending = PendingBallot.from_ballot((s.id for s in poll.slots), ballot, self.ctx.clock.now(),
                                                poll=poll, zone=zone.key)
            self.pending_ballots.put(key, pending)
        return pending

    async def viewer_zone(self, guild_id: int, user_id: int) -> ZoneInfo:
        try:
            return read_zone(await self.services.profiles.timezone_of(guild_id, user_id))
        except UserError:
            return ZoneInfo("UTC")

    async def open_panel(self, guild_id: int, poll_id: int, user_id: int, page: int | None = None,
                         *, pick: tuple[str, Sequence[int]] | None = None) -> PanelPage:
        """The member's voting panel at ``page`` (default: where they left it), after applying one select."""
        pending = await self._pending_ballot(guild_id, poll_id, user_id)
        poll = pending.poll
        assert poll is not None
        if page is not None:
            pending.page = page
        if pick is not None:
            which, chosen = pick
            page_ids = [s.id for s in page_slots(poll.slots, pending.page)]
            pending.pick(page_ids, [c for c in chosen if c in page_ids], Answer.YES if which == "yes" else Answer.MAYBE)
        view = voting_panel(poll, pending, pending.page, ZoneInfo(pending.zone))
        pending.page = view.page
        return view

    def has_pending_ballot(self, guild_id: int, poll_id: int, user_id: int) -> bool:
        """Whether this process holds the member's unsubmitted panel (it does not after a restart)."""
        return self.pending_ballots.get((guild_id, poll_id, user_id), self.ctx.clock.now()) is not None

    async def submit_panel(self, guild_id: int, poll_id: int, user_id: int) -> VoteReceipt:
        pending = await self._pending_ballot(guild_id, poll_id, user_id, submitting=True)
        assert pending.poll is not None
        receipt = await self.vote(guild_id, poll_id, user_id, pending.complete(s.id for s in pending.poll.slots))
        self.pending_ballots.drop((guild_id, poll_id, user_id))
        return receipt

    # -- results ------------------------------------------------------------------------------------------

    async def results(self, guild_id: int, poll_id: int, *, viewer_is_chair: bool = False,
                      public: bool = False) -> PollResults:
        """Ranking, who cannot come, who it is unfair to, and the heatmap (names only where allowed)."""
        return await self.results_maker.results(guild_id, poll_id, viewer_is_chair=viewer_is_chair, public=public)

    async def names(self, guild_id: int, user_ids: Sequence[int],
                    profiles: Mapping[int, Profile] | None = None) -> dict[int, str]:
        """Names as in minutes ("Last, First" from profiles), else the Discord display name."""
        if profiles is None:
            profiles = await self.services.profiles.many(guild_id, list(user_ids))
        names = await self.board.member_names(guild_id, user_ids)
        for user_id, profile in profiles.items():
            if profile.display_name:
                names[user_id] = profile.display_name
        return names

    # -- closing and finalizing ---------------------------------------------------------------------------

    async def close(self, guild_id: int, poll_id: int, *, actor_id: int, is_chair: bool) -> PollInfo:
        return await self.lifecycle.close(guild_id, poll_id, actor_id=actor_id, is_chair=is_chair)

    async def reopen(self, guild_id: int, poll_id: int, *, actor_id: int, is_chair: bool,
                     deadline: str | None = None) -> PollInfo:
        """Open a closed poll again; without a new ``deadline`` the old one is kept if still ahead."""
        return await self.lifecycle.reopen(guild_id, poll_id, actor_id=actor_id, is_chair=is_chair, deadline=deadline)

    async def finalize(self, guild_id: int, poll_id: int, slot_id: int, *, actor_id: int,
                       is_chair: bool, repeat: str | None = None, calendar: Calendar | None = None,
                       ) -> tuple[PollInfo, MeetingInfo]:
        """Close the poll on ``slot_id`` and create the meeting for it (chairs only); with ``repeat``, the
        first meeting of a series at that slot's local time; with ``calendar``, a meeting for each of several
        slots, numbered in a series (see ``poll_finalize``). Returns the poll and the first meeting."""
        poll, meetings = await self.finalizer.finalize(guild_id, poll_id, slot_id, actor_id=actor_id,
                                                       is_chair=is_chair, repeat=repeat, calendar=calendar)
        return poll, meetings[0]

    async def remind(self, guild_id: int, poll_id: int, *, actor_id: int, is_chair: bool) -> int:
        return await self.notices.remind(guild_id, poll_id, actor_id=actor_id, is_chair=is_chair)

    def forgotten(self, guild_id: int, user_id: int, poll_ids: Iterable[int]) -> None:
        """A member was forgotten (their ballots are deleted): drop their open panels, redraw the tallies."""
        self.pending_ballots.drop_user(guild_id, user_id)
        for poll_id in poll_ids:
            self.coalescer.poke((guild_id, poll_id))
