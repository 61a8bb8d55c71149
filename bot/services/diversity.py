"""Diversity of participation: the server's stakeholder-group list and members' opt-in self-declarations.

Self-declared values are shown back only to the member and counted only in aggregate (attendance reports),
unless the member agreed to be listed with them; /privacy forget deletes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain import diversity as dv
from bot.domain.diversity import Declared
from bot.domain.names import fold
from bot.errors import InvalidInput
from bot.i18n import _
from bot.services.context import ServiceContext
from bot.services.guild_rows import declared_key
from bot.services.profiles import Profile
from storage.repositories.participation import ParticipationRepository

if TYPE_CHECKING:
    from bot.services import Services


@dataclass(frozen=True)
class GroupList:
    groups: tuple[str, ...]
    renamed: int  # profiles whose spelling was aligned with the list
    off_list: tuple[str, ...]  # groups still in profiles that the list does not have


class DiversityService:
    def __init__(self, ctx: ServiceContext, services: Services) -> None:
        self.ctx = ctx
        self.services = services

    async def start(self) -> None:
        """Nothing to arm."""

    @property
    def regions(self) -> tuple[str, ...]:
        return self.ctx.config.participation.regions

    # -- stakeholder groups ---------------------------------------------------------------------------------

    async def groups(self, guild_id: int) -> list[str] | None:
        """The server's list, or None when members type their group freely."""
        async with self.ctx.db.reader() as session:
            return await ParticipationRepository(session, guild_id).groups()

    async def set_groups(self, guild_id: int, text: str | None) -> GroupList:
        """Set the list (None clears it). Profiles naming a listed group in another spelling are aligned."""
        groups = dv.parse_group_list(text) if text is not None else None
        renamed = 0
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed_guild(guild_id)  # profiles' groups may be respelled
            repo = ParticipationRepository(session, guild_id)
            await repo.set_groups(groups, self.ctx.clock.now())
            in_use = await repo.profile_groups()
            if groups:
                by_fold = {fold(g): g for g in groups}
                renamed = await repo.set_profile_groups(
                    {u: by_fold[fold(g)] for u, g in in_use if by_fold.get(fold(g), g) != g})
        known = {fold(g) for g in groups or ()}
        off = sorted({g for _, g in in_use if groups and fold(g) not in known}, key=fold)
        return GroupList(tuple(groups or ()), renamed, tuple(off))

    async def canonical_group(self, guild_id: int, typed: str) -> str:
        async with self.ctx.db.reader() as session:
            repo = ParticipationRepository(session, guild_id)
            listed = await repo.groups()
            in_use = [] if listed else [g for _, g in await repo.profile_groups()]
        return dv.canonical_group(typed, listed, in_use)

    async def set_profile_group(self, guild_id: int, user_id: int, typed: str) -> Profile:
        return await self.services.profiles.set_group(guild_id, user_id, await self.canonical_group(guild_id, typed))

    async def group_choices(self, guild_id: int, typed: str) -> list[str]:
        """Autocomplete: the server's list, else the groups already in use."""
        async with self.ctx.db.reader() as session:
            repo = ParticipationRepository(session, guild_id)
            names = await repo.groups() or sorted({g for _, g in await repo.profile_groups()}, key=fold)
        wanted = fold(typed)
        return [n for n in names if wanted in fold(n)][:25]

    # -- self-declared dimensions ---------------------------------------------------------------------------

    def _region(self, typed: str) -> str | None:
        if fold(typed) in ("", "not stated"):
            return None
        found = dv.match_name(typed, self.regions)
        if found is None:
            raise InvalidInput(_("{text} is not one of the regions: {regions}.", text=f"`{typed[:60]}`",
                                 regions="; ".join(self.regions)))
        return found

    async def declare(self, guild_id: int, user_id: int, *, region: str | None = None,
                      developing: str | None = None, gender: str | None = None, youth: str | None = None,
                      named: bool | None = None) -> Declared:
        """Change what the member declared; options left out stay as they were, "not stated" clears one."""
        if all(v is None for v in (region, developing, gender, youth, named)):
            raise InvalidInput(_("Give at least one of region, developing_country, gender, youth or show_my_name."))
        if gender is not None and gender not in (*dv.GENDERS, "not stated"):
            raise InvalidInput(_("{text} is not one of: {values}, not stated.", text=f"`{gender[:30]}`",
                                 values=", ".join(dv.GENDERS)))
        changes: dict[str, str | bool | None] = {}
        if region is not None:
            changes["region"] = self._region(region)
        if developing is not None:
            changes["developing"] = dv.yes_no(developing)
        if gender is not None:
            changes["gender"] = None if gender == "not stated" else gender
        if youth is not None:
            changes["youth"] = dv.yes_no(youth)
        if named is not None:
            changes["named"] = named
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed(declared_key(guild_id, user_id))
            return await ParticipationRepository(session, guild_id).declare(user_id, self.ctx.clock.now(), changes)

    async def declared(self, guild_id: int, user_id: int) -> Declared:
        async def load() -> Declared:
            async with self.ctx.db.reader() as session:
                return await ParticipationRepository(session, guild_id).declared(user_id)

        return await self.ctx.cache.read(declared_key(guild_id, user_id), load)

    async def declared_many(self, guild_id: int, user_ids: list[int]) -> dict[int, Declared]:
        async with self.ctx.db.reader() as session:
            return await ParticipationRepository(session, guild_id).declared_many(user_ids)

    async def withdraw(self, guild_id: int, user_id: int) -> bool:
        """Delete everything the member declared; True when there was something."""
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed(declared_key(guild_id, user_id))
            return bool(await ParticipationRepository(session, guild_id).forget(user_id))
