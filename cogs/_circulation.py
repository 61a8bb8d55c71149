"""Draft minutes sent round for comments: the message's button, the section picker and the comment form."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.domain.minutes import clip
from bot.i18n import _, _p
from bot.render import circulation as text
from bot.render.minutes_text import Section
from bot.services.circulation import MAX_COMMENT
from bot.services.ports import CirculationCard
from cogs._common import (
    NO_MENTIONS,
    BoundItem,
    BoundModal,
    Interaction,
    files_for,
    guild_id,
    messageable,
    modal_follows,
    reply,
    report_error,
)

if TYPE_CHECKING:
    from bot.app import ConvenerBot

MAX_OPTIONS = 25


def section_options(found: tuple[Section, ...]) -> list[discord.SelectOption]:
    """Sections to pick from; when there are more than a select holds, the top-level ones."""
    chosen = list(found) if len(found) <= MAX_OPTIONS else [s for s in found if s.level <= 2]
    return [discord.SelectOption(label=clip(s.heading, 100) or "—", value=str(s.index))
            for s in chosen[:MAX_OPTIONS]]


class CommentButton(BoundItem, discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"circ:(?P<id>\d+):comment"):
    def __init__(self, circulation_id: int) -> None:
        super().__init__(discord.ui.Button(label="Comment on a section", style=discord.ButtonStyle.primary,
                                           emoji="💬", custom_id=f"circ:{circulation_id}:comment"))
        self.circulation_id = circulation_id

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Button[Any],
                             match: re.Match[str]) -> CommentButton:
        return cls(int(match["id"]))

    async def callback(self, interaction: Interaction) -> None:
        try:
            service = interaction.client.services.circulation
            info = await service.open_for_comments(guild_id(interaction), self.circulation_id)
            view = discord.ui.View(timeout=None)
            view.add_item(SectionSelect(self.circulation_id, section_options(info.sections)))
            await reply(interaction, _(text.PICK_SECTION), view=view)
        except Exception as exc:  # component errors read like command errors: one private message
            await report_error(interaction, exc)


class SectionSelect(BoundItem, discord.ui.DynamicItem[discord.ui.Select[Any]], template=r"circ:(?P<id>\d+):section"):
    def __init__(self, circulation_id: int, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(discord.ui.Select(custom_id=f"circ:{circulation_id}:section", placeholder="Pick a section",
                                           options=options or [discord.SelectOption(label="—", value="0")]))
        self.circulation_id = circulation_id

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Select[Any],
                             match: re.Match[str]) -> SectionSelect:
        return cls(int(match["id"]))

    async def callback(self, interaction: Interaction) -> None:
        try:
            modal_follows()
            index = int(self.item.values[0]) if self.item.values else 0
            info = await interaction.client.services.circulation.open_for_comments(guild_id(interaction),
                                                                                    self.circulation_id)
            heading = info.sections[index].heading if 0 <= index < len(info.sections) else ""
            await interaction.response.send_modal(CommentForm(self.circulation_id, index, heading))
        except Exception as exc:
            await report_error(interaction, exc)


class CommentForm(BoundModal):
    def __init__(self, circulation_id: int, index: int, heading: str) -> None:
        super().__init__(title=clip(_p("modal title", "Comment: {heading}", heading=heading), 45),
                         custom_id=f"circ:{circulation_id}:{index}:form",
                         timeout=1800)
        self.circulation_id, self.index = circulation_id, index
        self.body: discord.ui.TextInput[CommentForm] = discord.ui.TextInput(
            label=_p("field label", "Your comment on this section"), style=discord.TextStyle.paragraph,
            max_length=MAX_COMMENT)
        self.add_item(self.body)

    async def on_submit(self, interaction: Interaction) -> None:
        saved = await interaction.client.services.circulation.comment(
            guild_id(interaction), self.circulation_id, self.index, self.body.value, author_id=interaction.user.id,
            author_name=interaction.user.display_name)
        await reply(interaction, text.thanks(saved.section_heading))

    async def on_error(self, interaction: Interaction, error: Exception) -> None:
        await report_error(interaction, error)


class DiscordCirculationBoard:
    """The CirculationBoard port: the draft attached to a message with the Comment on a section button."""

    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot

    async def post_circulation(self, channel_id: int, card: CirculationCard) -> int:
        channel = await messageable(self.bot, channel_id)
        view = discord.ui.View(timeout=None)
        view.add_item(CommentButton(card.circulation_id))
        message = await channel.send(card.text, files=files_for(card.files), view=view,
                                     allowed_mentions=NO_MENTIONS)
        return message.id


DYNAMIC_ITEMS = (CommentButton, SectionSelect)
