"""The PollBoard port implemented with discord.py: the poll message and who holds a role."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord

from bot.domain.permissions import Role
from bot.errors import Conflict
from bot.i18n import _
from bot.render.poll import PollCard
from bot.services.ports import MessageGone
from cogs._common import NO_MENTIONS, messageable
from cogs.polls._components import card_embed, poll_view

if TYPE_CHECKING:
    from bot.app import ConvenerBot


class DiscordPollBoard:
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        return await messageable(self.bot, channel_id)

    async def post_poll(self, channel_id: int, card: PollCard) -> int:
        channel = await self._channel(channel_id)
        try:
            message = await channel.send(embed=card_embed(card), view=poll_view(card), allowed_mentions=NO_MENTIONS)
        except discord.Forbidden as exc:
            channel_mention = "<#" + str(channel_id) + ">"
            raise Conflict(_("I cannot post in {channel}: give me Send Messages and Embed Links there, or create "
                             "the poll in another channel. Nothing was saved.", channel=channel_mention)) from exc
        return message.id

    async def edit_poll(self, channel_id: int, message_id: int, card: PollCard) -> None:
        channel = await self._channel(channel_id)
        assert isinstance(channel, discord.TextChannel | discord.Thread | discord.VoiceChannel | discord.DMChannel)
        try:
            await channel.get_partial_message(message_id).edit(embed=card_embed(card), view=poll_view(card),
                                                               allowed_mentions=NO_MENTIONS)
        except discord.NotFound as exc:
            raise MessageGone(str(message_id)) from exc

    async def expected_members(self, guild_id: int, role_id: int | None) -> list[int] | None:
        """Members of ``role_id``, else of the convener Member role(s); None when neither exists."""
        guild = self.bot.get_guild(guild_id)
        if guild is None:
            return None
        if role_id is not None:
            role = guild.get_role(role_id)
            return sorted(m.id for m in role.members if not m.bot) if role else None
        return await self._holders(guild, Role.MEMBER)

    async def chairs(self, guild_id: int) -> list[int]:
        guild = self.bot.get_guild(guild_id)
        return (await self._holders(guild, Role.CHAIR) or []) if guild else []

    async def _holders(self, guild: discord.Guild, role: Role) -> list[int] | None:
        """Members holding a convener role: the mapped Discord roles, else roles with the default name."""
        setup = await self.bot.services.settings.get(guild.id)
        mapped = setup.role_map.get(role.value)
        wanted = getattr(self.bot.config.roles, role.value).casefold()
        roles = [r for r in guild.roles if (r.id in mapped if mapped else r.name.casefold() == wanted)]
        if not roles:
            return None
        return sorted({m.id for r in roles for m in r.members if not m.bot})

    async def member_names(self, guild_id: int, user_ids: Sequence[int]) -> dict[int, str]:
        guild = self.bot.get_guild(guild_id)
        if guild is None:
            return {}
        names: dict[int, str] = {}
        for user_id in user_ids:
            member = guild.get_member(user_id)
            if member is not None:
                names[user_id] = member.display_name
        return names
