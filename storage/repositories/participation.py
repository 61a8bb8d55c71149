"""Stakeholder-group lists and members' self-declared diversity, within one guild."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.guild import MemberProfile
from storage.models.participation import MemberDiversity, ParticipationSettings


class ParticipationRepository:
    def __init__(self, session: AsyncSession, guild_id: int) -> None:
        self.session = session
        self.guild_id = guild_id

    async def groups(self) -> list[str] | None:
        row = await self.session.get(ParticipationSettings, self.guild_id)
        return None if row is None or row.stakeholder_groups is None else [str(g) for g in row.stakeholder_groups]

    async def set_groups(self, groups: list[str] | None, now: datetime) -> None:
        row = await self.session.get(ParticipationSettings, self.guild_id)
        if row is None:
            row = ParticipationSettings(guild_id=self.guild_id)
            self.session.add(row)
        row.stakeholder_groups = groups
        row.updated_at = now

    async def profile_groups(self) -> list[tuple[int, str]]:
        """(user id, stakeholder group) of every profile that states one."""
        stmt = select(MemberProfile.user_id, MemberProfile.stakeholder_group).where(
            MemberProfile.guild_id == self.guild_id, MemberProfile.stakeholder_group.is_not(None))
        return [(int(u), str(g)) for u, g in (await self.session.execute(stmt)).all()]

    async def profiles_in(self, user_ids: list[int]) -> list[MemberProfile]:
        if not user_ids:
            return []
        stmt = select(MemberProfile).where(MemberProfile.guild_id == self.guild_id,
                                           MemberProfile.user_id.in_(user_ids))
        return list((await self.session.scalars(stmt)).all())

    async def declared(self, user_id: int) -> MemberDiversity | None:
        return await self.session.get(MemberDiversity, (self.guild_id, user_id))

    async def declared_for_update(self, user_id: int, now: datetime) -> MemberDiversity:
        row = await self.declared(user_id)
        if row is None:
            row = MemberDiversity(guild_id=self.guild_id, user_id=user_id, named=False, updated_at=now)
            self.session.add(row)
        row.updated_at = now
        return row

    async def declared_many(self, user_ids: list[int]) -> list[MemberDiversity]:
        if not user_ids:
            return []
        stmt = select(MemberDiversity).where(MemberDiversity.guild_id == self.guild_id,
                                             MemberDiversity.user_id.in_(user_ids))
        return list((await self.session.scalars(stmt)).all())

    async def forget(self, user_id: int) -> int:
        result = await self.session.execute(delete(MemberDiversity).where(
            MemberDiversity.guild_id == self.guild_id, MemberDiversity.user_id == user_id))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
