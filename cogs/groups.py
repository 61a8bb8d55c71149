"""/group: drafting groups with a balance rule, a private thread, their own meetings, and a report-back item."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.dates import parse_minutes
from bot.domain.groups import mentioned_ids
from bot.domain.permissions import can_chair
from bot.errors import InvalidInput
from bot.i18n import _
from bot.render import groups as text
from bot.render.meeting import scheduled_text
from cogs._common import (
    Interaction,
    chair_only,
    ensure_can_post,
    guild_id,
    meeting_autocomplete,
    member_roles,
    reply,
    timezone_autocomplete,
)

if TYPE_CHECKING:
    from bot.app import ConvenerBot



async def group_autocomplete(interaction: Interaction, current: str) -> list[app_commands.Choice[int]]:
    if interaction.guild_id is None:
        return []
    groups = await interaction.client.services.groups.search(interaction.guild_id, current)
    return [app_commands.Choice(name=f"#{g.id} {g.name}"[:100], value=g.id) for g in groups]


class GroupsCog(commands.GroupCog, group_name="group", group_description="Drafting groups"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.groups = bot.services.groups

    @app_commands.command(name="create", description="Create a drafting group with a private thread")
    @app_commands.describe(name="e.g. 'Strategic work programme'", members="Mention the members, e.g. @Jutta @Danko",
                           rule="Balance by stakeholder group, e.g. '5 Government, 5 non-Government'",
                           channel="Text channel for the group's private thread (default: this one)")
    @chair_only()
    async def create(self, interaction: Interaction, name: app_commands.Range[str, 1, 80],
                     members: app_commands.Range[str, 1, 4000] | None = None,
                     rule: app_commands.Range[str, 1, 300] | None = None,
                     channel: discord.TextChannel | None = None) -> None:
        gid = guild_id(interaction)
        parent = channel.id if channel else interaction.channel_id
        if parent is None or (channel is None and not isinstance(interaction.channel, discord.TextChannel)):
            raise InvalidInput(_(text.NEEDS_TEXT_CHANNEL))
        ids = mentioned_ids(members or "")
        if members and not ids:
            raise InvalidInput(_(text.MENTION_MEMBERS))
        ensure_can_post(interaction, parent)  # the group's thread opens under it
        await interaction.response.defer(ephemeral=True, thinking=True)
        view = await self.groups.create(gid, name=name, parent_channel_id=parent, created_by=interaction.user.id,
                                        member_ids=ids, rule=rule)
        thread = f"<#{view.group.thread_id}>"
        await reply(interaction, _(text.CREATED, thread=thread) + "\n" + text.group_card(view))

    @app_commands.command(name="add", description="Add a member to a drafting group (and its thread)")
    @app_commands.autocomplete(group=group_autocomplete)
    @chair_only()
    async def add(self, interaction: Interaction, group: int, member: discord.Member) -> None:
        view = await self.groups.add_member(guild_id(interaction), group, member.id)
        await reply(interaction, text.group_card(view))

    @app_commands.command(name="remove", description="Remove a member from a drafting group (and its thread)")
    @app_commands.autocomplete(group=group_autocomplete)
    @chair_only()
    async def remove(self, interaction: Interaction, group: int, member: discord.Member) -> None:
        view = await self.groups.remove_member(guild_id(interaction), group, member.id)
        await reply(interaction, text.group_card(view))

    @app_commands.command(name="rule", description="Set or clear a drafting group's balance rule")
    @app_commands.describe(rule="e.g. '5 Government, 5 non-Government' (omit to clear)")
    @app_commands.autocomplete(group=group_autocomplete)
    @chair_only()
    async def rule(self, interaction: Interaction, group: int,
                   rule: app_commands.Range[str, 1, 300] | None = None) -> None:
        view = await self.groups.set_rule(guild_id(interaction), group, rule)
        await reply(interaction, text.group_card(view))

    @app_commands.command(name="show", description="A drafting group's members and whether its balance holds")
    @app_commands.autocomplete(group=group_autocomplete)
    async def show(self, interaction: Interaction, group: int) -> None:
        await reply(interaction, text.group_card(await self.groups.view(guild_id(interaction), group)))

    @app_commands.command(name="list", description="The drafting groups of this server")
    async def list(self, interaction: Interaction) -> None:
        groups = await self.groups.search(guild_id(interaction))
        await reply(interaction, text.group_list(groups))

    @app_commands.command(name="meeting", description="Schedule a meeting of a drafting group, in its thread")
    @app_commands.describe(start="e.g. 'Dec 3 15:00' or 'tomorrow 9am'", duration="60, 90m, 1h30m",
                           title="Default: 'Drafting group: <name>'")
    @app_commands.autocomplete(group=group_autocomplete)
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    async def meeting(self, interaction: Interaction, group: int, start: app_commands.Range[str, 1, 100],
                      duration: app_commands.Range[str, 1, 20] | None = None,
                      title: app_commands.Range[str, 1, 100] | None = None, timezone: str | None = None) -> None:
        gid = guild_id(interaction)
        is_chair = can_chair(await member_roles(interaction))
        await interaction.response.defer(ephemeral=True, thinking=True)
        info, notes = await self.groups.schedule_meeting(
            gid, group, actor_id=interaction.user.id, is_chair=is_chair, title=title, start=start,
            duration=parse_minutes(duration) if duration else None, zone=timezone)
        await reply(interaction, scheduled_text(info, [], None, notes=notes))

    @app_commands.command(name="report", description="Put the group's report on a plenary meeting's agenda")
    @app_commands.autocomplete(group=group_autocomplete)
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @chair_only()
    async def report(self, interaction: Interaction, group: int, meeting: int) -> None:
        gid = guild_id(interaction)
        item = await self.groups.report_back(gid, group, meeting)
        info = await self.bot.services.meetings.get(gid, meeting)
        await reply(interaction, text.report_added(item.title, info.label()))

    @app_commands.command(name="close", description="Close a drafting group whose work is done")
    @app_commands.autocomplete(group=group_autocomplete)
    @chair_only()
    async def close(self, interaction: Interaction, group: int) -> None:
        info = await self.groups.close(guild_id(interaction), group)
        await reply(interaction, text.closed_done(info.name))


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(GroupsCog(bot))
