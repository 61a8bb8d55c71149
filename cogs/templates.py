"""/template: Annex II labels, optional minutes sections, the report template; /report: session reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import InvalidInput
from bot.i18n import _
from bot.render import templates as text
from bot.services.ports import OutFile
from bot.services.templates import LABEL_ROLES, MAX_REPORT, Templates
from cogs._common import (
    Interaction,
    chair_only,
    ensure_can_post,
    file_for,
    guild_id,
    meeting_autocomplete,
    reply,
    secretariat_only,
)

if TYPE_CHECKING:
    from bot.app import ConvenerBot

MAX_TEMPLATE_BYTES = 80_000
ROLE_CHOICES = [app_commands.Choice(name=r, value=r) for r in LABEL_ROLES]



def template_file(templates: Templates) -> discord.File:
    return file_for(OutFile("report-template.md", templates.report.encode("utf-8")))


class TemplateCog(commands.GroupCog, group_name="template", group_description="The group's document templates"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.templates = bot.services.templates

    @app_commands.command(name="label", description="Rename an Annex II group, e.g. members → MAG MEMBERS")
    @app_commands.describe(label="The heading to print (omit to go back to the standard one)")
    @app_commands.choices(role=ROLE_CHOICES)
    @chair_only()
    async def label(self, interaction: Interaction, role: app_commands.Choice[str],
                    label: app_commands.Range[str, 1, 60] | None = None) -> None:
        saved = await self.templates.set_label(guild_id(interaction), role.value, label)
        await reply(interaction, f"{_(text.SAVED)}\n{text.describe(saved)}")

    @app_commands.command(name="sections", description="Optional sections drafted minutes get, e.g. 'Main points, "
                                                       "Key messages'")
    @app_commands.describe(sections="Comma-separated headings (omit for none)")
    @chair_only()
    async def sections(self, interaction: Interaction, sections: app_commands.Range[str, 1, 800] | None = None) -> None:
        saved = await self.templates.set_sections(guild_id(interaction), sections)
        await reply(interaction, f"{_(text.SAVED)}\n{text.describe(saved)}")

    @app_commands.command(name="report", description="Upload the session-report template (Jinja2 Markdown)")
    @app_commands.describe(file="A .md template with the required sections (omit to go back to the standard one)")
    @chair_only()
    async def report(self, interaction: Interaction, file: discord.Attachment | None = None) -> None:
        if file is not None and file.size > MAX_TEMPLATE_BYTES:
            raise InvalidInput(_(text.TEMPLATE_TOO_BIG, limit=MAX_TEMPLATE_BYTES))
        data = await file.read() if file is not None else None
        saved = await self.templates.set_report_template(guild_id(interaction), data)
        await reply(interaction, f"{_(text.SAVED)}\n{text.describe(saved)}", file=template_file(saved))

    @app_commands.command(name="show", description="The labels, optional sections and report template in use")
    async def show(self, interaction: Interaction) -> None:
        current = await self.templates.get(guild_id(interaction))
        await reply(interaction, text.describe(current), file=template_file(current))


class ReportCog(commands.GroupCog, group_name="report", group_description="Session and workshop reports"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.templates = bot.services.templates

    @app_commands.command(name="draft", description="A session report from the template, pre-filled from the roll call")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @secretariat_only()
    async def draft(self, interaction: Interaction, meeting: int,
                    title: app_commands.Range[str, 1, 200] | None = None) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        out = await self.templates.draft_report(guild_id(interaction), meeting, title)
        await reply(interaction, _(text.REPORT_DRAFTED), file=file_for(out))

    @app_commands.command(name="submit", description="Submit the completed report: every required section filled in")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @secretariat_only()
    async def submit(self, interaction: Interaction, meeting: int, file: discord.Attachment) -> None:
        if file.size > MAX_REPORT:
            raise InvalidInput(_(text.REPORT_TOO_BIG, limit=MAX_REPORT))
        await interaction.response.defer(ephemeral=True, thinking=True)
        info = await self.bot.services.meetings.get(guild_id(interaction), meeting)
        ensure_can_post(interaction, await self.bot.services.minutes.minutes_channel(info.guild_id, info))
        data = await file.read()
        report_id, channel_id = await self.templates.submit_report(guild_id(interaction), meeting, data,
                                                                   interaction.user.id)
        await reply(interaction, _(text.REPORT_SUBMITTED, id=report_id, channel=channel_id))


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(TemplateCog(bot))
    await bot.add_cog(ReportCog(bot))
