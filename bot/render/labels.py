"""Names of roles, roll-call statuses and Annex II sections in the current language.

The domain keeps stable English keys ("chair", "apologies", "OTHER PARTICIPANTS"); only what people read
is translated, so stored data and exports keep their keys whatever the language.
"""

from __future__ import annotations

from bot.i18n import _p


def role_name(role: str) -> str:
    """A convener role as a person's title: "Chair", "Présidence", "Presidencia"."""
    names = {
        "chair": _p("role", "Chair"),
        "secretariat": _p("role", "Secretariat"),
        "member": _p("role", "Member"),
        "observer": _p("role", "Observer"),
        "guest": _p("role", "Guest"),
    }
    return names.get(role, role)


def status_name(status: str) -> str:
    """A roll-call answer: "Present", "Late", "Apologies", "Absent", "Observing"."""
    names = {
        "present": _p("roll call", "Present"),
        "late": _p("roll call", "Late"),
        "apologies": _p("roll call", "Apologies"),
        "absent": _p("roll call", "Absent"),
        "observing": _p("roll call", "Observing"),
    }
    return names.get(status, status)


def section_heading(heading: str) -> str:
    """An Annex II heading, in capitals as the secretariat prints them: "MEMBERS", "MEMBRES", "MIEMBROS"."""
    names = {
        "CHAIR": _p("annex II heading", "CHAIR"),
        "CHAIRS": _p("annex II heading", "CHAIRS"),
        "MEMBERS": _p("annex II heading", "MEMBERS"),
        "OBSERVERS": _p("annex II heading", "OBSERVERS"),
        "SECRETARIAT": _p("annex II heading", "SECRETARIAT"),
        "OTHER PARTICIPANTS": _p("annex II heading", "OTHER PARTICIPANTS"),
        "APOLOGIES": _p("annex II heading", "APOLOGIES"),
    }
    return names.get(heading, heading)


def entry_kind(kind: str) -> str:
    """What was captured for the minutes: "note", "decision", "action" (lower case, inside sentences)."""
    names = {
        "note": _p("minutes entry", "note"),
        "decision": _p("minutes entry", "decision"),
        "action": _p("minutes entry", "action"),
    }
    return names.get(kind, kind)


def meeting_state(status: str) -> str:
    """A meeting's state inside a sentence: "scheduled", "live", "ended", "done", "cancelled"."""
    names = {
        "scheduled": _p("meeting state", "scheduled"),
        "live": _p("meeting state", "live"),
        "ended": _p("meeting state", "ended"),
        "done": _p("meeting state", "done"),
        "cancelled": _p("meeting state", "cancelled"),
    }
    return names.get(status, status)


def column_title(column: str) -> str:
    """A CSV column's heading in the export's language. English keeps the column keys that scripts read
    ("stakeholder_group"); the cells below keep their keys in every language."""
    names = {
        "scope": _p("CSV column", "scope"),
        "name": _p("CSV column", "name"),
        "discord_id": _p("CSV column", "discord_id"),
        "role": _p("CSV column", "role"),
        "stakeholder_group": _p("CSV column", "stakeholder_group"),
        "status": _p("CSV column", "status"),
        "first_join": _p("CSV column", "first_join"),
        "last_leave": _p("CSV column", "last_leave"),
        "minutes_attended": _p("CSV column", "minutes_attended"),
        "took_part": _p("CSV column", "took_part"),
        "recording_consent": _p("CSV column", "recording_consent"),
        "people": _p("CSV column", "people"),
        "meetings": _p("CSV column", "meetings"),
        "attended": _p("CSV column", "attended"),
        "late": _p("CSV column", "late"),
        "apologies": _p("CSV column", "apologies"),
        "absent": _p("CSV column", "absent"),
        "rate": _p("CSV column", "rate"),
        "value": _p("CSV column", "value"),
        "region": _p("CSV column", "region"),
        "developing_country": _p("CSV column", "developing_country"),
        "gender": _p("CSV column", "gender"),
        "youth": _p("CSV column", "youth"),
        "in_room": _p("CSV column", "in_room"),
        "online": _p("CSV column", "online"),
        "by_phone": _p("CSV column", "by_phone"),
    }
    return names.get(column, column)


def column_titles(columns: tuple[str, ...]) -> list[str]:
    return [column_title(c) for c in columns]


def role_word(role: str) -> str:
    """A convener role in lower case, as a table cell: "member", "membre", "miembro"."""
    names = {
        "chair": _p("role, lower case", "chair"),
        "secretariat": _p("role, lower case", "secretariat"),
        "member": _p("role, lower case", "member"),
        "observer": _p("role, lower case", "observer"),
        "guest": _p("role, lower case", "guest"),
    }
    return names.get(role, role)
