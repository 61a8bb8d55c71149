"""/attendance: the secretariat's attendance lists and participation reports, as files."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from discord import app_commands
from discord.ext import commands

from bot.i18n import _, using
from bot.render.attendance import export_note
from bot.render.attendance_report import report_summary
from bot.render.discord_text import ts
from cogs._common import Interaction, files_for, guild_id, meeting_autocomplete, reply, secretariat_only
from cogs._language import server_language

if TYPE_CHECKING:
    from bot.app import ConvenerBot

FORMAT_CHOICES = [app_commands.Choice(name="CSV (spreadsheets, scripts)", value="csv"),
                  app_commands.Choice(name="Markdown (Annex II for the minutes)", value="markdown")]


class AttendanceCog(commands.GroupCog, group_name="attendance", group_description="Attendance lists and reports"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.attendance = bot.services.attendance

    @app_commands.command(name="export", description="A meeting's attendance list as CSV or Markdown")
    @app_commands.choices(format=FORMAT_CHOICES)
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @secretariat_only()
    async def export(self, interaction: Interaction, meeting: int,
                     format: app_commands.Choice[str] | None = None) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        file = await self.attendance.export(gid, meeting, format.value if format else "csv")
        listing = await self.attendance.meeting_attendance(gid, meeting)
        await reply(interaction, export_note(listing.title, len(listing.participants), listing.closed),
                    files=files_for([file]))

    @app_commands.command(name="report", description="Participation per person and stakeholder group over a period")
    @app_commands.describe(start="First day, YYYY-MM-DD", end="Last day (inclusive), YYYY-MM-DD")
    @app_commands.rename(start="from", end="to")
    @app_commands.choices(format=FORMAT_CHOICES)
    @secretariat_only()
    async def report(self, interaction: Interaction, start: str, end: str,
                     format: app_commands.Choice[str] | None = None) -> None:
        gid = guild_id(interaction)
        period = await self.attendance.read_period(gid, start, end, interaction.user.id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await self.attendance.report(gid, period.start, period.end)
        with using(await server_language(interaction)):  # exports are in the server's language
            files = await self.attendance.report_files(report, format.value if format else "csv")
        notes = "".join(f"\nℹ️ {note}" for note in period.notes[:2])
        last_minute = period.until - timedelta(minutes=1)
        await reply(interaction, _("📊 Participation: {summary}.", summary=report_summary(report)) + "\n"
                    + _("Period: {start} – {end}.", start=ts(period.since), end=ts(last_minute)) + notes,
                    files=files_for(files))


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(AttendanceCog(bot))
