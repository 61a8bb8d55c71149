"""Every Discord adapter of the services' ports, built in one place.

``ConvenerBot`` calls ``discord_adapters`` once, in its constructor, and hands the bundle to ``Services``, which
passes each port to the service that uses it; nothing is attached later. The larger adapters live in cogs' private
modules beside the components they post (the poll card, the roll-call message, the draft minutes sent round) or
the Discord feature they drive (a drafting group's thread, scheduled events, voice channels); the small ones are
here."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import discord

from bot.services.adapters import Adapters
from bot.services.ports import MessageGone, OutFile, RecipientUnreachable
from cogs._circulation import DiscordCirculationBoard
from cogs._common import NO_MENTIONS, files_for, messageable
from cogs._group_space import DiscordGroupSpace
from cogs._meeting_events import DiscordEvents
from cogs._proposals import decision_view
from cogs._rollcall_board import DiscordRollCallMessages
from cogs._voice import DiscordVoice
from cogs.polls._board import DiscordPollBoard

if TYPE_CHECKING:
    from bot.app import ConvenerBot

log = logging.getLogger("convener.agenda")  # only the agenda board logs here

CANNOT_MESSAGE_USER = 50007  # Discord's error code when a member's DMs are closed to the bot


def discord_adapters(bot: ConvenerBot) -> Adapters:
    """The discord.py implementation of every port; each reaches Discord through ``bot`` only when used."""
    return Adapters(outbox=DiscordOutbox(bot), polls=DiscordPollBoard(bot), agendas=DiscordAgendaBoard(bot),
                    rollcall=DiscordRollCallMessages(bot), circulation=DiscordCirculationBoard(bot),
                    channels=GuildChannels(bot),
                    groups=DiscordGroupSpace(bot), events=DiscordEvents(bot), voice=DiscordVoice(bot))


class DiscordOutbox:
    """The services' Outbox: plain posts, edits and direct messages."""

    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot

    async def send(
        self,
        channel_id: int,
        content: str,
        *,
        mention_role_id: int | None = None,
        mention_user_ids: Sequence[int] = (),
        files: Sequence[OutFile] = (),
        nonce: str | None = None,
    ) -> int:
        channel = await messageable(self.bot, channel_id)
        allowed = discord.AllowedMentions(
            everyone=False,
            roles=[discord.Object(mention_role_id)] if mention_role_id else False,
            users=[discord.Object(u) for u in mention_user_ids] if mention_user_ids else False,
        )
        extra: dict[str, Any] = {"nonce": nonce} if nonce else {}
        message = await channel.send(content, allowed_mentions=allowed, files=files_for(files), **extra)
        return message.id

    async def edit(self, channel_id: int, message_id: int, content: str) -> None:
        channel = await messageable(self.bot, channel_id)
        assert isinstance(channel, discord.TextChannel | discord.Thread | discord.DMChannel | discord.VoiceChannel)
        await channel.get_partial_message(message_id).edit(content=content, allowed_mentions=NO_MENTIONS)

    async def _user(self, user_id: int) -> discord.User:
        try:
            return self.bot.get_user(user_id) or await self.bot.fetch_user(user_id)
        except discord.NotFound as exc:
            raise RecipientUnreachable(f"user {user_id} does not exist") from exc

    async def dm(self, user_id: int, content: str, *, nonce: str | None = None) -> int | None:
        user = await self._user(user_id)
        extra: dict[str, Any] = {"nonce": nonce} if nonce else {}
        try:
            message = await user.send(content, allowed_mentions=NO_MENTIONS, **extra)
        except discord.Forbidden as exc:
            if exc.code == CANNOT_MESSAGE_USER:
                raise RecipientUnreachable(f"user {user_id} does not accept direct messages") from exc
            raise
        return message.id

    async def dm_sent_since(self, user_id: int, since: datetime) -> bool:
        user = await self._user(user_id)
        channel = user.dm_channel or await user.create_dm()
        me = self.bot.user.id if self.bot.user else None
        # A second of slack: Discord's snowflake clock and ours need not agree to the millisecond.
        async for message in channel.history(after=since - timedelta(seconds=1), limit=10):
            if message.author.id == me:
                return True
        return False


class GuildChannels:
    """The minutes' ChannelDirectory: a text channel of the guild by name."""

    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot

    async def channel_named(self, guild_id: int, name: str) -> int | None:
        guild = self.bot.get_guild(guild_id)
        channel = discord.utils.get(guild.text_channels, name=name) if guild else None
        return channel.id if channel else None


class DiscordAgendaBoard:
    """The AgendaBoard port: the agenda as plain messages in a text channel or thread, the first one pinned, and
    members' proposals with the chairs' Accept and Decline buttons."""

    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot

    async def _channel(self, channel_id: int) -> discord.TextChannel | discord.Thread:
        try:
            channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
        except discord.NotFound as exc:  # the channel was deleted, and the agenda posted in it with it
            raise MessageGone(f"channel {channel_id}") from exc
        if not isinstance(channel, discord.TextChannel | discord.Thread):
            raise RuntimeError(f"channel {channel_id} is not a text channel")
        return channel

    async def check_channel(self, guild_id: int, channel_id: int) -> None:
        channel = await self._channel(channel_id)
        if channel.guild.id != guild_id:
            raise RuntimeError(f"channel {channel_id} is not a text channel of guild {guild_id}")

    async def post_text(self, channel_id: int, text: str) -> int:
        channel = await self._channel(channel_id)
        return (await channel.send(text, allowed_mentions=NO_MENTIONS)).id

    async def edit_text(self, channel_id: int, message_id: int, text: str) -> None:
        channel = await self._channel(channel_id)
        try:
            await channel.get_partial_message(message_id).edit(content=text, allowed_mentions=NO_MENTIONS)
        except discord.NotFound as exc:
            raise MessageGone(str(message_id)) from exc

    async def delete_text(self, channel_id: int, message_id: int) -> None:
        channel = await self._channel(channel_id)
        try:
            await channel.get_partial_message(message_id).delete()
        except discord.NotFound:
            pass

    async def post_proposal(self, channel_id: int, text: str, proposal_id: int) -> int:
        channel = await messageable(self.bot, channel_id)
        message = await channel.send(text, view=decision_view(proposal_id), allowed_mentions=NO_MENTIONS)
        return message.id

    async def settle_proposal(self, channel_id: int, message_id: int, text: str) -> None:
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.TextChannel | discord.Thread | discord.VoiceChannel):
            return  # not a channel convener can see any more: nothing to show the decision on
        try:
            await channel.get_partial_message(message_id).edit(content=text, view=None, allowed_mentions=NO_MENTIONS)
        except discord.NotFound as exc:
            raise MessageGone(str(message_id)) from exc

    async def pin(self, channel_id: int, message_id: int) -> bool:
        channel = await self._channel(channel_id)
        try:
            await channel.get_partial_message(message_id).pin(reason="convener: meeting agenda")
        except discord.HTTPException as exc:
            log.warning("could not pin agenda message %s: %s", message_id, exc)
            return False
        return True
