"""The roll-call message on Discord: its persistent buttons, and the RollCallMessages port that posts it."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, cast

import discord

from bot.domain import rollcall as rc
from bot.i18n import _p, using
from bot.render.labels import status_name
from bot.services.ports import MessageGone, RollCallCard
from cogs._common import NO_MENTIONS, BoundItem, Interaction, messageable
from cogs._rollcall_room import Answering, RoomButton

if TYPE_CHECKING:
    from bot.app import ConvenerBot

log = logging.getLogger("convener.rollcall")

BUTTONS = ((rc.PRESENT, discord.ButtonStyle.success, "✅"),
           (rc.LATE, discord.ButtonStyle.primary, "⏰"),
           (rc.APOLOGIES, discord.ButtonStyle.secondary, "🙏"),
           (rc.OBSERVING, discord.ButtonStyle.secondary, "👀"))


def _cog(interaction: Interaction) -> Answering:
    return cast(Answering, interaction.client.get_cog("RollCallCog"))


class StatusButton(BoundItem, discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=r"rollcall:(?P<meeting_id>\d+):(?P<status>present|late|apologies|observing)"):
    """One of the four answers on a roll-call message; works on old messages after a restart."""

    def __init__(self, meeting_id: int, status: str) -> None:
        style, emoji = next(b[1:] for b in BUTTONS if b[0] == status)
        super().__init__(discord.ui.Button(label=status_name(status), style=style, emoji=emoji,
                                           custom_id=f"rollcall:{meeting_id}:{status}"))
        self.meeting_id, self.status = meeting_id, status

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Button[Any],
                             match: re.Match[str]) -> StatusButton:
        return cls(int(match["meeting_id"]), match["status"])

    async def callback(self, interaction: Interaction) -> None:
        await _cog(interaction).answer(interaction, self.meeting_id, self.status)


class ConsentButton(BoundItem, discord.ui.DynamicItem[discord.ui.Button[Any]],
                    template=r"rollcall:(?P<meeting_id>\d+):consent:(?P<answer>yes|no)"):
    """The optional recording-consent question."""

    def __init__(self, meeting_id: int, answer: str) -> None:
        label = _p("button", "I agree to recording") if answer == "yes" else _p("button", "Please do not record")
        super().__init__(discord.ui.Button(label=label, emoji="🎙️", style=discord.ButtonStyle.secondary,
                                           custom_id=f"rollcall:{meeting_id}:consent:{answer}", row=1))
        self.meeting_id, self.answer = meeting_id, answer

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Button[Any],
                             match: re.Match[str]) -> ConsentButton:
        return cls(int(match["meeting_id"]), match["answer"])

    async def callback(self, interaction: Interaction) -> None:
        await _cog(interaction).answer_consent(interaction, self.meeting_id, self.answer == "yes")


DYNAMIC_ITEMS = (StatusButton, ConsentButton, RoomButton)


def rollcall_view(meeting_id: int, ask_consent: bool, in_room: bool = False) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for status, *_look in BUTTONS:
        view.add_item(StatusButton(meeting_id, status))
    if in_room:
        view.add_item(RoomButton(meeting_id))
    if ask_consent:
        view.add_item(ConsentButton(meeting_id, "yes"))
        view.add_item(ConsentButton(meeting_id, "no"))
    return view


def _view(card: RollCallCard) -> discord.ui.View | None:
    if not card.buttons:
        return None
    with using(card.language):  # the buttons speak the message's language, not the clicker's
        return rollcall_view(card.meeting_id, card.ask_consent, card.in_room)


class DiscordRollCallMessages:
    """The RollCallMessages port: the message with its buttons (none once the roll call is closed)."""

    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot

    async def post_rollcall(self, channel_id: int, card: RollCallCard) -> int:
        channel = await messageable(self.bot, channel_id)
        view = _view(card)
        if view is None:
            message = await channel.send(card.text, allowed_mentions=NO_MENTIONS)
        else:
            message = await channel.send(card.text, view=view, allowed_mentions=NO_MENTIONS)
        return message.id

    async def edit_rollcall(self, channel_id: int, message_id: int, card: RollCallCard) -> None:
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.TextChannel | discord.Thread | discord.VoiceChannel):
            return  # not a channel convener can see any more: nothing to keep current
        try:
            await channel.get_partial_message(message_id).edit(content=card.text, view=_view(card),
                                                               allowed_mentions=NO_MENTIONS)
        except discord.NotFound as exc:
            raise MessageGone(str(message_id)) from exc

    async def delete_rollcall(self, channel_id: int, message_id: int) -> None:
        channel = self.bot.get_channel(channel_id)
        if isinstance(channel, discord.TextChannel | discord.Thread):
            try:
                await channel.get_partial_message(message_id).delete()
            except discord.NotFound:
                pass
