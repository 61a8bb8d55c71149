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


class MessageGone(Exception):
    """The posted message was deleted on Discord; what it showed keeps working without it."""


@dataclass(frozen=True)
class RollCallCard:
    """The roll-call message as posted: its text, and which buttons it carries (none once closed), labelled in
    ``language`` (the server's, like the text)."""

    meeting_id: int
    text: str
    buttons: bool
    ask_consent: bool
    in_room: bool
    language: str = "en"


class RollCallMessages(Protocol):
    """The roll-call message with its Present / Late / Apologies / Observing buttons."""

    async def post_rollcall(self, channel_id: int, card: RollCallCard) -> int: ...

    async def edit_rollcall(self, channel_id: int, message_id: int, card: RollCallCard) -> None:
        """Raises ``MessageGone`` when the message no longer exists."""
        ...

    async def delete_rollcall(self, channel_id: int, message_id: int) -> None:
        """Delete a previous roll-call message; one already gone is fine."""
        ...


@dataclass(frozen=True)
class CirculationCard:
    """The message that sends draft minutes round: its text, the draft attached, and the Comment button."""

    circulation_id: int
    text: str
    files: tuple[OutFile, ...]


class CirculationBoard(Protocol):
    """Draft minutes sent round for comments, as a message with a Comment on a section button."""

    async def post_circulation(self, channel_id: int, card: CirculationCard) -> int: ...


class AgendaBoard(Protocol):
    """The posted agenda: plain messages in a text channel of the server, the first one pinned."""

    async def check_channel(self, guild_id: int, channel_id: int) -> None:
        """Raises when the channel is not a text channel (or thread) of this server; ``MessageGone`` when it
        was deleted."""
        ...

    async def post_text(self, channel_id: int, text: str) -> int: ...

    async def edit_text(self, channel_id: int, message_id: int, text: str) -> None:
        """Raises ``MessageGone`` when the message no longer exists."""
        ...

    async def delete_text(self, channel_id: int, message_id: int) -> None:
        """One already gone is fine."""
        ...

    async def pin(self, channel_id: int, message_id: int) -> bool:
        """False when Discord refused (convener lacks Manage Messages there)."""
        ...

    async def post_proposal(self, channel_id: int, text: str, proposal_id: int) -> int:
        """A member's proposed item, with the chairs' Accept and Decline buttons."""
        ...

    async def settle_proposal(self, channel_id: int, message_id: int, text: str) -> None:
        """Show the decision on a proposal's message and take its buttons away; raises ``MessageGone`` when the
        message no longer exists."""
        ...


class Offline:
    """Until the bot is connected nothing can be posted: services fail loudly instead of silently."""

    def __init__(self, what: str) -> None:
        self.what = what

    def _fail(self) -> RuntimeError:
        return RuntimeError(f"{self.what}: not connected to Discord")


class NoRollCallMessages(Offline):
    def __init__(self) -> None:
        super().__init__("the roll-call message")

    async def post_rollcall(self, channel_id: int, card: RollCallCard) -> int:
        raise self._fail()

    async def edit_rollcall(self, channel_id: int, message_id: int, card: RollCallCard) -> None:
        raise self._fail()

    async def delete_rollcall(self, channel_id: int, message_id: int) -> None:
        raise self._fail()


class NoCirculationBoard(Offline):
    def __init__(self) -> None:
        super().__init__("the draft minutes sent round")

    async def post_circulation(self, channel_id: int, card: CirculationCard) -> int:
        raise self._fail()


class NoAgendaBoard(Offline):
    def __init__(self) -> None:
        super().__init__("the posted agenda")

    async def check_channel(self, guild_id: int, channel_id: int) -> None:
        raise self._fail()

    async def post_text(self, channel_id: int, text: str) -> int:
        raise self._fail()

    async def edit_text(self, channel_id: int, message_id: int, text: str) -> None:
        raise self._fail()

    async def delete_text(self, channel_id: int, message_id: int) -> None:
        raise self._fail()

    async def pin(self, channel_id: int, message_id: int) -> bool:
        raise self._fail()

    async def post_proposal(self, channel_id: int, text: str, proposal_id: int) -> int:
        raise self._fail()

    async def settle_proposal(self, channel_id: int, message_id: int, text: str) -> None:
        raise self._fail()
