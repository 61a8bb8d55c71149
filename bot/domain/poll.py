"""Scheduling polls as the rest of convener sees them: slots, answers, tallies (pure data, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum

from bot.errors import Forbidden, InvalidInput, NotFound
from bot.i18n import N_, _

MAX_TITLE = 100  # a meeting created from the poll takes its title; Discord events allow 100 characters


class Answer(IntEnum):
    """One member's answer for one slot. The values are stored and used as bytes in ballot matrices."""

    NONE = 0  # not answered (e.g. the slot was added after they voted); counts as "cannot"
    NO = 1
    MAYBE = 2  # "if need be"
    YES = 3


class PollStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    FINALIZED = "finalized"  # closed and turned into a meeting

    def may_become(self, target: PollStatus) -> bool:
        """open -> closed -> finalized; closed -> open (reopen); open -> finalized (a chair picks early)."""
        return target in _POLL_MOVES[self]

    @classmethod
    def sources_of(cls, target: PollStatus) -> tuple[PollStatus, ...]:
        """The statuses a poll can leave for ``target``."""
        return tuple(s for s in cls if s.may_become(target))


_POLL_MOVES: dict[PollStatus, frozenset[PollStatus]] = {
    PollStatus.OPEN: frozenset({PollStatus.CLOSED, PollStatus.FINALIZED}),
    PollStatus.CLOSED: frozenset({PollStatus.OPEN, PollStatus.FINALIZED}),
    PollStatus.FINALIZED: frozenset(),
}


@dataclass(frozen=True)
class Slot:
    id: int
    start: datetime  # aware UTC
    end: datetime  # aware UTC

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class PollInfo:
    id: int
    guild_id: int
    title: str
    timezone: str  # the zone slots were typed in; used for the heatmap and defaults
    status: PollStatus
    slots: tuple[Slot, ...]  # chronological
    created_at: datetime
    deadline: datetime | None = None
    channel_id: int | None = None
    message_id: int | None = None
    expected_role_id: int | None = None
    anonymous: bool = False
    created_by: int | None = None
    chosen_slot_id: int | None = None
    meeting_id: int | None = None
    last_reminded_at: datetime | None = None
    quorum_notified_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status is PollStatus.OPEN

    def slot(self, slot_id: int) -> Slot:
        for slot in self.slots:
            if slot.id == slot_id:
                return slot
        raise NotFound(_("Poll #{poll} has no slot #{slot}; pick one from the list.", poll=self.id, slot=slot_id))

    @property
    def chosen_slot(self) -> Slot | None:
        if self.chosen_slot_id is None:
            return None
        return next((s for s in self.slots if s.id == self.chosen_slot_id), None)


@dataclass(frozen=True)
class Tally:
    """Counts per slot, cheap enough to recompute for every poll-message edit."""

    voters: int
    yes: dict[int, int] = field(default_factory=dict)  # slot id -> count
    maybe: dict[int, int] = field(default_factory=dict)

    def counts(self, slot_id: int) -> tuple[int, int, int]:
        """(yes, if need be, cannot) for one slot; "cannot" includes voters who left it unanswered."""
        yes = self.yes.get(slot_id, 0)
        maybe = self.maybe.get(slot_id, 0)
        return yes, maybe, self.voters - yes - maybe


def summarize(answers: dict[int, Answer]) -> tuple[int, int, int]:
    """(yes, if need be, no) in one member's ballot."""
    yes = sum(1 for a in answers.values() if a is Answer.YES)
    maybe = sum(1 for a in answers.values() if a is Answer.MAYBE)
    return yes, maybe, len(answers) - yes - maybe


_MANAGER_ONLY = {
    "add slots": N_("Only the poll's creator or a chair can add slots."),
    "remove slots": N_("Only the poll's creator or a chair can remove slots."),
    "close it": N_("Only the poll's creator or a chair can close it."),
    "reopen it": N_("Only the poll's creator or a chair can reopen it."),
    "send reminders": N_("Only the poll's creator or a chair can send reminders."),
}


def ensure_manager(created_by: int | None, actor_id: int, is_chair: bool, action: str) -> None:
    """Managing a poll (slots, close, reopen, reminders) is for its creator and for chairs."""
    if not is_chair and created_by != actor_id:
        raise Forbidden(_(_MANAGER_ONLY.get(action, N_("Only the poll's creator or a chair can do this."))))


def parse_positions(text: str, count: int) -> list[int]:
    """Slot positions typed as "2, 3" or "2 3 5" (as ``/poll results`` numbers the slots), each between 1 and
    ``count``, in the order given, without repeats."""
    found: list[int] = []
    for token in text.replace(",", " ").replace(";", " ").split():
        value = token.strip().rstrip(".")
        if not value.isdecimal() or not 1 <= int(value) <= count:
            raise InvalidInput(_("`{token}` is not a slot of this poll; give slot numbers from 1 to {count} as "
                                 "`/poll results` shows them, e.g. 2, 3.", token=token[:20], count=count))
        if int(value) not in found:
            found.append(int(value))
    return found


@dataclass(frozen=True)
class Calendar:
    """How `/poll finalize` extends the calendar: further slots (positions as typed, e.g. "2, 3") and the series
    their meetings join, numbered (None: a new series named after the poll, from ``first_number`` or 1)."""

    more: str | None = None
    series_id: int | None = None
    first_number: int | None = None

    @property
    def single(self) -> bool:
        """Just the one slot, scheduled as before (no series unless `repeat` makes one)."""
        return not (self.more and self.more.strip()) and self.series_id is None and self.first_number is None
