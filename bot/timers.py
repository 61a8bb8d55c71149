"""Timers: how deferred work is woken up. The reminder table says *what* is due; a timer says *when to look*.

``SchedulerTimer`` is APScheduler on the wall clock (``convener run``). ``ClockTimer`` follows a
``SandboxClock``: its jobs run when the sandbox clock is advanced past them, so the demo and the end-to-end
tests live through days in milliseconds, and nothing they schedule ever fires on the wall clock.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import SandboxClock

log = logging.getLogger(__name__)

Job = Callable[..., Awaitable[Any]]


class Timer(Protocol):
    """What the reminder worker needs from a scheduler."""

    @property
    def running(self) -> bool: ...

    @property
    def horizon(self) -> timedelta | None:
        """How far ahead jobs are worth holding in memory (``None``: everything; the table is re-read anyway)."""
        ...

    def call_at(self, key: str, when: datetime, func: Job, *args: Any) -> None: ...

    def call_every(self, key: str, interval: timedelta, func: Job) -> None: ...

    def cancel(self, key: str) -> None: ...

    def keys(self) -> set[str]: ...

    def start(self) -> None: ...

    def shutdown(self) -> None: ...


class SchedulerTimer:
    """APScheduler's AsyncIOScheduler on the wall clock."""

    # Only what falls due before the next sweeps (a few poll intervals) is held in memory.
    horizon: timedelta | None = timedelta(0)

    def __init__(self, scheduler: AsyncIOScheduler | None = None) -> None:
        self.scheduler = scheduler or AsyncIOScheduler(timezone="UTC")

    @property
    def running(self) -> bool:
        return bool(self.scheduler.running)

    def call_at(self, key: str, when: datetime, func: Job, *args: Any) -> None:
        # A job may set its own successor under the same key while it still runs: allow the overlap, or
        # APScheduler would skip the successor ("maximum number of running instances reached").
        self.scheduler.add_job(func, "date", run_date=when, args=list(args), id=key, replace_existing=True,
                               misfire_grace_time=None, coalesce=True, max_instances=100)

    def call_every(self, key: str, interval: timedelta, func: Job) -> None:
        self.scheduler.add_job(func, "interval", seconds=interval.total_seconds(), id=key, replace_existing=True,
                               coalesce=True, max_instances=1)

    def cancel(self, key: str) -> None:
        try:
            self.scheduler.remove_job(key)
        except JobLookupError:
            pass

    def keys(self) -> set[str]:
        return {job.id for job in self.scheduler.get_jobs()}

    def start(self) -> None:
        if not self.scheduler.running:
            self.scheduler.start()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)


class ClockTimer:
    """Jobs on a sandbox clock. ``SandboxClock.advance_to`` runs them in time order, each at its own instant;
    periodic jobs run once per step when their period has passed (coalesced, as APScheduler does after a
    pause), so that jumping six days ahead costs one step per due job, not one per sweep interval.

    A job armed for now (or earlier) runs at once in the background, as on the wall clock: a command's
    follow-up work (a Discord event to sync, a reminder already due) does not wait for time to move. Runs are
    serialised, so an advance never overtakes work that was due before it."""

    horizon: timedelta | None = None

    def __init__(self, clock: SandboxClock) -> None:
        self.clock = clock
        self._order = itertools.count()
        self._due: list[tuple[datetime, int, str]] = []
        self._jobs: dict[str, tuple[datetime, int, Job, tuple[Any, ...]]] = {}
        self._every: dict[str, tuple[timedelta, Job, datetime]] = {}
        self._running = False
        self._lock = asyncio.Lock()
        self._kicker: asyncio.Task[None] | None = None
        self._again = False

    @property
    def running(self) -> bool:
        return self._running

    def call_at(self, key: str, when: datetime, func: Job, *args: Any) -> None:
        order = next(self._order)
        self._jobs[key] = (when, order, func, args)
        heapq.heappush(self._due, (when, order, key))
        if self._running and when <= self.clock.now():
            self._kick()

    def _kick(self) -> None:
        if self._kicker is not None and not self._kicker.done():
            self._again = True  # the running pass looks again before it ends
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop (set-up code): the next advance runs it
        self._kicker = loop.create_task(self._run_now(), name="clock-timer-now")

    async def _run_now(self) -> None:
        while True:
            self._again = False
            await self.run_due(self.clock.now())
            if not self._again:
                break

    def call_every(self, key: str, interval: timedelta, func: Job) -> None:
        self._every[key] = (interval, func, self.clock.now() + interval)

    def cancel(self, key: str) -> None:
        self._jobs.pop(key, None)
        self._every.pop(key, None)

    def keys(self) -> set[str]:
        return set(self._jobs) | set(self._every)

    def start(self) -> None:
        self._running = True
        self.clock.attach(self)

    def shutdown(self) -> None:
        self._running = False
        self.clock.detach(self)
        if self._kicker is not None:
            self._kicker.cancel()

    def next_due(self) -> datetime | None:
        """The instant of the earliest one-off job (stale heap entries of replaced or cancelled jobs dropped)."""
        while self._due:
            when, order, key = self._due[0]
            job = self._jobs.get(key)
            if job is not None and job[1] == order:
                return when
            heapq.heappop(self._due)
        return None

    async def run_due(self, now: datetime) -> int:
        """Run every one-off job due at or before ``now``, earliest first, then the periodic ones whose period
        has passed. Returns how many ran."""
        async with self._lock:
            ran = 0
            while self._running and (when := self.next_due()) is not None and when <= now:
                _, _order, key = heapq.heappop(self._due)
                _, _, func, args = self._jobs.pop(key)
                ran += await self._call(key, func, *args)
            for key, (interval, func, next_at) in list(self._every.items()):
                if self._running and next_at <= now and key in self._every:
                    self._every[key] = (interval, func, now + interval)
                    ran += await self._call(key, func)
            return ran

    @staticmethod
    async def _call(key: str, func: Job, *args: Any) -> int:
        try:
            # A task of its own, as APScheduler gives each job: what the job registers as "in flight" (the
            # reminder worker's shutdown waits for those) is the job, not whoever moved the clock.
            await asyncio.ensure_future(func(*args))
        except Exception:
            # As APScheduler does: a failing job is logged and the others still run.
            log.exception("job %s failed", key)
        return 1
