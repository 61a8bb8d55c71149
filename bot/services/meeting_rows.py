"""Meeting rows <-> snapshots, input checks, and the follow-ups of a unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain.meeting import MeetingInfo, MeetingStatus, SeriesInfo
from bot.errors import InvalidInput
from bot.i18n import _
from bot.services.settings import GuildSetup
from storage.models.meetings import Meeting, Series

MAX_LINK = 500


@dataclass
class AfterCommit:
    """In-memory follow-ups of a unit of work, applied once it committed."""

    arm: list[tuple[int, datetime]] = field(default_factory=list)
    disarm: list[int] = field(default_factory=list)
    syncs: list[int] = field(default_factory=list)


def to_info(row: Meeting) -> MeetingInfo:
    ids = tuple(int(x) for x in row.agenda_message_ids.split(",") if x) if row.agenda_message_ids else ()
    return MeetingInfo(
        id=row.id, guild_id=row.guild_id, title=row.title, start=row.start, end=row.end, timezone=row.timezone,
        status=MeetingStatus(row.status), series_id=row.series_id, number=row.number, channel_id=row.channel_id,
        voice_channel_id=row.voice_channel_id, link=row.link, event_id=row.event_id, poll_id=row.poll_id,
        live_started_at=row.live_started_at, live_ended_at=row.live_ended_at, agenda_message_ids=ids,
        rollcall_message_id=row.rollcall_message_id, current_item_id=row.current_item_id,
        description=row.description, ics_uid=row.ics_uid, sequence=row.sequence, recurrence_id=row.recurrence_id,
        created_by=row.created_by, mode=row.mode, tentative=bool(row.tentative), recording_url=row.recording_url,
    )


def to_series_info(row: Series) -> SeriesInfo:
    return SeriesInfo(
        id=row.id, guild_id=row.guild_id, title=row.title, rule=row.rrule or "", timezone=row.timezone,
        dtstart_local=datetime.fromisoformat(row.dtstart_local), duration_minutes=row.duration_minutes,
        ics_uid=row.ics_uid, sequence=row.sequence, cancelled=row.cancelled, voice_channel_id=row.voice_channel_id,
        link=row.link, channel_id=row.channel_id, mode=row.mode,
    )


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
