"""A stored reminder as the services and /remind see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ReminderInfo:
    """A pending reminder as `/remind list` shows it."""

    id: int
    guild_id: int
    kind: str
    due_at: datetime
    ref_id: int | None
    channel_id: int | None
    role_id: int | None
    text: str
    created_by: int | None
