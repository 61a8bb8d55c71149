"""/profile: how a member appears in minutes and lists, and the time zone polls are shown in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from bot.domain.permissions import can_chair
from bot.domain.reach import Delivery
from bot.i18n import LANGUAGES, NATIVE_NAMES, _
from bot.render import diversity as text
from bot.render import feed as feed_text
from bot.render.profile import language_set, name_set, render_profile, zone_set
from bot.render.reach import REMINDER_CHOICES, prefs_text
from cogs._common import Interaction, guild_id, member_roles, reply, timezone_autocomplete
from cogs._language import bind_member_language

if TYPE_CHECKING:
    from bot.app import ConvenerBot


YES_NO = [app_commands.Choice(name=v, value=v) for v in ("yes", "no", "not stated")]
GENDER_CHOICES = [app_commands.Choice(name=v, value=v) for v in ("woman", "man", "non-binary", "another gender",
                                                                  "not stated")]


FOLLOW_DISCORD = "auto"
LANGUAGE_CHOICES = [app_commands.Choice(name="Follow Discord", value=FOLLOW_DISCORD)] + [
    app_commands.Choice(name=NATIVE_NAMES[lang], value=lang) for lang in LANGUAGES]


async def group_autocomplete(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    names = await interaction.client.services.diversity.group_choices(interaction.guild_id, current)
    return [app_commands.Choice(name=n[:100], value=n[:100]) for n in names]


async def region_autocomplete(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    regions = [*interaction.client.services.diversity.regions, "not stated"]
    wanted = current.casefold()
    return [app_commands.Choice(name=r[:100], value=r[:100]) for r in regions if wanted in r.casefold()][:25]


class ProfileCog(commands.GroupCog, group_name="profile", group_description="Your name, time zone, group and language"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.profiles = bot.services.profiles

    @app_commands.command(name="timezone", description="Set your time zone (IANA name, e.g. Europe/Geneva)")
    @app_commands.describe(zone="Start typing a city, e.g. Geneva or Tokyo")
    @app_commands.autocomplete(zone=timezone_autocomplete)
    async def timezone(self, interaction: Interaction, zone: str) -> None:
        profile = await self.profiles.set_timezone(guild_id(interaction), interaction.user.id, zone)
        await reply(interaction, zone_set(profile.timezone))

    @app_commands.command(name="name", description="Set how you appear in minutes and lists, e.g. 'Jevtović, Danko'")
    @app_commands.describe(name="Your name as it should appear in minutes ('Last, First')")
    async def name(self, interaction: Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        profile = await self.profiles.set_name(guild_id(interaction), interaction.user.id, name)
        await reply(interaction, name_set(profile.display_name))

    @app_commands.command(name="group", description="Set your stakeholder group (e.g. Civil society, Government)")
    @app_commands.autocomplete(group=group_autocomplete)
    async def group(self, interaction: Interaction, group: app_commands.Range[str, 1, 100]) -> None:
        profile = await self.bot.services.diversity.set_profile_group(guild_id(interaction), interaction.user.id,
                                                                      group)
        await reply(interaction, text.group_set(profile.stakeholder_group or ""))

    @app_commands.command(name="diversity",
                          description="Optionally declare region, developing-country status, gender, youth")
    @app_commands.describe(region="Your region (UN regional group)", developing_country="Are you from a developing "
                           "country?", gender="Your gender", youth="Do you count yourself as youth?",
                           show_my_name="List me by name with these values in reports (default: aggregate only)",
                           withdraw="Delete everything you declared here")
    @app_commands.autocomplete(region=region_autocomplete)
    @app_commands.choices(developing_country=YES_NO, youth=YES_NO, gender=GENDER_CHOICES)
    async def diversity(self, interaction: Interaction, region: str | None = None,
                        developing_country: app_commands.Choice[str] | None = None,
                        gender: app_commands.Choice[str] | None = None,
                        youth: app_commands.Choice[str] | None = None, show_my_name: bool | None = None,
                        withdraw: bool = False) -> None:
        gid, uid = guild_id(interaction), interaction.user.id
        service = self.bot.services.diversity
        if withdraw:
            removed = await service.withdraw(gid, uid)
            await reply(interaction, _(text.WITHDRAWN) if removed else _(text.NOTHING_TO_WITHDRAW))
            return
        declared = await service.declare(
            gid, uid, region=region, developing=developing_country.value if developing_country else None,
            gender=gender.value if gender else None, youth=youth.value if youth else None, named=show_my_name)
        await reply(interaction, text.saved(declared))

    @app_commands.command(name="language", description="The language convener answers you in")
    @app_commands.describe(language="Your language, or follow your Discord client's language")
    @app_commands.choices(language=LANGUAGE_CHOICES)
    async def language(self, interaction: Interaction, language: app_commands.Choice[str]) -> None:
        chosen = None if language.value == FOLLOW_DISCORD else language.value
        await self.profiles.set_language(guild_id(interaction), interaction.user.id, chosen)
        now = await bind_member_language(interaction)
        await reply(interaction, language_set(now, follows_discord=chosen is None))

    @app_commands.command(name="reminders", description="How convener reminds you: by DM, in the channel or not at all")
    @app_commands.describe(how="By direct message, with a mention in the channel, not at all, or as the server does",
                           before="How long before, e.g. '1h' or '24h, 1h' ('default': as the server does)")
    @app_commands.choices(how=[app_commands.Choice(name=name, value=value) for name, value in REMINDER_CHOICES])
    async def reminders(self, interaction: Interaction, how: app_commands.Choice[str] | None = None,
                        before: app_commands.Range[str, 1, 60] | None = None) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        services = self.bot.services
        prefs = await services.reach.choose(gid, interaction.user.id, delivery=how.value if how else None,
                                            before=before)
        setup = await services.settings.get(gid)
        dm_closed = None
        if how is not None and how.value == Delivery.DM:
            dm_closed = not await services.reach.dm_reachable(interaction.user.id, setup.group_name)
        cfg = self.bot.config.reminders
        await reply(interaction, prefs_text(prefs, default_delivery=await services.reach.server_delivery(gid),
                                            meeting_offsets=setup.meeting_offsets, poll_offset=cfg.poll_last_call,
                                            action_offset=cfg.action_due, dm_closed=dm_closed))

    @app_commands.command(name="calendar", description="Your calendar feed and the server's, to subscribe to")
    @app_commands.describe(rotate="Replace a link (the old one stops working): yours, or the server's (chairs)")
    @app_commands.choices(rotate=[app_commands.Choice(name=name, value=value)
                                  for name, value in feed_text.ROTATE_CHOICES])
    async def calendar(self, interaction: Interaction, rotate: app_commands.Choice[str] | None = None) -> None:
        gid = guild_id(interaction)
        is_chair = can_chair(await member_roles(interaction))
        links = await self.bot.services.feeds.links(gid, interaction.user.id, rotate=rotate.value if rotate else None,
                                                    is_chair=is_chair)
        if links is None:
            await reply(interaction, _(feed_text.NOT_ENABLED))
            return
        group = (await self.bot.services.settings.get(gid)).group_name
        await reply(interaction, feed_text.feeds_text(*links, group=group,
                                                      rotated=[rotate.value] if rotate else []))

    @app_commands.command(name="show", description="Show your convener profile")
    async def show(self, interaction: Interaction) -> None:
        profile = await self.profiles.get(guild_id(interaction), interaction.user.id)
        declared = await self.bot.services.diversity.declared(guild_id(interaction), interaction.user.id)
        await reply(interaction, render_profile(profile, interaction.user.display_name, declared))


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(ProfileCog(bot))
