"""Deliverables and their versions, within one guild."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.deliverables import DeliverableRow, DeliverableVersionRow


class DeliverableRepository:
    def __init__(self, session: AsyncSession, guild_id: int) -> None:
        self.session = session
        self.guild_id = guild_id

    async def add(self, row: DeliverableRow) -> DeliverableRow:
        row.guild_id = self.guild_id
        self.session.add(row)
        await self.session.flush()
        return row

    async def get(self, deliverable_id: int) -> DeliverableRow | None:
        row = await self.session.get(DeliverableRow, deliverable_id)
        return row if row is not None and row.guild_id == self.guild_id else None

    async def search(self, text: str = "", *, open_only: bool = False, group_id: int | None = None,
                     limit: int = 100) -> list[DeliverableRow]:
        stmt = select(DeliverableRow).where(DeliverableRow.guild_id == self.guild_id).order_by(DeliverableRow.id)
        if open_only:
            stmt = stmt.where(DeliverableRow.stage != "final")
        if group_id is not None:
            stmt = stmt.where(DeliverableRow.group_id == group_id)
        wanted = text.casefold().strip()
        rows = [r for r in (await self.session.scalars(stmt)).all() if wanted in r.title.casefold()]
        return rows[:limit]

    async def versions(self, deliverable_ids: list[int]) -> list[DeliverableVersionRow]:
        if not deliverable_ids:
            return []
        stmt = (select(DeliverableVersionRow)
                .where(DeliverableVersionRow.guild_id == self.guild_id,
                       DeliverableVersionRow.deliverable_id.in_(deliverable_ids))
                .order_by(DeliverableVersionRow.deliverable_id, DeliverableVersionRow.number))
        return list((await self.session.scalars(stmt)).all())

    async def add_version(self, row: DeliverableVersionRow) -> DeliverableVersionRow:
        latest = await self.session.scalar(select(func.max(DeliverableVersionRow.number)).where(
            DeliverableVersionRow.deliverable_id == row.deliverable_id))
        row.guild_id = self.guild_id
        row.number = int(latest or 0) + 1
        self.session.add(row)
        await self.session.flush()
        return row
