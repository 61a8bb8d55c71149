"""/profile: how a member appears in minutes and lists, and the time zone polls are shown in."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.services.profiles import Profile
from cogs._common import Interaction, guild_id, reply, timezone_autocomplete

if TYPE_CHECKING:
    from bot.app import ConvenerBot


def render_profile(profile: Profile, member: discord.abc.User) -> str:
    return "\n".join([
        f"**Profile of {discord.utils.escape_markdown(member.display_name)}**",
        f"Name in minutes: {discord.utils.escape_markdown(profile.display_name or '— (your Discord name is used)')}",
        f"Time zone: {profile.timezone or '— (the server default is used)'}",
        f"Stakeholder group: {discord.utils.escape_markdown(profile.stakeholder_group or '—')}",
    ])


class ProfileCog(commands.GroupCog, group_name="profile", group_description="Your name, time zone and group"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.profiles = bot.services.profiles

    @app_commands.command(name="timezone", description="Set your time zone (IANA name, e.g. Europe/Geneva)")
    @app_commands.describe(zone="Start typing a city, e.g. Geneva or Tokyo")
    @app_commands.autocomplete(zone=timezone_autocomplete)
    async def timezone(self, interaction: Interaction, zone: str) -> None:
        profile = await self.profiles.set_timezone(guild_id(interaction), interaction.user.id, zone)
        await reply(interaction, f"✅ Your time zone is now **{profile.timezone}**.")

    @app_commands.command(name="name", description="Set how you appear in minutes and lists, e.g. 'Jevtović, Danko'")
    @app_commands.describe(name="Your name as it should appear in minutes ('Last, First')")
    async def name(self, interaction: Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        profile = await self.profiles.set_name(guild_id(interaction), interaction.user.id, name)
        shown = discord.utils.escape_markdown(profile.display_name or "")
        await reply(interaction, f"✅ You will appear as **{shown}**.")

    @app_commands.command(name="group", description="Set your stakeholder group (e.g. Civil society, Government)")
    async def group(self, interaction: Interaction, group: app_commands.Range[str, 1, 100]) -> None:
        profile = await self.profiles.set_group(guild_id(interaction), interaction.user.id, group)
        text = discord.utils.escape_markdown(profile.stakeholder_group or "")
        await reply(interaction, f"✅ Your stakeholder group is now **{text}**.")

    @app_commands.command(name="show", description="Show your convener profile")
    async def show(self, interaction: Interaction) -> None:
        profile = await self.profiles.get(guild_id(interaction), interaction.user.id)
        await reply(interaction, render_profile(profile, interaction.user))


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(ProfileCog(bot))
