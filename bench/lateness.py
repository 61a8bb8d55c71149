"""Reminder lateness: 1,000 reminders falling due within the same few seconds, on the wall clock.

The rows are bulk-inserted a few seconds ahead, the reminder service's sweep arms them in APScheduler (as it
does every `poll_interval`), and each fires through the real claim → handler → mark path. Lateness is the time
from `due_at` to the handler running, and (from the database afterwards) to `sent_at`.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import insert, select

from bench.common import Figure, database, percentile, spread_ms
from bot.clock import SystemClock
from bot.config import Config
from bot.services import ServiceContext, Services
from bot.services.reminders import ReminderJob
from storage.db import Database
from storage.models.reminders import Reminder

COUNT = 1_000
CALM = 50  # the same spread with few reminders: what lateness is without a queue
LEAD = 4.0  # seconds between inserting them and the first falling due
SPREAD = 5.0  # seconds over which they fall due
TARGET = 1.0
MANY, MANY_SPREAD, MANY_TARGET = 10_000, 60.0, 2.0  # the raised bar: 10,000 within a minute
KIND = "bench"


@dataclass
class Lateness:
    handled: list[float]  # seconds from due_at to the handler running
    sent: list[float]  # seconds from due_at to sent_at (database)
    once: int  # reminders whose handler ran exactly once
    marked: int  # rows marked sent


async def one(kind: str, count: int = COUNT, spread: float = SPREAD) -> Lateness:
    with tempfile.TemporaryDirectory() as tmp:
        async with database(kind, Path(tmp)) as backend:
            db = Database(backend.url)
            await db.migrate()
            scheduler = AsyncIOScheduler(timezone="UTC")
            scheduler.start()
            clock = SystemClock()
            services = Services(ServiceContext(db=db, clock=clock, config=Config(), scheduler=scheduler,
                                               worker_id="bench"))
            handled: list[float] = []
            runs: Counter[int] = Counter()
            done = asyncio.Event()

            async def handler(job: ReminderJob) -> None:
                handled.append((clock.now() - job.due_at).total_seconds())
                runs[job.id] += 1
                if len(handled) == count:
                    done.set()

            services.reminders.register(KIND, handler)
            try:
                await services.reminders.start()
                base = clock.now() + timedelta(seconds=LEAD)
                rng = random.Random(3)
                rows = [{"guild_id": 1, "kind": KIND, "text": "", "state": "pending", "attempts": 0,
                         "due_at": base + timedelta(seconds=rng.uniform(0, spread)), "created_at": clock.now()}
                        for _ in range(count)]
                async with db.session() as session:
                    await session.execute(insert(Reminder), rows)
                armed = await services.reminders.sweep()  # what the periodic sweep does
                assert armed and clock.now() < base, "arming took longer than the lead time"
                await asyncio.wait_for(done.wait(), timeout=120 + spread)
                sent_log = services.reminders.sent_log  # filled once a claim is marked sent, after the handler
                for _ in range(1200):
                    if len(sent_log) >= count:
                        break
                    await asyncio.sleep(0.05)
                async with db.reader() as session:
                    marked = (await session.execute(select(Reminder.due_at, Reminder.sent_at)
                                                    .where(Reminder.kind == KIND))).all()
            finally:
                scheduler.shutdown(wait=False)
                await db.dispose()
    sent = [(s - d).total_seconds() for d, s in marked if isinstance(s, datetime)]
    return Lateness(handled, sent, sum(1 for n in runs.values() if n == 1), len(sent))


async def run(kinds: list[str]) -> list[Figure]:
    burst = Figure(f"reminder lateness, {COUNT:,} due within {SPREAD:.0f} s: handler ran; marked sent "
                   "(p50 / p95 / p99)", {}, f"p99 < {TARGET:.0f} s")
    many = Figure(f"reminder lateness, {MANY:,} due within one minute: marked sent (p50 / p95 / p99); handler ran "
                  "exactly once; rows marked sent", {}, f"p99 < {MANY_TARGET:.0f} s, each exactly once")
    calm = Figure(f"the same with {CALM} reminders", {})
    for kind in kinds:
        r = await one(kind)
        burst.values[kind] = f"{spread_ms(r.handled)}; {spread_ms(r.sent)}"
        burst.met[kind] = len(r.sent) == COUNT and percentile(r.sent, 0.99) < TARGET
        r = await one(kind, MANY, MANY_SPREAD)
        many.values[kind] = f"{spread_ms(r.sent)}; {r.once:,}/{MANY:,}; {r.marked:,}/{MANY:,}"
        many.met[kind] = r.once == MANY and r.marked == MANY and percentile(r.sent, 0.99) < MANY_TARGET
        r = await one(kind, CALM)
        calm.values[kind] = f"{spread_ms(r.handled)}; {spread_ms(r.sent)}"
    return [burst, many, calm]


if __name__ == "__main__":
    from bench.common import backends

    for row in asyncio.run(run(backends())):
        print(row.metric, row.values, row.verdict)
