"""Participation as a bar chart (PNG): attendance rate per stakeholder group, then each person's meetings
split into attended / apologies / absent."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from bot.domain.attendance import ParticipationReport
from bot.render.attendance_report import percent
from bot.render.diversity import DIMENSION_TITLES
from bot.render.fonts import FontT, font

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



def _fit(draw: ImageDraw.ImageDraw, text: str, font: FontT, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
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
    title, heading, body = font(20, bold=True), font(15, bold=True), font(13)

    y = MARGIN
    count = len(report.meetings)
    draw.text((MARGIN, y), f"Participation {report.start.isoformat()} – {report.end.isoformat()} "
                           f"({count} meeting{'' if count == 1 else 's'})", font=title, fill=TEXT)
    y += 40
    _legend(draw, y - 6, body)
    y += 24

    draw.text((MARGIN, y), "Attendance rate per stakeholder group", font=heading, fill=TEXT)
    y += 30
    for group in report.groups:
        _rate_bar(draw, y, f"{group.group} ({group.people})", group.rate, body)
        y += ROW
    if not report.groups:
        draw.text((MARGIN, y), "No roll calls in this period.", font=body, fill=MUTED)
        y += ROW
    if dimensions:
        y += 14
        draw.text((MARGIN, y), "Attendance rate per self-declared dimension (aggregate)", font=heading, fill=TEXT)
        y += 30
        for dimension in dimensions:
            draw.text((MARGIN, y + 1), DIMENSION_TITLES[dimension], font=heading, fill=MUTED)
            y += ROW
            for row in (d for d in report.dimensions if d.dimension == dimension):
                _rate_bar(draw, y, f"  {row.value} ({row.people})", row.rate, body)
                y += ROW

    y += 14
    draw.text((MARGIN, y), "Meetings per person", font=heading, fill=TEXT)
    y += 30
    most = max((p.attended + p.apologies + p.absent for p in people), default=0) or 1
    for person in people:
        draw.text((MARGIN, y + 1), _fit(draw, person.name, body, LABEL_WIDTH - MARGIN), font=body, fill=TEXT)
        x = BAR_LEFT
        for count, colour in ((person.attended, ATTENDED), (person.apologies, APOLOGIES), (person.absent, ABSENT)):
            width = round(BAR_WIDTH * count / most)
            if width:
                draw.rectangle((x, y, x + width - 1, y + BAR_HEIGHT), fill=colour)
            x += width
        counted = person.attended + person.apologies + person.absent
        draw.text((BAR_LEFT + BAR_WIDTH + 10, y + 1), f"{person.attended}/{counted}  {percent(person.rate)}",
                  font=body, fill=TEXT)
        y += ROW
    if hidden:
        draw.text((MARGIN, y), f"… and {hidden} more people (see the CSV)", font=body, fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _rate_bar(draw: ImageDraw.ImageDraw, y: int, label: str, rate: float | None, body: FontT) -> None:
    draw.text((MARGIN, y + 1), _fit(draw, label, body, LABEL_WIDTH - MARGIN), font=body, fill=TEXT)
    draw.rectangle((BAR_LEFT, y, BAR_LEFT + BAR_WIDTH, y + BAR_HEIGHT), outline=GRID)
    if rate:
        draw.rectangle((BAR_LEFT, y, BAR_LEFT + round(BAR_WIDTH * rate), y + BAR_HEIGHT), fill=ATTENDED)
    draw.text((BAR_LEFT + BAR_WIDTH + 10, y + 1), percent(rate), font=body, fill=TEXT)


def _legend(draw: ImageDraw.ImageDraw, y: int, font: FontT) -> None:
    x = MARGIN
    for label, colour in (("attended (present, late, observing)", ATTENDED), ("apologies", APOLOGIES),
                          ("absent", ABSENT)):
        draw.rectangle((x, y + 2, x + 12, y + 14), fill=colour)
        draw.text((x + 18, y), label, font=font, fill=MUTED)
        x += 18 + int(draw.textlength(label, font=font)) + 24
