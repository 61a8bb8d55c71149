"""The voting panel's state: a member's unsubmitted ballot, paged for selects of at most 25 options.

Each page lists up to ``PAGE_SIZE`` slots in two multi-selects ("Yes" and "If need be"); a slot picked in
neither is a "no". Picking a slot in one select takes it out of the other (the latest choice wins). The pending
ballot lives in memory until the member submits it; pending ballots nobody touched for ``ttl`` are dropped.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain.poll import Answer, PollInfo, Slot

PAGE_SIZE = 24

BallotKey = tuple[int, int, int]  # (guild id, poll id, user id)


def page_count(slot_count: int) -> int:
    return max(1, -(-slot_count // PAGE_SIZE))


def clamp_page(page: int, slot_count: int) -> int:
    return min(max(page, 0), page_count(slot_count) - 1)


def page_slots(slots: Sequence[Slot], page: int) -> Sequence[Slot]:
    page = clamp_page(page, len(slots))
    return slots[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]


@dataclass
class PendingBallot:
    """A member's unsubmitted ballot, with the poll and zone the panel shows (so paging needs no database).

    The poll snapshot stays valid while the ballot is pending: every change to a poll's slots or status
    drops its pending ballots, and a stale submit is still checked when the ballot is stored.
    """

    answers: dict[int, Answer]  # slot id -> YES / MAYBE / NO
    touched: datetime
    page: int = 0
    submitted_before: bool = False  # the member already had a stored ballot when the panel opened
    poll: PollInfo | None = None
    zone: str = "UTC"  # the zone the select labels are written in

    @classmethod
    def from_ballot(cls, slot_ids: Iterable[int], ballot: Mapping[int, Answer], now: datetime, *,
                    poll: PollInfo | None = None, zone: str = "UTC") -> PendingBallot:
        answers = {slot_id: _known(ballot.get(slot_id, Answer.NO)) for slot_id in slot_ids}
        return cls(answers, now, submitted_before=bool(ballot), poll=poll, zone=zone)

    def answer(self, slot_id: int) -> Answer:
        return self.answers.get(slot_id, Answer.NO)

    def pick(self, page_slot_ids: Iterable[int], chosen: Iterable[int], answer: Answer) -> None:
        """Apply one select: chosen slots get ``answer``; slots that had it and were unpicked become "no"."""
        if answer not in (Answer.YES, Answer.MAYBE):
            raise ValueError("only yes and if-need-be are picked in selects")
        picked = set(chosen)
        for slot_id in page_slot_ids:
            if slot_id in picked:
                self.answers[slot_id] = answer
            elif self.answers.get(slot_id) is answer:
                self.answers[slot_id] = Answer.NO

    def complete(self, slot_ids: Iterable[int]) -> dict[int, Answer]:
        """An answer for every slot (unset ones are "no"), ready to store."""
        return {slot_id: self.answer(slot_id) for slot_id in slot_ids}


def _known(answer: Answer) -> Answer:
    return Answer.NO if answer is Answer.NONE else answer


@dataclass
class PendingBallots:
    """In-memory pending ballots keyed by (guild, poll, user), least recently used first."""

    ttl: timedelta = timedelta(hours=2)
    limit: int = 10_000
    _pending: OrderedDict[BallotKey, PendingBallot] = field(default_factory=OrderedDict)

    def get(self, key: BallotKey, now: datetime) -> PendingBallot | None:
        self._evict(now)
        pending = self._pending.get(key)
        if pending is not None:
            pending.touched = now
            self._pending.move_to_end(key)
        return pending

    def put(self, key: BallotKey, pending: PendingBallot) -> None:
        self._pending[key] = pending
        self._pending.move_to_end(key)
        while len(self._pending) > self.limit:
            self._pending.popitem(last=False)

    def drop(self, key: BallotKey) -> None:
        self._pending.pop(key, None)

    def drop_poll(self, guild_id: int, poll_id: int) -> None:
        for key in [k for k in self._pending if k[0] == guild_id and k[1] == poll_id]:
            del self._pending[key]

    def drop_user(self, guild_id: int, user_id: int) -> None:
        for key in [k for k in self._pending if k[0] == guild_id and k[2] == user_id]:
            del self._pending[key]

    def __len__(self) -> int:
        return len(self._pending)

    def _evict(self, now: datetime) -> None:
        while self._pending:
            key, oldest = next(iter(self._pending.items()))
            if now - oldest.touched <= self.ttl:
                break
            del self._pending[key]
