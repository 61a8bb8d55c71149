"""Snowflake ids and the timestamps Discord derives from them."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from datetime import UTC, datetime

DISCORD_EPOCH_MS = 1_420_070_400_000


def wall_clock() -> datetime:
    return datetime.now(UTC)


def iso(ts: float | None = None) -> str:
    """ISO-8601 timestamp as Discord formats it."""
    return datetime.fromtimestamp(time.time() if ts is None else ts, UTC).isoformat()


def snowflake_iso(snowflake: int) -> str:
    return iso(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000)


def snowflake_time(snowflake: int) -> datetime:
    return datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, UTC)


class Snowflakes:
    """Realistic snowflake ids whose timestamp part follows ``now`` and advances at least 1 ms per id.

    Advancing per id spreads consecutive guilds over shards ((id >> 22) % n).
    """

    def __init__(self, now: Callable[[], datetime] = wall_clock) -> None:
        self.now = now
        self._last_ms = 0
        self._inc = itertools.count()

    def next(self) -> int:
        ms = max(int(self.now().timestamp() * 1000), self._last_ms + 1)
        self._last_ms = ms
        return ((ms - DISCORD_EPOCH_MS) << 22) | (1 << 17) | (next(self._inc) & 0xFFF)

