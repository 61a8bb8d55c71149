"""What the poll service needs from Discord (the ``PollBoard`` port) and the plain results it returns."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bot.domain.poll import PollInfo
from bot.domain.ranking import BallotMatrix
from bot.errors import NotFound
from bot.i18n import _
from bot.render.poll import PollCard, ResultsView
from bot.services.ports import MessageGone as MessageGone  # re-exported for the poll service


class PollBoard(Protocol):
    """The poll message and guild membership, as the polls cog provides them."""

    async def post_poll(self, channel_id: int, card: PollCard) -> int: ...

    async def edit_poll(self, channel_id: int, message_id: int, card: PollCard) -> None:
        """Raises ``MessageGone`` when the message no longer exists."""
        ...

    async def expected_members(self, guild_id: int, role_id: int | None) -> list[int] | None:
        """Members holding ``role_id`` (or the convener Member role when None); None if unknown."""
        ...

    async def chairs(self, guild_id: int) -> list[int]:
        """Members holding the convener chair role."""
        ...

    async def member_names(self, guild_id: int, user_ids: Sequence[int]) -> dict[int, str]: ...


class NoBoard:
    """Until the bot is connected: posting fails loudly, membership is unknown."""

    async def post_poll(self, channel_id: int, card: PollCard) -> int:
        raise RuntimeError("the polls cog is not loaded")

    async def edit_poll(self, channel_id: int, message_id: int, card: PollCard) -> None:
        raise RuntimeError("the polls cog is not loaded")

    async def expected_members(self, guild_id: int, role_id: int | None) -> list[int] | None:
        return None

    async def chairs(self, guild_id: int) -> list[int]:
        return []

    async def member_names(self, guild_id: int, user_ids: Sequence[int]) -> dict[int, str]:
        return {}


@dataclass(frozen=True)
class CreatedPoll:
    poll: PollInfo
    notes: list[str]  # worth telling the creator (repeated DST hour, zone alias used)


@dataclass(frozen=True)
class VoteReceipt:
    title: str
    yes: int
    maybe: int
    no: int
    skipped: int  # answers for slots removed meanwhile


@dataclass(frozen=True)
class PollResults:
    view: ResultsView
    text: str
    heatmap: bytes | None
    # The heatmap still being drawn when the answer could wait no longer (send it once it is done).
    heatmap_later: asyncio.Future[bytes] | None = None
    matrix: BallotMatrix | None = None
    names: Mapping[int, str] = field(default_factory=dict)


def not_found(poll_id: int) -> NotFound:
    return NotFound(_("There is no poll #{poll} in this server; `/poll list` shows the open ones.", poll=poll_id))
