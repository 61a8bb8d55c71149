"""Vote burst: 2,000 members press Submit within 5 seconds on one poll.

Counted: ballots persisted (read back through the poll repository), edits of the poll message (coalesced to at
most one per second), 429s the stand-in answered, and how quickly members were answered (Discord allows 3 s,
after which the interaction fails). The bot is a separate `convener run` process, as in production; the
simulated members and the stand-in share this one (schema validation off: it costs more CPU than the bot).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import Figure, database, spread_ms
from bot.sandbox import InteractionTimeout, Message, Reply, Sandbox, SimMember
from bot.sandbox.cast import sandbox_members
from bot.sandbox.process import BotProcess
from storage.db import Database
from storage.repositories.polls import PollRepository

VOTERS = 2_000
WINDOW = 5.0
SLOTS = "2027-03-03 15:00, 2027-03-03 16:00, 2027-03-04 09:00"


@dataclass
class Burst:
    stored: int
    edits: int
    settled: float  # seconds from the first press to the final tally on the poll message
    min_gap: float | None  # closest two edits, seconds
    limited: int
    acked: list[float]  # seconds until the interaction was acknowledged (Discord: within 3 s)
    answered: list[float]  # seconds until the member was told the vote is saved
    failed: int


def _edit_times(message: Message, since: int) -> list[float]:
    return message.edit_wall_times[since:]


async def _panels(members: list[SimMember], poll: Message) -> list[Reply]:
    panels: list[Reply] = []
    for start in range(0, len(members), 25):  # opening panels is not part of the burst
        panels += await asyncio.gather(*(m.click(poll, "Vote", timeout=30) for m in members[start:start + 25]))
    return panels


async def one(kind: str, voters: int = VOTERS, window: float = WINDOW) -> Burst:
    with tempfile.TemporaryDirectory() as tmp:
        async with database(kind, Path(tmp)) as backend, \
                Sandbox(members=sandbox_members(), validate=False) as sandbox:
            process = BotProcess(sandbox.standin, backend.url, tmp, guild_ids=[sandbox.guild.id])
            await process.start(120)
            try:
                return await _burst(sandbox, backend.url, voters, window)
            finally:
                await process.stop()


async def _burst(sandbox: Sandbox, url: str, voters: int, window: float) -> Burst:
    lynn = sandbox.member("Lynn St.Amour")
    await lynn.slash("poll create", title="Burst", slots=SLOTS, timezone="UTC", timeout=30)
    poll = await sandbox.standin.wait_for_message(sandbox.general, lambda m: bool(m.embeds), timeout=30)
    poll_id = int(str(next(b for b in poll.buttons() if b.get("label") == "Vote")["custom_id"]).split(":")[1])
    members = [await sandbox.join(f"Voter {i:04d}") for i in range(voters)]
    panels = await _panels(members, poll)
    edits_before, limited_before = poll.edits, sandbox.standin.stats.rate_limited
    told: list[float] = []

    async def submit(member: SimMember, panel: Reply, at: float) -> None:
        await asyncio.sleep(max(0.0, at - time.monotonic()))
        with contextlib.suppress(InteractionTimeout):  # counted below from the stand-in's records
            told.append((await member.click(panel, "Submit", wait_update=True, timeout=120)).latency)

    started = time.monotonic()
    # Evenly spread over the window (2,000 members: 400 presses per second).
    await asyncio.gather(*(submit(m, p, started + window * i / voters)
                           for i, (m, p) in enumerate(zip(members, panels, strict=True))))
    await sandbox.standin.wait_until(
        lambda: f"**{voters:,}** voted" in str(poll.embeds[0].get("description")), 120, "the final tally")
    settled = time.monotonic() - started
    records = [r for r in sandbox.standin.interactions.values()
               if r.payload.get("data", {}).get("custom_id") == f"poll:{poll_id}:submit"]
    db = Database(url)
    try:
        async with db.reader() as session:
            stored = len(await PollRepository(session, sandbox.guild.id).voters(poll_id))
    finally:
        await db.dispose()
    times = _edit_times(poll, edits_before)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    return Burst(stored, poll.edits - edits_before, settled, min(gaps) if gaps else None,
                 sandbox.standin.stats.rate_limited - limited_before,
                 [r.latency for r in records if r.latency is not None and not r.late], told,
                 sum(1 for r in records if r.late or not r.acknowledged))


async def run(kinds: list[str], voters: int = VOTERS) -> list[Figure]:
    results = {kind: await one(kind, voters) for kind in kinds}
    stored = Figure(f"{voters:,} members press Submit within {WINDOW:.0f} s: ballots persisted", {},
                    f"{voters}/{voters}")
    edits = Figure("poll-message edits for the burst (edits ÷ seconds until the final tally; closest two)", {},
                   "≤ 1 per second")
    limited = Figure("429 responses during the burst", {}, "0")
    ack = Figure("Submit acknowledged (p50 / p95 / p99); interactions failed (not acknowledged within 3 s)", {},
                 "0 failed")
    saved = Figure("Submit: member told the vote is saved (p50 / p95 / p99)", {})
    for kind, r in results.items():
        stored.values[kind] = f"{r.stored:,}/{voters:,}"
        stored.met[kind] = r.stored == voters
        rate = r.edits / r.settled
        closest = "—" if r.min_gap is None else f"{r.min_gap:.2f} s"
        edits.values[kind] = f"{r.edits} edits in {r.settled:.1f} s = {rate:.2f}/s; closest {closest} apart"
        edits.met[kind] = rate <= 1.0 and (r.min_gap is None or r.min_gap >= 0.95)
        limited.values[kind] = str(r.limited)
        limited.met[kind] = r.limited == 0
        ack.values[kind] = f"{spread_ms(r.acked) if r.acked else '—'}; {r.failed} failed"
        ack.met[kind] = r.failed == 0 and bool(r.acked) and max(r.acked) <= 3.0
        saved.values[kind] = spread_ms(r.answered) if r.answered else "—"
    return [stored, edits, limited, ack, saved]


if __name__ == "__main__":
    from bench.common import backends

    for figure in asyncio.run(run(backends())):
        print(figure.metric, figure.values, figure.verdict)
