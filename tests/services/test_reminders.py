"""ReminderService: exactly once across restarts, downtime, failures and crashed workers (SQLite)."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import FakeClock
from bot.errors import InvalidInput, NotFound
from bot.services import Services
from bot.services.reminders import ReminderJob, SkipReminder
from storage.db import Database
from storage.models.reminders import Reminder
from storage.repositories.reminders import ReminderQueue
from tests.conftest import sqlite_url
from tests.support_meetings import CHANNEL, GUILD, MEMBER_ROLE, OTHER_GUILD, FakeOutbox, config_with, make_services

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Recorder:
    """A handler that counts calls per reminder id and can be told to fail."""

    def __init__(self) -> None:
        self.calls: Counter[int] = Counter()
        self.fail_next = 0

    async def __call__(self, job: ReminderJob) -> None:
        if self.fail_next:
            self.fail_next -= 1
            raise ConnectionError("Discord 503")
        self.calls[job.id] += 1


def worker(db: Database, clock: FakeClock, name: str = "w1", recorder: Recorder | None = None,
           outbox: FakeOutbox | None = None, grace: timedelta | None = None) -> tuple[Services, Recorder]:
    services = make_services(db, clock, config_with(grace=grace), worker_id=name, outbox=outbox)
    recorder = recorder or Recorder()
    services.reminders.register("test", recorder)
    return services, recorder


async def states(db: Database) -> dict[str, int]:
    async with db.reader() as session:
        return await ReminderQueue(session).count_by_state()


async def test_restart_sends_pending_reminders_once(db: Database, clock: FakeClock) -> None:
    first, recorder = worker(db, clock)
    await first.reminders.start()
    ids = [await first.reminders.schedule(GUILD, "test", T0 + timedelta(minutes=i)) for i in range(1, 6)]
    clock.set(T0 + timedelta(minutes=2))
    assert await first.reminders.run_due() == 2
    # the process stops; a new one starts on the same database (and the old one lingers, doing nothing)
    clock.set(T0 + timedelta(minutes=10))
    second, _ = worker(db, clock, "w2", recorder)
    await second.reminders.start()
    assert await second.reminders.run_due() == 3
    assert await first.reminders.run_due() == 0
    assert await second.reminders.run_due() == 0
    assert recorder.calls == Counter({i: 1 for i in ids})
    assert await states(db) == {"sent": 5}


async def test_downtime_inside_grace_is_sent_outside_is_skipped(db: Database, clock: FakeClock,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    before, recorder = worker(db, clock)
    inside = await before.reminders.schedule(GUILD, "test", T0 + timedelta(hours=1))
    outside = await before.reminders.schedule(GUILD, "test", T0 + timedelta(minutes=30))
    state_change = await before.reminders.schedule(GUILD, "closer", T0 + timedelta(minutes=30))
    clock.set(T0 + timedelta(hours=6, minutes=45))  # down for almost 7 hours; grace is 6 hours
    after, _ = worker(db, clock, "w2", recorder)
    closed: list[int] = []

    async def close(job: ReminderJob) -> None:
        closed.append(job.id)

    after.reminders.register("closer", close, catch_up=True)
    with caplog.at_level(logging.WARNING):
        await after.reminders.start()
    assert f"reminder {outside} (test, guild {GUILD})" in caplog.text and "beyond the grace period" in caplog.text
    await after.reminders.run_due()
    assert recorder.calls == Counter({inside: 1})
    assert closed == [state_change]  # state changes always catch up
    assert await states(db) == {"sent": 2, "skipped": 1}


async def test_failed_send_is_retried_with_backoff_then_sent(db: Database, clock: FakeClock) -> None:
    services, recorder = worker(db, clock)
    recorder.fail_next = 2
    reminder_id = await services.reminders.schedule(GUILD, "test", T0)
    assert await services.reminders.run_due() == 0
    [pending] = await services.reminders.pending(GUILD, "test")
    async with db.reader() as session:
        row = await session.get(Reminder, pending.id)
    assert row is not None and (row.due_at, row.attempts) == (T0 + timedelta(seconds=2), 1)
    assert row.last_error == "ConnectionError('Discord 503')"
    clock.advance(timedelta(seconds=1))
    assert await services.reminders.run_due() == 0  # not yet
    clock.advance(timedelta(seconds=1))
    assert await services.reminders.run_due() == 0  # second failure: next try 4 s later
    [row] = await services.reminders.pending(GUILD, "test")
    assert row.due_at == clock.now() + timedelta(seconds=4)
    clock.advance(timedelta(seconds=4))
    assert await services.reminders.run_due() == 1
    assert recorder.calls == Counter({reminder_id: 1})


async def test_gives_up_after_max_attempts(db: Database, clock: FakeClock) -> None:
    services, recorder = worker(db, clock)
    recorder.fail_next = 100
    await services.reminders.schedule(GUILD, "test", T0)
    for _ in range(services.ctx.config.reminders.max_attempts):
        await services.reminders.run_due()
        clock.advance(timedelta(minutes=10))
    assert await states(db) == {"failed": 1}


async def test_crash_between_claim_and_send_is_recovered_after_the_lease(db: Database, clock: FakeClock) -> None:
    services, recorder = worker(db, clock, "survivor")
    reminder_id = await services.reminders.schedule(GUILD, "test", T0)
    lease = services.ctx.config.reminders.lease
    async with db.session() as session:  # a worker claims it, then its process dies
        claimed = await ReminderQueue(session).claim(reminder_id, "crashed", T0, T0 + lease, T0)
    assert claimed is not None
    assert await services.reminders.run_due() == 0
    clock.advance(lease - timedelta(seconds=1))
    assert await services.reminders.run_due() == 0  # the lease still protects it
    clock.advance(timedelta(seconds=2))
    assert await services.reminders.sweep() == 1  # the sweep sees it again
    assert await services.reminders.run_due() == 1
    assert recorder.calls == Counter({reminder_id: 1})
    # the crashed worker, if it comes back, cannot overwrite the outcome
    async with db.session() as session:
        assert not await ReminderQueue(session).finish(reminder_id, "crashed", 1, state="sent")


async def test_skip_reminder_and_unknown_kinds(db: Database, clock: FakeClock) -> None:
    services, _ = worker(db, clock)

    async def obsolete(job: ReminderJob) -> None:
        raise SkipReminder("the poll was deleted")

    services.reminders.register("obsolete", obsolete)
    await services.reminders.schedule(GUILD, "obsolete", T0)
    await services.reminders.schedule(GUILD, "nobody-handles-this", T0)
    assert await services.reminders.run_due() == 0
    assert await states(db) == {"skipped": 2}


async def test_remind_posts_text_mentioning_only_the_role(db: Database, clock: FakeClock) -> None:
    outbox = FakeOutbox()
    services, _ = worker(db, clock, outbox=outbox)
    due = T0 + timedelta(days=3)
    info = await services.reminders.remind(GUILD, due, "  Issue paper drafts due @everyone  ", channel_id=CHANNEL,
                                           role_id=MEMBER_ROLE, created_by=42)
    assert (info.text, info.kind, info.created_by) == ("Issue paper drafts due @everyone", "text", 42)
    assert [r.id for r in await services.reminders.list_pending(GUILD)] == [info.id]
    clock.set(due)
    await services.reminders.run_due()
    [sent] = outbox.sent
    assert sent.content == f"<@&{MEMBER_ROLE}> Issue paper drafts due @everyone"
    assert (sent.channel_id, sent.mention_role_id) == (CHANNEL, MEMBER_ROLE)


async def test_remind_validation(db: Database, clock: FakeClock) -> None:
    services, _ = worker(db, clock)
    remind = services.reminders.remind
    with pytest.raises(InvalidInput, match="in the past"):
        await remind(GUILD, T0 - timedelta(minutes=1), "x", channel_id=CHANNEL)
    with pytest.raises(InvalidInput, match="one year"):
        await remind(GUILD, T0 + timedelta(days=400), "x", channel_id=CHANNEL)
    with pytest.raises(InvalidInput, match="empty"):
        await remind(GUILD, T0 + timedelta(days=1), " \n ", channel_id=CHANNEL)
    with pytest.raises(InvalidInput, match="1800"):
        await remind(GUILD, T0 + timedelta(days=1), "x" * 1801, channel_id=CHANNEL)


async def test_cancel_one_is_guild_scoped(db: Database, clock: FakeClock) -> None:
    services, _ = worker(db, clock)
    info = await services.reminders.remind(GUILD, T0 + timedelta(days=1), "x", channel_id=CHANNEL)
    with pytest.raises(NotFound):
        await services.reminders.cancel_one(OTHER_GUILD, info.id)
    assert (await services.reminders.cancel_one(GUILD, info.id)).id == info.id
    with pytest.raises(NotFound):
        await services.reminders.cancel_one(GUILD, info.id)
    assert await services.reminders.list_pending(GUILD) == []


async def test_two_workers_on_one_sqlite_file_send_each_once(tmp_path: Path, clock: FakeClock,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.services.reminders.CLAIM_BATCH", 3)  # small batches: the workers interleave more
    url = sqlite_url(tmp_path, "shared.db")
    first_db, second_db = Database(url), Database(url)
    await first_db.migrate()
    try:
        recorder = Recorder()
        one, _ = worker(first_db, clock, "one", recorder)
        two, _ = worker(second_db, clock, "two", recorder)
        for i in range(200):
            await one.reminders.schedule(GUILD, "test", T0 - timedelta(seconds=i))
        sent = await asyncio.gather(one.reminders.run_due(), two.reminders.run_due())
        assert sum(sent) == 200
        assert len(recorder.calls) == 200 and set(recorder.calls.values()) == {1}
    finally:
        await first_db.dispose()
        await second_db.dispose()


async def test_one_wake_up_at_the_earliest_reminder_due_soon(db: Database, clock: FakeClock) -> None:
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start(paused=True)  # running (so jobs are added) but never executing them
    try:
        services = make_services(db, clock, config_with(), scheduler=scheduler)
        services.reminders.register("test", Recorder())
        interval = services.ctx.config.reminders.poll_interval
        await services.reminders.schedule(GUILD, "test", T0 + interval)
        await services.reminders.schedule(GUILD, "test", T0 + interval / 2)
        await services.reminders.schedule(GUILD, "test", T0 + timedelta(days=30))
        await services.reminders.start()
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {"reminders:wake", "reminders:sweep"}
        assert jobs["reminders:wake"].next_run_time == T0 + interval / 2
    finally:
        scheduler.shutdown(wait=False)


async def test_a_wake_up_sends_what_fell_due_together_in_one_batch(db: Database, clock: FakeClock) -> None:
    services, recorder = worker(db, clock)
    for n in range(150):
        await services.reminders.schedule(GUILD + n % 3, "test", T0 + timedelta(seconds=n % 7))
    later = await services.reminders.schedule(GUILD, "test", T0 + timedelta(minutes=5))
    clock.advance(timedelta(seconds=10))
    assert await services.reminders.wake() == 150
    assert len(recorder.calls) == 150 and set(recorder.calls.values()) == {1}
    assert later not in recorder.calls


async def test_stop_waits_for_sends_in_flight(db: Database, clock: FakeClock) -> None:
    services, _ = worker(db, clock)
    release = asyncio.Event()
    started = asyncio.Event()

    async def slow(job: ReminderJob) -> None:
        started.set()
        await release.wait()

    services.reminders.register("slow", slow)
    reminder_id = await services.reminders.schedule(GUILD, "slow", T0)
    sending = asyncio.create_task(services.reminders.fire(reminder_id))
    await asyncio.wait_for(started.wait(), 5)
    stopping = asyncio.create_task(services.reminders.stop())
    await asyncio.sleep(0)
    assert not stopping.done()  # still waiting for the send
    release.set()
    await asyncio.wait_for(stopping, 5)
    assert await sending is True
    assert await states(db) == {"sent": 1}


async def test_a_lost_wake_up_is_set_again(db: Database, clock: FakeClock) -> None:
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start(paused=True)
    try:
        services = make_services(db, clock, config_with(), scheduler=scheduler)
        services.reminders.register("test", Recorder())
        await services.reminders.schedule(GUILD, "test", T0 + timedelta(seconds=5))
        scheduler.remove_job("reminders:wake")  # as if the scheduler had dropped it
        clock.advance(timedelta(seconds=10))
        due = await services.reminders.schedule(GUILD, "test", T0 + timedelta(seconds=20))
        assert scheduler.get_job("reminders:wake") is not None, f"reminder {due} would wait for a sweep"
    finally:
        scheduler.shutdown(wait=False)
