"""Autocomplete for /poll options: which poll, and which of its slots."""

from __future__ import annotations

from discord import app_commands

from bot.domain.poll import PollStatus
from bot.domain.ranking import order_slots
from bot.errors import NotFound
from bot.i18n import _n, _p
from bot.i18n.formatting import format_number
from bot.render.poll_panel import option_label
from cogs._common import Interaction


async def poll_autocomplete(interaction: Interaction, current: str) -> list[app_commands.Choice[int]]:
    """Open polls first, then recently closed ones, matching the typed title."""
    if interaction.guild_id is None:
        return []
    found = await interaction.client.services.polls.search(interaction.guild_id, current, limit=25)
    choices = []
    for item in found:
        state = {PollStatus.OPEN: _p("poll state", "open"), PollStatus.CLOSED: _p("poll state", "closed"),
                 PollStatus.FINALIZED: _p("poll state", "finalized")}[item.poll.status]
        name = f"#{item.poll.id} {item.poll.title}"[:70] + " — " + _n(
            "{state}, {count} voted", "{state}, {count} voted", item.voters, state=state)
        choices.append(app_commands.Choice(name=name[:100], value=item.poll.id))
    return choices


async def slot_autocomplete(interaction: Interaction, current: str) -> list[app_commands.Choice[int]]:
    """The chosen poll's slots, best first, in the member's own time zone."""
    poll_id = interaction.namespace.poll
    if interaction.guild_id is None or not isinstance(poll_id, int):
        return []
    services = interaction.client.services
    try:
        poll = await services.polls.get(interaction.guild_id, poll_id)
    except NotFound:
        return []
    tally = await services.polls.tally(interaction.guild_id, poll_id)
    zone = await services.polls.viewer_zone(interaction.guild_id, interaction.user.id)
    needle = current.casefold().strip()
    choices = []
    for score in order_slots(poll.slots, tally):
        label = (f"{option_label(score.position, score.slot, zone)} — ✅ {format_number(score.yes)} · "
                 f"🟨 {format_number(score.maybe)}")
        if needle in label.casefold():
            choices.append(app_commands.Choice(name=label[:100], value=score.slot.id))
        if len(choices) == 25:
            break
    return choices
