"""Ranking slots and checking time-zone fairness.

Ballots are held as a ``BallotMatrix``: one ``bytearray`` per slot, indexed by voter, each byte an
``Answer``. Counting a slot's answers is then ``bytes.count`` (C speed), so ranking 1,000 slots × 1,000 voters
is a few thousand C calls plus one sort, well under the 200 ms budget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.poll import Answer, PollInfo, Slot, Tally

_CANNOT = re.compile(bytes([ord("["), Answer.NONE, Answer.NO, ord("]")]))


class BallotMatrix:
    """Everyone's answers to one poll: ``columns[slot_index][voter_index]`` is an ``Answer`` value."""

    __slots__ = ("_slot_index", "columns", "slot_ids", "voters")

    def __init__(self, slot_ids: Sequence[int], voters: Sequence[int], columns: list[bytearray]) -> None:
        if len(columns) != len(slot_ids) or any(len(c) != len(voters) for c in columns):
            raise ValueError("one column per slot, one byte per voter")
        self.slot_ids = tuple(slot_ids)
        self.voters = tuple(voters)
        self.columns = columns
        self._slot_index = {slot_id: i for i, slot_id in enumerate(self.slot_ids)}

    @classmethod
    def from_rows(cls, slot_ids: Sequence[int], rows: Iterable[tuple[int, int, int]]) -> BallotMatrix:
        """Build from ``(slot_id, user_id, answer)`` rows; rows for unknown slots are ignored."""
        rows = rows if isinstance(rows, list) else list(rows)
        voters = sorted({row[1] for row in rows})
        voter_index = {user_id: i for i, user_id in enumerate(voters)}
        slot_index = {slot_id: i for i, slot_id in enumerate(slot_ids)}
        columns = [bytearray(len(voters)) for _ in slot_ids]
        for slot_id, user_id, answer in rows:
            column = slot_index.get(slot_id)
            if column is not None:
                columns[column][voter_index[user_id]] = answer
        return cls(slot_ids, voters, columns)

    def column(self, slot_id: int) -> bytearray:
        return self.columns[self._slot_index[slot_id]]

    def answer(self, slot_id: int, user_id: int) -> Answer:
        try:
            return Answer(self.column(slot_id)[self.voters.index(user_id)])
        except (KeyError, ValueError):
            return Answer.NONE

    def counts(self, slot_id: int) -> tuple[int, int]:
        column = self.column(slot_id)
        return column.count(Answer.YES), column.count(Answer.MAYBE)

    def unavailable(self, slot_id: int) -> list[int]:
        """Voters who said no to this slot or left it unanswered, in voter order."""
        column = bytes(self.column(slot_id))
        return [self.voters[m.start()] for m in _CANNOT.finditer(column)]

    def ballots(self) -> dict[int, dict[int, Answer]]:
        """Each voter's answered slots, as stored ({user: {slot: answer}})."""
        out: dict[int, dict[int, Answer]] = {user_id: {} for user_id in self.voters}
        for slot_id, column in zip(self.slot_ids, self.columns, strict=True):
            for index, value in enumerate(column):
                if value != Answer.NONE:
                    out[self.voters[index]][slot_id] = Answer(value)
        return out

    def to_tally(self) -> Tally:
        yes: dict[int, int] = {}
        maybe: dict[int, int] = {}
        for slot_id, column in zip(self.slot_ids, self.columns, strict=True):
            yes[slot_id] = column.count(Answer.YES)
            maybe[slot_id] = column.count(Answer.MAYBE)
        return Tally(len(self.voters), yes, maybe)


@dataclass(frozen=True)
class SlotScore:
    position: int  # 1-based place in the ranking
    slot: Slot
    yes: int
    maybe: int
    cannot: int

    @property
    def available(self) -> int:
        return self.yes + self.maybe


def order_slots(slots: Sequence[Slot], tally: Tally) -> list[SlotScore]:
    """Most available (yes + if need be) first, then fewer if-need-be, then earlier."""
    keyed = []
    for slot in slots:
        yes, maybe, cannot = tally.counts(slot.id)
        keyed.append((-(yes + maybe), maybe, slot.start, slot.id, slot, yes, cannot))
    keyed.sort(key=lambda k: k[:4])
    return [SlotScore(i, k[4], k[5], k[1], k[6]) for i, k in enumerate(keyed, start=1)]


def rank(poll: PollInfo, ballots: BallotMatrix) -> list[SlotScore]:
    """The poll's slots in ranking order with their counts."""
    return order_slots(poll.slots, ballots.to_tally())


# -- time-zone fairness ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OffHours:
    """A member for whom a slot falls outside the fair local hours, with the slot in their local time."""

    user_id: int
    zone: str
    local_start: datetime
    local_end: datetime


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def outside_hours(start: datetime, end: datetime, zone: ZoneInfo, first_hour: int, last_hour: int) -> bool:
    """True when any part of [start, end) lies outside first_hour:00–last_hour:00 on the local start day."""
    local_start = start.astimezone(zone).replace(tzinfo=None)
    local_end = end.astimezone(zone).replace(tzinfo=None)
    day = datetime.combine(local_start.date(), time())
    return local_start < day + timedelta(hours=first_hour) or local_end > day + timedelta(hours=last_hour)


def off_hours(slot: Slot, zones: Mapping[int, str], first_hour: int, last_hour: int) -> list[OffHours]:
    """Members (user id → zone name) for whom ``slot`` is outside fair hours; one check per distinct zone."""
    verdict: dict[str, OffHours | None] = {}
    out: list[OffHours] = []
    for user_id, name in zones.items():
        if name not in verdict:
            zone = _zone(name)
            if zone is None or not outside_hours(slot.start, slot.end, zone, first_hour, last_hour):
                verdict[name] = None
            else:
                verdict[name] = OffHours(0, name, slot.start.astimezone(zone), slot.end.astimezone(zone))
        found = verdict[name]
        if found is not None:
            out.append(OffHours(user_id, name, found.local_start, found.local_end))
    out.sort(key=lambda o: (o.local_start.utcoffset() or timedelta(), o.user_id))
    return out


def off_hours_zones(slots: Sequence[Slot], zone_names: Iterable[str], first_hour: int,
                    last_hour: int) -> dict[int, frozenset[str]]:
    """For each slot id, the zones (among ``zone_names``) in which it is outside fair hours."""
    zones = {name: z for name in set(zone_names) if (z := _zone(name)) is not None}
    return {
        slot.id: frozenset(name for name, zone in zones.items()
                           if outside_hours(slot.start, slot.end, zone, first_hour, last_hour))
        for slot in slots
    }
