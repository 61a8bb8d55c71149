"""Poll benchmarks: ranking 1,000 slots × 1,000 voters (the vote burst through the stand-in is bench/burst.py).

Run alone with ``python -m bench.polls`` (prints Markdown), or call ``run()`` from the bench runner.
Figures are wall-clock on a shared machine: compare ratios within one run, not across machines.
"""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta

from bench.common import Figure, best_of
from bot.domain.poll import Answer, PollInfo, PollStatus, Slot
from bot.domain.ranking import BallotMatrix, off_hours, rank
from bot.render.poll import poll_card
from bot.render.poll_heatmap import heatmap_png

SLOTS = 1000
VOTERS = 1000
RANK_BUDGET_MS = 200
ZONES = ["America/New_York", "Europe/Berlin", "Asia/Shanghai", "America/Sao_Paulo", "Asia/Kolkata"]



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
    build = best_of(3, lambda: BallotMatrix.from_rows(slot_ids, rows))
    matrix = BallotMatrix.from_rows(slot_ids, rows)
    ranking_time = best_of(5, lambda: rank(poll, matrix))
    ranking = rank(poll, matrix)
    zones = {10_000 + v: ZONES[v % len(ZONES)] for v in range(voters)}
    reasons = best_of(3, lambda: [(matrix.unavailable(s.slot.id), off_hours(s.slot, zones, 7, 22))
                                   for s in ranking[:10]])
    card = best_of(3, lambda: poll_card(poll, matrix.to_tally()))
    heatmap = best_of(1, lambda: heatmap_png(poll, matrix, ranking, {}, zones, (7, 22)))
    return [
        (f"rank() {slots:,} slots × {voters:,} voters", f"{ranking_time * 1000:.1f} ms (budget {RANK_BUDGET_MS} ms)"),
        (f"BallotMatrix.from_rows ({slots * voters:,} rows)", f"{build * 1000:.0f} ms"),
        ("who cannot + time-zone fairness, top 10 slots", f"{reasons * 1000:.1f} ms"),
        ("poll message (best 25 of 1,000) from the tally", f"{card * 1000:.1f} ms"),
        ("heatmap PNG (best 80 slots × 150 voters)", f"{heatmap * 1000:.0f} ms"),
    ]


def figures() -> list[Figure]:
    """The same, as results.md rows; rank() has the polls feature's budget of 200 ms."""
    rows = ranking_figures()
    (name, value), rest = rows[0], rows[1:]
    ms = float(value.split(" ms")[0])
    return [Figure(name, {"all": value.split(" (")[0]}, f"< {RANK_BUDGET_MS} ms", {"all": ms < RANK_BUDGET_MS}),
            *(Figure(n, {"all": v}) for n, v in rest)]


async def run() -> list[tuple[str, str]]:
    return ranking_figures()


def markdown(rows: list[tuple[str, str]]) -> str:
    return "\n".join(["| Polls | |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows)])


if __name__ == "__main__":
    print(markdown(asyncio.run(run())))
