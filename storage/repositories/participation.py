"""Stakeholder-group lists and members' self-declared diversity, within one guild."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import delete, select

from bot.domain.diversity import Declared
from storage.models.guild import MemberProfile
from storage.models.participation import MemberDiversity, ParticipationSettings
from storage.repositories.bound import GuildBound

DECLARED_FIELDS = {"region", "developing", "gender", "youth", "named"}


def _declared(row: MemberDiversity | None) -> Declared:
    if row is None:
        return Declared()
    return Declared(row.region, row.developing, row.gender, row.youth, bool(row.named))


class ParticipationRepository(GuildBound):
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

    async def set_profile_groups(self, groups: Mapping[int, str]) -> int:
        """Set each listed member's stakeholder group; how many profiles changed."""
        if not groups:
            return 0
        stmt = select(MemberProfile).where(MemberProfile.guild_id == self.guild_id,
                                           MemberProfile.user_id.in_(list(groups)))
        rows = list((await self.session.scalars(stmt)).all())
        for row in rows:
            row.stakeholder_group = groups[row.user_id]
        return len(rows)

    async def declared(self, user_id: int) -> Declared:
        return _declared(await self.session.get(MemberDiversity, (self.guild_id, user_id)))

    async def declare(self, user_id: int, now: datetime, changes: Mapping[str, str | bool | None]) -> Declared:
        """Apply ``changes`` (region, developing, gender, youth, named) to what the member declared."""
        unknown = set(changes) - DECLARED_FIELDS
        if unknown:
            raise ValueError(f"not a declared field: {sorted(unknown)}")
        row = await self.session.get(MemberDiversity, (self.guild_id, user_id))
        if row is None:
            row = MemberDiversity(guild_id=self.guild_id, user_id=user_id, named=False, updated_at=now)
            self.session.add(row)
        for name, value in changes.items():
            setattr(row, name, value)
        row.updated_at = now
        return _declared(row)

    async def declared_many(self, user_ids: list[int]) -> dict[int, Declared]:
        if not user_ids:
            return {}
        stmt = select(MemberDiversity).where(MemberDiversity.guild_id == self.guild_id,
                                             MemberDiversity.user_id.in_(user_ids))
        return {row.user_id: _declared(row) for row in (await self.session.scalars(stmt)).all()}

    async def forget(self, user_id: int) -> int:
        result = await self.session.execute(delete(MemberDiversity).where(
            MemberDiversity.guild_id == self.guild_id, MemberDiversity.user_id == user_id))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
