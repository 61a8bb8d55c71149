"""What the benchmark sections share: figures with targets and verdicts, percentiles, databases to run on."""

from __future__ import annotations

import math
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PG_ENV = "CONVENER_TEST_PG_URL"


@dataclass
class Figure:
    """One row of results.md: a metric per database (or one value), its target and whether it was met."""

    metric: str
    values: dict[str, str]  # column ("SQLite", "PostgreSQL", or "all") -> measured text
    target: str = ""
    met: dict[str, bool] = field(default_factory=dict)  # column -> target met; empty when there is no target

    @property
    def verdict(self) -> str:
        if not self.met:
            return ""
        if all(self.met.values()):
            return "✅ met"
        missed = [column for column, ok in self.met.items() if not ok]
        return "❌ missed" + (f" ({', '.join(missed)})" if len(self.met) > 1 else "")


def percentile(samples: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share 0.99 = p99) of unsorted samples."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def best_of(runs: int, action: Callable[[], Any]) -> float:
    """The fastest of ``runs`` timings of ``action``, in seconds (the least disturbed by the shared machine)."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


async def best_of_async(runs: int, action: Callable[[], Awaitable[Any]]) -> float:
    """``best_of`` for a coroutine function."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        await action()
        best = min(best, time.perf_counter() - started)
    return best


def spread_ms(samples: Sequence[float]) -> str:
    """"p50 / p95 / p99" of samples in seconds, written in milliseconds."""
    return " / ".join(f"{percentile(samples, p) * 1000:.0f}" for p in (0.5, 0.95, 0.99)) + " ms"


@dataclass(frozen=True)
class Backend:
    name: str  # "SQLite" or "PostgreSQL"
    url: str


@asynccontextmanager
async def database(kind: str, workdir: Path) -> AsyncIterator[Backend]:
    """A fresh, empty database: a SQLite file in ``workdir``, or a new database on $CONVENER_TEST_PG_URL's server
    (dropped afterwards)."""
    if kind == "SQLite":
        yield Backend(kind, f"sqlite+aiosqlite:///{workdir / f'bench-{uuid.uuid4().hex[:8]}.db'}")
        return
    import asyncpg

    server = os.environ[PG_ENV]
    admin_url = server.replace("postgresql+asyncpg://", "postgresql://")
    name = f"convener_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield Backend(kind, server.rsplit("/", 1)[0] + f"/{name}")
    finally:
        admin = await asyncpg.connect(admin_url)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


def backends() -> list[str]:
    return ["SQLite", "PostgreSQL"] if os.environ.get(PG_ENV) else ["SQLite"]
