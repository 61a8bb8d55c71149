"""Comments on polls in Discord: the voting panel's Comment button and its form, and the chairs' part of
`/poll results` (the comments and the results file)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.domain.poll import PollInfo
from bot.i18n import _, _p
from bot.render import poll_comments as text
from bot.services.poll_ports import PollResults
from cogs._common import BoundModal, Interaction, file_for, guild_id, reply, report_error

if TYPE_CHECKING:
    from bot.services.polls import PollService


class CommentModal(BoundModal):
    def __init__(self, polls: PollService, poll_id: int, current: str | None) -> None:
        super().__init__(title=_p("modal title", "Comment on your vote"), timeout=900)
        self.polls, self.poll_id = polls, poll_id
        self.box: discord.ui.TextInput[CommentModal] = discord.ui.TextInput(
            label=_p("field label", "Comment (empty to remove it)"), default=current, required=False,
            placeholder=_p("field placeholder", "e.g. can only stay 30 min; prefer the earlier one"),
            max_length=text.MAX_COMMENT, style=discord.TextStyle.short)
        self.add_item(self.box)

    async def on_submit(self, interaction: Interaction) -> None:
        await save_comment(self.polls, interaction, self.poll_id, self.box.value)

    async def on_error(self, interaction: Interaction, error: Exception) -> None:
        await report_error(interaction, error)


async def open_comment_form(polls: PollService, interaction: Interaction, poll_id: int) -> None:
    """The form, filled with the member's current comment; refused at once on a closed poll."""
    gid = guild_id(interaction)
    poll = await polls.get(gid, poll_id)
    if not poll.is_open:
        await reply(interaction, text.voting_closed(poll))
        return
    current = await polls.comments.of(gid, poll_id, interaction.user.id)
    await interaction.response.send_modal(CommentModal(polls, poll_id, current))


async def store(polls: PollService, interaction: Interaction, poll_id: int, comment: str) -> str:
    """Save the member's comment; returns what to tell them."""
    poll, saved = await polls.comments.save(guild_id(interaction), poll_id, interaction.user.id, comment)
    return text.stored(poll, saved)


async def save_comment(polls: PollService, interaction: Interaction, poll_id: int, comment: str) -> None:
    await reply(interaction, await store(polls, interaction, poll_id, comment))


async def mine(polls: PollService, interaction: Interaction, poll_id: int) -> str:
    """The line `My votes` adds when the member commented."""
    comment = await polls.comments.of(guild_id(interaction), poll_id, interaction.user.id)
    return text.mine(comment)


async def for_chairs(polls: PollService, interaction: Interaction, poll: PollInfo,
                     shown: PollResults | None = None) -> tuple[discord.Embed, discord.File]:
    """The comments embed and the results file that a chair's private `/poll results` adds (from the ballots
    and names of the results ``shown`` with them)."""
    entries, results = await polls.comments.for_chairs(guild_id(interaction), poll,
                                                       matrix=shown.matrix if shown else None,
                                                       names=shown.names if shown else None)
    embed = discord.Embed(title=_(text.COMMENTS_TITLE, count=len(entries)), colour=discord.Colour.blurple(),
                          description=text.comments_text(entries))
    return embed, file_for(results)
