"""User-facing errors: each becomes one ephemeral message saying what was wrong and what is accepted."""

from __future__ import annotations


class UserError(Exception):
    """A mistake the member can fix. The message is shown to them as-is (ephemeral, no mentions)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(UserError):
    """An option value could not be understood; the message names the bad entry."""


class NotFound(UserError):
    """The thing asked for does not exist in this server (or belongs to another one)."""


class Forbidden(UserError):
    """The member lacks the convener role this action needs."""


class Conflict(UserError):
    """The action does not fit the current state (e.g. voting on a closed poll)."""
