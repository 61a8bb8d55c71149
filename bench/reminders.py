"""Reminder benchmarks: start-up with 100,000 pending reminders, and how late reminders fire.

Run alone with ``python -m bench.reminders`` (prints Markdown), or call ``run()`` from the bench runner.
Set CONVENER_TEST_PG_URL to measure PostgreSQL as well. Figures are wall-clock on a shared machine.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import insert

from bot.clock import Clock, FakeClock, SystemClock
from bot.config import Config
from bot.services import ServiceContext, Services
from bot.services.reminders import ReminderJob
from storage.db import Database
from storage.models.reminders import Reminder

PENDING = 100_000
DUE_NOW = 20
LATE = 300  # reminders whose lateness is measured
SPREAD = 5.0  # seconds over which they fall due
SETUP = 4.0  # seconds allowed for scheduling them first


def _services(db: Database, clock: Clock, scheduler: AsyncIOScheduler) -> Services:
    ctx = ServiceContext(db=db, clock=clock, config=Config(), scheduler=scheduler, worker_id="bench")
    return Services(ctx)


async def _fill(db: Database, now: datetime, pending: int) -> None:
    rng = random.Random(6)
    rows = [{"guild_id": 1 + i % 50, "kind": "text", "ref_id": None, "channel_id": 10, "role_id": None,
             "text": f"reminder {i}", "due_at": now + timedelta(seconds=rng.uniform(120, 90 * 86400)),
             "state": "pending", "attempts": 0, "created_at": now} for i in range(pending - DUE_NOW)]
    rows += [{"guild_id": 1, "kind": "text", "ref_id": None, "channel_id": 10, "role_id": None, "text": "due",
              "due_at": now - timedelta(minutes=5), "state": "pending", "attempts": 0, "created_at": now}
             for _ in range(DUE_NOW)]
    for chunk in range(0, len(rows), 10_000):
        async with db.session() as session:
            await session.execute(insert(Reminder), rows[chunk:chunk + 10_000])


def _rss_mb() -> float:
    """Resident memory of this process now (Linux), in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


async def _startup_child(url: str, now: datetime) -> dict[str, float]:
    """Inside a fresh process: what it costs to get the reminder worker ready."""
    db = Database(url)
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start(paused=True)  # measure arming, not sending
    services = _services(db, FakeClock(now), scheduler)
    rss_before = _rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    await services.meetings.start()
    await services.reminders.start()
    ready = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    armed = len([j for j in scheduler.get_jobs() if j.id.startswith("reminder:")])
    scheduler.shutdown(wait=False)
    await db.dispose()
    return {"ready": ready, "peak": peak / 1e6, "rss_before": rss_before, "rss_after": _rss_mb(), "armed": armed}


async def startup_figures(url: str, label: str, pending: int = PENDING) -> list[tuple[str, str]]:
    """Time and memory for a new bot process to get its reminder worker ready over ``pending`` rows."""
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    db = Database(url)
    await db.migrate()
    await _fill(db, now, pending)
    await db.dispose()
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bench.reminders", "--startup", url,
                                                now.isoformat(), stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    figures = json.loads(out.decode().strip().splitlines()[-1])
    return [
        (f"start-up over {pending:,} pending reminders ({label})", f"{figures['ready'] * 1000:.0f} ms to ready"),
        (f"memory during start-up ({label})",
         f"peak Python allocations {figures['peak']:.1f} MB; RSS {figures['rss_before']:.0f} → "
         f"{figures['rss_after']:.0f} MB"),
        (f"in-memory jobs after start-up ({label})",
         f"{figures['armed']:.0f} (the {DUE_NOW} due ones; the rest wait for their sweep)"),
    ]


async def lateness_figures(url: str, count: int = LATE) -> list[tuple[str, str]]:
    """Real clock, running scheduler: reminders due over ``SPREAD`` seconds, lateness = sent - due."""
    db = Database(url)
    await db.migrate()
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start()
    clock = SystemClock()
    services = _services(db, clock, scheduler)
    late: list[float] = []
    done = asyncio.Event()

    async def record(job: ReminderJob) -> None:
        late.append((clock.now() - job.due_at).total_seconds())
        if len(late) == count:
            done.set()

    services.reminders.register("bench", record)
    await services.reminders.start()
    # Everything is scheduled before the first one falls due, so only firing is measured.
    base = clock.now() + timedelta(seconds=SETUP)
    rng = random.Random(7)
    for _ in range(count):
        await services.reminders.schedule(1, "bench", base + timedelta(seconds=rng.uniform(0, SPREAD)))
    assert clock.now() < base, "scheduling took longer than the set-up window"
    await asyncio.wait_for(done.wait(), timeout=60)
    scheduler.shutdown(wait=False)
    await db.dispose()
    late.sort()
    p99 = late[max(0, int(len(late) * 0.99) - 1)]
    return [(f"reminder lateness, {count} due over {SPREAD:.0f} s (SQLite, real clock)",
             f"p50 {statistics.median(late) * 1000:.0f} ms · p99 {p99 * 1000:.0f} ms · max {late[-1] * 1000:.0f} ms")]


async def run() -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += await startup_figures(f"sqlite+aiosqlite:///{Path(tmp) / 'startup.db'}", "SQLite")
        rows += await lateness_figures(f"sqlite+aiosqlite:///{Path(tmp) / 'calm.db'}", count=30)
        rows += await lateness_figures(f"sqlite+aiosqlite:///{Path(tmp) / 'burst.db'}", count=LATE)
    pg = os.environ.get("CONVENER_TEST_PG_URL")
    if pg:
        from tests.conftest import create_pg_database, drop_pg_database

        url = await create_pg_database()
        try:
            rows += await startup_figures(url, "PostgreSQL")
        finally:
            await drop_pg_database(url)
    return rows


def markdown(rows: list[tuple[str, str]]) -> str:
    return "\n".join(["| Reminders | |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows)])


if __name__ == "__main__":
    if sys.argv[1:2] == ["--startup"]:
        print(json.dumps(asyncio.run(_startup_child(sys.argv[2], datetime.fromisoformat(sys.argv[3])))))
    else:
        print(markdown(asyncio.run(run())))
