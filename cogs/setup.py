"""/setup: map Discord roles to convener roles, name channels, set the server's time zone and language."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import ConfigError, parse_duration
from bot.domain.permissions import Role
from bot.errors import InvalidInput
from bot.i18n import LANGUAGES, NATIVE_NAMES, _
from bot.render import diversity as diversity_text
from bot.render import setup as setup_text
from bot.render.reach import REMINDER_CHOICES
from bot.services.settings import GuildSetup
from cogs._common import Interaction, chair_only, ensure_can_post, guild_id, reply, timezone_autocomplete
from cogs._language import server_language

FOLLOW_DISCORD = "auto"
SERVER_LANGUAGE_CHOICES = [app_commands.Choice(name="Follow the server's Discord language", value=FOLLOW_DISCORD)] + [
    app_commands.Choice(name=NATIVE_NAMES[lang], value=lang) for lang in LANGUAGES]

if TYPE_CHECKING:
    from bot.app import ConvenerBot


class SetupCog(commands.GroupCog, group_name="setup", group_description="Configure convener for this server"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.settings = bot.services.settings

    def _defaults(self) -> dict[Role, str]:
        return self.bot.config.roles.by_role()

    async def _show(self, interaction: Interaction, setup: GuildSetup, saved: str = "") -> None:
        assert interaction.guild is not None
        text = setup_text.render_setup(setup, interaction.guild.name, self._defaults(),
                                       await server_language(interaction),
                                       await self.bot.services.reach.server_delivery(interaction.guild.id))
        await reply(interaction, f"{saved}\n{text}" if saved else text)

    @app_commands.command(name="roles", description="Map a Discord role to a convener role")
    @app_commands.describe(role="The convener role", discord_role="The Discord role that grants it (omit to reset)")
    @app_commands.choices(role=[app_commands.Choice(name=r.value, value=r.value) for r in Role])
    @chair_only()
    async def roles(self, interaction: Interaction, role: app_commands.Choice[str],
                    discord_role: discord.Role | None = None) -> None:
        ids = [discord_role.id] if discord_role else []
        setup = await self.settings.map_role(guild_id(interaction), Role(role.value), ids)
        await self._show(interaction, setup, _(setup_text.SAVED))

    @app_commands.command(name="channels", description="Choose the announcements and minutes channels")
    @chair_only()
    async def channels(self, interaction: Interaction, announcements: discord.TextChannel | None = None,
                       minutes: discord.TextChannel | None = None) -> None:
        if announcements is None and minutes is None:
            raise InvalidInput(_(setup_text.NO_CHANNEL_GIVEN))
        for chosen in (announcements, minutes):
            ensure_can_post(interaction, chosen.id if chosen else None)  # convener will post there
        setup = await self.settings.set_channels(guild_id(interaction), announcements.id if announcements else None,
                                                 minutes.id if minutes else None)
        await self._show(interaction, setup, _(setup_text.SAVED))

    @app_commands.command(name="timezone", description="The server's default time zone")
    @app_commands.autocomplete(zone=timezone_autocomplete)
    @chair_only()
    async def timezone(self, interaction: Interaction, zone: str) -> None:
        setup = await self.settings.set_timezone(guild_id(interaction), zone)
        await self._show(interaction, setup, _(setup_text.SAVED))

    @app_commands.command(name="group", description="The working group's name, used in minutes")
    @chair_only()
    async def group(self, interaction: Interaction, name: app_commands.Range[str, 1, 200]) -> None:
        setup = await self.settings.set_group_name(guild_id(interaction), name)
        await self._show(interaction, setup, _(setup_text.SAVED))

    @app_commands.command(name="reminders",
                          description="Meeting reminder offsets and how members are reminded by default")
    @app_commands.describe(offsets="Comma-separated durations before each meeting, e.g. '24h, 1h' or '2d, 30m'",
                           delivery="How members are reminded until they choose themselves (/profile reminders)")
    @app_commands.choices(delivery=[app_commands.Choice(name=name, value=value)
                                    for name, value in REMINDER_CHOICES if value != "default"])
    @chair_only()
    async def reminders(self, interaction: Interaction, offsets: app_commands.Range[str, 1, 200] | None = None,
                        delivery: app_commands.Choice[str] | None = None) -> None:
        if offsets is None and delivery is None:
            raise InvalidInput(_(setup_text.NOTHING_GIVEN))
        gid = guild_id(interaction)
        if delivery is not None:
            await self.bot.services.reach.set_server_delivery(gid, delivery.value)
        if offsets is None:
            await self._show(interaction, await self.settings.get(gid), _(setup_text.SAVED))
            return
        parsed = []
        for part in (p.strip() for p in offsets.split(",")):
            try:
                parsed += [parse_duration(part, "offset")] if part else []
            except ConfigError as exc:
                raise InvalidInput(setup_text.bad_offset(part)) from exc
        setup = await self.settings.set_meeting_offsets(gid, parsed)
        await self._show(interaction, setup, _(setup_text.SAVED_OFFSETS))

    @app_commands.command(name="stakeholders", description="The stakeholder groups members choose from")
    @app_commands.describe(groups="Comma-separated, e.g. 'Government, Civil society, Private sector' (omit to "
                           "let members type freely)")
    @chair_only()
    async def stakeholders(self, interaction: Interaction,
                           groups: app_commands.Range[str, 1, 1500] | None = None) -> None:
        saved = await self.bot.services.diversity.set_groups(guild_id(interaction), groups)
        if not saved.groups:
            await reply(interaction, _(diversity_text.GROUPS_CLEARED))
            return
        await reply(interaction, diversity_text.groups_saved(saved.groups, saved.renamed, saved.off_list))

    @app_commands.command(name="language", description="The language of this server's public posts")
    @app_commands.describe(language="Poll messages, agendas, reminders and minutes use it")
    @app_commands.choices(language=SERVER_LANGUAGE_CHOICES)
    @chair_only()
    async def language(self, interaction: Interaction, language: app_commands.Choice[str]) -> None:
        chosen = None if language.value == FOLLOW_DISCORD else language.value
        setup = await self.settings.set_language(guild_id(interaction), chosen)
        await self._show(interaction, setup, _(setup_text.SAVED))

    @app_commands.command(name="show", description="Show how convener is set up here")
    async def show(self, interaction: Interaction) -> None:
        await self._show(interaction, await self.settings.get(guild_id(interaction)))


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(SetupCog(bot))
