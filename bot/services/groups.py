"""Drafting groups: a named sub-group with members, an optional balance rule by stakeholder group, a private
thread of its own, its own polls and meetings (posted in the thread: voters and attendees are the group), and
a way back to the plenary as an agenda item."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.domain.agenda import AgendaItem
from bot.domain.diversity import canonical_group
from bot.domain.groups import (
    Balance,
    GroupInfo,
    GroupStatus,
    Rule,
    Seat,
    check_balance,
    clean_group_name,
    parse_rule,
)
from bot.domain.meeting import MeetingInfo
from bot.errors import Conflict, Forbidden, InvalidInput, NotFound
from bot.i18n import _
from bot.render import groups as text
from bot.services.context import ServiceContext
from storage.repositories.groups import GroupRepository

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

MAX_MEMBERS = 100


class GroupSpace(Protocol):
    """The group's private place on Discord (the groups cog implements it with a private thread)."""

    async def open(self, guild_id: int, parent_channel_id: int, name: str, member_ids: list[int]) -> int:
        """Create the space with these members; returns its channel id."""
        ...

    async def add(self, thread_id: int, user_id: int) -> None: ...

    async def remove(self, thread_id: int, user_id: int) -> None: ...


class NoSpace:
    async def open(self, guild_id: int, parent_channel_id: int, name: str, member_ids: list[int]) -> int:
        raise RuntimeError("the groups cog is not loaded")

    async def add(self, thread_id: int, user_id: int) -> None:
        raise RuntimeError("the groups cog is not loaded")

    async def remove(self, thread_id: int, user_id: int) -> None:
        raise RuntimeError("the groups cog is not loaded")


@dataclass(frozen=True)
class GroupView:
    group: GroupInfo
    seats: tuple[Seat, ...]  # each member with their stakeholder group (None: not stated)
    names: dict[int, str]  # listed names from profiles, where set
    balance: Balance | None


class GroupService:
    def __init__(self, ctx: ServiceContext, services: Services, space: GroupSpace | None = None) -> None:
        self.ctx = ctx
        self.services = services
        self.space: GroupSpace = space or NoSpace()

    async def start(self) -> None:
        """Nothing to arm."""

    # -- reading ----------------------------------------------------------------------------------------------

    async def get(self, guild_id: int, group_id: int) -> GroupInfo:
        async with self.ctx.db.reader() as session:
            group = await GroupRepository(session, guild_id).get(group_id)
        if group is None:
            raise NotFound(_(text.NOT_FOUND, id=group_id))
        return group

    async def search(self, guild_id: int, typed: str = "", limit: int = 25) -> list[GroupInfo]:
        async with self.ctx.db.reader() as session:
            return await GroupRepository(session, guild_id).search(typed, limit)

    async def members_of_thread(self, guild_id: int, channel_id: int | None) -> list[int] | None:
        """The members of the drafting group whose thread this is; None when it is no group's thread."""
        if channel_id is None:
            return None
        async with self.ctx.db.reader() as session:
            group = await GroupRepository(session, guild_id).by_thread(channel_id)
        return None if group is None else list(group.members)

    async def view(self, guild_id: int, group_id: int) -> GroupView:
        group = await self.get(guild_id, group_id)
        profiles = await self.services.profiles.many(guild_id, list(group.members))
        seats = tuple(Seat(u, profiles[u].stakeholder_group if u in profiles else None) for u in group.members)
        names = {u: p.display_name for u, p in profiles.items() if p.display_name}
        balance = check_balance(await self._rule(guild_id, group.rule), seats) if group.rule else None
        return GroupView(group, seats, names, balance)

    async def _rule(self, guild_id: int, typed: str) -> Rule:
        listed = await self.services.diversity.groups(guild_id)
        in_use = await self.services.diversity.group_choices(guild_id, "")
        return parse_rule(typed, lambda name: canonical_group(name, listed, in_use))

    # -- changing ---------------------------------------------------------------------------------------------

    async def create(self, guild_id: int, *, name: str, parent_channel_id: int, created_by: int,
                     member_ids: list[int], rule: str | None = None) -> GroupView:
        """Check everything, open the private thread, then store the group with its members."""
        clean = clean_group_name(name)
        normalised = (await self._rule(guild_id, rule)).text() if rule and rule.strip() else None
        members = list(dict.fromkeys(member_ids))
        if len(members) > MAX_MEMBERS:
            raise InvalidInput(_(text.TOO_MANY, limit=MAX_MEMBERS))
        async with self.ctx.db.reader() as session:
            if await GroupRepository(session, guild_id).name_taken(clean):
                raise Conflict(_(text.NAME_TAKEN, name=clean))
        thread_id = await self.space.open(guild_id, parent_channel_id, clean, members)
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            repo = GroupRepository(session, guild_id)
            group_id = await repo.add(clean, normalised, parent_channel_id, thread_id, created_by, now)
            for user_id in members:
                await repo.add_member(group_id, user_id, now)
        return await self.view(guild_id, group_id)

    async def add_member(self, guild_id: int, group_id: int, user_id: int) -> GroupView:
        group = await self._active(guild_id, group_id)
        if len(group.members) >= MAX_MEMBERS:
            raise InvalidInput(_(text.TOO_MANY, limit=MAX_MEMBERS))
        async with self.ctx.db.session() as session:
            added = await GroupRepository(session, guild_id).add_member(group_id, user_id, self.ctx.clock.now())
        if added and group.thread_id is not None:
            await self.space.add(group.thread_id, user_id)
        return await self.view(guild_id, group_id)

    async def remove_member(self, guild_id: int, group_id: int, user_id: int) -> GroupView:
        group = await self._active(guild_id, group_id)
        async with self.ctx.db.session() as session:
            removed = await GroupRepository(session, guild_id).remove_member(group_id, user_id)
        if not removed:
            raise NotFound(_(text.NOT_A_MEMBER, user=f"<@{user_id}>", name=group.name))
        if group.thread_id is not None:
            await self.space.remove(group.thread_id, user_id)
        return await self.view(guild_id, group_id)

    async def set_rule(self, guild_id: int, group_id: int, rule: str | None) -> GroupView:
        await self._active(guild_id, group_id)
        normalised = (await self._rule(guild_id, rule)).text() if rule and rule.strip() else None
        async with self.ctx.db.session() as session:
            await GroupRepository(session, guild_id).set_rule(group_id, normalised)
        return await self.view(guild_id, group_id)

    async def close(self, guild_id: int, group_id: int) -> GroupInfo:
        await self._active(guild_id, group_id)
        async with self.ctx.db.session() as session:
            await GroupRepository(session, guild_id).set_status(group_id, GroupStatus.CLOSED)
        return await self.get(guild_id, group_id)

    async def _active(self, guild_id: int, group_id: int) -> GroupInfo:
        group = await self.get(guild_id, group_id)
        if not group.active:
            raise Conflict(_(text.CLOSED, name=group.name))
        return group

    # -- the group's own meetings, and the way back to the plenary ------------------------------------------------

    async def schedule_meeting(self, guild_id: int, group_id: int, *, actor_id: int, is_chair: bool,
                               title: str | None, start: str, duration: int | None,
                               zone: str | None) -> tuple[MeetingInfo, tuple[str, ...]]:
        """A meeting of the group, announced in its thread; its members (or chairs) may schedule it. Returns the
        meeting and what was assumed in the typed start (e.g. which year)."""
        group = await self._active(guild_id, group_id)
        if actor_id not in group.members and not is_chair:
            raise Forbidden(_(text.MEMBERS_ONLY, name=group.name))
        if group.thread_id is None:
            raise Conflict(_(text.NO_THREAD, name=group.name))
        when, zone_name = await self.services.meetings.read_start(guild_id, actor_id, start, zone)
        meeting = await self.services.meetings.schedule(
            guild_id, title=title or _(text.MEETING_TITLE, name=group.name), start=when.at, duration=duration,
            timezone=zone_name, channel_id=group.thread_id, created_by=actor_id)
        return meeting, when.notes

    async def report_back(self, guild_id: int, group_id: int, meeting_id: int) -> AgendaItem:
        """Put "Report of the drafting group …" on a plenary meeting's agenda (idempotent), with the group's
        deliverables as sub-items when there are any."""
        group = await self.get(guild_id, group_id)
        papers = await self.services.deliverables.search(guild_id, open_only=True, group_id=group_id)
        return await self.services.agendas.ensure_item(guild_id, meeting_id, _(text.REPORT_ITEM, name=group.name),
                                                       [d.agenda_title() for d in papers][:26])

    async def threads_of(self, guild_id: int, user_id: int) -> list[int]:
        """The private threads of the groups a member belongs to (read before they are forgotten)."""
        async with self.ctx.db.reader() as session:
            repo = GroupRepository(session, guild_id)
            return [g.thread_id for gid in await repo.groups_of(user_id)
                    if (g := await repo.get(gid)) is not None and g.thread_id is not None]

    async def leave_threads(self, guild_id: int, user_id: int, threads: list[int]) -> None:
        """A forgotten member leaves their groups' threads too (the membership rows are already gone)."""
        for thread_id in threads:
            try:
                await self.space.remove(thread_id, user_id)
            except Exception:  # the data is gone; a thread that cannot be left must not fail the forgetting
                log.warning("guild %s: could not remove %s from thread %s", guild_id, user_id, thread_id,
                            exc_info=True)
