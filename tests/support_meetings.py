"""Test doubles and builders for the meetings and reminders tests (no Discord involved)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import FakeClock
from bot.config import Config, MeetingConfig
from bot.services import Adapters, ServiceContext, Services
from bot.services.groups import GroupSpace
from bot.services.meeting_events import EventGone, EventSpec
from bot.services.poll_ports import PollBoard
from bot.services.ports import OutFile
from storage.db import Database

GUILD = 111
OTHER_GUILD = 222
CHANNEL = 501
MEMBER_ROLE = 701


@dataclass
class Sent:
    channel_id: int
    content: str
    mention_role_id: int | None


@dataclass
class FakeOutbox:
    """Records what would be posted; ``fail`` makes the next N sends raise."""

    sent: list[Sent] = field(default_factory=list)
    fail: int = 0

    async def send(self, channel_id: int, content: str, *, mention_role_id: int | None = None,
                   mention_user_ids: Sequence[int] = (), files: Sequence[OutFile] = (),
                   nonce: str | None = None) -> int:
        if self.fail > 0:
            self.fail -= 1
            raise ConnectionError("Discord is unreachable")
        self.sent.append(Sent(channel_id, content, mention_role_id))
        return 9000 + len(self.sent)

    async def edit(self, channel_id: int, message_id: int, content: str) -> None:
        return None

    async def dm(self, user_id: int, content: str, nonce: str | None = None) -> None:
        return None


@dataclass
class FakeEvent:
    guild_id: int
    spec: EventSpec
    status: str = "scheduled"


@dataclass
class FakeEvents:
    """Discord scheduled events in memory, with the same status rules as Discord."""

    events: dict[int, FakeEvent] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    fail: int = 0
    next_id: int = 8000

    def _maybe_fail(self) -> None:
        if self.fail > 0:
            self.fail -= 1
            raise ConnectionError("Discord answered 503")

    async def create(self, guild_id: int, spec: EventSpec) -> int:
        self._maybe_fail()
        assert 1 <= len(spec.name) <= 100 and len(spec.description) <= 1000
        assert spec.voice_channel_id or (spec.location and len(spec.location) <= 100)
        self.next_id += 1
        self.events[self.next_id] = FakeEvent(guild_id, spec)
        self.calls.append(f"create {self.next_id}")
        return self.next_id

    def _get(self, guild_id: int, event_id: int) -> FakeEvent:
        event = self.events.get(event_id)
        if event is None or event.guild_id != guild_id:
            raise EventGone(str(event_id))
        return event

    async def update(self, guild_id: int, event_id: int, spec: EventSpec) -> None:
        self._maybe_fail()
        event = self._get(guild_id, event_id)
        assert event.status == "scheduled"
        event.spec = spec
        self.calls.append(f"update {event_id}")

    async def set_status(self, guild_id: int, event_id: int, status: str) -> None:
        self._maybe_fail()
        event = self._get(guild_id, event_id)
        if event.status == status:
            return
        allowed = {"scheduled": {"active", "cancelled"}, "active": {"completed"}}
        assert status in allowed.get(event.status, set()), f"{event.status} -> {status}"
        event.status = status
        self.calls.append(f"{status} {event_id}")


def make_services(db: Database, clock: FakeClock, config: Config | None = None, *, worker_id: str = "w1",
                  outbox: FakeOutbox | None = None, events: FakeEvents | None = None,
                  scheduler: AsyncIOScheduler | None = None, board: PollBoard | None = None,
                  space: GroupSpace | None = None) -> Services:
    """Services with fakes for the ports a test watches; the other ports stay offline, as before connecting."""
    adapters = Adapters(outbox=outbox or FakeOutbox(), events=events)
    if board is not None:
        adapters.polls = board
    if space is not None:
        adapters.groups = space
    ctx = ServiceContext(db=db, clock=clock, config=config or Config(), outbox=adapters.outbox,
                         scheduler=scheduler or AsyncIOScheduler(timezone="UTC"), worker_id=worker_id)
    return Services(ctx, adapters)


def config_with(horizon: int = 3, auto_start: bool = False, grace: timedelta | None = None) -> Config:
    base = Config()
    reminders = base.reminders if grace is None else replace(base.reminders, grace_period=grace)
    return replace(base, meetings=MeetingConfig(series_horizon=horizon, auto_start=auto_start), reminders=reminders)


async def start(services: Services) -> None:
    """What the bot does at start-up for these two features."""
    await services.meetings.start()
    await services.reminders.start()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)
