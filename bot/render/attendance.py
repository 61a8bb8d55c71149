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
from bot.i18n import _, _n, _p
from bot.i18n.formatting import format_day, format_number, format_time
from bot.render.discord_text import escape_md, ts
from bot.render.labels import column_titles, section_heading, status_name

CSV_COLUMNS = ("name", "discord_id", "role", "stakeholder_group", "status", "first_join", "last_leave",
               "minutes_attended", "took_part", "recording_consent")
MESSAGE_LIMIT = 2000
LIST_LIMIT = 300  # characters per status line on the roll-call message, so five lists always fit

# Spreadsheet programs run cells starting with these as formulas (full-width forms included: some programs fold
# them to ASCII). A cell is split again wherever a locale's separator occurs when the file is opened with a
# different separator, so every piece after a separator is neutralised too, not only the start of the cell.
_FORMULA = re.compile(r"(^|[,;\t\r\n])(\s*)(?=[=+\-@\uff1d\uff0b\uff0d\uff20])")

STATUS_EMOJI = {rc.PRESENT: "✅", rc.LATE: "⏰", rc.APOLOGIES: "🙏", rc.OBSERVING: "👀", rc.ABSENT: "❌"}


def status_label(status: str) -> str:
    """"✅ Present", "⏰ En retard", "🙏 Excusado"… in the current language."""
    return f"{STATUS_EMOJI.get(status, '')} {status_name(status)}".strip()


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
    head = _("{status} ({count}): ", status=label, count=format_number(len(people)))
    shown: list[str] = []
    used = len(head)
    for i, p in enumerate(sorted(people, key=lambda p: (sort_key(p.name), p.name))):
        name = escape_md(p.name) + (" " + _("*(guest)*") if p.user_id is None else "")
        more = " " + _("… +{count} more", count=format_number(len(people) - i))
        if used + len(name) + 3 + len(more) > LIST_LIMIT:
            return head + " · ".join(shown) + more
        shown.append(name)
        used += len(name) + 3
    return head + " · ".join(shown)


def rollcall_message(board: RollCallBoard, voice_channel_id: int | None = None) -> str:
    start = ts(board.start)
    lines = [_("🗳️ **Roll call — {title}** · {start}", title=escape_md(board.title), start=start)]
    if board.closed_at is not None:
        closed = ts(board.closed_at, "R")
        lines.append(_("🔒 Closed {relative}. Chairs can still correct it with `/rollcall set`.", relative=closed))
    elif voice_channel_id:
        lines.append(_("Press a button to say whether you are here. Joining {voice} while the meeting is live "
                       "counts you present.", voice="<#" + str(voice_channel_id) + ">"))
    else:
        lines.append(_("Press a button to say whether you are here."))
    lines.append("")
    for status in (rc.PRESENT, rc.LATE, rc.OBSERVING, rc.APOLOGIES, rc.ABSENT):
        people = board.by_status(status)
        if people or status == rc.PRESENT:
            lines.append(_names_line(status_label(status), people))
    if board.ask_consent:
        tally = board.consent
        line = _("🎙️ May this meeting be recorded? {agree} agree · {object} object",
                 agree=format_number(tally.agree), object=format_number(tally.object))
        if tally.objecting:
            line += f" ({', '.join(escape_md(n) for n in tally.objecting)})"
        lines.append(line[:400])
    return "\n".join(lines)[:MESSAGE_LIMIT]


# -- exports ----------------------------------------------------------------------------------------------------------

def attendance_csv(meeting: MeetingAttendance) -> bytes:
    """One row per participant, ordered like Annex II (role, then name). Times are ISO 8601 UTC; ``took_part`` is
    room, online or phone (by phone or other means) for those who attended. Headings in the current language."""
    rows = ([csv_cell(p.name), p.user_id or "", p.role, csv_cell(p.group or ""), p.status, iso_utc(p.first_join),
             iso_utc(p.last_leave), minutes_cell(p.minutes_attended), (p.took_part or "") if p.attended else "",
             consent_cell(p.consent)] for p in by_role_then_name(meeting.participants))
    return csv_bytes(column_titles(CSV_COLUMNS), rows)


def consent_cell(consent: bool | None) -> str:
    """yes / no to the meeting being recorded; empty when not asked or not answered."""
    return "" if consent is None else "yes" if consent else "no"


def minutes_cell(minutes: int | None) -> str | int:
    """Minutes attended for a CSV cell: empty when there is no voice data (unknown), which 0 would misstate."""
    return "" if minutes is None else minutes


def _span(start: datetime, end: datetime) -> str:
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if start.date() == end.date():
        return _("{day}, {start}–{end} UTC", day=format_day(start.date()), start=format_time(start),
                 end=format_time(end))
    return _("{start_day}, {start} – {end_day}, {end} UTC", start_day=format_day(start.date()),
             start=format_time(start), end_day=format_day(end.date()), end=format_time(end))


def held_line(meeting: MeetingAttendance) -> str:
    """When the meeting took place: what happened, and the schedule too when they differ."""
    if meeting.held_start is None or meeting.held_end is None:
        return _("Meeting of {when}", when=_span(meeting.start, meeting.end))
    return _("Meeting held on {when} (scheduled for {scheduled})", when=_span(meeting.held_start, meeting.held_end),
             scheduled=_span(meeting.start, meeting.end))


def _person_line(p: Participant) -> str:
    extras = [escape_md(p.group)] if p.group else []
    if p.status == rc.LATE:
        extras.append(_p("annex II", "late"))
    suffix = f" ({', '.join(extras)})" if extras else ""
    line = f"- {escape_md(p.name)}{suffix}"
    if p.minutes_attended is None:
        return line
    return _("{line} — {minutes} min in voice", line=line, minutes=format_number(p.minutes_attended))


def attendance_markdown(meeting: MeetingAttendance, group_name: str) -> str:
    """The list of participants as the secretariat writes Annex II: grouped by role, "Last, First", sorted
    with accents folded; apologies listed separately. Absent members are only in the CSV."""
    number = f" #{meeting.number}" if meeting.number else ""
    lines = [f"# {escape_md(group_name)} — {escape_md(meeting.title)}{number}", "",
             held_line(meeting), "", "## " + _("Annex II – List of participants"), ""]
    sections = annex_sections(meeting.participants)
    if not sections:
        lines += [_("No participants were recorded."), ""]
    for heading, people in sections:
        lines.append(_("**{heading}:**", heading=section_heading(heading)))
        lines += [_person_line(p) for p in people]
        lines.append("")
    counts = status_counts(meeting.participants)
    lines.append(" · ".join(_("{status}: {count}", status=status_name(status), count=format_number(counts[status]))
                            for status in rc.STATUSES))
    if any(p.minutes_attended is not None for p in meeting.participants):
        lines += ["", _("*Minutes are time spent in the meeting's voice channel while it was live; a name without "
                        "minutes has no voice data (they took part another way, or not at all).*")]
    if not meeting.closed:
        lines += ["", _("*The roll call is still open; members who have not answered are not listed yet.*")]
    return "\n".join(lines) + "\n"


def export_note(title: str, people: int, closed: bool) -> str:
    """What /attendance export says beside its file."""
    text = _n("📎 Attendance for **{title}**: {count} person.", "📎 Attendance for **{title}**: {count} people.",
              people, title=escape_md(title))
    if not closed:
        text += " " + _("The roll call is still open: members who did nothing are not listed yet.")
    return text
