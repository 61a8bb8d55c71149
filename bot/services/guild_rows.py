"""A server's settings row as most interactions read it, through the read cache (see bot.services.cache)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from bot.services.context import ServiceContext
from storage.repositories.guilds import GuildRepository


@dataclass(frozen=True)
class GuildRow:
    """A copy of ``guild_settings`` (never the ORM object, which a later session could change under us)."""

    timezone: str | None
    role_map: tuple[tuple[str, tuple[int, ...]], ...]
    announcements_channel_id: int | None
    minutes_channel_id: int | None
    meeting_offsets: tuple[int, ...] | None
    group_name: str | None
    language: str | None
    server_name: str | None

    def roles(self) -> dict[str, list[int]]:
        return {k: list(v) for k, v in self.role_map}


def settings_key(guild_id: int) -> Hashable:
    return ("settings", guild_id)


def profile_key(guild_id: int, user_id: int) -> Hashable:
    return ("profile", guild_id, user_id)


def declared_key(guild_id: int, user_id: int) -> Hashable:
    return ("declared", guild_id, user_id)


def _copy(row: Any) -> GuildRow | None:
    if row is None:
        return None
    return GuildRow(row.timezone, tuple((k, tuple(v)) for k, v in (row.role_map or {}).items()),
                    row.announcements_channel_id, row.minutes_channel_id,
                    tuple(row.meeting_offsets) if row.meeting_offsets is not None else None, row.group_name,
                    row.language, row.server_name)


async def guild_row(ctx: ServiceContext, guild_id: int) -> GuildRow | None:
    """The server's settings row (None before anything was set), cached."""
    async def load() -> GuildRow | None:
        async with ctx.db.reader() as session:
            return _copy(await GuildRepository(session, guild_id).settings())

    return await ctx.cache.read(settings_key(guild_id), load)
