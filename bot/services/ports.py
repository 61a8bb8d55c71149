"""What services need from Discord, as plain protocols (the bot implements them; tests may fake them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class OutFile:
    filename: str
    data: bytes


class Outbox(Protocol):
    """Posting on Discord. User text is always sent with mentions disabled, except ``mention_role_id``."""

    async def send(
        self,
        channel_id: int,
        content: str,
        *,
        mention_role_id: int | None = None,
        mention_user_ids: Sequence[int] = (),
        files: Sequence[OutFile] = (),
    ) -> int:
        """Post a message; returns its id."""
        ...

    async def edit(self, channel_id: int, message_id: int, content: str) -> None: ...

    async def dm(self, user_id: int, content: str) -> None: ...
