"""/setup: map Discord roles to convener roles, name channels, set the server's time zone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import ConfigError, parse_duration
from bot.domain.permissions import Role
from bot.errors import InvalidInput
from bot.render import diversity as diversity_text
from bot.services.settings import GuildSetup
from cogs._common import Interaction, chair_only, guild_id, reply, timezone_autocomplete

if TYPE_CHECKING:
    from bot.app import ConvenerBot


def _fmt_offset(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes = rest // 60
    return f"{hours}h{minutes:02d}m" if minutes else f"{hours}h"


def render_setup(setup: GuildSetup, guild: discord.Guild, defaults: dict[Role, str]) -> str:
    lines = [f"**convener setup for {discord.utils.escape_markdown(guild.name)}**",
             f"Group name: {discord.utils.escape_markdown(setup.group_name)}", f"Time zone: {setup.timezone}"]
    for role in Role:
        ids = setup.role_map.get(role.value)
        if ids:
            lines.append(f"{role.value.title()}: " + ", ".join(f"<@&{i}>" for i in ids))
        else:
            lines.append(f"{role.value.title()}: roles named “{defaults[role]}” (default)")
    def channel(cid: int | None, fallback: str) -> str:
        return f"<#{cid}>" if cid else f"#{fallback} (default)"
    lines.append(f"Announcements: {channel(setup.announcements_channel_id, 'announcements')}")
    lines.append(f"Minutes: {channel(setup.minutes_channel_id, 'minutes')}")
    lines.append("Meeting reminders: " + ", ".join(_fmt_offset(o.total_seconds()) + " before"
                                                  for o in setup.meeting_offsets) if setup.meeting_offsets
                 else "Meeting reminders: none")
    return "\n".join(lines)


class SetupCog(commands.GroupCog, group_name="setup", group_description="Configure convener for this server"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.settings = bot.services.settings

    def _defaults(self) -> dict[Role, str]:
        names = self.bot.config.roles
        return {Role.CHAIR: names.chair, Role.SECRETARIAT: names.secretariat, Role.MEMBER: names.member,
                Role.OBSERVER: names.observer}

    async def _show(self, interaction: Interaction, setup: GuildSetup, prefix: str = "") -> None:
        assert interaction.guild is not None
        await reply(interaction, prefix + render_setup(setup, interaction.guild, self._defaults()))

    @app_commands.command(name="roles", description="Map a Discord role to a convener role")
    @app_commands.describe(role="The convener role", discord_role="The Discord role that grants it (omit to reset)")
    @app_commands.choices(role=[app_commands.Choice(name=r.value, value=r.value) for r in Role])
    @chair_only()
    async def roles(self, interaction: Interaction, role: app_commands.Choice[str],
                    discord_role: discord.Role | None = None) -> None:
        ids = [discord_role.id] if discord_role else []
        setup = await self.settings.map_role(guild_id(interaction), Role(role.value), ids)
        await self._show(interaction, setup, "✅ Saved.\n")

    @app_commands.command(name="channels", description="Choose the announcements and minutes channels")
    @chair_only()
    async def channels(self, interaction: Interaction, announcements: discord.TextChannel | None = None,
                       minutes: discord.TextChannel | None = None) -> None:
        if announcements is None and minutes is None:
            raise InvalidInput("Give at least one of `announcements` or `minutes`.")
        setup = await self.settings.set_channels(guild_id(interaction), announcements.id if announcements else None,
                                                 minutes.id if minutes else None)
        await self._show(interaction, setup, "✅ Saved.\n")

    @app_commands.command(name="timezone", description="The server's default time zone")
    @app_commands.autocomplete(zone=timezone_autocomplete)
    @chair_only()
    async def timezone(self, interaction: Interaction, zone: str) -> None:
        setup = await self.settings.set_timezone(guild_id(interaction), zone)
        await self._show(interaction, setup, "✅ Saved.\n")

    @app_commands.command(name="group", description="The working group's name, used in minutes")
    @chair_only()
    async def group(self, interaction: Interaction, name: app_commands.Range[str, 1, 200]) -> None:
        setup = await self.settings.set_group_name(guild_id(interaction), name)
        await self._show(interaction, setup, "✅ Saved.\n")

    @app_commands.command(name="reminders", description="Meeting reminder offsets, e.g. '24h, 1h'")
    @app_commands.describe(offsets="Comma-separated durations before each meeting, e.g. '24h, 1h' or '2d, 30m'")
    @chair_only()
    async def reminders(self, interaction: Interaction, offsets: app_commands.Range[str, 1, 200]) -> None:
        try:
            parsed = [parse_duration(part, "offset") for part in offsets.split(",") if part.strip()]
        except ConfigError as exc:
            raise InvalidInput(f"{exc.problem}.") from exc
        setup = await self.settings.set_meeting_offsets(guild_id(interaction), parsed)
        await self._show(interaction, setup, "✅ Saved. New meetings get these reminders.\n")

    @app_commands.command(name="stakeholders", description="The stakeholder groups members choose from")
    @app_commands.describe(groups="Comma-separated, e.g. 'Government, Civil society, Private sector' (omit to "
                           "let members type freely)")
    @chair_only()
    async def stakeholders(self, interaction: Interaction,
                           groups: app_commands.Range[str, 1, 1500] | None = None) -> None:
        saved = await self.bot.services.diversity.set_groups(guild_id(interaction), groups)
        if not saved.groups:
            await reply(interaction, diversity_text.GROUPS_CLEARED)
            return
        await reply(interaction, diversity_text.groups_saved(
            [discord.utils.escape_markdown(g) for g in saved.groups], saved.renamed,
            [discord.utils.escape_markdown(g) for g in saved.off_list]))

    @app_commands.command(name="show", description="Show how convener is set up here")
    async def show(self, interaction: Interaction) -> None:
        await self._show(interaction, await self.settings.get(guild_id(interaction)))


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(SetupCog(bot))
