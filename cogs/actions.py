"""/actions list|done: action items from published minutes, until their owners mark them done."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.minutes import clip, single_line
from bot.domain.permissions import can_secretariat
from bot.i18n import using
from bot.render.minutes_review import action_done, actions_page
from cogs._common import Interaction, guild_id, member_roles, reply
from cogs._language import server_language

if TYPE_CHECKING:
    from bot.app import ConvenerBot


class ActionsCog(commands.GroupCog, group_name="actions", group_description="Action items from the minutes"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.minutes = bot.services.minutes

    async def open_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[int]]:
        """Open actions, the caller's own first."""
        if interaction.guild_id is None:
            return []
        actions = await self.minutes.open_actions(interaction.guild_id)
        needle = current.casefold().strip().lstrip("#")
        mine = interaction.user.id
        actions.sort(key=lambda a: a.owner_id != mine)
        return [app_commands.Choice(name=clip(f"#{a.id} {single_line(a.text)} — {a.owner_name}", 100), value=a.id)
                for a in actions
                if not needle or needle in str(a.id) or needle in a.text.casefold() or needle in a.owner_name.casefold()
                ][:25]

    @app_commands.command(name="list", description="Open action items, soonest due first")
    @app_commands.describe(owner="Only this member's actions")
    async def list(self, interaction: Interaction, owner: discord.Member | None = None) -> None:
        gid = guild_id(interaction)
        actions = await self.minutes.open_actions(gid, owner_id=owner.id if owner else None)
        today = self.bot.ctx.clock.now().astimezone(UTC).date()
        await reply(interaction, actions_page(actions, today, 0, owner.display_name if owner else None))

    @app_commands.command(name="done", description="Mark an action item done (yours, or any if you chair)")
    @app_commands.describe(action="The action (pick from the list)")
    @app_commands.autocomplete(action=open_autocomplete)
    async def done(self, interaction: Interaction, action: int) -> None:
        may_close_any = can_secretariat(await member_roles(interaction))
        closed = await self.minutes.complete_action(guild_id(interaction), action, interaction.user.id,
                                                    may_close_any=may_close_any)
        with using(await server_language(interaction)):  # posted for everyone to see
            await reply(interaction, action_done(closed), ephemeral=False)


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(ActionsCog(bot))
