"""Capturing the live meeting: /item next|goto moves the current agenda item; /note, /decision, /action file
what was said under it (or under the item given). Only while a meeting is live."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.minutes import Owner, clip
from bot.i18n import _, using
from bot.render.capture import filed, moved_to
from cogs._common import Interaction, guild_id, reply, secretariat_only
from cogs._language import server_language

if TYPE_CHECKING:
    from bot.app import ConvenerBot


_MENTION = re.compile(r"^<@!?(\d{15,21})>$")


def resolve_owner(guild: discord.Guild | None, text: str) -> Owner:
    """A member picked from the list (their id), mentioned, or named exactly; anything else is free text."""
    raw = text.strip()
    if guild is not None:
        match = _MENTION.match(raw)
        wanted = match.group(1) if match else raw
        if wanted.isdigit() and (member := guild.get_member(int(wanted))) is not None:
            return Owner(member.id, member.display_name)
        folded = raw.casefold()
        named = [m for m in guild.members if not m.bot and folded in (m.display_name.casefold(), m.name.casefold())]
        if len(named) == 1:
            return Owner(named[0].id, named[0].display_name)
    return Owner(None, raw)


async def owner_autocomplete(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Members whose name contains what was typed (value: their id); free text stays possible."""
    guild = interaction.guild
    if guild is None:
        return []
    needle = current.casefold().strip()
    members = [m for m in guild.members if not m.bot and (not needle or needle in m.display_name.casefold()
                                                           or needle in m.name.casefold())]
    members.sort(key=lambda m: m.display_name.casefold())
    choices = [app_commands.Choice(name=m.display_name[:100], value=str(m.id)) for m in members[:24]]
    if current.strip() and not any(c.name.casefold() == needle for c in choices):
        typed = current.strip()[:100]
        as_typed = " " + _("(as typed)")
        choices.append(app_commands.Choice(name=clip(typed, 100 - len(as_typed)) + as_typed, value=typed))
    return choices[:25]


async def item_autocomplete(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Items of the live meeting's agenda, the current one marked ▶."""
    if interaction.guild_id is None:
        return []
    choices = await interaction.client.services.minutes.capture.item_choices(interaction.guild_id, current)
    return [app_commands.Choice(name=name, value=value) for name, value in choices]


class ItemCog(commands.GroupCog, group_name="item", group_description="Move through the live meeting's agenda"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.capture = bot.services.minutes.capture

    @app_commands.command(name="next", description="Move to the next agenda item (sub-items included)")
    @secretariat_only()
    async def next(self, interaction: Interaction) -> None:
        position = await self.capture.next_item(guild_id(interaction))
        with using(await server_language(interaction)):  # everyone in the meeting channel reads it
            text = moved_to(position)
            await reply(interaction, text, ephemeral=False)

    @app_commands.command(name="goto", description="Jump to an agenda item")
    @app_commands.describe(item="The item, e.g. 2b (pick from the list)")
    @app_commands.autocomplete(item=item_autocomplete)
    @secretariat_only()
    async def goto(self, interaction: Interaction, item: app_commands.Range[str, 1, 100]) -> None:
        position = await self.capture.goto_item(guild_id(interaction), item)
        with using(await server_language(interaction)):
            text = moved_to(position)
            await reply(interaction, text, ephemeral=False)


class CaptureCog(commands.Cog):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.capture = bot.services.minutes.capture

    @app_commands.command(name="note", description="Add a note to the minutes (under the current agenda item)")
    @app_commands.describe(text="What was said or discussed", item="File it under this item instead (e.g. 2b)")
    @app_commands.autocomplete(item=item_autocomplete)
    @secretariat_only()
    async def note(self, interaction: Interaction, text: app_commands.Range[str, 1, 4000],
                   item: str | None = None) -> None:
        captured = await self.capture.add_note(guild_id(interaction), interaction.user.id, text, item)
        await reply(interaction, filed("Note", captured))

    @app_commands.command(name="decision", description="Record a decision (under the current agenda item)")
    @app_commands.describe(text="What was decided", item="File it under this item instead (e.g. 2b)")
    @app_commands.autocomplete(item=item_autocomplete)
    @secretariat_only()
    async def decision(self, interaction: Interaction, text: app_commands.Range[str, 1, 4000],
                       item: str | None = None) -> None:
        captured = await self.capture.add_decision(guild_id(interaction), interaction.user.id, text, item)
        await reply(interaction, filed("Decision", captured))

    @app_commands.command(name="action", description="Record an action item with an owner and a due date")
    @app_commands.describe(text="What is to be done",
                           owner="A member (pick from the list) or a name, e.g. Drafting group",
                           due="Due date: 2026-12-04, 4 Dec, friday, in 2 weeks… (read in your time zone)",
                           item="File it under this item instead (e.g. 2b)")
    @app_commands.autocomplete(owner=owner_autocomplete, item=item_autocomplete)
    @secretariat_only()
    async def action(self, interaction: Interaction, text: app_commands.Range[str, 1, 4000],
                     owner: app_commands.Range[str, 1, 100], due: app_commands.Range[str, 1, 60],
                     item: str | None = None) -> None:
        who = resolve_owner(interaction.guild, owner)
        captured = await self.capture.add_action(guild_id(interaction), interaction.user.id, text, who, due, item)
        await reply(interaction, filed("Action", captured))


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(ItemCog(bot))
    await bot.add_cog(CaptureCog(bot))
