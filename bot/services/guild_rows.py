"""A server's settings row as most interactions read it, through the read cache (see bot.services.cache)."""

from __future__ import annotations

from collections.abc import Hashable

from bot.domain.settings import ServerSettings
from bot.services.context import ServiceContext
from storage.repositories.guilds import GuildRepository


def settings_key(guild_id: int) -> Hashable:
    return ("settings", guild_id)


def profile_key(guild_id: int, user_id: int) -> Hashable:
    return ("profile", guild_id, user_id)


def declared_key(guild_id: int, user_id: int) -> Hashable:
    return ("declared", guild_id, user_id)


async def guild_row(ctx: ServiceContext, guild_id: int) -> ServerSettings | None:
    """The server's stored settings (None before anything was set), cached: a frozen value, so that no later
    session can change what the cache holds."""
    async def load() -> ServerSettings | None:
        async with ctx.db.reader() as session:
            return await GuildRepository(session, guild_id).settings()

    return await ctx.cache.read(settings_key(guild_id), load)
