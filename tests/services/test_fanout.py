"""Fan-out of personal reminders: exactly once across two workers, retries, the fallback after the last
attempt, in-doubt sends, and the pace of direct messages (injected clock, no Discord)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock
from bot.config import ReminderConfig
from bot.services import Services
from bot.services.fanout import Pacer
from bot.services.ports import OutFile, RecipientUnreachable
from storage.db import Database
from storage.models.reach import ReminderDelivery
from storage.models.reminders import Reminder
from tests.support_polls import CHAIR, CHANNEL, GUILD, ROLE, make_services, poll_config, start

DEADLINE = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
MEMBERS = [10, 11, 12, 13, 14, 15]


@dataclass
class DMOutbox:
    """Direct messages and channel posts, with closed DMs and members whose DMs fail for a while."""

    dms: list[tuple[int, str, datetime]] = field(default_factory=list)
    posts: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)
    closed: set[int] = field(default_factory=set)
    failing: Counter[int] = field(default_factory=Counter)
    clock: FakeClock | None = None

    async def send(self, channel_id: int, content: str, *, mention_role_id: int | None = None,
                   mention_user_ids: Sequence[int] = (), files: Sequence[OutFile] = (),
                   nonce: str | None = None) -> int:
        self.posts.append((content, tuple(mention_user_ids)))
        return 7000 + len(self.posts)

    async def edit(self, channel_id: int, message_id: int, content: str) -> None:
        return None

    async def dm(self, user_id: int, content: str, nonce: str | None = None) -> int:
        await asyncio.sleep(0)  # let the other sends of the batch interleave, as real requests do
        if user_id in self.closed:
            raise RecipientUnreachable(str(user_id))
        if self.failing[user_id]:
            self.failing[user_id] -= 1
            raise ConnectionError("Discord answered 503")
        assert self.clock is not None
        self.dms.append((user_id, content, self.clock.now()))
        return 8000 + len(self.dms)

    async def dm_sent_since(self, user_id: int, since: datetime) -> bool:
        return any(u == user_id and at >= since for u, _, at in self.dms)

    def count(self, needle: str) -> Counter[int]:
        return Counter(u for u, content, _ in self.dms if needle in content)


def build(db: Database, clock: FakeClock, outbox: DMOutbox, worker: str, **reminders: object) -> Services:
    base = poll_config()
    config = replace(base, reminders=replace(ReminderConfig(), **reminders))  # type: ignore[arg-type]
    services, _, board, _ = make_services(db, clock, config)
    services.ctx.outbox, services.ctx.worker_id = outbox, worker
    board.members[ROLE] = list(MEMBERS)
    outbox.clock = clock
    return services


async def make_poll(services: Services) -> int:
    created = await services.polls.create(GUILD, title="December plenary", slots="2026-12-03 15:00",
                                          channel_id=CHANNEL, created_by=CHAIR, timezone="UTC",
                                          deadline="2026-12-01 17:00", expected_role_id=ROLE,
                                          is_chair=True)
    return created.poll.id


async def last_call_due(services: Services, clock: FakeClock) -> None:
    """Every member asked for direct messages, and the poll's last call (a day before its deadline) is due."""
    await start(services)
    for user in MEMBERS:
        await services.reach.choose(GUILD, user, delivery="dm", before=None)
    await make_poll(services)
    clock.set(DEADLINE - timedelta(hours=24))


async def states(db: Database) -> Counter[str]:
    async with db.reader() as session:
        return Counter((await session.scalars(ReminderDelivery.__table__.select().with_only_columns(
            ReminderDelivery.state))).all())


async def test_two_workers_send_each_dm_once(any_db: Database, clock: FakeClock) -> None:
    outbox = DMOutbox()
    first, second = any_db, Database(any_db.url)
    try:
        a, b = build(first, clock, outbox, "a"), build(second, clock, outbox, "b")
        for services in (a, b):
            await start(services)
        for user in MEMBERS:
            await a.reach.choose(GUILD, user, delivery="dm", before=None)
        outbox.dms.clear()  # nothing was sent yet; choose() alone sends nothing
        await make_poll(a)
        clock.set(DEADLINE - timedelta(hours=24))
        await asyncio.gather(a.reminders.run_due(), b.reminders.run_due(), a.reminders.run_due())
        assert outbox.count("Last call") == Counter(MEMBERS)
        assert await states(first) == Counter({"sent": len(MEMBERS)})
    finally:
        await second.dispose()


async def test_failures_retry_then_fall_back_to_the_channel(db: Database, clock: FakeClock) -> None:
    outbox = DMOutbox(closed={11})
    outbox.failing[12] = 1  # recovers on the next attempt
    outbox.failing[13] = 99  # never does
    services = build(db, clock, outbox, "w", max_attempts=3)
    await last_call_due(services, clock)
    await services.reminders.run_due()
    assert outbox.count("Last call") == Counter({10: 1, 14: 1, 15: 1})
    assert [ids for _, ids in outbox.posts] == [(11,)]  # closed DMs: mentioned in the channel at once
    for _ in range(2):
        clock.advance(timedelta(minutes=1))
        await services.reminders.run_due()
    assert outbox.count("Last call") == Counter({10: 1, 12: 1, 14: 1, 15: 1})
    # The last attempt gave up on 13's DMs and mentioned them in the channel instead; 11 only once.
    assert [ids for _, ids in outbox.posts] == [(11,), (13,)]
    assert await states(db) == Counter({"sent": len(MEMBERS)})
    clock.advance(timedelta(hours=1))
    assert await services.reminders.run_due() == 0


async def test_an_in_doubt_dm_is_checked_before_it_is_sent_again(db: Database, clock: FakeClock) -> None:
    outbox = DMOutbox()
    services = build(db, clock, outbox, "w")
    await last_call_due(services, clock)
    await services.reminders.run_due()
    # Rewind to what a worker that died mid-send leaves behind: the reminder and two copies still claimed by
    # it. 10's DM had reached Discord, 11's had not.
    claimed = clock.now()
    async with db.session() as session:
        await session.execute(Reminder.__table__.update().where(Reminder.kind == "poll.last_call")
                              .values(state="claimed", claimed_by="dead", lease_until=claimed))
        await session.execute(ReminderDelivery.__table__.update().where(ReminderDelivery.user_id.in_([10, 11]))
                              .values(state="sending", claimed_by="dead", claimed_at=claimed, lease_until=claimed))
    outbox.dms[:] = [d for d in outbox.dms if d[0] != 11]
    clock.advance(timedelta(minutes=6))
    assert await services.reminders.run_due() == 1
    assert outbox.count("Last call") == Counter(MEMBERS)
    assert await states(db) == Counter({"sent": len(MEMBERS)})


async def test_the_pacer_keeps_below_its_rate() -> None:
    pacer = Pacer(rate=100.0, burst=5)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.gather(*(pacer.wait() for _ in range(25)))
    assert loop.time() - started >= (25 - 5) / 100 * 0.9
