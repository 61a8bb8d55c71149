"""Drafting groups and their members, within one guild."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from bot.domain.groups import GroupInfo, GroupStatus
from storage.models.groups import DraftingGroup, DraftingGroupMember
from storage.repositories.bound import GuildBound


class GroupRepository(GuildBound):
    async def add(self, name: str, rule: str | None, parent_channel_id: int, thread_id: int | None,
                  created_by: int, now: datetime) -> int:
        """A new active group (members are added one by one); its id."""
        row = DraftingGroup(guild_id=self.guild_id, name=name, rule=rule, parent_channel_id=parent_channel_id,
                            thread_id=thread_id, status=GroupStatus.ACTIVE.value, created_by=created_by,
                            created_at=now)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def _row(self, group_id: int) -> DraftingGroup | None:
        return await self._own(DraftingGroup, group_id)

    async def _info(self, row: DraftingGroup) -> GroupInfo:
        return GroupInfo(row.id, row.guild_id, row.name, row.rule, row.thread_id, GroupStatus(row.status),
                         tuple(await self.members(row.id)))

    async def get(self, group_id: int) -> GroupInfo | None:
        row = await self._row(group_id)
        return None if row is None else await self._info(row)

    async def set_rule(self, group_id: int, rule: str | None) -> None:
        row = await self._row(group_id)
        assert row is not None
        row.rule = rule

    async def set_status(self, group_id: int, status: GroupStatus) -> None:
        row = await self._row(group_id)
        assert row is not None
        row.status = status.value

    async def by_thread(self, thread_id: int) -> GroupInfo | None:
        stmt = select(DraftingGroup).where(DraftingGroup.guild_id == self.guild_id,
                                           DraftingGroup.thread_id == thread_id)
        row = (await self.session.scalars(stmt)).first()
        return None if row is None else await self._info(row)

    async def name_taken(self, name: str) -> bool:
        """Whether an active group already has this name (letter case aside)."""
        wanted = name.casefold()
        stmt = select(DraftingGroup).where(DraftingGroup.guild_id == self.guild_id,
                                           DraftingGroup.status == GroupStatus.ACTIVE.value)
        return any(g.name.casefold() == wanted for g in (await self.session.scalars(stmt)).all())

    async def search(self, text: str, limit: int, *, include_closed: bool = False) -> list[GroupInfo]:
        stmt = select(DraftingGroup).where(DraftingGroup.guild_id == self.guild_id).order_by(DraftingGroup.id.desc())
        if not include_closed:
            stmt = stmt.where(DraftingGroup.status == GroupStatus.ACTIVE.value)
        wanted = text.casefold().strip()
        rows = [g for g in (await self.session.scalars(stmt)).all() if wanted in g.name.casefold()]
        return [await self._info(row) for row in rows[:limit]]

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
