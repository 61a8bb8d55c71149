"""The sandbox clock's timer: jobs at their simulated instants, in order; work due now runs at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.clock import SandboxClock
from bot.timers import ClockTimer

T0 = datetime(2027, 4, 12, 13, 0, tzinfo=UTC)


async def test_jobs_run_at_their_own_instant_in_order_when_time_is_advanced() -> None:
    clock = SandboxClock(T0)
    timer = ClockTimer(clock)
    timer.start()
    seen: list[tuple[str, datetime]] = []

    async def job(name: str) -> None:
        seen.append((name, clock.now()))

    timer.call_at("b", T0 + timedelta(hours=2), job, "b")
    timer.call_at("a", T0 + timedelta(hours=1), job, "a")
    timer.call_at("late", T0 + timedelta(days=3), job, "late")
    await clock.advance_by(hours=2)
    assert seen == [("a", T0 + timedelta(hours=1)), ("b", T0 + timedelta(hours=2))]
    assert clock.next_due() == T0 + timedelta(days=3)
    timer.shutdown()
    await clock.advance_by(days=4)
    assert [name for name, _ in seen] == ["a", "b"]  # a stopped timer runs nothing


async def test_work_due_now_runs_at_once_in_a_task_of_its_own() -> None:
    clock = SandboxClock(T0)
    timer = ClockTimer(clock)
    timer.start()
    ran = asyncio.Event()
    tasks: list[asyncio.Task[object] | None] = []

    async def job() -> None:
        tasks.append(asyncio.current_task())
        ran.set()

    timer.call_at("now", T0, job)
    await asyncio.wait_for(ran.wait(), 1.0)  # no advance needed, as on the wall clock
    assert clock.now() == T0
    ran.clear()
    timer.call_at("later", T0 + timedelta(minutes=5), job)
    await clock.advance_by(minutes=5)
    assert ran.is_set() and tasks[-1] is not asyncio.current_task()  # the job's task, not the caller's
    timer.shutdown()
