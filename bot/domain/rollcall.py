"""Roll call: who takes part in a meeting, in which role, with which status, and for how long.

Statuses follow the secretariat's lists: present, late, apologies (sent regrets), absent (expected but
did nothing by the close) and observing (may attend, may not speak: seed 004's observers).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.permissions import Role
from bot.errors import InvalidInput
from bot.i18n import _

CHAIR, SECRETARIAT, MEMBER, OBSERVER, GUEST = "chair", "secretariat", "member", "observer", "guest"
ROLES = (CHAIR, MEMBER, OBSERVER, SECRETARIAT, GUEST)
PRESENT, LATE, APOLOGIES, ABSENT, OBSERVING = "present", "late", "apologies", "absent", "observing"
STATUSES = (PRESENT, LATE, APOLOGIES, ABSENT, OBSERVING)
# What members may say about themselves; "absent" is only ever set by the close or a chair.
SELF_STATUSES = (PRESENT, LATE, APOLOGIES, OBSERVING)
ATTENDED = frozenset({PRESENT, LATE, OBSERVING})
# How someone took part (seed 001: remote participation): in the meeting room, online (the voice channel, or a
# join link), or by phone or other means (typically guests a chair adds).
ROOM, ONLINE, PHONE = "room", "online", "phone"
WAYS = (ROOM, ONLINE, PHONE)
REMOTE = frozenset({ONLINE, PHONE})

_PRECEDENCE = ((Role.CHAIR, CHAIR), (Role.SECRETARIAT, SECRETARIAT), (Role.MEMBER, MEMBER), (Role.OBSERVER, OBSERVER))


@dataclass(frozen=True)
class Participant:
    user_id: int | None  # None for people without a Discord account, added by a chair
    name: str  # "Last, First" as shown in minutes
    role: str  # chair | member | observer | secretariat | guest
    group: str | None  # stakeholder group
    status: str  # present | late | apologies | absent | observing
    first_join: datetime | None
    last_leave: datetime | None
    minutes_attended: int | None  # None: no voice data (unknown), which is not the same as 0
    took_part: str | None = None  # room | online | phone; None: not known
    consent: bool | None = None  # to the meeting being recorded, when the roll call asked

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED

    @property
    def remote(self) -> bool:
        return self.attended and self.took_part in REMOTE


@dataclass(frozen=True)
class VoiceSession:
    joined_at: datetime
    left_at: datetime | None  # None while still in the channel


def meeting_role(roles: Iterable[Role]) -> str:
    """The one role someone holds in a meeting: chair > secretariat > member > observer, else guest."""
    held = set(roles)
    return next((name for role, name in _PRECEDENCE if role in held), GUEST)


def check_role(role: str) -> str:
    value = role.strip().casefold()
    if value not in ROLES:
        raise InvalidInput(_("`{role}` is not a meeting role; use one of: {roles}.", role=role[:20],
                             roles=", ".join(ROLES)))
    return value


def check_status(status: str, allowed: Sequence[str] = STATUSES) -> str:
    value = status.strip().casefold()
    if value not in allowed:
        raise InvalidInput(_("`{status}` is not a roll-call status; use one of: {statuses}.", status=status[:20],
                             statuses=", ".join(allowed)))
    return value


def check_way(way: str) -> str:
    value = way.strip().casefold()
    if value not in WAYS:
        raise InvalidInput(_("`{way}` is not a way of taking part; use room, online or phone.", way=way[:20]))
    return value


def way_taken(stated: str | None, minutes: int | None) -> str | None:
    """How someone took part: what they or a chair said, else online when the voice channel saw them."""
    if stated is not None:
        return stated
    return ONLINE if minutes else None


def status_after_join(current: str | None, role: str) -> str:
    """Status once someone is seen in the meeting's voice channel.

    Being there overrides "apologies" and "absent" (they came after all); what a member chose ("late",
    "observing") is kept; observers are recorded as observing since they attend without speaking.
    """
    if current in (LATE, OBSERVING, PRESENT):
        return current
    return OBSERVING if role == OBSERVER else PRESENT


def clipped(sessions: Iterable[VoiceSession], until: datetime,
            since: datetime | None = None) -> list[tuple[datetime, datetime]]:
    """Sessions as closed intervals inside [``since``, ``until``], overlaps merged (two devices, or a
    missed leave event followed by a rejoin, must not count twice)."""
    spans = sorted((max(s.joined_at, since) if since else s.joined_at, min(s.left_at or until, until))
                   for s in sessions if s.joined_at < until)
    merged: list[tuple[datetime, datetime]] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def minutes_attended(sessions: Iterable[VoiceSession], until: datetime, since: datetime | None = None) -> int:
    """Whole minutes spent in the meeting's voice channel between ``since`` and ``until`` over every (re)join,
    rounded to the nearest."""
    seconds = sum((end - start).total_seconds() for start, end in clipped(sessions, until, since))
    return int((seconds + 30) // 60)


def first_join(sessions: Sequence[VoiceSession]) -> datetime | None:
    return min((s.joined_at for s in sessions), default=None)


def last_leave(sessions: Sequence[VoiceSession], until: datetime | None) -> datetime | None:
    """When they last left; an open session counts as leaving at ``until`` (the close or the meeting's end),
    and as not yet left while the meeting runs (``until`` None)."""
    if not sessions:
        return None
    if until is None:
        ends = [s.left_at for s in sessions]
        return None if any(end is None for end in ends) else max(e for e in ends if e is not None)
    return max(min(s.left_at or until, until) for s in sessions)


@dataclass(frozen=True)
class Presence:
    """What the voice channel says about one person at one meeting."""

    first_join: datetime | None
    last_leave: datetime | None
    minutes: int | None  # None: no voice data at all


def within(sessions: Iterable[VoiceSession], since: datetime, until: datetime | None) -> list[VoiceSession]:
    """The part of each session inside the meeting's window [``since``, ``until``] (``until`` None: the
    meeting is still running, open sessions stay open); sessions wholly outside it are dropped."""
    kept = []
    for s in sessions:
        start = max(s.joined_at, since)
        end = s.left_at if until is None else min(s.left_at or until, until)
        if (until is not None and start >= until) or (end is not None and end <= start):
            continue
        kept.append(VoiceSession(start, end))
    return kept


def presence(sessions: Sequence[VoiceSession], since: datetime, until: datetime, *, running: bool) -> Presence:
    """First join, last leave and minutes inside the meeting's window, which runs from ``since`` (when it
    went live) to ``until`` (when it ended or the roll call closed, else now). A join outside the window does
    not count, but it is voice data: it gives 0 minutes, while nobody-ever-in-voice gives None (unknown)."""
    if not sessions:
        return Presence(None, None, None)
    inside = within(sessions, since, None if running else until)
    return Presence(first_join(inside), last_leave(inside, None if running else until),
                    minutes_attended(inside, until, since))


@dataclass(frozen=True)
class ConsentTally:
    agree: int
    object: int
    objecting: tuple[str, ...]  # names, so the chair knows whom to ask before recording


@dataclass(frozen=True)
class RollCallBoard:
    """What the roll-call message shows."""

    meeting_id: int
    title: str
    start: datetime
    participants: tuple[Participant, ...]
    started: bool
    closed_at: datetime | None
    ask_consent: bool
    consent: ConsentTally
    in_room: bool = False  # the roll call offers "In the room"

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    def by_status(self, status: str) -> list[Participant]:
        return [p for p in self.participants if p.status == status]
