"""A stored reminder as the services and /remind see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ReminderJob:
    """What a handler gets: a snapshot of the claimed reminder."""

    id: int
    guild_id: int
    kind: str
    ref_id: int | None
    channel_id: int | None
    role_id: int | None
    text: str
    due_at: datetime
    attempts: int
    late_by: timedelta


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
