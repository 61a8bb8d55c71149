"""PostgreSQL race helpers for the reminder tests, and a stand-alone reminder worker process.

    python -m tests.pg DATABASE_URL OUT_FILE WORKER_NAME NOW_ISO [CLAIM_BATCH]

runs one ReminderService (with its clock frozen at NOW_ISO) over every due reminder of kind "race" and
writes the id of each reminder its handler was called for to OUT_FILE, one per line. A small CLAIM_BATCH
makes concurrent workers collide more often.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import FakeClock
from bot.config import Config
from bot.services import reminders
from bot.services.context import ServiceContext
from bot.services.reminders import ReminderJob, ReminderService
from storage.db import Database
from storage.models.reminders import Reminder

RACE_KIND = "race"


def race_worker(db: Database, clock: FakeClock, name: str,
                handler: Callable[[ReminderJob], Awaitable[None]]) -> ReminderService:
    ctx = ServiceContext(db=db, clock=clock, config=Config(), scheduler=AsyncIOScheduler(timezone="UTC"),
                         worker_id=name)
    service = ReminderService(ctx)
    service.register(RACE_KIND, handler)
    return service


async def seed(db: Database, guild_id: int, due: datetime, count: int) -> None:
    """``count`` due reminders of the race kind, inserted in one batch."""
    async with db.session() as session:
        session.add_all([Reminder(guild_id=guild_id, kind=RACE_KIND, ref_id=i, text="", due_at=due, state="pending",
                                  attempts=0, created_at=due) for i in range(count)])


async def _run(url: str, name: str, now: datetime) -> tuple[int, list[str]]:
    db = Database(url)
    lines: list[str] = []

    async def record(job: ReminderJob) -> None:
        lines.append(str(job.id))
        await asyncio.sleep(0)  # let the other worker in between handlers

    try:
        sent = await race_worker(db, FakeClock(now), name, record).run_due()
    finally:
        await db.dispose()
    return sent, lines


def main(argv: list[str]) -> int:
    url, out, name, now = argv[:4]
    if len(argv) > 4:
        reminders.CLAIM_BATCH = int(argv[4])
    sent, lines = asyncio.run(_run(url, name, datetime.fromisoformat(now)))
    Path(out).write_text("".join(f"{line}\n" for line in lines))
    print(f"{name}: sent {sent}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
