"""A meeting's voice or stage channel through discord.py: the VoiceChannels port of the mode enforcement."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord.http import Route

from bot.domain.meeting_modes import ROLE_TARGET, Overwrite
from bot.services.meeting_voice import Connected, VoiceChannelState, VoiceNotAllowed

if TYPE_CHECKING:
    from bot.app import ConvenerBot

log = logging.getLogger("convener.voice")
REASON = "convener: meeting mode"


class DiscordVoice:
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot

    async def state(self, guild_id: int, channel_id: int) -> VoiceChannelState | None:
        guild = self.bot.get_guild(guild_id)
        if guild is None:  # just after a (re)connection: the job is retried once the server is known
            raise RuntimeError(f"guild {guild_id} is not available yet")
        channel = guild.get_channel(channel_id)
        if not isinstance(channel, discord.VoiceChannel | discord.StageChannel):
            return None
        # The channel's overwrites as Discord has them now (the cache may lag behind a change just made).
        try:
            data = await self.bot.http.get_channel(channel_id)
        except discord.NotFound:
            return None
        raw: list[dict[str, Any]] = list(data.get("permission_overwrites") or [])  # type: ignore[call-overload]
        overwrites = {int(o["id"]): Overwrite(int(o["id"]), int(o.get("allow") or 0), int(o.get("deny") or 0))
                      for o in raw if int(o.get("type", 0)) == ROLE_TARGET}
        connected = [Connected(m.id, frozenset(r.id for r in m.roles), m.guild_permissions.administrator)
                     for m in channel.members if not m.bot]
        return VoiceChannelState(stage=isinstance(channel, discord.StageChannel), overwrites=overwrites,
                                 role_names={r.id: r.name for r in guild.roles}, connected=connected)

    async def put(self, guild_id: int, channel_id: int, overwrite: Overwrite) -> None:
        # Discord takes permission sets as integers (its OpenAPI description) or strings (what discord.py sends).
        route = Route("PUT", "/channels/{channel_id}/permissions/{target}", channel_id=channel_id,
                      target=overwrite.target_id)
        body = {"type": ROLE_TARGET, "allow": overwrite.allow, "deny": overwrite.deny}
        try:
            await self.bot.http.request(route, json=body, reason=REASON)
        except discord.NotFound:
            log.info("channel %s or role %s is gone; nothing to set", channel_id, overwrite.target_id)
        except discord.Forbidden as exc:
            raise VoiceNotAllowed(str(exc)) from exc

    async def delete(self, guild_id: int, channel_id: int, target_id: int) -> None:
        try:
            await self.bot.http.delete_channel_permissions(channel_id, target_id, reason=REASON)
        except discord.NotFound:
            log.info("channel %s or role %s is gone; nothing to put back", channel_id, target_id)
        except discord.Forbidden as exc:
            raise VoiceNotAllowed(str(exc)) from exc

    async def disconnect(self, guild_id: int, user_id: int) -> None:
        try:
            await self.bot.http.edit_member(guild_id, user_id, channel_id=None, reason="convener: closed session")
        except discord.HTTPException as exc:
            # Without Move Members they stay connected; the overwrites still keep anyone else from joining.
            log.warning("member %s of guild %s could not be moved out of voice: %s", user_id, guild_id, exc)
