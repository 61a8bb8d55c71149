"""Drafting groups on Discord: the GroupSpace port as a private thread under a text channel."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.errors import Conflict, InvalidInput
from bot.i18n import _, using
from bot.render import groups as text
from cogs._common import NO_MENTIONS, messageable

if TYPE_CHECKING:
    from bot.app import ConvenerBot


class DiscordGroupSpace:
    """The GroupSpace port: a private thread under a text channel, members added one by one."""

    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot

    async def open(self, guild_id: int, parent_channel_id: int, name: str, member_ids: list[int]) -> int:
        parent = await messageable(self.bot, parent_channel_id)
        if not isinstance(parent, discord.TextChannel):
            raise InvalidInput(_(text.NEEDS_TEXT_CHANNEL))
        try:
            thread = await parent.create_thread(name=name[:100], type=discord.ChannelType.private_thread,
                                                invitable=False, auto_archive_duration=10080)
            with using(await self.bot.services.settings.language(guild_id)):  # the whole group reads it
                welcome = _(text.WELCOME, name=name)
            await thread.send(welcome, allowed_mentions=NO_MENTIONS)
            for user_id in member_ids:
                await self.bot.http.add_user_to_thread(thread.id, user_id)
        except discord.Forbidden as exc:
            raise Conflict(_(text.NO_THREAD_RIGHTS, channel_id=parent_channel_id)) from exc
        return thread.id

    async def add(self, thread_id: int, user_id: int) -> None:
        await self.bot.http.add_user_to_thread(thread_id, user_id)

    async def remove(self, thread_id: int, user_id: int) -> None:
        await self.bot.http.remove_user_from_thread(thread_id, user_id)
