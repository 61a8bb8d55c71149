"""/my: a member's own view of what concerns them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from bot.render.schedule import schedule_text
from cogs._common import Interaction, guild_id, reply

if TYPE_CHECKING:
    from bot.app import ConvenerBot


class MyCog(commands.GroupCog, group_name="my", group_description="What concerns you"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot

    @app_commands.command(name="schedule",
                          description="Your polls to answer, meetings ahead, action items and deliverables")
    async def schedule(self, interaction: Interaction) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        services = self.bot.services
        schedule = await services.schedule.for_member(gid, interaction.user.id)
        group = (await services.settings.get(gid)).group_name
        await reply(interaction, schedule_text(schedule, group=group))


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(MyCog(bot))
