"""Per-server setup: role mapping, channels, time zone, reminder offsets."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from bot.domain.permissions import Role
from bot.errors import InvalidInput
from bot.i18n import LANGUAGES, _, server_language
from bot.services.context import ServiceContext
from bot.services.guild_rows import guild_row, settings_key
from bot.services.profiles import validate_zone
from storage.repositories.guilds import GuildRepository

# What minutes are headed with when neither the server, the config nor Discord gives a name.
DEFAULT_GROUP_NAME = "Working Group"


@dataclass(frozen=True)
class GuildSetup:
    guild_id: int
    timezone: str
    role_map: dict[str, list[int]] = field(default_factory=dict)
    announcements_channel_id: int | None = None
    minutes_channel_id: int | None = None
    meeting_offsets: tuple[timedelta, ...] = ()
    group_name: str = DEFAULT_GROUP_NAME
    language: str | None = None  # chosen with /setup language; None follows the guild's preferred locale
    server_name: str | None = None


class SettingsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx


    async def get(self, guild_id: int) -> GuildSetup:
        row = await guild_row(self.ctx, guild_id)
        cfg = self.ctx.config
        # The server's name as Discord has it now, else as last seen (the command line has no connection).
        server = self.ctx.server_name(guild_id) or (row.server_name if row else None)
        group = (row.group_name if row else None) or cfg.bot.group_name or server or DEFAULT_GROUP_NAME
        if row is None:
            return GuildSetup(guild_id, cfg.bot.default_timezone, {}, None, None,
                              cfg.reminders.meeting_offsets, group, server_name=server)
        offsets = (
            tuple(timedelta(seconds=s) for s in row.meeting_offsets)
            if row.meeting_offsets is not None
            else cfg.reminders.meeting_offsets
        )
        return GuildSetup(
            guild_id,
            row.timezone or cfg.bot.default_timezone,
            row.roles(),
            row.announcements_channel_id,
            row.minutes_channel_id,
            offsets,
            group,
            row.language,
            server,
        )

    async def language(self, guild_id: int) -> str:
        """The language of the server's public posts: /setup language, else the guild's locale, else English."""
        setup = await self.get(guild_id)
        return server_language(setup.language, self.ctx.guild_locale(guild_id))

    async def set_language(self, guild_id: int, language: str | None) -> GuildSetup:
        if language is not None and language not in LANGUAGES:
            raise InvalidInput(_("Choose one of the listed languages."))
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed(settings_key(guild_id))
            repo = GuildRepository(session, guild_id)
            await repo.put_settings(replace(await repo.settings_for_update(), language=language))
        return await self.get(guild_id)

    async def map_role(self, guild_id: int, role: Role, discord_role_ids: list[int]) -> GuildSetup:
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed(settings_key(guild_id))
            repo = GuildRepository(session, guild_id)
            await repo.put_settings((await repo.settings_for_update()).with_role(role.value, discord_role_ids))
        return await self.get(guild_id)

    async def set_channels(self, guild_id: int, announcements: int | None, minutes: int | None) -> GuildSetup:
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed(settings_key(guild_id))
            repo = GuildRepository(session, guild_id)
            settings = await repo.settings_for_update()
            if announcements is not None:
                settings = replace(settings, announcements_channel_id=announcements)
            if minutes is not None:
                settings = replace(settings, minutes_channel_id=minutes)
            await repo.put_settings(settings)
        return await self.get(guild_id)

    async def set_timezone(self, guild_id: int, name: str) -> GuildSetup:
        zone = validate_zone(name)
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed(settings_key(guild_id))
            repo = GuildRepository(session, guild_id)
            await repo.put_settings(replace(await repo.settings_for_update(), timezone=zone))
        return await self.get(guild_id)

    async def remember_server_name(self, guild_id: int, name: str) -> None:
        """Keep the Discord server's name for when the bot is not connected (the command line)."""
        name = " ".join(name.split())[:100]
        if not name:
            return
        row = await guild_row(self.ctx, guild_id)
        if row is not None and row.server_name == name:
            return
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed(settings_key(guild_id))
            await GuildRepository(session, guild_id).set_server_name(name)

    async def set_group_name(self, guild_id: int, name: str) -> GuildSetup:
        name = " ".join(name.split())
        if not 1 <= len(name) <= 200:
            raise InvalidInput(_("The group name must be 1 to 200 characters."))
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed(settings_key(guild_id))
            repo = GuildRepository(session, guild_id)
            await repo.put_settings(replace(await repo.settings_for_update(), group_name=name))
        return await self.get(guild_id)

    async def set_meeting_offsets(self, guild_id: int, offsets: list[timedelta]) -> GuildSetup:
        if len(offsets) > 5:
            raise InvalidInput(_("At most 5 reminder offsets per meeting."))
        if any(o <= timedelta(0) or o > timedelta(days=30) for o in offsets):
            raise InvalidInput(_("Each reminder offset must be between 1 minute and 30 days before the meeting."))
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed(settings_key(guild_id))
            repo = GuildRepository(session, guild_id)
            seconds = tuple(sorted({int(o.total_seconds()) for o in offsets}, reverse=True))
            await repo.put_settings(replace(await repo.settings_for_update(), meeting_offsets=seconds))
        return await self.get(guild_id)
