"""What every service is built from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock
from bot.config import Config
from bot.services.cache import ReadCache
from bot.services.pictures import Painter
from bot.services.ports import Outbox
from bot.timers import SchedulerTimer, Timer
from storage.db import Database


class NoOutbox:
    """Until the bot is connected nothing can be posted; services fail loudly instead of silently."""

    async def send(self, channel_id: int, content: str, **_: object) -> int:
        raise RuntimeError("not connected to Discord yet")

    async def edit(self, channel_id: int, message_id: int, content: str) -> None:
        raise RuntimeError("not connected to Discord yet")

    async def dm(self, user_id: int, content: str, **_: object) -> int | None:
        raise RuntimeError("not connected to Discord yet")

    async def dm_sent_since(self, user_id: int, since: datetime) -> bool:
        raise RuntimeError("not connected to Discord yet")


def _no_server_names(_guild_id: int) -> str | None:
    return None


@dataclass
class ServiceContext:
    db: Database
    clock: Clock
    config: Config
    # Either a timer, or an APScheduler scheduler to wrap in one (tests that never start it use the latter).
    scheduler: AsyncIOScheduler | None = None
    outbox: Outbox = field(default_factory=NoOutbox)
    worker_id: str = "convener"
    # The Discord server's current name, from the connected bot's cache (None offline or when unknown).
    server_name: Callable[[int], str | None] = _no_server_names
    # Discord's preferred locale of a guild ("fr"), the default language of its public posts.
    guild_locale: Callable[[int], str | None] = field(default=lambda _guild_id: None)
    timer: Timer = None  # type: ignore[assignment]  # filled in by __post_init__
    # Settings and profiles every interaction reads (see bot.services.cache).
    cache: ReadCache = None  # type: ignore[assignment]  # filled in by __post_init__
    painter: Painter = field(default_factory=Painter)

    def __post_init__(self) -> None:
        if self.timer is None:
            self.timer = SchedulerTimer(self.scheduler)
        if self.cache is None:
            self.cache = ReadCache(self.db, self.config.database.cache_ttl.total_seconds())
