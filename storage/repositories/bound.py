"""What every repository shares: it is bound to one session and one guild."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

Row = TypeVar("Row")


class GuildBound:
    """A repository bound to a session and a guild, so that no query can cross guilds."""

    def __init__(self, session: AsyncSession, guild_id: int) -> None:
        self.session = session
        self.guild_id = guild_id

    async def _own(self, model: type[Row], key: Any) -> Row | None:
        """The row with this primary key, or None when there is none in this guild."""
        row: Any = await self.session.get(model, key)
        return row if row is not None and row.guild_id == self.guild_id else None

    async def _members_rows(self, model: type[Row], user_ids: Iterable[int] | None) -> list[Row]:
        """This guild's rows of a per-member table; only those of ``user_ids`` when given."""
        table: Any = model
        stmt = select(table).where(table.guild_id == self.guild_id)
        if user_ids is not None:
            ids = list(user_ids)
            if not ids:
                return []
            stmt = stmt.where(table.user_id.in_(ids))
        return list((await self.session.scalars(stmt)).all())
