"""Guild settings, member profiles and app state."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.settings import Profile, ServerSettings
from storage.models.guild import AppState, GuildSettings, MemberProfile
from storage.repositories.bound import GuildBound


class GuildRepository(GuildBound):
    async def settings(self) -> ServerSettings | None:
        """What the server stored (None before anything was set)."""
        row = await self.session.get(GuildSettings, self.guild_id)
        return _settings(row) if row is not None else None

    async def settings_for_update(self) -> ServerSettings:
        """The server's settings in this unit of work, blank before anything was set; change them with
        ``put_settings``."""
        return await self.settings() or ServerSettings()

    async def put_settings(self, settings: ServerSettings) -> None:
        """Store ``settings`` except ``server_name`` (``set_server_name`` keeps it, from any process), writing
        only the columns that changed so that a concurrent write to another column survives."""
        row = await self.session.get(GuildSettings, self.guild_id)
        if row is None:
            row = GuildSettings(guild_id=self.guild_id, role_map={})
            self.session.add(row)
        values = {
            "timezone": settings.timezone,
            "role_map": settings.roles(),
            "announcements_channel_id": settings.announcements_channel_id,
            "minutes_channel_id": settings.minutes_channel_id,
            "meeting_offsets": list(settings.meeting_offsets) if settings.meeting_offsets is not None else None,
            "group_name": settings.group_name,
            "language": settings.language,
        }
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)  # a new object for JSON columns, so SQLAlchemy sees the change

    async def set_server_name(self, name: str) -> None:
        """Upsert: every process sees every guild at start-up, and they may write at the same moment."""
        insert = postgresql.insert if self.session.get_bind().dialect.name == "postgresql" else sqlite.insert
        stmt = insert(GuildSettings).values(guild_id=self.guild_id, role_map={}, server_name=name)
        await self.session.execute(stmt.on_conflict_do_update(index_elements=[GuildSettings.guild_id],
                                                              set_={"server_name": stmt.excluded.server_name}))

    async def profile(self, user_id: int) -> Profile | None:
        row = await self.session.get(MemberProfile, (self.guild_id, user_id))
        return _profile(row) if row is not None else None

    async def profiles(self, user_ids: Iterable[int] | None = None) -> list[Profile]:
        return [_profile(row) for row in await self._members_rows(MemberProfile, user_ids)]

    async def put_profile(self, profile: Profile, now: datetime) -> None:
        """Store the member's profile (created on first use), stamped ``now``."""
        row = await self.session.get(MemberProfile, (self.guild_id, profile.user_id))
        if row is None:
            row = MemberProfile(guild_id=self.guild_id, user_id=profile.user_id)
            self.session.add(row)
        values = {"timezone": profile.timezone, "display_name": profile.display_name,
                  "stakeholder_group": profile.stakeholder_group, "language": profile.language}
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        row.updated_at = now


def _settings(row: GuildSettings) -> ServerSettings:
    return ServerSettings(row.timezone, tuple((k, tuple(v)) for k, v in (row.role_map or {}).items()),
                          row.announcements_channel_id, row.minutes_channel_id,
                          tuple(row.meeting_offsets) if row.meeting_offsets is not None else None,
                          row.group_name, row.language, row.server_name)


def _profile(row: MemberProfile) -> Profile:
    return Profile(row.user_id, row.timezone, row.display_name, row.stakeholder_group, row.language)


class AppStateRepository:
    """Process-wide values (not per guild): only for things like the command-tree hash."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, key: str) -> str | None:
        row = await self.session.get(AppState, key)
        return row.value if row else None

    async def put(self, key: str, value: str) -> None:
        """Upsert: several processes starting together may all record the same key."""
        insert = postgresql.insert if self.session.get_bind().dialect.name == "postgresql" else sqlite.insert
        stmt = insert(AppState).values(key=key, value=value)
        await self.session.execute(stmt.on_conflict_do_update(index_elements=[AppState.key],
                                                              set_={"value": stmt.excluded.value}))
