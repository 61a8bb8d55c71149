"""How people take part, on the roll call: the "In the room" button of a hybrid meeting and the chairs' choices."""

from __future__ import annotations

import re
from typing import Any, Protocol, cast

import discord
from discord import app_commands

from bot.domain import rollcall as rc
from bot.i18n import _p
from cogs._common import BoundItem, Interaction

WAY_CHOICES = [app_commands.Choice(name="in the room", value=rc.ROOM),
               app_commands.Choice(name="online (voice channel or link)", value=rc.ONLINE),
               app_commands.Choice(name="by phone or other means", value=rc.PHONE)]


class Answering(Protocol):
    """The roll-call cog (it imports this module, so it is found by name)."""

    async def answer(self, interaction: Interaction, meeting_id: int, status: str,
                     took_part: str | None = None) -> None: ...

    async def answer_consent(self, interaction: Interaction, meeting_id: int, agree: bool) -> None: ...


class RoomButton(BoundItem, discord.ui.DynamicItem[discord.ui.Button[Any]],
                 template=r"rollcall:(?P<meeting_id>\d+):room"):
    """Present, in the meeting room (a hybrid meeting: the others join the voice channel or by phone)."""

    def __init__(self, meeting_id: int) -> None:
        super().__init__(discord.ui.Button(label=_p("button", "In the room"), style=discord.ButtonStyle.success,
                                           emoji="🏛️", custom_id=f"rollcall:{meeting_id}:room"))
        self.meeting_id = meeting_id

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Button[Any],
                             match: re.Match[str]) -> RoomButton:
        return cls(int(match["meeting_id"]))

    async def callback(self, interaction: Interaction) -> None:
        cog = cast(Answering, interaction.client.get_cog("RollCallCog"))
        await cog.answer(interaction, self.meeting_id, rc.PRESENT, took_part=rc.ROOM)
