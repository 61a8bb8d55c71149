"""Input checks for meetings, and the follow-ups of a unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.errors import InvalidInput
from bot.i18n import _
from bot.services.settings import GuildSetup

MAX_LINK = 500


@dataclass
class AfterCommit:
    """In-memory follow-ups of a unit of work, applied once it committed."""

    arm: list[tuple[int, datetime]] = field(default_factory=list)
    disarm: list[int] = field(default_factory=list)
    syncs: list[int] = field(default_factory=list)


def new_uid() -> str:
    return f"{uuid.uuid4()}@convener"


def check_link(link: str | None) -> str | None:
    if link is None or not link.strip():
        return None
    link = link.strip()
    if not link.startswith(("https://", "http://")) or any(ch.isspace() for ch in link) or len(link) < 10:
        raise InvalidInput(_("`{link}` is not a join link; give a full https:// address.", link=link[:60]))
    if len(link) > MAX_LINK:
        raise InvalidInput(_("The join link is {length} characters long; at most {limit} are allowed.",
                             length=len(link), limit=MAX_LINK))
    return link


def to_minutes(duration: timedelta | int | None, default: timedelta) -> int:
    value = duration if duration is not None else default
    minutes = int(value.total_seconds() // 60) if isinstance(value, timedelta) else int(value)
    if not 5 <= minutes <= 24 * 60:
        raise InvalidInput(_("A meeting lasts between 5 minutes and 24 hours, not {minutes} minutes.",
                             minutes=minutes))
    return minutes


def member_role(setup: GuildSetup) -> int | None:
    """The Discord role that reminders mention: the first one mapped to convener's member role."""
    ids = setup.role_map.get("member") or []
    return ids[0] if ids else None
