"""Picking the series a finalized poll's meetings join."""

from __future__ import annotations

from discord import app_commands

from bot.i18n import _n
from cogs._common import Interaction


async def series_autocomplete(interaction: Interaction, current: str) -> list[app_commands.Choice[int]]:
    """The server's series a poll's meetings can join: those of meetings set one by one (a rule sets its own)."""
    if interaction.guild_id is None:
        return []
    meetings = interaction.client.services.meetings
    needle = current.casefold().strip()
    choices = []
    for series in await meetings.all_series(interaction.guild_id):
        if series.rule or (needle and needle not in series.title.casefold()):
            continue
        count = len(await meetings.series_meetings(interaction.guild_id, series.id))
        name = _n("{title} — {count} meeting so far", "{title} — {count} meetings so far", count,
                  title=series.title[:70])
        choices.append(app_commands.Choice(name=name[:100], value=series.id))
    return choices[:25]
