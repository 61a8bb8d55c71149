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
