"""Test doubles for the polls service tests: an outbox, a poll board and a meetings stand-in (no Discord)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import FakeClock
from bot.config import Config, PollConfig
from bot.domain.meeting import MeetingInfo
from bot.render.poll import PollCard
from bot.services import Adapters, ServiceContext, Services
from bot.services.ports import MessageGone, OutFile
from storage.db import Database

GUILD = 111
OTHER_GUILD = 222
CHANNEL = 501
ROLE = 701
CHAIR = 1
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@dataclass
class Post:
    channel_id: int
    content: str
    mention_user_ids: tuple[int, ...]
    files: tuple[OutFile, ...]


@dataclass
class RecordingOutbox:
    posts: list[Post] = field(default_factory=list)
    dms: list[tuple[int, str]] = field(default_factory=list)
    fail_dm: bool = False
    fail_send: int = 0

    async def send(self, channel_id: int, content: str, *, mention_role_id: int | None = None,
                   mention_user_ids: Sequence[int] = (), files: Sequence[OutFile] = (),
                   nonce: str | None = None) -> int:
        if self.fail_send:
            self.fail_send -= 1
            raise ConnectionError("Discord answered 503")
        assert len(content) <= 2000 and len(mention_user_ids) <= 100
        self.posts.append(Post(channel_id, content, tuple(mention_user_ids), tuple(files)))
        return 9000 + len(self.posts)

    async def edit(self, channel_id: int, message_id: int, content: str) -> None:
        return None

    async def dm(self, user_id: int, content: str, nonce: str | None = None) -> None:
        if self.fail_dm:
            raise PermissionError("this member does not accept DMs")
        self.dms.append((user_id, content))


@dataclass
class FakeBoard:
    """The poll messages as the cog would keep them, plus a role → members directory."""

    members: dict[int, list[int]] = field(default_factory=dict)  # role id -> user ids
    names: dict[int, str] = field(default_factory=dict)
    chair_ids: list[int] = field(default_factory=list)
    cards: dict[int, PollCard] = field(default_factory=dict)  # message id -> latest card
    edits: list[tuple[float, PollCard]] = field(default_factory=list)
    fail_post: bool = False
    deleted: set[int] = field(default_factory=set)  # messages someone deleted on Discord
    next_id: int = 70_000

    async def post_poll(self, channel_id: int, card: PollCard) -> int:
        if self.fail_post:
            raise ConnectionError("Discord answered 503")
        assert len(card.description) <= 4096
        self.next_id += 1
        self.cards[self.next_id] = card
        return self.next_id

    async def edit_poll(self, channel_id: int, message_id: int, card: PollCard) -> None:
        if message_id in self.deleted:
            raise MessageGone(str(message_id))
        assert len(card.description) <= 4096
        self.cards[message_id] = card
        self.edits.append((asyncio.get_running_loop().time(), card))

    async def expected_members(self, guild_id: int, role_id: int | None) -> list[int] | None:
        if role_id is None:
            return None
        return list(self.members.get(role_id, []))

    async def chairs(self, guild_id: int) -> list[int]:
        return list(self.chair_ids)

    async def member_names(self, guild_id: int, user_ids: Sequence[int]) -> dict[int, str]:
        return {u: self.names.get(u, f"User {u}") for u in user_ids}


@dataclass
class FakeMeetings:
    scheduled: list[dict[str, object]] = field(default_factory=list)

    async def schedule(self, guild_id: int, **kwargs: object) -> MeetingInfo:
        self.scheduled.append({"guild_id": guild_id, **kwargs})
        start = kwargs["start"]
        duration = kwargs["duration"]
        assert isinstance(start, datetime) and isinstance(duration, timedelta)
        return MeetingInfo(id=len(self.scheduled), guild_id=guild_id, title=str(kwargs["title"]), start=start,
                           end=start + duration, timezone=str(kwargs["timezone"]), status="scheduled",
                           poll_id=kwargs.get("poll_id"))  # type: ignore[arg-type]

    async def start(self) -> None:
        return None


def poll_config(**polls: object) -> Config:
    base = Config()
    return replace(base, polls=replace(PollConfig(tally_edit_interval=0.0), **polls))  # type: ignore[arg-type]


def make_services(db: Database, clock: FakeClock, config: Config | None = None) -> tuple[
        Services, RecordingOutbox, FakeBoard, FakeMeetings]:
    outbox, board = RecordingOutbox(), FakeBoard()
    ctx = ServiceContext(db=db, clock=clock, config=config or poll_config(), outbox=outbox,
                         scheduler=AsyncIOScheduler(timezone="UTC"), worker_id="test")
    services = Services(ctx, Adapters(outbox=outbox, polls=board))
    meetings = FakeMeetings()
    services.meetings = meetings  # type: ignore[assignment]
    return services, outbox, board, meetings


async def start(services: Services) -> None:
    await services.polls.start()
    await services.reminders.start()
