"""Two `convener run` processes on one database: every reminder is posted exactly once.

Replicas (both receive every guild; interactions are shared out between them) and shards (`shard_count = 2`,
one guild per shard; each process claims only the reminders of the guilds on its shards, and a process can run
a range of shards).
PostgreSQL claims rows with `SELECT … FOR UPDATE SKIP LOCKED`; SQLite relies on the conditional UPDATE alone.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.sandbox import Channel, Guild, Sandbox, SimMember
from bot.sandbox.process import BotProcess
from storage.db import Database
from storage.models.reminders import Reminder
from storage.repositories.guilds import AppStateRepository
from storage.repositories.reminders import ReminderQueue

REMINDERS = 200
CHANNELS = 40  # Discord lets a bot post 5 messages per 5 s in one channel: 200 reminders go to 40 channels
FAST_SWEEP = {"reminders": {"poll_interval": "1s"}}


async def seed(url: str, targets: Sequence[tuple[Guild, Channel]], due: datetime, count: int) -> list[str]:
    """``count`` announcements falling due at the same instant, spread over the target channels."""
    texts = [f"reminder {i:03d}" for i in range(count)]
    db = Database(url)
    try:
        async with db.session() as session:
            session.add_all([Reminder(guild_id=targets[i % len(targets)][0].id, kind="text",
                                      channel_id=targets[i % len(targets)][1].id, text=text, due_at=due,
                                      state="pending", attempts=0, created_at=due - timedelta(minutes=1))
                             for i, text in enumerate(texts)])
    finally:
        await db.dispose()
    return texts


async def states(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        async with db.reader() as session:
            return await ReminderQueue(session).count_by_state()
    finally:
        await db.dispose()


async def senders(url: str) -> dict[str, int]:
    """How many reminders each worker sent (to show that both took part)."""
    db = Database(url)
    try:
        async with db.reader() as session:
            rows = await session.execute(select(Reminder.claimed_by, func.count()).where(Reminder.state == "sent")
                                         .group_by(Reminder.claimed_by))
            return {str(worker): int(n) for worker, n in rows.all()}
    finally:
        await db.dispose()


def reminder_channels(guild: Guild, count: int = CHANNELS) -> list[tuple[Guild, Channel]]:
    """Channels made before the bots start, so that they arrive with GUILD_CREATE."""
    return [(guild, guild.add_text_channel(f"wg-{n:02d}")) for n in range(count)]


async def start_one_after_another(processes: Sequence[BotProcess]) -> None:
    for process in processes:
        await process.start(60)


async def posted_once(sandbox: Sandbox, url: str, targets: Sequence[tuple[Guild, Channel]], count: int) -> None:
    due = datetime.now(UTC) + timedelta(seconds=1.5)
    texts = await seed(url, targets, due, count)

    deadline = asyncio.get_running_loop().time() + 40
    while (await states(url)).get("sent", 0) < count:  # polled: the rows change in other processes
        assert asyncio.get_running_loop().time() < deadline, f"not all sent in time: {await states(url)}"
        await asyncio.sleep(0.2)
    # Once every row is marked sent no claim is left, so nothing more can be posted: count now.
    posted = Counter(m.content for _, channel in targets for m in sandbox.standin.messages(channel)
                     if m.content.startswith("reminder "))
    assert sorted(posted) == sorted(texts), "some reminders were never posted"
    assert [t for t, n in posted.items() if n > 1] == [], "posted more than once"
    by_channel = Counter(m.channel_id for _, ch in targets for m in sandbox.standin.messages(ch)
                         if m.content.startswith("reminder "))
    assert by_channel == Counter(targets[i % len(targets)][1].id for i in range(count))
    print("sent by worker:", await senders(url))


def replicas(sandbox: Sandbox, url: str, tmp_path: Path, made: list[BotProcess]) -> list[BotProcess]:
    out = [BotProcess(sandbox.standin, url, tmp_path, guild_ids=[sandbox.guild.id], name=f"replica-{n}",
                      config=FAST_SWEEP) for n in (1, 2)]
    made.extend(out)
    return out


async def check_replicas(sandbox: Sandbox, url: str, tmp_path: Path, made: list[BotProcess]) -> None:
    targets = reminder_channels(sandbox.guild)
    processes = replicas(sandbox, url, tmp_path, made)
    await start_one_after_another(processes)
    # Both serve interactions: the stand-in hands them out in turn.
    for _ in processes:
        reply = await sandbox.member("Lynn St.Amour").slash("profile show", timeout=10)
        assert reply.ephemeral and "Profile of" in reply.content
    await posted_once(sandbox, url, targets, REMINDERS)
    assert sandbox.standin.stats.rate_limited == 0
    for process in processes:
        assert not process.unexpected_errors()


@pytest.mark.pg
async def test_two_replicas_on_postgresql_post_each_reminder_once(
        sandbox: Sandbox, pg_url: str, tmp_path: Path, processes: list[BotProcess]) -> None:
    await check_replicas(sandbox, pg_url, tmp_path, processes)


@pytest.mark.heavy
async def test_two_replicas_on_one_sqlite_file_post_each_reminder_once(
        sandbox: Sandbox, tmp_path: Path, processes: list[BotProcess]) -> None:
    await check_replicas(sandbox, f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}", tmp_path, processes)


@pytest.mark.pg
@pytest.mark.heavy
async def test_two_shards_on_postgresql_serve_their_guilds_and_post_each_reminder_once(
        sandbox: Sandbox, pg_url: str, tmp_path: Path, processes: list[BotProcess]) -> None:
    standin = sandbox.standin
    first = sandbox.guild
    other_shard = 1 - (first.id >> 22) % 2
    second = standin.add_guild("Second group", shard=(other_shard, 2))
    second.add_role("Chair")
    second.add_text_channel("general")
    chair = second.add_member("Second Chair", roles=["Chair"])
    targets = reminder_channels(first, CHANNELS // 2) + reminder_channels(second, CHANNELS // 2)
    guilds = [first.id, second.id]
    shards = [BotProcess(standin, pg_url, tmp_path, guild_ids=guilds, name=f"shard-{n}",
                         config={"bot": {"shard_count": 2, "shard_ids": [n]}, **FAST_SWEEP}) for n in (0, 1)]
    processes.extend(shards)
    await start_one_after_another(shards)
    for process in shards:
        assert process.session is not None and process.session.shard is not None
    assert {p.session.shard for p in shards if p.session} == {(0, 2), (1, 2)}
    # Each guild's interactions reach the process of its shard only.
    for member in (sandbox.member("Lynn St.Amour"), SimMember(standin, chair, second.channel("general"))):
        reply = await member.slash("profile show", timeout=10)
        assert reply.ephemeral and "Profile of" in reply.content
    await posted_once(sandbox, pg_url, targets, REMINDERS)
    assert standin.stats.rate_limited == 0


async def test_a_process_sends_only_its_shards_reminders_and_one_can_run_a_range_of_shards(
        sandbox: Sandbox, tmp_path: Path, processes: list[BotProcess]) -> None:
    standin = sandbox.standin
    first = sandbox.guild
    own = (first.id >> 22) % 2
    second = standin.add_guild("Second group", shard=(1 - own, 2))
    second.add_role("Chair")
    chair = SimMember(standin, second.add_member("Second Chair", roles=["Chair"]), second.add_text_channel("general"))
    url = f"sqlite+aiosqlite:///{tmp_path / 'shards.db'}"
    guilds = [first.id, second.id]
    alone = BotProcess(standin, url, tmp_path, guild_ids=guilds, name="one-shard",
                       config={"bot": {"shard_count": 2, "shard_ids": [own]}, **FAST_SWEEP})
    both = BotProcess(standin, url, tmp_path, guild_ids=guilds, name="both-shards",
                      config={"bot": {"shard_count": 2, "shard_ids": [0, 1]}, **FAST_SWEEP})
    processes.extend([alone, both])
    await alone.start(60)
    targets = [(first, sandbox.general), (second, chair.channel)]
    texts = await seed(url, targets, datetime.now(UTC), 2)
    await standin.wait_for_message(sandbox.general, lambda m: m.content == texts[0], timeout=20)
    await asyncio.sleep(2.5)  # two more sweeps: the other shard's reminder stays where it is
    assert (await states(url)) == {"sent": 1, "pending": 1}
    assert not standin.messages(chair.channel)

    await both.start(60)
    await both.wait_for_log("connected as", 60)  # discord.py identifies its shards one after the other
    assert sorted(s.shard for s in standin.gateway.sessions.values() if both._owns(s) and s.shard) == [(0, 2), (1, 2)]
    await standin.wait_for_message(chair.channel, lambda m: m.content == texts[1], timeout=20)
    assert (await states(url)) == {"sent": 2}
    reply = await chair.slash("profile show", timeout=10)
    assert reply.ephemeral and "Profile of" in reply.content
    for process in (alone, both):
        assert not process.unexpected_errors()


@pytest.mark.pg
async def test_two_processes_recording_the_command_hash_at_once_both_succeed(pg_url: str) -> None:
    db = Database(pg_url)
    await db.migrate()
    both_wrote = asyncio.Barrier(2)

    async def record(digest: str) -> None:
        async with db.session() as session:
            await AppStateRepository(session).put("commands:1", digest)
            # Each transaction has written before either commits: the race two starting processes can run.
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(both_wrote.wait(), 1.0)

    try:
        await asyncio.wait_for(asyncio.gather(record("from process 1"), record("from process 2")), 20)
        async with db.reader() as session:
            assert await AppStateRepository(session).get("commands:1") in {"from process 1", "from process 2"}
    finally:
        await db.dispose()
