"""What services need from Discord, as plain protocols (the bot implements them; tests may fake them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class OutFile:
    filename: str
    data: bytes


class RecipientUnreachable(Exception):
    """A direct message cannot reach this member: their DMs are closed to the bot (Discord 50007), or the
    account is gone. Retrying does not help; reach them another way."""


class Outbox(Protocol):
    """Posting on Discord. User text is always sent with mentions disabled, except ``mention_role_id``.

    ``nonce``: the same nonce sent again within a few minutes returns the message created the first time
    instead of a second one (Discord's ``enforce_nonce``), so a retried send is not posted twice."""

    async def send(
        self,
        channel_id: int,
        content: str,
        *,
        mention_role_id: int | None = None,
        mention_user_ids: Sequence[int] = (),
        files: Sequence[OutFile] = (),
        nonce: str | None = None,
    ) -> int:
        """Post a message; returns its id. With a ``nonce``, a repeat within a few minutes returns the message
        already posted instead of posting it twice."""
        ...

    async def edit(self, channel_id: int, message_id: int, content: str) -> None: ...

    async def dm(self, user_id: int, content: str, *, nonce: str | None = None) -> int | None:
        """Send a direct message; returns its id. Raises ``RecipientUnreachable`` when DMs are closed."""
        ...

    async def dm_sent_since(self, user_id: int, since: datetime) -> bool:
        """Whether convener sent this member a direct message at or after ``since`` (to settle a send whose
        outcome is unknown because the process died during it)."""
        ...
