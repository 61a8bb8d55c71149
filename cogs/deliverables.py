"""/deliverable: issue papers and reports with stages, deadlines, versions and a status anyone can see."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.deliverables import KINDS, STAGE_NAMES, STAGES
from bot.domain.permissions import can_chair
from bot.i18n import _, using
from bot.render import deliverables as text
from cogs._common import Interaction, chair_only, ensure_can_post, guild_id, member_roles, reply
from cogs._language import server_language
from cogs.groups import group_autocomplete

if TYPE_CHECKING:
    from bot.app import ConvenerBot

STAGE_CHOICES = [app_commands.Choice(name=STAGE_NAMES[s], value=s) for s in STAGES]
KIND_CHOICES = [app_commands.Choice(name=k, value=k) for k in KINDS]



async def deliverable_autocomplete(interaction: Interaction, current: str) -> list[app_commands.Choice[int]]:
    if interaction.guild_id is None:
        return []
    found = await interaction.client.services.deliverables.search(interaction.guild_id, current)
    return [app_commands.Choice(name=f"#{d.id} {d.title} ({d.stage})"[:100], value=d.id) for d in found[:25]]


class DeliverablesCog(commands.GroupCog, group_name="deliverable", group_description="Issue papers and reports"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.deliverables = bot.services.deliverables

    async def _is_chair(self, interaction: Interaction) -> bool:
        return can_chair(await member_roles(interaction))

    @app_commands.command(name="create", description="Track an issue paper or report with stage deadlines")
    @app_commands.describe(owner="A member who owns it (default: you)", group="…or the drafting group that owns it",
                           draft_due="When the draft is due, e.g. 15 December",
                           review_due="When the working group reviews it", final_due="When the final version is due",
                           outline_due="When the outline is due")
    @app_commands.choices(kind=KIND_CHOICES)
    @app_commands.autocomplete(group=group_autocomplete)
    @chair_only()
    async def create(self, interaction: Interaction, title: app_commands.Range[str, 1, 150],
                     kind: app_commands.Choice[str] | None = None, owner: discord.Member | None = None,
                     group: int | None = None, outline_due: str | None = None, draft_due: str | None = None,
                     review_due: str | None = None, final_due: str | None = None) -> None:
        ensure_can_post(interaction, interaction.channel_id)  # its reminders are posted here
        item = await self.deliverables.create(
            guild_id(interaction), title=title, kind=kind.value if kind else "issue paper",
            created_by=interaction.user.id, channel_id=interaction.channel_id,
            owner_id=owner.id if owner else None, owner_name=owner.display_name if owner else None, group_id=group,
            deadlines={"outline": outline_due, "draft": draft_due, "review": review_due, "final": final_due})
        await reply(interaction, text.created(item))

    @app_commands.command(name="stage", description="Move a deliverable to another stage")
    @app_commands.choices(stage=STAGE_CHOICES)
    @app_commands.autocomplete(deliverable=deliverable_autocomplete)
    async def stage(self, interaction: Interaction, deliverable: int, stage: app_commands.Choice[str]) -> None:
        item = await self.deliverables.move(guild_id(interaction), deliverable, stage.value,
                                            actor_id=interaction.user.id, is_chair=await self._is_chair(interaction))
        with using(await server_language(interaction)):  # posted for everyone to see
            await reply(interaction, text.moved(item), ephemeral=False)

    @app_commands.command(name="deadline", description="Set or clear the deadline of one stage")
    @app_commands.describe(due="e.g. 2027-01-25, 25 January, in 2 weeks (omit to clear)")
    @app_commands.choices(stage=STAGE_CHOICES)
    @app_commands.autocomplete(deliverable=deliverable_autocomplete)
    async def deadline(self, interaction: Interaction, deliverable: int, stage: app_commands.Choice[str],
                       due: app_commands.Range[str, 1, 60] | None = None) -> None:
        item = await self.deliverables.set_deadline(guild_id(interaction), deliverable, stage.value, due,
                                                    actor_id=interaction.user.id,
                                                    is_chair=await self._is_chair(interaction))
        await reply(interaction, text.deadline_set(item))

    @app_commands.command(name="version", description="Record a new version: a link or an attached file")
    @app_commands.autocomplete(deliverable=deliverable_autocomplete)
    async def version(self, interaction: Interaction, deliverable: int,
                      link: app_commands.Range[str, 1, 500] | None = None, file: discord.Attachment | None = None,
                      note: app_commands.Range[str, 1, 500] | None = None) -> None:
        added = await self.deliverables.add_version(
            guild_id(interaction), deliverable, link=file.url if file else link,
            filename=file.filename if file else None, note=note, actor_id=interaction.user.id,
            is_chair=await self._is_chair(interaction))
        item = await self.deliverables.get(guild_id(interaction), deliverable)
        await reply(interaction, text.version_added(item, added))

    @app_commands.command(name="show", description="A deliverable's stage, deadlines and versions")
    @app_commands.autocomplete(deliverable=deliverable_autocomplete)
    async def show(self, interaction: Interaction, deliverable: int) -> None:
        await reply(interaction, text.card(await self.deliverables.get(guild_id(interaction), deliverable)))

    @app_commands.command(name="list", description="Every deliverable with its stage and next deadline")
    async def list(self, interaction: Interaction, include_final: bool = False) -> None:
        items = await self.deliverables.search(guild_id(interaction), open_only=not include_final)
        await reply(interaction, "\n".join(text.list_line(d) for d in items) or _(text.LIST_EMPTY))


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(DeliverablesCog(bot))
