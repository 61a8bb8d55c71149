"""/remind: a chair's one-off announcements at a given time (e.g. an issue-paper deadline), list and cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.reminders import LISTED_KINDS, excerpt, reminder_cancelled, reminder_set, reminders_list
from cogs._common import Interaction, chair_only, ensure_can_mention, ensure_can_post, guild_id, reply

if TYPE_CHECKING:
    from bot.app import ConvenerBot

class RemindersCog(commands.GroupCog, group_name="remind", group_description="Announcements at a set time"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.reminders = bot.services.reminders

    async def reminder_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[int]]:
        if interaction.guild_id is None:
            return []
        needle = current.strip().casefold()
        pending = await self.reminders.list_pending(interaction.guild_id, 100, ["text"])
        found = [r for r in pending if needle in f"{r.id} {r.text}".casefold()]
        return [app_commands.Choice(name=f"#{r.id} {r.due_at:%Y-%m-%d %H:%M} UTC — {excerpt(r.text, 60)}"[:100],
                                    value=r.id) for r in found[:25]]

    @app_commands.command(name="set", description="Post an announcement at a given time, mentioning one role")
    @app_commands.describe(when="In your time zone: 2026-12-10 12:00, tomorrow 9am, fri 17:00, or in 2h",
                           text="What to post, e.g. 'Issue paper drafts are due today'",
                           role="The only role to mention (optional)",
                           channel="Where to post (default: here)")
    @chair_only()
    async def set_(self, interaction: Interaction, when: app_commands.Range[str, 1, 100],
                   text: app_commands.Range[str, 1, 1800], role: discord.Role | None = None,
                   channel: discord.TextChannel | None = None) -> None:
        gid = guild_id(interaction)
        target = channel.id if channel else interaction.channel_id
        assert target is not None  # slash commands in a guild always come from a channel
        if role is not None:
            ensure_can_mention(interaction, role, target)
        ensure_can_post(interaction, target)
        due = await self.bot.services.dates.moment(gid, interaction.user.id, when)
        info = await self.reminders.remind(gid, due.at, text, channel_id=target, role_id=role.id if role else None,
                                           created_by=interaction.user.id)
        await reply(interaction, reminder_set(info, target, due.notes))

    @app_commands.command(name="list", description="Pending reminders in this server")
    async def list_(self, interaction: Interaction) -> None:
        pending = await self.reminders.list_pending(guild_id(interaction), 25, LISTED_KINDS)
        await reply(interaction, reminders_list(pending))

    @app_commands.command(name="cancel", description="Cancel a pending reminder")
    @app_commands.describe(reminder="The reminder (its number from /remind list)")
    @app_commands.autocomplete(reminder=reminder_autocomplete)
    @chair_only()
    async def cancel(self, interaction: Interaction, reminder: int) -> None:
        info = await self.reminders.cancel_one(guild_id(interaction), reminder)
        await reply(interaction, reminder_cancelled(info))


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(RemindersCog(bot))
