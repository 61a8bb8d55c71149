"""Attendance lists and participation over a period, per person and per stakeholder group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain import rollcall as rc
from bot.domain.diversity import AttendanceRate, Declared, DimensionRow
from bot.domain.names import fold, sort_key
from bot.domain.rollcall import Participant

# Annex II sections, in the secretariat's order: (heading, roles listed under it).
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("CHAIR", (rc.CHAIR,)),
    ("MEMBERS", (rc.MEMBER,)),
    ("OBSERVERS", (rc.OBSERVER,)),
    ("SECRETARIAT", (rc.SECRETARIAT,)),
    ("OTHER PARTICIPANTS", (rc.GUEST,)),
)
ROLE_ORDER = {role: i for i, (_, roles) in enumerate(SECTIONS) for role in roles}
NO_GROUP = "Not stated"

@dataclass(frozen=True)
class MeetingAttendance:
    meeting_id: int
    title: str
    start: datetime
    end: datetime
    participants: tuple[Participant, ...]
    number: int | None = None
    closed: bool = False
    # When it really began and ended, where that differs from the schedule (None: as scheduled).
    held_start: datetime | None = None
    held_end: datetime | None = None


def by_role_then_name(participants: Sequence[Participant]) -> list[Participant]:
    return sorted(participants, key=lambda p: (ROLE_ORDER.get(p.role, len(ROLE_ORDER)), sort_key(p.name), p.name))


def annex_sections(participants: Sequence[Participant]) -> list[tuple[str, list[Participant]]]:
    """Those who attended, grouped like Annex II (empty sections left out), then apologies separately."""
    sections = []
    for heading, roles in SECTIONS:
        people = [p for p in participants if p.role in roles and p.attended]
        if people:
            sections.append((heading, sorted(people, key=lambda p: (sort_key(p.name), p.name))))
    apologies = [p for p in participants if p.status == rc.APOLOGIES]
    if apologies:
        sections.append(("APOLOGIES", sorted(apologies, key=lambda p: (sort_key(p.name), p.name))))
    return sections


def status_counts(participants: Sequence[Participant]) -> dict[str, int]:
    return {status: sum(1 for p in participants if p.status == status) for status in rc.STATUSES}


@dataclass
class _Tally:
    attended: int = 0
    late: int = 0
    apologies: int = 0
    absent: int = 0
    minutes: int | None = None  # stays None while no meeting had voice data for the person
    ways: dict[str, int] = field(default_factory=dict)  # attended in the room, online, by phone or other means

    def add(self, p: Participant) -> None:
        if p.attended and p.took_part is not None:
            self.ways[p.took_part] = self.ways.get(p.took_part, 0) + 1
        self.attended += p.attended
        self.late += p.status == rc.LATE
        self.apologies += p.status == rc.APOLOGIES
        self.absent += p.status == rc.ABSENT
        if p.minutes_attended is not None:
            self.minutes = (self.minutes or 0) + p.minutes_attended


@dataclass(frozen=True)
class PersonRow(AttendanceRate):
    user_id: int | None
    name: str
    role: str
    group: str
    meetings: int
    attended: int
    late: int
    apologies: int
    absent: int
    minutes: int | None  # summed over the meetings with voice data; None when there was none
    in_room: int = 0  # meetings attended in the room, online, by phone or other means (when known)
    online: int = 0
    by_phone: int = 0


@dataclass(frozen=True)
class GroupRow(AttendanceRate):
    group: str
    people: int
    attended: int
    apologies: int
    absent: int


@dataclass(frozen=True)
class ParticipationReport:
    start: date
    end: date
    meetings: tuple[MeetingAttendance, ...]
    people: tuple[PersonRow, ...] = field(default=())
    groups: tuple[GroupRow, ...] = field(default=())
    dimensions: tuple[DimensionRow, ...] = field(default=())
    # Self-declared values of the people who agreed to be listed with them (user id -> values).
    shown: tuple[tuple[int, Declared], ...] = field(default=())


def _person_key(p: Participant) -> tuple[str, str]:
    # People without a Discord account are only known by name.
    return ("user", str(p.user_id)) if p.user_id is not None else ("name", fold(p.name))


def participation(meetings: Sequence[MeetingAttendance], start: date, end: date) -> ParticipationReport:
    """Per person and per stakeholder group: attended (present, late or observing), apologies, absent.

    A person's name, role and group are taken from the latest meeting they appear in.
    """
    ordered = sorted(meetings, key=lambda m: (m.start, m.meeting_id))
    latest: dict[tuple[str, str], Participant] = {}
    tallies: dict[tuple[str, str], _Tally] = {}
    counts: dict[tuple[str, str], int] = {}
    for meeting in ordered:
        for p in meeting.participants:
            key = _person_key(p)
            latest[key] = p
            tallies.setdefault(key, _Tally()).add(p)
            counts[key] = counts.get(key, 0) + 1
    people = [
        PersonRow(user_id=p.user_id, name=p.name, role=p.role, group=p.group or NO_GROUP, meetings=counts[key],
                  attended=t.attended, late=t.late, apologies=t.apologies, absent=t.absent, minutes=t.minutes,
                  in_room=t.ways.get(rc.ROOM, 0), online=t.ways.get(rc.ONLINE, 0), by_phone=t.ways.get(rc.PHONE, 0))
        for key, p in latest.items() for t in (tallies[key],)
    ]
    people.sort(key=lambda r: (sort_key(r.name), r.name, r.user_id or 0))
    # Spellings that differ only in case, accents or punctuation ("academia", "=Academia") are one group.
    groups: dict[str, list[PersonRow]] = {}
    for row in people:
        groups.setdefault(fold(row.group) or row.group, []).append(row)
    group_rows = [
        GroupRow(group=rows[0].group, people=len(rows), attended=sum(r.attended for r in rows),
                 apologies=sum(r.apologies for r in rows), absent=sum(r.absent for r in rows))
        for rows in groups.values()
    ]
    group_rows.sort(key=lambda g: (g.group == NO_GROUP, fold(g.group), g.group))
    return ParticipationReport(start=start, end=end, meetings=tuple(ordered), people=tuple(people),
                               groups=tuple(group_rows))
