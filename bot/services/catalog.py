"""What a database holds, for the command line: servers, and every meeting of each with its id."""

from __future__ import annotations

from bot.render.catalog import ServerEntry
from bot.services.context import ServiceContext
from storage.repositories.catalog import CatalogRepository


class CatalogService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    async def servers(self, guild_id: int | None = None) -> list[ServerEntry]:
        """Every server the database knows (or just ``guild_id``), each with all its meetings."""
        async with self.ctx.db.reader() as session:
            repo = CatalogRepository(session)
            guilds = [g for g in await repo.guilds() if guild_id is None or g.guild_id == guild_id]
            return [ServerEntry(g.guild_id, g.server_name, g.group_name,
                                await repo.meetings(g.guild_id)) for g in guilds]
