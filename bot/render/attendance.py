"""One meeting's attendance: the live roll-call message, the CSV for the secretariat and the Markdown Annex II."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from bot.domain import rollcall as rc
from bot.domain.attendance import MeetingAttendance, annex_sections, by_role_then_name, status_counts
from bot.domain.names import sort_key
from bot.domain.rollcall import Participant, RollCallBoard

CSV_COLUMNS = ("name", "discord_id", "role", "stakeholder_group", "status", "first_join", "last_leave",
               "minutes_attended")
MESSAGE_LIMIT = 2000
LIST_LIMIT = 300  # characters per status line on the roll-call message, so five lists always fit

_MARKDOWN = re.compile(r"([\\`*_~|<>\[\]#])")
# Spreadsheet programs run cells starting with these as formulas (full-width forms included: some programs fold
# them to ASCII). A cell is split again wherever a locale's separator occurs when the file is opened with a
# different separator, so every piece after a separator is neutralised too, not only the start of the cell.
_FORMULA = re.compile(r"(^|[,;\t\r\n])(\s*)(?=[=+\-@\uff1d\uff0b\uff0d\uff20])")

# Full sentences with named placeholders, for the message catalog.
HELD_AS_SCHEDULED = "Meeting of {when}"
HELD_OTHERWISE = "Meeting held on {when} (scheduled for {scheduled})"
VOICE_MINUTES = "{line} — {minutes} min in voice"
VOICE_NOTE = ("*Minutes are time spent in the meeting's voice channel while it was live; a name without "
              "minutes has no voice data (they took part another way, or not at all).*")

STATUS_LABELS = {rc.PRESENT: "✅ Present", rc.LATE: "⏰ Late", rc.APOLOGIES: "🙏 Apologies",
                 rc.OBSERVING: "👀 Observing", rc.ABSENT: "❌ Absent"}


def escape_markdown(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", text)


def iso_utc(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def csv_cell(value: str) -> str:
    """User text for a CSV cell that no spreadsheet program runs as a formula: a quote before each formula start."""
    return _FORMULA.sub(r"\1\2'", value)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV with every field quoted, so a separator inside user text never starts a new cell in any locale."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


# -- the roll-call message ------------------------------------------------------------------------------------------

def _names_line(label: str, people: Sequence[Participant]) -> str:
    head = f"{label} ({len(people)}): "
    shown: list[str] = []
    used = len(head)
    for i, p in enumerate(sorted(people, key=lambda p: (sort_key(p.name), p.name))):
        name = escape_markdown(p.name) + (" *(guest)*" if p.user_id is None else "")
        more = f" … +{len(people) - i} more"
        if used + len(name) + 3 + len(more) > LIST_LIMIT:
            return head + " · ".join(shown) + more
        shown.append(name)
        used += len(name) + 3
    return head + " · ".join(shown)


def rollcall_message(board: RollCallBoard, voice_channel_id: int | None = None) -> str:
    start = int(board.start.timestamp())
    lines = [f"🗳️ **Roll call — {escape_markdown(board.title)}** · <t:{start}:F>"]
    if board.closed_at is not None:
        lines.append(f"🔒 Closed <t:{int(board.closed_at.timestamp())}:R>. Chairs can still correct it with "
                     "`/rollcall set`.")
    else:
        hint = f" Joining <#{voice_channel_id}> while the meeting is live counts you present." \
            if voice_channel_id else ""
        lines.append(f"Press a button to say whether you are here.{hint}")
    lines.append("")
    for status in (rc.PRESENT, rc.LATE, rc.OBSERVING, rc.APOLOGIES, rc.ABSENT):
        people = board.by_status(status)
        if people or status == rc.PRESENT:
            lines.append(_names_line(STATUS_LABELS[status], people))
    if board.ask_consent:
        tally = board.consent
        objecting = f" ({', '.join(escape_markdown(n) for n in tally.objecting)})" if tally.objecting else ""
        lines.append(f"🎙️ May this meeting be recorded? {tally.agree} agree · {tally.object} object{objecting}"[:400])
    return "\n".join(lines)[:MESSAGE_LIMIT]


# -- exports ----------------------------------------------------------------------------------------------------------

def attendance_csv(meeting: MeetingAttendance) -> bytes:
    """One row per participant, ordered like Annex II (role, then name). Times are ISO 8601 UTC."""
    return csv_bytes(CSV_COLUMNS, ([csv_cell(p.name), p.user_id or "", p.role, csv_cell(p.group or ""), p.status,
                                    iso_utc(p.first_join), iso_utc(p.last_leave), minutes_cell(p.minutes_attended)]
                                   for p in by_role_then_name(meeting.participants)))


def minutes_cell(minutes: int | None) -> str | int:
    """Minutes attended for a CSV cell: empty when there is no voice data (unknown), which 0 would misstate."""
    return "" if minutes is None else minutes


def _span(start: datetime, end: datetime) -> str:
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if start.date() == end.date():
        return f"{start.day} {start:%B %Y}, {start:%H:%M}–{end:%H:%M} UTC"
    return f"{start.day} {start:%B %Y}, {start:%H:%M} – {end.day} {end:%B %Y}, {end:%H:%M} UTC"


def held_line(meeting: MeetingAttendance) -> str:
    """When the meeting took place: what happened, and the schedule too when they differ."""
    if meeting.held_start is None or meeting.held_end is None:
        return HELD_AS_SCHEDULED.format(when=_span(meeting.start, meeting.end))
    return HELD_OTHERWISE.format(when=_span(meeting.held_start, meeting.held_end),
                                 scheduled=_span(meeting.start, meeting.end))


def _person_line(p: Participant) -> str:
    extras = [p.group] if p.group else []
    if p.status == rc.LATE:
        extras.append("late")
    suffix = f" ({', '.join(escape_markdown(e) for e in extras)})" if extras else ""
    line = f"- {escape_markdown(p.name)}{suffix}"
    return line if p.minutes_attended is None else VOICE_MINUTES.format(line=line, minutes=p.minutes_attended)


def attendance_markdown(meeting: MeetingAttendance, group_name: str) -> str:
    """The list of participants as the secretariat writes Annex II: grouped by role, "Last, First", sorted
    with accents folded; apologies listed separately. Absent members are only in the CSV."""
    number = f" #{meeting.number}" if meeting.number else ""
    lines = [f"# {escape_markdown(group_name)} — {escape_markdown(meeting.title)}{number}", "",
             held_line(meeting), "", "## Annex II – List of participants", ""]
    sections = annex_sections(meeting.participants)
    if not sections:
        lines += ["No participants were recorded.", ""]
    for heading, people in sections:
        lines.append(f"**{heading}:**")
        lines += [_person_line(p) for p in people]
        lines.append("")
    counts = status_counts(meeting.participants)
    lines.append(" · ".join(f"{status.capitalize()}: {counts[status]}" for status in rc.STATUSES))
    if any(p.minutes_attended is not None for p in meeting.participants):
        lines += ["", VOICE_NOTE]
    if not meeting.closed:
        lines += ["", "*The roll call is still open; members who have not answered are not listed yet.*"]
    return "\n".join(lines) + "\n"
