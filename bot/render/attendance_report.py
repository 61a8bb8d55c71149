"""Participation over a period: one CSV (person rows, then stakeholder-group rows) and a Markdown table, in the
language of the server that exports them."""

from __future__ import annotations

from bot.domain.attendance import NO_GROUP, ParticipationReport
from bot.domain.diversity import DIMENSIONS
from bot.i18n import _, _n, _p
from bot.render.attendance import csv_bytes, csv_cell, minutes_cell
from bot.render.discord_text import escape_md
from bot.render.diversity import dimension_title, value_label
from bot.render.labels import column_titles, role_word

# Rows of scope region / developing_country / gender / youth count people by what they declared ("value");
# the per-person columns of the same names are filled only for people who agreed to be listed with them.
REPORT_COLUMNS = ("scope", "name", "discord_id", "role", "stakeholder_group", "people", "meetings", "attended",
                  "late", "apologies", "absent", "rate", "minutes_attended", "value", *DIMENSIONS, "in_room", "online",
                  "by_phone")


def fmt_rate(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def report_csv(report: ParticipationReport) -> bytes:
    """``scope`` is "person" or "group"; rate = attended / (attended + apologies + absent), two decimals;
    ``in_room``, ``online``, ``by_phone``: the meetings a person attended each way (where it is known). The
    headings are in the current language; the cells keep their keys, so scripts read every language alike."""
    shown = dict(report.shown)
    blank = [""] * len(DIMENSIONS)
    rows: list[list[object]] = []
    for p in report.people:
        declared = shown.get(p.user_id) if p.user_id is not None else None
        values = [csv_cell(declared.value(d)) for d in DIMENSIONS] if declared else blank
        rows.append(["person", csv_cell(p.name), p.user_id or "", p.role, csv_cell(p.group), "", p.meetings,
                     p.attended, p.late, p.apologies, p.absent, fmt_rate(p.rate), minutes_cell(p.minutes), "", *values,
                     p.in_room, p.online, p.by_phone])
    rows += [["group", "", "", "", csv_cell(g.group), g.people, "", g.attended, "", g.apologies, g.absent,
              fmt_rate(g.rate), "", "", *blank, "", "", ""] for g in report.groups]
    rows += [[d.dimension, "", "", "", "", d.people, "", d.attended, "", d.apologies, d.absent, fmt_rate(d.rate), "",
              csv_cell(d.value), *blank, "", "", ""] for d in report.dimensions]
    return csv_bytes(column_titles(REPORT_COLUMNS), rows)


def report_summary(report: ParticipationReport) -> str:
    meetings = _n("{count} meeting from {start} to {end}", "{count} meetings from {start} to {end}",
                  len(report.meetings), start=report.start.isoformat(), end=report.end.isoformat())
    people = _n("{count} person", "{count} people", len(report.people))
    groups = _n("{count} stakeholder group", "{count} stakeholder groups", len(report.groups))
    return _("{meetings}, {people}, {groups}", meetings=meetings, people=people, groups=groups)


def _row(cells: list[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _group(name: str) -> str:
    return value_label(name) if name == NO_GROUP else escape_md(name)


def report_markdown(report: ParticipationReport) -> str:
    lines = [_("# Participation {start} – {end}", start=report.start.isoformat(), end=report.end.isoformat()), "",
             report_summary(report) + ".", "", _("## Meetings"), ""]
    lines += [f"- {m.start:%Y-%m-%d %H:%M} UTC — {escape_md(m.title)}" for m in report.meetings] or \
        ["- " + _p("no meetings", "none")]
    lines += ["", _("## Per stakeholder group"), "",
              _row([_p("report column", "Group"), _p("report column", "People"), _p("report column", "Attended"),
                    _p("report column", "Apologies"), _p("report column", "Absent"), _p("report column", "Rate")]),
              "|---|---:|---:|---:|---:|---:|"]
    lines += [_row([_group(g.group), g.people, g.attended, g.apologies, g.absent, percent(g.rate)])
              for g in report.groups]
    lines += dimension_markdown(report)
    lines += ways_markdown(report)
    lines += ["", _("## Per person"), "",
              _row([_p("report column", "Name"), _p("report column", "Role"), _p("report column", "Group"),
                    _p("report column", "Meetings"), _p("report column", "Attended"), _p("report column", "Late"),
                    _p("report column", "Apologies"), _p("report column", "Absent"), _p("report column", "Rate"),
                    _p("report column", "In the room"), _p("report column", "Online"),
                    _p("report column", "By phone or other")]),
              "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [_row([escape_md(p.name), role_word(p.role), _group(p.group), p.meetings, p.attended, p.late,
                    p.apologies, p.absent, percent(p.rate), p.in_room, p.online, p.by_phone]) for p in report.people]
    return "\n".join(lines) + "\n"


def ways_markdown(report: ParticipationReport) -> list[str]:
    """How people took part over the period (seed 001's remote participation), when the roll calls said so."""
    room, online, phone = (sum(getattr(p, name) for p in report.people) for name in ("in_room", "online", "by_phone"))
    if not room + online + phone:
        return []
    return ["", _("## How people took part"), "",
            _("Attendances in the room: {room}; online: {online}; by phone or other means: {phone}.", room=room,
              online=online, phone=phone)]


def dimension_markdown(report: ParticipationReport) -> list[str]:
    if not report.dimensions:
        return []
    lines = ["", _("## Per dimension (self-declared, counted in aggregate only)"), "",
             _row([_p("report column", "Dimension"), _p("report column", "Value"), _p("report column", "People"),
                   _p("report column", "Attended"), _p("report column", "Apologies"), _p("report column", "Absent"),
                   _p("report column", "Rate")]),
             "|---|---|---:|---:|---:|---:|---:|"]
    lines += [_row([dimension_title(d.dimension), escape_md(value_label(d.value)), d.people, d.attended,
                    d.apologies, d.absent, percent(d.rate)]) for d in report.dimensions]
    return lines
