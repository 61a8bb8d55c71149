"""Keeping a posted message current: at most one edit per key per interval, and the last one is always current.

Discord lets a bot edit a message about five times per five seconds; a burst of 200 votes or roll-call clicks
must not become 200 edits (and 429s). ``poke(key)`` marks the message dirty; one task per key runs the refresh,
waits out the interval, and runs it again only if more pokes arrived meanwhile. The refresh reads the state when
it runs, so the final edit always shows the latest. Poll tallies, roll-call messages and posted agendas use it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)

MAX_FAILURES = 8  # consecutive failed refreshes of one key before waiting for the next poke
MAX_BACKOFF = 60.0  # seconds: the longest wait between retries of a failing refresh


class Coalescer(Generic[K]):
    def __init__(
        self,
        action: Callable[[K], Awaitable[None]],
        interval: float,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.action = action
        self.interval = interval
        self.monotonic = monotonic
        self.sleep = sleep
        self.runs = 0  # refreshes started, for tests and benchmarks
        self._dirty: set[K] = set()
        self._last: dict[K, float] = {}
        self._tasks: dict[K, asyncio.Task[None]] = {}
        self._closed = False

    def poke(self, key: K) -> None:
        """Ask for a refresh of ``key``; returns at once. After ``close`` nothing more is edited: the client is
        going away, and a task started now would outlive it."""
        if self._closed:
            log.info("refresh of %s asked after shutdown began; skipped", key)
            return
        self._dirty.add(key)
        if key not in self._tasks:
            self._tasks[key] = asyncio.get_running_loop().create_task(self._run(key), name=f"coalesce:{key}")

    def pending(self) -> int:
        return len(self._tasks)

    async def drain(self) -> None:
        """Wait until every requested refresh has run (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks.values()), return_exceptions=True)

    async def close(self, grace: float) -> int:
        """Let pending refreshes finish for up to ``grace`` seconds, then cancel the rest (shutdown);
        returns how many were cancelled."""
        self._closed = True
        tasks = list(self._tasks.values())
        if not tasks:
            return 0
        _, pending = await asyncio.wait(tasks, timeout=grace)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        return len(pending)

    async def _run(self, key: K) -> None:
        failures = 0
        try:
            while key in self._dirty:
                last = self._last.get(key)
                if last is not None:
                    # After failures (Discord's 5xx or a 429 storm) wait longer each time, up to MAX_BACKOFF:
                    # the last tally of a burst must still reach the message once Discord recovers.
                    gap = self.interval if not failures else min(self.interval * 2 ** (failures - 1), MAX_BACKOFF)
                    wait = last + max(gap, self.interval) - self.monotonic()
                    if wait > 0:
                        await self.sleep(wait)
                # Clear before running: a poke during the refresh schedules one more run.
                self._dirty.discard(key)
                self.runs += 1
                try:
                    await self.action(key)
                    failures = 0
                except Exception:
                    failures += 1
                    log.exception("refresh of %s failed (%d in a row)", key, failures)
                    if failures < MAX_FAILURES:
                        self._dirty.add(key)
                finally:
                    # Counted from the end of the refresh: the edit happens somewhere inside it, so two edits
                    # are always at least ``interval`` apart whatever the refresh's own latency.
                    self._last[key] = self.monotonic()
        finally:
            # No await between the loop's last check and here, so no poke can slip through unseen.
            self._tasks.pop(key, None)
