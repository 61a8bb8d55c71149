"""Discord Guild Scheduled Events for meetings: the ScheduledEvents port, implemented with discord.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.services.meeting_events import EventGone, EventSpec

if TYPE_CHECKING:
    from bot.app import ConvenerBot

STATUSES = {"active": discord.EventStatus.active, "completed": discord.EventStatus.ended,
            "cancelled": discord.EventStatus.cancelled}


class DiscordEvents:
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot

    async def _guild(self, guild_id: int) -> discord.Guild:
        # At start-up the gateway may not have delivered the guild yet; REST works regardless.
        return self.bot.get_guild(guild_id) or await self.bot.fetch_guild(guild_id)

    async def _event(self, guild: discord.Guild, event_id: int) -> discord.ScheduledEvent:
        try:
            return await guild.fetch_scheduled_event(event_id)
        except discord.NotFound as exc:
            raise EventGone(str(event_id)) from exc

    @staticmethod
    def _place(guild: discord.Guild, spec: EventSpec) -> dict[str, Any]:
        if spec.voice_channel_id:
            channel = guild.get_channel(spec.voice_channel_id)
            kind = (discord.EntityType.stage_instance if isinstance(channel, discord.StageChannel)
                    else discord.EntityType.voice)
            return {"channel": channel or discord.Object(spec.voice_channel_id), "entity_type": kind}
        return {"entity_type": discord.EntityType.external, "location": spec.location or "Online"}

    async def create(self, guild_id: int, spec: EventSpec) -> int:
        guild = await self._guild(guild_id)
        # Discord may have created the event although its answer never reached convener (a timeout, a crash):
        # the retry adopts that event instead of making a second one. Discord has no idempotency key here.
        earlier = await self._made_already(guild, spec)
        if earlier is not None:
            return earlier
        event = await guild.create_scheduled_event(
            name=spec.name, description=spec.description, start_time=spec.start, end_time=spec.end,
            privacy_level=discord.PrivacyLevel.guild_only, **self._place(guild, spec),
        )
        return event.id

    async def _made_already(self, guild: discord.Guild, spec: EventSpec) -> int | None:
        me = self.bot.user.id if self.bot.user else None
        for event in await guild.fetch_scheduled_events(with_counts=False):
            if (event.creator_id == me and event.status is discord.EventStatus.scheduled and event.name == spec.name
                    and event.start_time == spec.start and event.end_time == spec.end
                    and (event.description or "") == spec.description):
                return event.id
        return None

    async def update(self, guild_id: int, event_id: int, spec: EventSpec) -> None:
        guild = await self._guild(guild_id)
        event = await self._event(guild, event_id)
        place = self._place(guild, spec)
        if "location" in place:
            place["channel"] = None
        await event.edit(name=spec.name, description=spec.description, start_time=spec.start, end_time=spec.end,
                         **place)

    async def set_status(self, guild_id: int, event_id: int, status: str) -> None:
        guild = await self._guild(guild_id)
        event = await self._event(guild, event_id)
        wanted = STATUSES[status]
        if event.status is wanted:
            return  # a retried sync repeats steps that already happened
        await event.edit(status=wanted)
