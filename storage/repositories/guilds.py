"""Guild settings, member profiles and app state."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.guild import AppState, GuildSettings, MemberProfile
from storage.repositories.bound import GuildBound


class GuildRepository(GuildBound):
    async def settings(self) -> GuildSettings | None:
        return await self.session.get(GuildSettings, self.guild_id)

    async def settings_for_update(self) -> GuildSettings:
        """The guild's settings row, created on first use."""
        row = await self.session.get(GuildSettings, self.guild_id)
        if row is None:
            row = GuildSettings(guild_id=self.guild_id, role_map={})
            self.session.add(row)
        return row

    async def set_server_name(self, name: str) -> None:
        """Upsert: every process sees every guild at start-up, and they may write at the same moment."""
        insert = postgresql.insert if self.session.get_bind().dialect.name == "postgresql" else sqlite.insert
        stmt = insert(GuildSettings).values(guild_id=self.guild_id, role_map={}, server_name=name)
        await self.session.execute(stmt.on_conflict_do_update(index_elements=[GuildSettings.guild_id],
                                                              set_={"server_name": stmt.excluded.server_name}))

    async def profile(self, user_id: int) -> MemberProfile | None:
        return await self.session.get(MemberProfile, (self.guild_id, user_id))

    async def profiles(self, user_ids: Iterable[int] | None = None) -> list[MemberProfile]:
        return await self._members_rows(MemberProfile, user_ids)

    async def profile_for_update(self, user_id: int, now: datetime) -> MemberProfile:
        row = await self.profile(user_id)
        if row is None:
            row = MemberProfile(guild_id=self.guild_id, user_id=user_id)
            self.session.add(row)
        row.updated_at = now
        return row

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
