"""Several reminder workers on one PostgreSQL database: each due reminder is handled exactly once.

Needs CONVENER_TEST_PG_URL (CI sets it when PostgreSQL answers); every test gets its own database.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.services.reminders import ReminderJob
from storage.db import Database
from storage.repositories.reminders import ReminderQueue
from tests.pg import race_worker, seed

pytestmark = pytest.mark.pg

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GUILD = 111
COUNT = 1000
ROOT = Path(__file__).resolve().parents[2]


async def test_two_engines_race_over_1000_due_reminders(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.services.reminders.CLAIM_BATCH", 5)  # many small claims: the workers collide often
    first_db, second_db = Database(pg_url), Database(pg_url)
    try:
        await first_db.migrate()
        await seed(first_db, GUILD, NOW - timedelta(seconds=1), COUNT)
        calls: Counter[int] = Counter()
        by_worker: Counter[str] = Counter()

        def handler(name: str):  # type: ignore[no-untyped-def]
            async def record(job: ReminderJob) -> None:
                calls[job.id] += 1
                by_worker[name] += 1
                await asyncio.sleep(0)  # hand over to the other worker between sends
            return record

        clock = FakeClock(NOW)
        one = race_worker(first_db, clock, "one", handler("one"))
        two = race_worker(second_db, clock, "two", handler("two"))
        sent = await asyncio.gather(one.run_due(), two.run_due())
        assert sum(sent) == COUNT
        assert len(calls) == COUNT and set(calls.values()) == {1}
        assert by_worker["one"] > 0 and by_worker["two"] > 0  # both really took part
        async with first_db.reader() as session:
            assert await ReminderQueue(session).count_by_state() == {"sent": COUNT}
    finally:
        await first_db.dispose()
        await second_db.dispose()


@pytest.mark.heavy
async def test_two_worker_processes_race_over_1000_due_reminders(pg_url: str, tmp_path: Path) -> None:
    db = Database(pg_url)
    try:
        await db.migrate()
        await seed(db, GUILD, NOW - timedelta(seconds=1), COUNT)
    finally:
        await db.dispose()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    outs = [tmp_path / f"worker{i}.txt" for i in (1, 2)]
    procs = [await asyncio.create_subprocess_exec(sys.executable, "-m", "tests.pg", pg_url, str(out), out.stem,
                                                  NOW.isoformat(), "5", cwd=ROOT, env=env,
                                                  stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
             for out in outs]
    results = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in procs)), timeout=120)
    for proc, (_, stderr) in zip(procs, results, strict=True):
        assert proc.returncode == 0, stderr.decode()[-2000:]
    handled = Counter(int(line) for out in outs for line in out.read_text().split())
    assert len(handled) == COUNT and set(handled.values()) == {1}
    db = Database(pg_url)
    try:
        async with db.reader() as session:
            assert await ReminderQueue(session).count_by_state() == {"sent": COUNT}
    finally:
        await db.dispose()
