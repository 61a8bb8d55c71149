"""What the database holds, across guilds: for the command line's `convener export list` only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, union
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.meeting import MeetingInfo
from storage.models.guild import GuildSettings
from storage.models.meetings import Meeting
from storage.models.polls import Poll
from storage.repositories.meetings import meeting_info


@dataclass(frozen=True)
class StoredGuild:
    guild_id: int
    server_name: str | None
    group_name: str | None


class CatalogRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def guilds(self) -> list[StoredGuild]:
        """Every guild with settings, meetings or polls, by id."""
        ids = union(select(GuildSettings.guild_id), select(Meeting.guild_id), select(Poll.guild_id)).subquery()
        stmt = (select(ids.c.guild_id, GuildSettings.server_name, GuildSettings.group_name)
                .outerjoin(GuildSettings, GuildSettings.guild_id == ids.c.guild_id)
                .order_by(ids.c.guild_id))
        return [StoredGuild(r[0], r[1], r[2]) for r in (await self.session.execute(stmt)).all()]

    async def meetings(self, guild_id: int) -> list[MeetingInfo]:
        """Every meeting of one guild, cancelled ones included, in the order they happen."""
        stmt = select(Meeting).where(Meeting.guild_id == guild_id).order_by(Meeting.start, Meeting.id)
        return [meeting_info(row) for row in (await self.session.scalars(stmt)).all()]
