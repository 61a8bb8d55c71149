"""Forgetting a member: every feature deletes or anonymises what it holds about them."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.services.context import ServiceContext
from storage.repositories.guilds import GuildRepository

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)


class PrivacyService:
    def __init__(self, ctx: ServiceContext, services: Services) -> None:
        self.ctx = ctx
        self.services = services

    async def start(self) -> None:
        """Nothing to refill: forgetting happens on request or when a member leaves."""

    async def forget_member(self, guild_id: int, user_id: int) -> dict[str, int]:
        """Remove the member's personal data in this guild; returns what was removed, per kind."""
        removed: dict[str, int] = {}
        async with self.ctx.db.session() as session:
            removed["profile"] = await GuildRepository(session, guild_id).delete_profile(user_id)
        s = self.services
        for feature in (s.polls, s.rollcall, s.attendance, s.minutes, s.agendas, s.meetings, s.diversity, s.groups,
                        s.deliverables, s.circulation, s.templates, s.reach):
            removed.update(await feature.forget_member(guild_id, user_id))
        log.info("forgot member %s in guild %s: %s", user_id, guild_id, removed)
        return {kind: n for kind, n in removed.items() if n}
