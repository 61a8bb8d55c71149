"""A member's comment on one section of draft minutes sent round for comments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Round:
    """One sending round of a minutes version for comments, as stored."""

    id: int
    meeting_id: int
    version: int
    closes_at: datetime
    channel_id: int | None


@dataclass(frozen=True)
class Comment:
    section_heading: str
    text: str
    author_name: str
    created_at: datetime
