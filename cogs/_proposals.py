"""Agenda proposals on Discord: the message with the chairs' Accept and Decline buttons, and telling the proposer."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.domain.agenda_input import Proposal
from bot.i18n import _p, using
from bot.render.agenda import posted_note
from bot.render.proposals import decided_text, decision_text
from bot.services.ports import RecipientUnreachable
from cogs._common import BoundItem, Interaction, ensure_chair, guild_id, reply, report_error

if TYPE_CHECKING:
    from bot.app import ConvenerBot


class DecisionButton(BoundItem, discord.ui.DynamicItem[discord.ui.Button[Any]],
                     template=r"agenda:proposal:(?P<proposal_id>\d+):(?P<decision>accept|decline)"):
    """Accept or Decline on a proposal's message; works on old messages after a restart (chairs only)."""

    def __init__(self, proposal_id: int, decision: str) -> None:
        accept = decision == "accept"
        super().__init__(discord.ui.Button(
            label=_p("button", "Accept") if accept else _p("button", "Decline"), emoji="✅" if accept else "✖️",
            style=discord.ButtonStyle.success if accept else discord.ButtonStyle.secondary,
            custom_id=f"agenda:proposal:{proposal_id}:{decision}"))
        self.proposal_id, self.accept = proposal_id, accept

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Button[Any],
                             match: re.Match[str]) -> DecisionButton:
        return cls(int(match["proposal_id"]), match["decision"])

    async def callback(self, interaction: Interaction) -> None:
        try:
            await decide(interaction, self.proposal_id, self.accept)
        except Exception as exc:
            await report_error(interaction, exc)


def decision_view(proposal_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(DecisionButton(proposal_id, "accept"))
    view.add_item(DecisionButton(proposal_id, "decline"))
    return view


async def decide(interaction: Interaction, proposal_id: int, accept: bool) -> None:
    await ensure_chair(interaction)
    bot = interaction.client
    gid = guild_id(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)
    proposals = bot.services.agendas.proposals
    proposal = await proposals.decide(gid, proposal_id, accept, interaction.user.id)
    await proposals.show_decision(gid, proposal)
    await tell_proposer(bot, proposal, await bot.services.settings.language(gid))
    note = await republish(bot, gid, proposal.meeting.id) if accept else None
    await reply(interaction, decided_text(proposal) + (f"\n{note}" if note else ""))


async def republish(bot: ConvenerBot, gid: int, meeting_id: int) -> str | None:
    """Bring the posted agenda up to date, if it was posted (a note for the chair), else nothing."""
    posted = await bot.services.agendas.posting.republish(gid, meeting_id)
    if posted is None:
        return None
    return posted_note(gid, posted.channel_id, posted.message_ids, fresh=posted.fresh, pinned=posted.pinned)


async def tell_proposer(bot: ConvenerBot, proposal: Proposal, server_language: str) -> None:
    """By direct message in their language; when their DMs are closed, in the proposal's channel with a mention."""
    if proposal.proposed_by is None:
        return
    profile = await bot.services.profiles.get(proposal.meeting.guild_id, proposal.proposed_by)
    with using(profile.language or server_language):
        text = decision_text(proposal)
    try:
        await bot.services.ctx.outbox.dm(proposal.proposed_by, text)
        return
    except RecipientUnreachable:
        pass
    if proposal.channel_id is not None:
        with using(server_language):
            text = f"<@{proposal.proposed_by}> {decision_text(proposal)}"
        await bot.services.ctx.outbox.send(proposal.channel_id, text, mention_user_ids=[proposal.proposed_by])
