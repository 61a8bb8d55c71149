"""Poll benchmarks: ranking 1,000 slots × 1,000 voters, and a 200-vote burst through the stand-in.

Run alone with ``python -m bench.polls`` (prints Markdown), or call ``run()`` from the bench runner.
Figures are wall-clock on a shared machine: compare ratios within one run, not across machines.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.domain.poll import Answer, PollInfo, PollStatus, Slot
from bot.domain.ranking import BallotMatrix, off_hours, rank
from bot.render.poll import poll_card
from bot.render.poll_heatmap import heatmap_png

SLOTS = 1000
VOTERS = 1000
BURST = 200
ZONES = ["America/New_York", "Europe/Berlin", "Asia/Shanghai", "America/Sao_Paulo", "Asia/Kolkata"]


def _best_of(runs: int, action: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def ranking_figures(slots: int = SLOTS, voters: int = VOTERS) -> list[tuple[str, str]]:
    """Pure ranking costs on a random ballot matrix (no database)."""
    start = datetime(2026, 12, 1, tzinfo=UTC)
    poll = PollInfo(1, 1, "bench", "UTC", PollStatus.OPEN,
                    tuple(Slot(i + 1, start + timedelta(minutes=30 * i), start + timedelta(minutes=30 * i + 60))
                          for i in range(slots)), start - timedelta(days=7))
    rng = random.Random(1)
    answers = (Answer.NO, Answer.MAYBE, Answer.YES)
    rows = [(slot.id, 10_000 + voter, rng.choice(answers)) for voter in range(voters) for slot in poll.slots]
    slot_ids = [s.id for s in poll.slots]
    build = _best_of(3, lambda: BallotMatrix.from_rows(slot_ids, rows))
    matrix = BallotMatrix.from_rows(slot_ids, rows)
    ranking_time = _best_of(5, lambda: rank(poll, matrix))
    ranking = rank(poll, matrix)
    zones = {10_000 + v: ZONES[v % len(ZONES)] for v in range(voters)}
    reasons = _best_of(3, lambda: [(matrix.unavailable(s.slot.id), off_hours(s.slot, zones, 7, 22))
                                   for s in ranking[:10]])
    card = _best_of(3, lambda: poll_card(poll, matrix.to_tally()))
    heatmap = _best_of(1, lambda: heatmap_png(poll, matrix, ranking, {}, zones, (7, 22)))
    return [
        (f"rank() {slots:,} slots × {voters:,} voters", f"{ranking_time * 1000:.1f} ms (budget 200 ms)"),
        (f"BallotMatrix.from_rows ({slots * voters:,} rows)", f"{build * 1000:.0f} ms"),
        ("who cannot + time-zone fairness, top 10 slots", f"{reasons * 1000:.1f} ms"),
        ("poll message (best 25 of 1,000) from the tally", f"{card * 1000:.1f} ms"),
        ("heatmap PNG (best 80 slots × 150 voters)", f"{heatmap * 1000:.0f} ms"),
    ]


async def burst_figures(votes: int = BURST) -> list[tuple[str, str]]:
    """``votes`` members submit ballots at once through the stand-in; the poll message edits are counted."""
    from bot.app import create_bot
    from bot.clock import FakeClock
    from bot.config import from_mapping
    from bot.sandbox import Sandbox

    with tempfile.TemporaryDirectory() as tmp:
        # A long acknowledgement deadline so that slow answers are measured instead of failing the run; the
        # stand-in's JSON-schema checks (the tests keep them on) are off: they cost more CPU than the bot here.
        async with Sandbox(ack_deadline=60.0, validate=False) as sandbox:
            config = from_mapping({"bot": {"guild_ids": [sandbox.guild.id]},
                                   "database": {"url": f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"}}, env={})
            bot = create_bot(config, clock=FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),
                             guild_ready_timeout=0.05)
            async with sandbox.run(bot):
                chair = sandbox.member("Lynn St.Amour")
                await chair.slash("poll create", title="Burst", slots="2026-12-03 15:00, 16:00, 17:00, 18:00",
                                  timezone="UTC")
                poll = await sandbox.standin.wait_for_message(
                    sandbox.general, lambda m: bool(m.embeds) and "Burst" in m.embeds[0].get("title", ""))
                members = [await sandbox.join(f"Voter {i:03d}") for i in range(votes)]
                # Panels open in waves of 20 (people do not all click within the same second); the burst
                # measured below is everyone pressing Submit at once.
                panels = []
                for wave in range(0, votes, 20):
                    panels += await asyncio.gather(*(m.click(poll, "Vote", timeout=30)
                                                     for m in members[wave:wave + 20]))
                edits_before = poll.edits
                limited_before = sandbox.standin.stats.rate_limited
                started = time.perf_counter()

                async def submit(member: Any, panel: Any) -> float:
                    sent = time.perf_counter()
                    await member.click(panel, "Submit", timeout=60)
                    return time.perf_counter() - sent

                latencies = await asyncio.gather(*(submit(m, p) for m, p in zip(members, panels, strict=True)))
                submitted = time.perf_counter() - started
                await sandbox.standin.wait_until(
                    lambda: f"**{votes}** voted" in (poll.embeds[0].get("description") or ""), 30, "final tally")
                settled = time.perf_counter() - started
                tally = await bot.services.polls.tally(sandbox.guild.id, 1)
                edits = poll.edits - edits_before
                limited = sandbox.standin.stats.rate_limited - limited_before
    latencies.sort()
    return [
        (f"{votes} ballots submitted at once", f"{submitted:.2f} s until all answered; final tally shown after "
                                             f"{settled:.2f} s"),
        ("ballots persisted", f"{tally.voters} of {votes}"),
        ("poll-message edits for the burst", f"{edits} (≤ 1 per second, coalesced)"),
        ("429 responses during the burst", str(limited)),
        ("Submit acknowledged: p50 / p95 / max", f"{statistics.median(latencies) * 1000:.0f} / "
                                                 f"{latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} / "
                                                 f"{latencies[-1] * 1000:.0f} ms (Discord allows 3,000)"),
        ("answered within 3 s", f"{sum(1 for t in latencies if t <= 3.0)} of {votes}"),
    ]


async def run() -> list[tuple[str, str]]:
    return ranking_figures() + await burst_figures()


def markdown(rows: list[tuple[str, str]]) -> str:
    return "\n".join(["| Polls | |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows)])


if __name__ == "__main__":
    print(markdown(asyncio.run(run())))
