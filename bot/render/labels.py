"""Names of roles, roll-call statuses and Annex II sections in the current language.

The domain keeps stable English keys ("chair", "apologies", "OTHER PARTICIPANTS"); only what people read
is translated, so stored data and exports keep their keys whatever the language.
"""

from __future__ import annotations

from bot.i18n import NP_, Names

# A convener role as a person's title: "Chair", "Présidence", "Presidencia".
role_name = Names({
    "chair": NP_("role", "Chair"),
    "secretariat": NP_("role", "Secretariat"),
    "member": NP_("role", "Member"),
    "observer": NP_("role", "Observer"),
    "guest": NP_("role", "Guest"),
})


# A roll-call answer: "Present", "Late", "Apologies", "Absent", "Observing".
status_name = Names({
    "present": NP_("roll call", "Present"),
    "late": NP_("roll call", "Late"),
    "apologies": NP_("roll call", "Apologies"),
    "absent": NP_("roll call", "Absent"),
    "observing": NP_("roll call", "Observing"),
})


# An Annex II heading, in capitals as the secretariat prints them: "MEMBERS", "MEMBRES", "MIEMBROS".
section_heading = Names({
    "CHAIR": NP_("annex II heading", "CHAIR"),
    "CHAIRS": NP_("annex II heading", "CHAIRS"),
    "MEMBERS": NP_("annex II heading", "MEMBERS"),
    "OBSERVERS": NP_("annex II heading", "OBSERVERS"),
    "SECRETARIAT": NP_("annex II heading", "SECRETARIAT"),
    "OTHER PARTICIPANTS": NP_("annex II heading", "OTHER PARTICIPANTS"),
    "APOLOGIES": NP_("annex II heading", "APOLOGIES"),
})


# What was captured for the minutes: "note", "decision", "action" (lower case, inside sentences).
entry_kind = Names({
    "note": NP_("minutes entry", "note"),
    "decision": NP_("minutes entry", "decision"),
    "action": NP_("minutes entry", "action"),
})


# A meeting's state inside a sentence: "scheduled", "live", "ended", "done", "cancelled".
meeting_state = Names({
    "scheduled": NP_("meeting state", "scheduled"),
    "live": NP_("meeting state", "live"),
    "ended": NP_("meeting state", "ended"),
    "done": NP_("meeting state", "done"),
    "cancelled": NP_("meeting state", "cancelled"),
})


# A CSV column's heading in the export's language. English keeps the column keys that scripts read
# ("stakeholder_group"); the cells below keep their keys in every language.
column_title = Names({
    "scope": NP_("CSV column", "scope"),
    "name": NP_("CSV column", "name"),
    "discord_id": NP_("CSV column", "discord_id"),
    "role": NP_("CSV column", "role"),
    "stakeholder_group": NP_("CSV column", "stakeholder_group"),
    "status": NP_("CSV column", "status"),
    "first_join": NP_("CSV column", "first_join"),
    "last_leave": NP_("CSV column", "last_leave"),
    "minutes_attended": NP_("CSV column", "minutes_attended"),
    "took_part": NP_("CSV column", "took_part"),
    "recording_consent": NP_("CSV column", "recording_consent"),
    "people": NP_("CSV column", "people"),
    "meetings": NP_("CSV column", "meetings"),
    "attended": NP_("CSV column", "attended"),
    "late": NP_("CSV column", "late"),
    "apologies": NP_("CSV column", "apologies"),
    "absent": NP_("CSV column", "absent"),
    "rate": NP_("CSV column", "rate"),
    "value": NP_("CSV column", "value"),
    "region": NP_("CSV column", "region"),
    "developing_country": NP_("CSV column", "developing_country"),
    "gender": NP_("CSV column", "gender"),
    "youth": NP_("CSV column", "youth"),
    "in_room": NP_("CSV column", "in_room"),
    "online": NP_("CSV column", "online"),
    "by_phone": NP_("CSV column", "by_phone"),
})


def column_titles(columns: tuple[str, ...]) -> list[str]:
    return [column_title(c) for c in columns]


# A convener role in lower case, as a table cell: "member", "membre", "miembro".
role_word = Names({
    "chair": NP_("role, lower case", "chair"),
    "secretariat": NP_("role, lower case", "secretariat"),
    "member": NP_("role, lower case", "member"),
    "observer": NP_("role, lower case", "observer"),
    "guest": NP_("role, lower case", "guest"),
})
