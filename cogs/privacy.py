"""/privacy: members can see what convener keeps about them and have it forgotten."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.i18n import _, _p
from bot.render.privacy import forget_done, forget_question
from cogs._common import BoundView, Interaction, ensure_chair, guild_id, reply, update_message

if TYPE_CHECKING:
    from bot.app import ConvenerBot

log = logging.getLogger(__name__)


def known_names(user: discord.abc.User) -> list[str]:
    """The names Discord knows someone by, for finding them in texts convener keeps."""
    names = [user.name, user.display_name, user.global_name, getattr(user, "nick", None)]
    return [n for n in names if n]


class ConfirmForget(BoundView):
    def __init__(self, cog: PrivacyCog, target: discord.abc.User, other: str | None) -> None:
        super().__init__(timeout=120)
        self.cog, self.target, self.other = cog, target, other
        self.confirm.label, self.cancel.label = _p("button", "Forget"), _p("button", "Cancel")

    @discord.ui.button(label="Forget", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: Interaction, _button: discord.ui.Button[ConfirmForget]) -> None:
        removed = await self.cog.bot.services.privacy.forget_member(guild_id(interaction), self.target.id,
                                                                    known_names(self.target))
        await update_message(interaction, content=forget_done(removed, self.other), view=None)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: Interaction, _button: discord.ui.Button[ConfirmForget]) -> None:
        await update_message(interaction, content=_("Nothing was removed."), view=None)


class PrivacyCog(commands.GroupCog, group_name="privacy", group_description="Your data in convener"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot

    @app_commands.command(name="forget", description="Delete what convener stores about you (or, for chairs, a member)")
    @app_commands.describe(member="Chairs only: forget another member (e.g. on request by e-mail)")
    async def forget(self, interaction: Interaction, member: discord.Member | None = None) -> None:
        guild_id(interaction)  # what is kept is per server: in a DM there is no "this server" to forget from
        target = member or interaction.user
        if target.id != interaction.user.id:
            await ensure_chair(interaction)
        other = None if target.id == interaction.user.id else target.display_name
        await reply(interaction, forget_question(other), view=ConfirmForget(self, target, other))

    @commands.Cog.listener()
    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        if not self.bot.config.bot.forget_on_leave:
            return
        removed = await self.bot.services.privacy.forget_member(payload.guild_id, payload.user.id,
                                                                known_names(payload.user))
        log.info("member %s left guild %s; forgot %s", payload.user.id, payload.guild_id, removed)


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(PrivacyCog(bot))
