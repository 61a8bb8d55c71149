"""Start-up of a `convener run` process over 10,000 open polls and 100,000 pending reminders.

The rows are bulk-inserted first (SQLAlchemy Core: fine in a benchmark). The figure is a restart, as after a
deploy: the database is migrated and the command tree synced already. "Ready" is the gateway IDENTIFY:
discord.py runs convener's whole set-up (migrations check, cogs with their persistent components, command
sync, reminder sweep arming what is due) before it connects. Memory is the process's resident set (Linux /proc).
"""

from __future__ import annotations

import asyncio
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.common import Figure, database
from bot.sandbox import Sandbox
from bot.sandbox.cast import sandbox_members
from bot.sandbox.objects import Message
from bot.sandbox.process import BotProcess
from storage.db import Database
from storage.models.polls import Poll, PollSlot
from storage.models.reminders import Reminder

POLLS = 10_000
REMINDERS = 1_000_000
DUE_NOW = 5  # overdue "text" reminders: posted right after start-up, which shows the jobs are armed
TARGET_SECONDS = 2.0
TARGET_MB = 250.0
CHUNK = 2_000
_STAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) ")


async def fill(url: str, guild_id: int, channel_id: int, now: datetime) -> None:
    db = Database(url)
    await db.migrate()
    rng = random.Random(9)
    try:
        poll_ids: list[int] = []
        for start in range(0, POLLS, CHUNK):
            rows = [{"guild_id": guild_id, "title": f"Poll {n}", "timezone": "UTC", "status": "open",
                     "deadline": now + timedelta(days=10 + n % 30), "channel_id": channel_id,
                     "message_id": 10_000_000 + n, "anonymous": False, "created_by": 1, "created_at": now}
                    for n in range(start, min(start + CHUNK, POLLS))]
            async with db.session() as session:
                poll_ids += list((await session.scalars(insert(Poll).returning(Poll.id), rows)).all())
        slots: list[dict[str, Any]] = [
            {"guild_id": guild_id, "poll_id": pid, "start": now + timedelta(days=45, hours=k),
             "end": now + timedelta(days=45, hours=k + 1)} for pid in poll_ids for k in range(3)]
        closes: list[dict[str, Any]] = [
            {"guild_id": guild_id, "kind": "poll.close", "ref_id": pid, "channel_id": channel_id, "text": "",
             "due_at": now + timedelta(days=10 + i % 30), "state": "pending", "attempts": 0, "created_at": now}
            for i, pid in enumerate(poll_ids)]
        texts = ((guild_id, "text", None, channel_id, f"reminder {i}",
                  now + timedelta(seconds=rng.uniform(600, 90 * 86400)), "pending", 0, now)
                 for i in range(REMINDERS - POLLS - DUE_NOW))
        async with db.session() as session:
            await session.execute(insert(PollSlot), slots)
            await session.execute(insert(Reminder), closes)
        await bulk_reminders(url, texts)
    finally:
        await db.dispose()


COLUMNS = ("guild_id", "kind", "ref_id", "channel_id", "text", "due_at", "state", "attempts", "created_at")


async def overdue(url: str, guild_id: int, channel_id: int, now: datetime) -> None:
    """Reminders that fell due while the bot was down: the restart must post them (its jobs are armed)."""
    await bulk_reminders(url, [(guild_id, "text", None, channel_id, f"overdue {i}", now - timedelta(minutes=1),
                                "pending", 0, now) for i in range(DUE_NOW)])


async def bulk_reminders(url: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert a million reminder rows in seconds: COPY on PostgreSQL, one executemany in SQLite's own module
    (through SQLAlchemy, the rows' dictionaries and bind processing alone take a minute)."""
    if url.startswith("postgresql"):
        import asyncpg

        conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            await conn.copy_records_to_table("reminders", records=list(rows), columns=list(COLUMNS))
        finally:
            await conn.close()
        return
    path = url.split(":///", 1)[1]
    stamped = [(*r[:5], r[5].astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"), *r[6:8],
                r[8].astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")) for r in rows]

    def write() -> None:
        with sqlite3.connect(path) as conn:
            conn.executemany(f"INSERT INTO reminders ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * 9)})", stamped)

    await asyncio.to_thread(write)


def import_seconds() -> tuple[float, float]:
    """(interpreter start, importing convener and its cogs) in a fresh process: the floor of any start-up."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - started
    code = ("import time, pkgutil, importlib; t = time.perf_counter(); import bot.app, bot.__main__, cogs; "
            "[importlib.import_module(f'cogs.{m.name}') for m in pkgutil.iter_modules(cogs.__path__)]; "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return bare, float(out.stdout.strip().splitlines()[-1])


def setup_seconds(output: str) -> float:
    """From discord.py's "logging in" (imports done, set-up starts) to "connected to Gateway", per the log."""
    def stamp(needle: str) -> datetime:
        line = next(line for line in output.splitlines() if needle in line)
        match = _STAMP.match(line)
        assert match is not None, line
        return datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S,%f")

    return (stamp("has connected to Gateway") - stamp("logging in using static token")).total_seconds()


@dataclass
class Start:
    first: float  # spawn -> IDENTIFY on a fresh stand-in (command sync)
    restart: float  # spawn -> IDENTIFY, the figure
    setup: float  # of which convener's set-up after imports (log timestamps)
    fired: float  # spawn -> the overdue reminders posted
    buttons_work: bool
    rss: float
    peak: float


async def one(kind: str) -> Start:
    with tempfile.TemporaryDirectory() as tmp:
        async with database(kind, Path(tmp)) as backend, \
                Sandbox(members=sandbox_members(), validate=False) as sandbox:
            standin, general = sandbox.standin, sandbox.general
            await fill(backend.url, sandbox.guild.id, general.id, datetime.now(UTC))
            process = BotProcess(standin, backend.url, tmp, guild_ids=[sandbox.guild.id])
            try:
                await process.start(120)
                first = process.connected_after
                await process.stop()
                # Added while the bot is down, so that the first start (stopped at once) cannot claim them.
                await overdue(backend.url, sandbox.guild.id, general.id, datetime.now(UTC))
                await process.start(120)
                restart, setup = process.connected_after, setup_seconds(process.output())
                await standin.wait_until(lambda: len([m for m in standin.messages(general)
                                                      if m.content.startswith("overdue")]) >= DUE_NOW, 60,
                                         "the overdue reminders")
                fired = time.monotonic() - process.started_at
                # A Vote button on the message of one of the 10,000 polls (made by the bulk insert, so forged here).
                world = standin.world
                poll = world.store_message(Message(
                    id=world.ids.next(), channel_id=general.id, guild_id=sandbox.guild.id, author=standin.bot_user,
                    components=[{"type": 1, "components": [{"type": 2, "style": 1, "label": "Vote",
                                                            "custom_id": f"poll:{POLLS // 2}:vote"}]}]))
                panel = await sandbox.member("Jutta Croll").click(poll, "Vote", timeout=10)
                memory = process.memory_mb()
                return Start(first, restart, setup, fired, panel.ephemeral and "Submit" in str(panel.components),
                             memory["VmRSS"], memory["VmHWM"])
            finally:
                if process.running:
                    await process.stop()


async def run(kinds: list[str]) -> list[Figure]:
    bare, imports = import_seconds()
    results = {kind: await one(kind) for kind in kinds}
    ready = Figure(f"restart over {POLLS:,} open polls + {REMINDERS:,} pending reminders: process start → ready "
                   "(views registered, reminder sweep done, gateway IDENTIFY)", {}, f"< {TARGET_SECONDS:.0f} s")
    memory = Figure("resident memory after start-up: VmRSS (peak VmHWM)", {}, f"< {TARGET_MB:.0f} MB")
    other = Figure("first start on a new Discord (migrations already applied; commands synced)", {})
    proof = Figure(f"{DUE_NOW} overdue reminders posted; a Vote button of a pre-existing poll answered", {})
    for kind, r in results.items():
        ready.values[kind] = f"{r.restart:.2f} s, of which set-up {r.setup * 1000:.0f} ms"
        ready.met[kind] = r.restart < TARGET_SECONDS
        memory.values[kind] = f"{r.rss:.0f} MB ({r.peak:.0f} MB)"
        memory.met[kind] = r.peak < TARGET_MB
        other.values[kind] = f"{r.first:.2f} s"
        proof.values[kind] = f"{r.fired:.2f} s after process start; button {'✓' if r.buttons_work else '✗'}"
    floor = Figure("floor of any start here: interpreter start + importing convener and its cogs",
                   {"all": f"{bare:.2f} s + {imports:.2f} s"})
    return [ready, memory, floor, other, proof]


if __name__ == "__main__":
    from bench.common import backends

    for figure in asyncio.run(run(backends())):
        print(figure.metric, figure.values, figure.verdict)
