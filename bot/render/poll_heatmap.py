"""Availability heatmap PNG: one row per slot, one column per member, coloured by answer.

Slot labels are written in the poll's zone (a PNG cannot follow each reader's zone, so the title says which).
Member names run vertically above their columns. A dark corner marks a cell where the slot falls outside
the member's fair local hours; the best-ranked slot is outlined. With 50 members × 40 slots cells are 16 px
and every label is legible; very large polls show their best slots and shrink the cells.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw

from bot.domain.names import sort_key
from bot.domain.poll import Answer, PollInfo, Slot
from bot.domain.ranking import BallotMatrix, SlotScore, off_hours_zones
from bot.i18n import _, _n, _p
from bot.i18n.formatting import format_number, format_short_slot, format_time
from bot.render.fonts import extent, measure, write

COLOURS = {
    Answer.YES: (46, 160, 67),
    Answer.MAYBE: (240, 190, 40),
    Answer.NO: (214, 72, 62),
    Answer.NONE: (222, 222, 222),
}
BACKGROUND = (255, 255, 255)
INK = (30, 30, 30)
GRID = (255, 255, 255)
OFF_HOURS = (20, 20, 60)
MAX_ROWS = 80
MAX_COLUMNS = 150
MAX_NAME = 22


def _slot_label(slot: Slot, zone: ZoneInfo) -> str:
    start = slot.start.astimezone(zone)
    end = slot.end.astimezone(zone)
    return f"{format_short_slot(start)}-{format_time(end)}"


def _short(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 2] + ".."


def pick_rows(poll: PollInfo, ranking: Sequence[SlotScore], max_rows: int = MAX_ROWS) -> list[Slot]:
    """All slots in time order, or the best ``max_rows`` of them (still in time order) for long polls."""
    if len(poll.slots) <= max_rows:
        return list(poll.slots)
    keep = {score.slot.id for score in ranking[:max_rows]}
    return [slot for slot in poll.slots if slot.id in keep]


def heatmap_png(
    poll: PollInfo,
    matrix: BallotMatrix,
    ranking: Sequence[SlotScore],
    names: Mapping[int, str],
    zones: Mapping[int, str],
    fair_hours: tuple[int, int],
) -> bytes:
    """Render the heatmap; ``names``/``zones`` map voter ids to a display name and an IANA zone."""
    zone = ZoneInfo(poll.timezone)
    rows = pick_rows(poll, ranking)
    members = sorted(matrix.voters, key=lambda u: (sort_key(names.get(u, str(u))), u))[:MAX_COLUMNS]
    best = ranking[0].slot.id if ranking and ranking[0].available else None
    cell = 16 if len(members) <= 60 else max(7, 1000 // max(len(members), 1))
    if len(rows) > 40:
        cell = min(cell, 12)
    labels = {slot.id: _slot_label(slot, zone) for slot in rows}
    label_width = int(max((measure(text, 13) for text in labels.values()), default=100)) + 16
    name_texts = {u: _short(names.get(u, _("member {id}", id=u))) for u in members}
    header_height = int(max((measure(t, 11) for t in name_texts.values()), default=40)) + 12
    counts_width = 90
    title_height = 58
    width = max(label_width + cell * len(members) + counts_width + 10, 520)
    height = title_height + header_height + cell * len(rows) + 14
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)

    _legend(draw, poll, len(matrix.voters), len(rows), fair_hours)
    top = title_height
    _names(image, members, name_texts, cell, top + header_height, label_width)
    write(draw, (label_width + len(members) * cell + 8, top + header_height - 18), _("yes + maybe"), 11, INK)
    grid = _Grid(label_width, top + header_height, cell, members)
    _cells(draw, grid, rows, labels, matrix, zones, fair_hours, best)

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


@dataclass(frozen=True)
class _Grid:
    left: int
    top: int
    cell: int
    members: list[int]


def _legend(draw: ImageDraw.ImageDraw, poll: PollInfo, voters: int, shown_rows: int,
            fair_hours: tuple[int, int]) -> None:
    """The title, what is shown, and the colour legend."""
    if shown_rows < len(poll.slots):
        shown = _n("best {count} of {total} slot", "best {count} of {total} slots", shown_rows,
                   total=format_number(len(poll.slots)))
    else:
        shown = _n("{count} slot", "{count} slots", shown_rows)
    write(draw, (8, 6), poll.title[:80], 13, INK)
    write(draw, (8, 24), _n("{slots} × {count} voter, times in {zone}", "{slots} × {count} voters, times in {zone}",
                           voters, slots=shown, zone=poll.timezone), 11, INK)
    x = 8
    for answer, text in ((Answer.YES, _p("heatmap", "yes")), (Answer.MAYBE, _p("heatmap", "if need be")),
                         (Answer.NO, _p("heatmap", "no")), (Answer.NONE, _p("heatmap", "not answered"))):
        draw.rectangle((x, 42, x + 10, 52), fill=COLOURS[answer])
        x += 24 + int(write(draw, (x + 14, 40), text, 11, INK))
    draw.rectangle((x, 42, x + 10, 52), fill=COLOURS[Answer.YES])
    draw.rectangle((x + 6, 42, x + 10, 46), fill=OFF_HOURS)
    write(draw, (x + 14, 40), _("outside {first}-{last} local time", first=str(fair_hours[0]).zfill(2) + ":00",
                                last=str(fair_hours[1]).zfill(2) + ":00"), 11, INK)


def _names(image: Image.Image, members: list[int], name_texts: Mapping[int, str], cell: int, bottom: int,
           grid_left: int) -> None:
    """Member names, written vertically above their columns."""
    for column, user_id in enumerate(members):
        text = name_texts[user_id]
        # One column wide, the name centred on it: taller scripts (Arabic) are clipped rather than overlap.
        tile = Image.new("RGBA", (extent(text, 11)[0] + 4, max(cell, 14)), (0, 0, 0, 0))
        write(ImageDraw.Draw(tile), (0, max(cell, 14) / 2), text, 11, INK, anchor="lm")
        tile = tile.rotate(90, expand=True)
        left = grid_left + column * cell + max((cell - tile.width) // 2, 0)
        image.paste(tile, (left, bottom - tile.height - 4), tile)


def _cells(draw: ImageDraw.ImageDraw, grid: _Grid, rows: list[Slot], labels: Mapping[int, str],
           matrix: BallotMatrix, zones: Mapping[int, str], fair_hours: tuple[int, int], best: int | None) -> None:
    """One row per slot: its label, a cell per member (cornered when off-hours for them), the counts."""
    cell, members, grid_left = grid.cell, grid.members, grid.left
    unfair = off_hours_zones(rows, {zones[u] for u in members if u in zones}, *fair_hours)
    voter_index = {u: i for i, u in enumerate(matrix.voters)}
    for row, slot in enumerate(rows):
        y = grid.top + row * cell
        write(draw, (8, y + cell / 2 - 1), labels[slot.id], 13 if cell >= 14 else 11, INK, anchor="lm")
        column_bytes = matrix.column(slot.id)
        bad_zones = unfair.get(slot.id, frozenset())
        yes = maybe = 0
        for column, user_id in enumerate(members):
            answer = Answer(column_bytes[voter_index[user_id]])
            yes += answer is Answer.YES
            maybe += answer is Answer.MAYBE
            x0 = grid_left + column * cell
            draw.rectangle((x0, y, x0 + cell - 2, y + cell - 2), fill=COLOURS[answer])
            if zones.get(user_id) in bad_zones:
                corner = max(cell // 3, 3)
                draw.rectangle((x0 + cell - 2 - corner, y, x0 + cell - 2, y + corner), fill=OFF_HOURS)
        write(draw, (grid_left + len(members) * cell + 8, y + cell / 2 - 1),
              f"{format_number(yes)} + {format_number(maybe)}", 11, INK, anchor="lm")
        if slot.id == best:
            draw.rectangle((4, y - 1, grid_left + len(members) * cell, y + cell - 1), outline=INK, width=2)
