"""Reading what a member typed as a date, in their zone, their languages and the service clock.

Every command that takes a date comes through here (or hands the zone and clock to ``bot.domain.dates`` the
same way), so all of them accept the same phrases.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING

from bot import i18n
from bot.domain.dates import (
    DEFAULT_LANGUAGES,
    DayReading,
    Reading,
    engine,
    read_day,
    read_moment,
    read_zone,
)
from bot.domain.dates.reading import DateOnly, Direction
from bot.services.context import ServiceContext
from bot.services.profiles import validate_zone

if TYPE_CHECKING:
    from bot.services import Services


class DateReader:
    def __init__(self, ctx: ServiceContext, services: Services) -> None:
        self.ctx = ctx
        self.services = services
        self._warm_up: asyncio.Task[None] | None = None

    async def start(self) -> None:
        # Loading dateparser's language data takes a few hundred milliseconds: done beside start-up, not before
        # the bot is ready (a member's first date is read either way, at worst while the data is loading).
        self._warm_up = asyncio.create_task(asyncio.to_thread(engine.warm_up, DEFAULT_LANGUAGES),
                                            name="dates:warm-up")

    async def stop(self) -> None:
        if self._warm_up is not None:
            await self._warm_up  # a thread cannot be cancelled; it finishes in well under a second

    async def languages(self, guild_id: int, user_id: int | None) -> Sequence[str]:
        """The languages a member writes dates in: the one the interaction is answered in (theirs), and English."""
        return tuple(dict.fromkeys((i18n.current(), *DEFAULT_LANGUAGES)))

    async def zone(self, guild_id: int, user_id: int, override: str | None = None) -> tzinfo:
        """``override`` (a command's `timezone` option) when given, else the member's zone."""
        if override and override.strip():
            return read_zone(validate_zone(override))
        return read_zone(await self.services.profiles.timezone_of(guild_id, user_id))

    async def server_zone(self, guild_id: int) -> tzinfo:
        return read_zone((await self.services.settings.get(guild_id)).timezone)

    async def moment(self, guild_id: int, user_id: int, text: str, *, zone: str | None = None,
                     date_only: DateOnly = "refuse") -> Reading:
        """An instant ahead of now, typed by a member (meeting start, reminder, deadline)."""
        return read_moment(text, now=self.ctx.clock.now(), zone=await self.zone(guild_id, user_id, zone),
                           languages=await self.languages(guild_id, user_id), date_only=date_only)

    async def day(self, guild_id: int, user_id: int, text: str, *, direction: Direction = "future") -> DayReading:
        """A calendar day typed by a member, read in their zone (action due dates)."""
        return read_day(text, now=self.ctx.clock.now(), zone=await self.zone(guild_id, user_id),
                        languages=await self.languages(guild_id, user_id), direction=direction)

    async def server_day(self, guild_id: int, text: str, *, user_id: int | None = None) -> DayReading:
        """A day of a report period, read in the server's zone (its days bound the report); past or future."""
        return read_day(text, now=self.ctx.clock.now(), zone=await self.server_zone(guild_id),
                        languages=await self.languages(guild_id, user_id), direction="nearest")
