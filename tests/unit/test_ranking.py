"""Ranking order, the ballot matrix, time-zone fairness, and the 1,000 × 1,000 budget."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.poll import Answer, PollInfo, PollStatus, Slot, Tally
from bot.domain.ranking import BallotMatrix, off_hours, order_slots, outside_hours, rank

BASE = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)


def make_poll(count: int, step: timedelta = timedelta(hours=1)) -> PollInfo:
    slots = tuple(Slot(i + 1, BASE + i * step, BASE + i * step + timedelta(hours=1)) for i in range(count))
    return PollInfo(1, 1, "t", "UTC", PollStatus.OPEN, slots, BASE - timedelta(days=10))


def test_order_is_available_then_fewer_if_need_be_then_earlier() -> None:
    poll = make_poll(5)
    tally = Tally(10, yes={1: 5, 2: 6, 3: 8, 4: 7, 5: 6}, maybe={1: 3, 2: 2, 3: 0, 4: 1, 5: 2})
    ranking = order_slots(poll.slots, tally)
    # 1: 8 avail (3 maybe); 2: 8 (2); 3: 8 (0); 4: 8 (1); 5: 8 (2) -> 3, 4, 2, 5, 1
    assert [s.slot.id for s in ranking] == [3, 4, 2, 5, 1]
    assert [s.position for s in ranking] == [1, 2, 3, 4, 5]
    assert (ranking[0].yes, ranking[0].maybe, ranking[0].cannot) == (8, 0, 2)


def test_matrix_counts_unavailable_and_unanswered() -> None:
    poll = make_poll(3)
    rows = [(1, 10, Answer.YES), (2, 10, Answer.NO), (3, 10, Answer.MAYBE),
            (1, 11, Answer.MAYBE), (2, 11, Answer.YES),  # slot 3 added after 11 voted: unanswered
            (9, 11, Answer.YES)]  # a removed slot: ignored
    matrix = BallotMatrix.from_rows([s.id for s in poll.slots], rows)
    assert matrix.voters == (10, 11)
    assert matrix.counts(1) == (1, 1)
    assert matrix.unavailable(2) == [10]
    assert matrix.unavailable(3) == [11]
    assert matrix.answer(3, 11) is Answer.NONE and matrix.answer(1, 99) is Answer.NONE
    assert [s.slot.id for s in rank(poll, matrix)] == [1, 2, 3]


@given(st.lists(st.tuples(st.integers(1, 8), st.integers(1, 30), st.sampled_from(list(Answer)[1:])),
                max_size=200))
def test_matrix_agrees_with_a_plain_count(rows: list[tuple[int, int, Answer]]) -> None:
    latest = {(slot, user): answer for slot, user, answer in rows}  # the last write wins, like an upsert
    poll = make_poll(8)
    matrix = BallotMatrix.from_rows(range(1, 9), [(s, u, a) for (s, u), a in latest.items()])
    for score in rank(poll, matrix):
        sid = score.slot.id
        assert score.yes == sum(1 for (s, _), a in latest.items() if s == sid and a is Answer.YES)
        assert score.maybe == sum(1 for (s, _), a in latest.items() if s == sid and a is Answer.MAYBE)
        assert score.cannot == len(matrix.unavailable(sid)) == len(matrix.voters) - score.yes - score.maybe


def test_fair_hours_boundaries() -> None:
    zurich = ZoneInfo("Europe/Zurich")

    def at(hour: int, minute: int, minutes: int = 60) -> bool:
        start = datetime(2026, 12, 3, hour, minute, tzinfo=zurich)
        return outside_hours(start, start + timedelta(minutes=minutes), zurich, 7, 22)

    assert not at(7, 0) and at(6, 59)
    assert not at(21, 0) and at(21, 1)  # ending at 22:01 is outside
    assert at(23, 30, 60)  # crosses midnight


def test_off_hours_lists_members_with_their_local_time() -> None:
    slot = Slot(1, datetime(2026, 12, 3, 14, 0, tzinfo=UTC), datetime(2026, 12, 3, 15, 0, tzinfo=UTC))
    zones = {1: "Asia/Tokyo", 2: "America/New_York", 3: "Europe/Zurich", 4: "Pacific/Auckland", 5: "Asia/Tokyo",
             6: "Not/AZone"}
    found = off_hours(slot, zones, 7, 22)
    assert [(o.user_id, o.zone, f"{o.local_start:%H:%M}") for o in found] == [
        (1, "Asia/Tokyo", "23:00"), (5, "Asia/Tokyo", "23:00"), (4, "Pacific/Auckland", "03:00")]


def test_rank_1000_slots_by_1000_voters_within_budget() -> None:
    poll = make_poll(1000, timedelta(minutes=30))
    rng = random.Random(7)
    to_answer = bytes(1 + b % 3 for b in range(256))  # random bytes -> NO / MAYBE / YES
    columns = [bytearray(rng.randbytes(1000).translate(to_answer)) for _ in range(1000)]
    matrix = BallotMatrix([s.id for s in poll.slots], list(range(1000)), columns)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        ranking = rank(poll, matrix)
        best = min(best, time.perf_counter() - started)
    assert len(ranking) == 1000
    assert best < 0.2, f"ranking took {best * 1000:.0f} ms"
    top = ranking[0]
    assert top.available == max(s.available for s in ranking)
