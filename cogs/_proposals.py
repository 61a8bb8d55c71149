"""Agenda proposals on Discord: the message with the chairs' Accept and Decline buttons, and telling the proposer."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.domain.agenda_input import Proposal
from bot.i18n import _p, using
from bot.render.agenda import posted_note
from bot.render.proposals import decided_text, decision_text, proposal_card
from bot.services.ports import RecipientUnreachable
from cogs._common import NO_MENTIONS, BoundItem, Interaction, ensure_chair, guild_id, reply, report_error

if TYPE_CHECKING:
    from bot.app import ConvenerBot

log = logging.getLogger("convener.agenda")


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


async def post_proposal(bot: ConvenerBot, channel_id: int, proposal: Proposal) -> int:
    """Post the proposal where chairs see it (in the server's language); returns the message id."""
    channel = bot.get_channel(channel_id) or await bot.fetch_channel(channel_id)
    assert isinstance(channel, discord.abc.Messageable)
    with using(await bot.services.settings.language(proposal.meeting.guild_id)):
        message = await channel.send(proposal_card(proposal), view=decision_view(proposal.id),
                                     allowed_mentions=NO_MENTIONS)
    return message.id


async def decide(interaction: Interaction, proposal_id: int, accept: bool) -> None:
    await ensure_chair(interaction)
    bot = interaction.client
    gid = guild_id(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)
    proposal = await bot.services.agendas.proposals.decide(gid, proposal_id, accept, interaction.user.id)
    language = await bot.services.settings.language(gid)
    if proposal.channel_id is not None and proposal.message_id is not None:
        channel = bot.get_channel(proposal.channel_id)
        if isinstance(channel, discord.TextChannel | discord.Thread | discord.VoiceChannel):
            with using(language):
                card = proposal_card(proposal)
            try:
                await channel.get_partial_message(proposal.message_id).edit(content=card, view=None,
                                                                            allowed_mentions=NO_MENTIONS)
            except discord.NotFound:
                log.info("the message of agenda proposal %s was deleted", proposal.id)
    await tell_proposer(bot, proposal, language)
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
