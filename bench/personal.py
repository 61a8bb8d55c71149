"""Personal reminders: a poll's last call to 500 members who all chose direct messages.

convener runs in this process against the stand-in with Discord's limits on: 50 requests per second in all
(the global limit) and the per-route buckets. Every member chose DMs; none has voted. The clock is moved to
the last call and the fan-out runs through the real path (claim → delivery rows → paced DMs → marks). Timed
from the reminder firing to the last DM; 429s are counted by the stand-in. The same fan-out unpaced
(`dm_per_second` 50, 50 under way) shows what the pacing avoids.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import Figure
from bot.app import create_bot
from bot.clock import SandboxClock
from bot.config import from_mapping
from bot.sandbox import RateLimitConfig, Sandbox
from bot.sandbox.objects import DM
from storage.db import Database

MEMBERS = 500
START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
DEADLINE = START + timedelta(days=3)


async def one(workdir: Path, reminders: dict[str, object]) -> tuple[float, int, int, int]:
    """(seconds, DMs delivered, 429 answers, requests) for one fan-out to MEMBERS members."""
    url = f"sqlite+aiosqlite:///{workdir / f'personal-{len(reminders)}.db'}"
    database = Database(url)
    await database.migrate()
    await database.dispose()
    clock = SandboxClock(START)
    members = [("Lynn St.Amour", ["Chair"])] + [(f"Member {i:03d}", ["Member"]) for i in range(MEMBERS)]
    limits = RateLimitConfig(global_limit=50)
    async with Sandbox(members=members, clock=clock, validate=False, rate_limits=limits) as sandbox:
        config = from_mapping({"bot": {"guild_ids": [sandbox.guild.id]}, "database": {"url": url},
                               "reminders": reminders}, env={})
        bot = create_bot(config, clock=clock, guild_ready_timeout=0.05)
        async with sandbox.run(bot):
            services, guild = bot.services, sandbox.guild
            role = guild.role("Member")
            ids = [m.id for m in guild.members.values() if role in m.roles]
            for user_id in ids:
                await services.reach.choose(guild.id, user_id, delivery="dm", before=None)
            await services.polls.create(guild.id, title="Plenary", slots="2027-03-10 15:00", timezone="UTC",
                                        channel_id=sandbox.general.id, created_by=sandbox.member("Lynn St.Amour").id,
                                        deadline="2027-03-04 09:00", expected_role_id=role.id, is_chair=True)
            before_429, before_requests = sandbox.standin.stats.rate_limited, sandbox.standin.stats.requests
            started = time.perf_counter()
            await clock.advance_to(DEADLINE - config.reminders.poll_last_call)
            await sandbox.standin.wait_until(lambda: delivered(sandbox, ids) >= len(ids), 600.0, "every DM",
                                             poll=0.2)
            elapsed = time.perf_counter() - started
            stats = sandbox.standin.stats
            return (elapsed, delivered(sandbox, ids), stats.rate_limited - before_429,
                    stats.requests - before_requests)


def delivered(sandbox: Sandbox, ids: list[int]) -> int:
    """Members who received the last call exactly once (one pass over the DM channels: cheap enough to poll)."""
    world, wanted = sandbox.standin.world, set(ids)
    counts: Counter[int] = Counter()
    for channel in world.channels.values():
        if channel.type == DM:
            users = [u.id for u in channel.recipients if u.id in wanted]
            hits = sum(1 for m in world.transcripts.get(channel.id, []) if "Last call" in m.content)
            counts.update({u: hits for u in users})
    return sum(1 for user in ids if counts[user] == 1)


async def run(kinds: list[str]) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        paced = await one(Path(tmp), {})
        unpaced = await one(Path(tmp), {"dm_per_second": 50.0, "dm_concurrency": 50})
    figures = []
    for label, (seconds, sent, refused, requests) in (
            ("paced (defaults: 15 DMs/s, 4 under way)", paced), ("unpaced (50 DMs/s, 50 under way)", unpaced)):
        figures.append(Figure(
            f"last call by DM to {MEMBERS} members, {label}: time to the last DM; DMs received exactly once; "
            "429 answers; requests",
            {"all": f"{seconds:.1f} s; {sent}/{MEMBERS}; {refused} × 429; {requests} requests"},
            target="every DM once, no 429" if label.startswith("paced") else "",
            met={"all": sent == MEMBERS and refused == 0} if label.startswith("paced") else {}))
    return figures
