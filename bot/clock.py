"""Clocks: services and domain code take the time from here (or a ``now`` argument), never directly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock for tests: starts where you say and moves only when told."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when


class _Steppable(Protocol):
    def next_due(self) -> datetime | None: ...

    async def run_due(self, now: datetime) -> int: ...


class SandboxClock(FakeClock):
    """The clock of the demo and the end-to-end tests: time passes only through ``advance``/``advance_to``,
    which wake the attached timers (see ``bot.timers.ClockTimer``) at each due instant on the way, so every
    reminder, deadline and automatic start happens at its own simulated time, in order, exactly once."""

    def __init__(self, start: datetime) -> None:
        super().__init__(start)
        self._timers: list[_Steppable] = []

    def attach(self, timer: _Steppable) -> None:
        if timer not in self._timers:
            self._timers.append(timer)

    def detach(self, timer: _Steppable) -> None:
        if timer in self._timers:
            self._timers.remove(timer)

    async def advance_by(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Let ``delta`` (or ``timedelta(**parts)``) pass, running what falls due on the way."""
        return await self.advance_to(self._now + (delta if delta is not None else timedelta(**parts)))

    async def advance_to(self, target: datetime) -> datetime:
        if target.tzinfo is None:
            raise ValueError("advance_to needs an aware datetime")
        while True:
            due = min((d for t in list(self._timers) if (d := t.next_due()) is not None), default=None)
            if due is None or due > target:
                break
            self._now = max(self._now, due)
            for timer in list(self._timers):
                await timer.run_due(self._now)
        self._now = max(self._now, target)
        for timer in list(self._timers):
            await timer.run_due(self._now)
        return self._now

    def next_due(self) -> datetime | None:
        """When the next one-off job of any attached timer is due (for "advance to the next reminder")."""
        return min((d for t in self._timers if (d := t.next_due()) is not None), default=None)

    async def settle(self) -> int:
        """Run whatever is due at the current instant (e.g. work armed "now" by a command)."""
        ran = 0
        for timer in list(self._timers):
            ran += await timer.run_due(self._now)
        return ran
