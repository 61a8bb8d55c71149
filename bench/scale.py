"""Scale-out: 1, 2 and 4 `convener run` processes on one PostgreSQL, each running a range of 4 Discord shards.

The stand-in holds 1,000 servers of 20 members each and routes every guild's events to the process running its
shard ((guild_id >> 22) % 4), as Discord does. For each process count:
- interactions: members of random servers run `/profile show`, 32 at a time, for a fixed number of them;
  answered per second, latency, and any not answered within Discord's 3 s;
- reminders: 3 per server (3,000) bulk-inserted to fall due within one second; delivered per second (first due
  to last posted) and exactly once (each text posted once, every row marked sent).
The members, the stand-in and PostgreSQL share the machine's two cores with the processes: which of them runs
out first is part of the result.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.common import Figure, database, percentile
from bot.sandbox import InteractionTimeout, SimMember, StandIn
from bot.sandbox.objects import Channel
from bot.sandbox.process import BotProcess
from bot.sandbox.state import Guild
from storage.db import Database
from storage.models.reminders import Reminder
from storage.repositories.reminders import ReminderQueue

GUILDS = 1_000
MEMBERS = 20
SHARDS = 4
PROCESSES = (1, 2, 4)
INTERACTIONS = 1_500
IN_FLIGHT = 32
PER_GUILD = 3
LEAD = 4.0  # seconds from inserting the reminders to the first falling due (sweeps run every second)


@dataclass
class Round:
    processes: int
    ready: float  # seconds until every process was connected with all its servers
    answered: int
    failed: int
    per_second: float
    latencies: list[float]
    reminders: int
    delivered_once: int
    duplicates: int
    marked_sent: int
    reminders_per_second: float
    rss_mb: float


def world(standin: StandIn) -> list[tuple[Guild, Channel, list[SimMember]]]:
    out = []
    for i in range(GUILDS):
        guild = standin.add_guild(f"Group {i:04d}")
        guild.add_role("Chair")
        guild.add_role("Member")
        general = guild.add_text_channel("general")
        members = [guild.add_member(f"Member {i:04d}-{k:02d}", roles=["Chair" if k == 0 else "Member"])
                   for k in range(MEMBERS)]
        out.append((guild, general, [SimMember(standin, m, general) for m in members]))
    return out


def ranges(processes: int) -> list[list[int]]:
    per = SHARDS // processes
    return [list(range(p * per, (p + 1) * per)) for p in range(processes)]


async def start(standin: StandIn, url: str, workdir: Path, processes: int) -> list[BotProcess]:
    bots = [BotProcess(standin, url, workdir, guild_ids=[], name=f"scale{processes}-{p}",
                       config={"bot": {"shard_count": SHARDS, "shard_ids": ids},
                               "reminders": {"poll_interval": "1s"}})
            for p, ids in enumerate(ranges(processes))]
    for bot in bots:
        await bot.spawn()
    for bot in bots:
        await bot.wait_connected(180)
        await bot.wait_for_log("connected as", 180)
    return bots


async def interactions(people: list[SimMember]) -> tuple[int, int, float, list[float]]:
    rng = random.Random(5)
    picks = [rng.choice(people) for _ in range(INTERACTIONS)]
    latencies: list[float] = []
    failed = 0
    queue = iter(picks)

    async def worker() -> None:
        nonlocal failed
        for member in queue:
            try:
                latencies.append((await member.slash("profile show", timeout=10)).latency)
            except InteractionTimeout:
                failed += 1

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
    return len(latencies), failed, len(latencies) / (time.monotonic() - started), latencies


async def reminders(standin: StandIn, url: str, places: list[tuple[Guild, Channel, list[SimMember]]],
                    tag: str) -> tuple[int, int, int, int, float]:
    """(count, delivered once, duplicates, marked sent, per second)."""
    db = Database(url)
    base = datetime.now(UTC) + timedelta(seconds=LEAD)
    rng = random.Random(7)
    rows: list[dict[str, Any]] = [
        {"guild_id": guild.id, "kind": "text", "channel_id": general.id, "text": f"{tag} {n}-{k}",
         "due_at": base + timedelta(seconds=rng.uniform(0, 1)), "state": "pending", "attempts": 0,
         "created_at": datetime.now(UTC)}
            for n, (guild, general, _) in enumerate(places) for k in range(PER_GUILD)]
    try:
        async with db.reader() as session:  # earlier rounds' rows stay in the table: count this round's only
            sent_before = (await ReminderQueue(session).count_by_state()).get("sent", 0)
        async with db.session() as session:
            await session.execute(insert(Reminder), rows)
        wanted = {r["text"] for r in rows}
        seen: Counter[str] = Counter()
        first_seen: dict[str, float] = {}
        checked = 0  # messages already looked at (the stand-in's dict keeps insertion order)
        deadline = time.monotonic() + 120 + LEAD

        def look() -> None:
            nonlocal checked
            messages = list(standin.world.messages.values())
            for message in messages[checked:]:
                if message.content in wanted:
                    seen[message.content] += 1
                    first_seen.setdefault(message.content, time.monotonic())
            checked = len(messages)

        while len(first_seen) < len(wanted) and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            look()
        first_due = min(r["due_at"] for r in rows).timestamp() - time.time() + time.monotonic()
        last = max(first_seen.values(), default=first_due)
        await asyncio.sleep(2)  # a duplicate would come from a second claim; look once more
        look()
        async with db.reader() as session:
            states = await ReminderQueue(session).count_by_state()
    finally:
        await db.dispose()
    once = sum(1 for t in wanted if seen[t] == 1)
    duplicates = sum(n - 1 for n in seen.values() if n > 1)
    return len(rows), once, duplicates, states.get("sent", 0) - sent_before, len(rows) / max(last - first_due, 1e-3)


async def one_round(standin: StandIn, url: str, workdir: Path, places: list[tuple[Guild, Channel, list[SimMember]]],
                    processes: int) -> Round:
    started = time.monotonic()
    bots = await start(standin, url, workdir, processes)
    ready = time.monotonic() - started
    try:
        people = [m for _, _, members in places for m in members]
        answered, failed, rate, latencies = await interactions(people)
        count, once, dupes, sent, per_second = await reminders(standin, url, places, f"scale{processes}")
        rss = sum(bot.memory_mb()["VmRSS"] for bot in bots)
    finally:
        for bot in bots:
            if bot.running:
                await bot.stop()
    return Round(processes, ready, answered, failed, rate, latencies, count, once, dupes, sent, per_second, rss)


async def measure() -> list[Round]:
    with tempfile.TemporaryDirectory() as tmp:
        async with database("PostgreSQL", Path(tmp)) as backend:
            migrate = Database(backend.url)
            await migrate.migrate()
            await migrate.dispose()
            async with StandIn(validate=False) as standin:
                places = world(standin)
                return [await one_round(standin, backend.url, Path(tmp), places, n) for n in PROCESSES]


def figures(rounds: list[Round], kinds: list[str]) -> list[Figure]:
    column = "PostgreSQL"
    out = []
    for r in rounds:
        out.append(Figure(
            f"{r.processes} process{'es' if r.processes > 1 else ''} ({SHARDS // r.processes} shard"
            f"{'s' if SHARDS // r.processes > 1 else ''} each): `/profile show` answered per second "
            f"({IN_FLIGHT} in flight; p50 / p99); not answered in 3 s",
            {column: f"{r.per_second:.0f}/s ({percentile(r.latencies, 0.5) * 1000:.0f} / "
                     f"{percentile(r.latencies, 0.99) * 1000:.0f} ms); {r.failed} failed",
             **{k: "— (PostgreSQL only)" for k in kinds if k != column}},
            "0 failed", {column: r.failed == 0}))
        out.append(Figure(
            f"{r.processes} process{'es' if r.processes > 1 else ''}: {r.reminders:,} reminders due within 1 s "
            "across 1,000 servers: delivered per second; posted exactly once; marked sent; duplicates",
            {column: f"{r.reminders_per_second:.0f}/s; {r.delivered_once:,}/{r.reminders:,}; "
                     f"{r.marked_sent:,}/{r.reminders:,}; {r.duplicates} duplicates",
             **{k: "— (PostgreSQL only)" for k in kinds if k != column}},
            "each exactly once", {column: r.delivered_once == r.reminders and r.duplicates == 0
                                  and r.marked_sent == r.reminders}))
        out.append(Figure(f"{r.processes} process{'es' if r.processes > 1 else ''}: start → all 1,000 servers "
                          "ready; resident memory of the processes together",
                          {column: f"{r.ready:.1f} s; {r.rss_mb:.0f} MB",
                           **{k: "— (PostgreSQL only)" for k in kinds if k != column}}))
    return out


async def run(kinds: list[str]) -> list[Figure]:
    if "PostgreSQL" not in kinds:
        return [Figure("scale-out over several processes", {k: "— (needs PostgreSQL)" for k in kinds})]
    return figures(await measure(), kinds)


if __name__ == "__main__":
    from bench.common import backends

    for figure in asyncio.run(run(backends())):
        print(figure.metric, figure.values, figure.verdict)
