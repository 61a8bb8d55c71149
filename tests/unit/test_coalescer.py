"""The message-edit coalescer (poll tallies, roll calls, agendas), with an injected clock and sleeper."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.services.coalescer import MAX_BACKOFF, MAX_FAILURES, Coalescer


class FakeTime:
    """Monotonic time that moves only when the test advances it; sleepers wake when their time comes."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []
        self._waiters: list[tuple[float, asyncio.Future[None]]] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        future = asyncio.get_running_loop().create_future()
        self._waiters.append((self.now + seconds, future))
        await future

    async def advance(self, seconds: float) -> None:
        self.now += seconds
        for entry in [w for w in self._waiters if w[0] <= self.now + 1e-9]:
            self._waiters.remove(entry)
            entry[1].set_result(None)
        for _ in range(5):  # let woken tasks run up to their next await
            await asyncio.sleep(0)

    async def run_out(self, coalescer: Coalescer[str]) -> None:
        """Advance to each pending wake-up until the coalescer has nothing left to do."""
        for _ in range(1000):
            if not coalescer.pending():
                return
            await asyncio.sleep(0)
            if self._waiters:
                await self.advance(min(w[0] for w in self._waiters) - self.now)
        raise AssertionError("the coalescer never settled")


class Board:
    """The 'message': what the last edit showed, and when each edit happened."""

    def __init__(self, clock: FakeTime, state: dict[str, int]) -> None:
        self.clock = clock
        self.state = state
        self.edits: list[tuple[float, int]] = []

    async def refresh(self, key: str) -> None:
        await asyncio.sleep(0)  # reading the tally takes a moment; votes may arrive meanwhile
        self.edits.append((self.clock.now, self.state[key]))


def rig(state: dict[str, int], interval: float = 1.0) -> tuple[FakeTime, Board, Coalescer[str]]:
    """A board showing ``state``, and a coalescer that edits it at most every ``interval`` seconds of fake time."""
    clock = FakeTime()
    board = Board(clock, state)
    return clock, board, Coalescer(board.refresh, interval, monotonic=clock.monotonic, sleep=clock.sleep)


async def test_burst_becomes_a_few_edits_and_the_last_one_is_current() -> None:
    state = {"poll": 0}
    clock, board, coalescer = rig(state)
    for vote in range(1, 201):  # 200 votes over 2 simulated seconds
        state["poll"] = vote
        coalescer.poke("poll")
        await clock.advance(0.01)
    await clock.run_out(coalescer)
    times = [t for t, _ in board.edits]
    assert 2 <= len(times) <= 4
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(times))
    assert board.edits[-1][1] == 200
    assert coalescer.pending() == 0


async def test_first_poke_after_quiet_edits_at_once() -> None:
    clock, board, coalescer = rig({"a": 1})
    coalescer.poke("a")
    await coalescer.drain()
    assert clock.sleeps == [] and len(board.edits) == 1
    await clock.advance(5)
    coalescer.poke("a")
    await coalescer.drain()
    assert clock.sleeps == [] and len(board.edits) == 2


async def test_keys_are_independent() -> None:
    clock, board, coalescer = rig({"a": 1, "b": 2})
    coalescer.poke("a")
    coalescer.poke("b")
    await coalescer.drain()
    assert sorted(v for _, v in board.edits) == [1, 2] and clock.sleeps == []


async def test_poke_during_a_refresh_schedules_one_more() -> None:
    clock = FakeTime()
    state = {"a": 1}
    seen: list[int] = []
    coalescer: Coalescer[str]

    async def refresh(key: str) -> None:
        seen.append(state[key])
        if len(seen) == 1:
            state[key] = 2
            coalescer.poke(key)  # a vote lands while the first edit is in flight

    coalescer = Coalescer(refresh, 1.0, monotonic=clock.monotonic, sleep=clock.sleep)
    coalescer.poke("a")
    await clock.run_out(coalescer)
    assert seen == [1, 2] and clock.sleeps == [1.0]


async def test_failures_are_retried_with_growing_delays_then_given_up(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeTime()
    calls = 0

    async def broken(key: str) -> None:
        nonlocal calls
        calls += 1
        raise ConnectionError("503")

    coalescer = Coalescer(broken, 1.0, monotonic=clock.monotonic, sleep=clock.sleep)
    coalescer.poke("a")
    await clock.run_out(coalescer)
    assert calls == MAX_FAILURES
    assert "refresh of a failed" in caplog.text
    assert clock.sleeps == [min(2.0 ** k, MAX_BACKOFF) for k in range(MAX_FAILURES - 1)]


async def test_zero_interval_still_coalesces_pokes_made_before_the_task_runs() -> None:
    _, board, coalescer = rig({"a": 3}, 0.0)
    for _ in range(50):
        coalescer.poke("a")
    await coalescer.drain()
    assert len(board.edits) == 1


async def test_close_waits_briefly_then_cancels() -> None:
    _, board, coalescer = rig({"a": 1})
    coalescer.poke("a")
    await coalescer.drain()
    coalescer.poke("a")  # must wait a (fake) second that never passes
    await asyncio.sleep(0)
    assert await coalescer.close(0.01) == 1
    assert coalescer.pending() == 0 and len(board.edits) == 1


async def test_no_refresh_starts_after_close() -> None:
    # At shutdown a reminder still being sent may close a poll and poke its tally after the coalescer closed;
    # that edit would run on a closing client (or be destroyed pending with the loop).
    state = {"poll": 1}
    clock, board, coalescer = rig(state)
    await coalescer.close(grace=0)
    coalescer.poke("poll")
    assert coalescer.pending() == 0
    await clock.run_out(coalescer)
    assert board.edits == []
