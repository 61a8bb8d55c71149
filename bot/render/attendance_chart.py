"""Participation as a bar chart (PNG): attendance rate per stakeholder group, then each person's meetings
split into attended / apologies / absent."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from bot.domain.attendance import NO_GROUP, ParticipationReport
from bot.i18n import _, _n, _p
from bot.i18n.formatting import format_number
from bot.render.attendance_report import percent
from bot.render.diversity import dimension_title, value_label
from bot.render.fonts import measure, write

WIDTH = 1000
LABEL_WIDTH = 290
BAR_LEFT = LABEL_WIDTH + 20
BAR_WIDTH = 560
ROW = 26
BAR_HEIGHT = 16
MARGIN = 24
MAX_PEOPLE = 80  # beyond this the chart would be unreadable; the CSV has everyone

BACKGROUND = (255, 255, 255)
TEXT = (33, 37, 41)
MUTED = (108, 117, 125)
GRID = (222, 226, 230)
ATTENDED = (46, 139, 87)
APOLOGIES = (230, 162, 60)
ABSENT = (200, 70, 70)



def _fit(text: str, size: int, width: int) -> str:
    if measure(text, size) <= width:
        return text
    while text and measure(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def report_png(report: ParticipationReport) -> bytes:
    people = report.people[:MAX_PEOPLE]
    hidden = len(report.people) - len(people)
    dimensions = list(dict.fromkeys(d.dimension for d in report.dimensions))
    height = MARGIN * 2 + 40 + 30 + ROW * max(len(report.groups), 1) + 40 + ROW * max(len(people), 1) + 40 \
        + (ROW if hidden else 0) + (44 + ROW * (len(report.dimensions) + len(dimensions)) if dimensions else 0)
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    y = MARGIN
    write(draw, (MARGIN, y), _n("Participation {start} – {end} ({count} meeting)",
                                "Participation {start} – {end} ({count} meetings)", len(report.meetings),
                                start=report.start.isoformat(), end=report.end.isoformat()), 20, TEXT, bold=True)
    y += 40
    _legend(draw, y - 6)
    y += 24

    write(draw, (MARGIN, y), _("Attendance rate per stakeholder group"), 15, TEXT, bold=True)
    y += 30
    for group in report.groups:
        name = value_label(group.group) if group.group == NO_GROUP else group.group
        _rate_bar(draw, y, f"{name} ({format_number(group.people)})", group.rate)
        y += ROW
    if not report.groups:
        write(draw, (MARGIN, y), _("No roll calls in this period."), 13, MUTED)
        y += ROW
    if dimensions:
        y += 14
        write(draw, (MARGIN, y), _("Attendance rate per self-declared dimension (aggregate)"), 15, TEXT, bold=True)
        y += 30
        for dimension in dimensions:
            write(draw, (MARGIN, y + 1), dimension_title(dimension), 15, MUTED, bold=True)
            y += ROW
            for row in (d for d in report.dimensions if d.dimension == dimension):
                _rate_bar(draw, y, f"  {value_label(row.value)} ({format_number(row.people)})", row.rate)
                y += ROW

    y += 14
    write(draw, (MARGIN, y), _("Meetings per person"), 15, TEXT, bold=True)
    y += 30
    most = max((p.attended + p.apologies + p.absent for p in people), default=0) or 1
    for person in people:
        write(draw, (MARGIN, y + 1), _fit(person.name, 13, LABEL_WIDTH - MARGIN), 13, TEXT)
        x = BAR_LEFT
        for count, colour in ((person.attended, ATTENDED), (person.apologies, APOLOGIES), (person.absent, ABSENT)):
            width = round(BAR_WIDTH * count / most)
            if width:
                draw.rectangle((x, y, x + width - 1, y + BAR_HEIGHT), fill=colour)
            x += width
        counted = person.attended + person.apologies + person.absent
        write(draw, (BAR_LEFT + BAR_WIDTH + 10, y + 1), f"{person.attended}/{counted}  {percent(person.rate)}", 13,
              TEXT)
        y += ROW
    if hidden:
        more = _n("… and {count} more person (see the CSV)", "… and {count} more people (see the CSV)", hidden)
        write(draw, (MARGIN, y), more, 13, MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _rate_bar(draw: ImageDraw.ImageDraw, y: int, label: str, rate: float | None) -> None:
    write(draw, (MARGIN, y + 1), _fit(label, 13, LABEL_WIDTH - MARGIN), 13, TEXT)
    draw.rectangle((BAR_LEFT, y, BAR_LEFT + BAR_WIDTH, y + BAR_HEIGHT), outline=GRID)
    if rate:
        draw.rectangle((BAR_LEFT, y, BAR_LEFT + round(BAR_WIDTH * rate), y + BAR_HEIGHT), fill=ATTENDED)
    write(draw, (BAR_LEFT + BAR_WIDTH + 10, y + 1), percent(rate), 13, TEXT)


def _legend(draw: ImageDraw.ImageDraw, y: int) -> None:
    x = MARGIN
    for label, colour in ((_p("chart legend", "attended (present, late, observing)"), ATTENDED),
                          (_p("chart legend", "apologies"), APOLOGIES), (_p("chart legend", "absent"), ABSENT)):
        draw.rectangle((x, y + 2, x + 12, y + 14), fill=colour)
        x += 18 + int(write(draw, (x + 18, y), label, 13, MUTED)) + 24
