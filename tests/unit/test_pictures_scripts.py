"""The heatmap and participation PNGs draw Arabic (shaped, right to left) and Chinese names with fonts that
have their glyphs, and their own text in the language they are rendered in.

Set CONVENER_KEEP_PNG=DIR to keep the pictures for a look."""

from __future__ import annotations

import io
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from bot.domain.attendance import MeetingAttendance, participation
from bot.domain.poll import PollInfo, PollStatus, Slot
from bot.domain.ranking import rank
from bot.domain.rollcall import Participant
from bot.i18n import using
from bot.render.attendance_chart import report_png
from bot.render.fonts import drawable, font_for, script_of
from bot.render.poll_heatmap import heatmap_png
from tests.unit.test_poll_render import random_matrix

NAMES = ["Tao, Xiaofeng", "陶晓峰", "王芳", "عمر، سالم", "أحمد، علي", "Jevtović, Danko", "Ёлкин, Иван",
         "Wagner, Flávio"]
START = datetime(2027, 3, 16, 14, 0, tzinfo=UTC)


def _keep(name: str, png: bytes) -> None:
    folder = os.environ.get("CONVENER_KEEP_PNG")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(png)


def _family(text: str) -> str:
    chosen = font_for(text, 13)
    return chosen.getname()[0] if isinstance(chosen, ImageFont.FreeTypeFont) else ""


def test_each_script_gets_a_font_with_its_glyphs() -> None:
    assert script_of("陶晓峰") == "cjk" and script_of("عمر، سالم") == "arabic"
    assert script_of("عمر Omar") == "mixed-arabic" and script_of("Jevtović") == "latin"
    assert "CJK" in _family("陶晓峰")
    assert "Arabic" in _family("عمر، سالم")
    assert "DejaVu" in _family("Ёлкин, Иван") and "DejaVu" in _family("عمر Omar")
    assert "DejaVu" in _family("حضر (حاضر، متأخر)")  # Noto Sans Arabic has no Latin parentheses


def _ink(text: str) -> Image.Image:
    chosen = font_for(text, 24)
    tile = Image.new("L", (400, 60), 0)
    ImageDraw.Draw(tile).text((10, 0), drawable(text, chosen), font=chosen, fill=255)
    return tile


def _width(text: str) -> int:
    box = _ink(text).getbbox()
    return box[2] - box[0] if box else 0


def test_arabic_is_shaped_and_right_to_left() -> None:
    # Joined, a beh is a small tooth; alone it has its full bowl: four joined behs are far narrower than four apart.
    assert 0 < _width("بببب") < 0.7 * 4 * _width("ب")
    # Right to left: in "اب" (alif, then beh) the alif, a tall stroke, is drawn at the right.
    ink = _ink("اب")
    box = ink.getbbox()
    assert box is not None
    middle = (box[0] + box[2]) // 2
    right, left = ink.crop((middle, 0, box[2], 60)).getbbox(), ink.crop((box[0], 0, middle, 60)).getbbox()
    assert right is not None and left is not None and right[1] < left[1]


def _poll() -> PollInfo:
    slots = tuple(Slot(i + 1, START + timedelta(hours=2 * i), START + timedelta(hours=2 * i + 1)) for i in range(4))
    return PollInfo(3, 1, "اجتماع الفريق العامل", "Europe/Zurich", PollStatus.OPEN, slots, START)


@pytest.mark.parametrize("language", ["ar", "zh"])
def test_heatmap_with_arabic_and_chinese_names(language: str) -> None:
    poll = _poll()
    matrix = random_matrix(poll, len(NAMES))
    names = dict(zip(matrix.voters, NAMES, strict=True))
    with using(language):
        png = heatmap_png(poll, matrix, rank(poll, matrix), names, {}, (7, 22))
    _keep(f"heatmap-{language}.png", png)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width >= 520


def test_participation_chart_with_arabic_and_chinese_names() -> None:
    people = tuple(Participant(100 + i, name, "member", ("مجتمع مدني", "政府", "Private sector")[i % 3],
                               ("present", "apologies", "absent")[i % 3], None, None, 60)
                   for i, name in enumerate(NAMES))
    meeting = MeetingAttendance(7, "WG", START, START + timedelta(hours=1), people, closed=True)
    report = participation([meeting], date(2027, 3, 1), date(2027, 3, 31))
    for language in ("ar", "zh"):
        with using(language):
            png = report_png(report)
        _keep(f"participation-{language}.png", png)
        assert Image.open(io.BytesIO(png)).format == "PNG"
