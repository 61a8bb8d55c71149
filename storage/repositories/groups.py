"""Drafting groups and their members, within one guild."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.groups import DraftingGroup, DraftingGroupMember


class GroupRepository:
    def __init__(self, session: AsyncSession, guild_id: int) -> None:
        self.session = session
        self.guild_id = guild_id

    async def add(self, group: DraftingGroup) -> DraftingGroup:
        group.guild_id = self.guild_id
        self.session.add(group)
        await self.session.flush()
        return group

    async def get(self, group_id: int) -> DraftingGroup | None:
        row = await self.session.get(DraftingGroup, group_id)
        return row if row is not None and row.guild_id == self.guild_id else None

    async def by_thread(self, thread_id: int) -> DraftingGroup | None:
        stmt = select(DraftingGroup).where(DraftingGroup.guild_id == self.guild_id,
                                           DraftingGroup.thread_id == thread_id)
        return (await self.session.scalars(stmt)).first()

    async def by_name(self, name: str) -> DraftingGroup | None:
        wanted = name.casefold()
        stmt = select(DraftingGroup).where(DraftingGroup.guild_id == self.guild_id, DraftingGroup.status == "active")
        return next((g for g in (await self.session.scalars(stmt)).all() if g.name.casefold() == wanted), None)

    async def search(self, text: str, limit: int, *, include_closed: bool = False) -> list[DraftingGroup]:
        stmt = select(DraftingGroup).where(DraftingGroup.guild_id == self.guild_id).order_by(DraftingGroup.id.desc())
        if not include_closed:
            stmt = stmt.where(DraftingGroup.status == "active")
        wanted = text.casefold().strip()
        rows = [g for g in (await self.session.scalars(stmt)).all() if wanted in g.name.casefold()]
        return rows[:limit]

    async def members(self, group_id: int) -> list[int]:
        stmt = (select(DraftingGroupMember.user_id)
                .where(DraftingGroupMember.guild_id == self.guild_id, DraftingGroupMember.group_id == group_id)
                .order_by(DraftingGroupMember.added_at, DraftingGroupMember.user_id))
        return [int(u) for u in (await self.session.scalars(stmt)).all()]

    async def add_member(self, group_id: int, user_id: int, now: datetime) -> bool:
        if await self.session.get(DraftingGroupMember, (group_id, user_id)) is not None:
            return False
        self.session.add(DraftingGroupMember(group_id=group_id, user_id=user_id, guild_id=self.guild_id, added_at=now))
        return True

    async def remove_member(self, group_id: int, user_id: int) -> bool:
        result = await self.session.execute(delete(DraftingGroupMember).where(
            DraftingGroupMember.guild_id == self.guild_id, DraftingGroupMember.group_id == group_id,
            DraftingGroupMember.user_id == user_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def groups_of(self, user_id: int) -> list[int]:
        stmt = select(DraftingGroupMember.group_id).where(DraftingGroupMember.guild_id == self.guild_id,
                                                          DraftingGroupMember.user_id == user_id)
        return [int(g) for g in (await self.session.scalars(stmt)).all()]
