"""Fonts for the PNG renderers, chosen per text: Noto Sans CJK for Chinese (and Japanese/Korean), Noto Sans
Arabic for Arabic, DejaVu for everything else (accents, Cyrillic, Armenian, ×, and Arabic mixed with Latin).
Debian ships them in fonts-noto-cjk, fonts-noto-core and fonts-dejavu-core (``.ci/run`` installs them).

Arabic is shaped (joined letter forms) and laid out right to left by Pillow's libraqm layout when it is
available, else by arabic-reshaper and python-bidi. Without any of these fonts Pillow's own font is used
and names are folded to what it can draw ("Jevtović" -> "Jevtovic").
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont, features

FontT = ImageFont.FreeTypeFont | ImageFont.ImageFont
Ink = tuple[int, int, int]

# (file name, face index in a collection): Pillow finds these under the system font folders.
_LATIN = {False: (("DejaVuSans.ttf", 0),), True: (("DejaVuSans-Bold.ttf", 0), ("DejaVuSans.ttf", 0))}
_ARABIC = {False: (("NotoSansArabic-Regular.ttf", 0),),
           True: (("NotoSansArabic-Bold.ttf", 0), ("NotoSansArabic-Regular.ttf", 0))}
# NotoSansCJK-*.ttc holds Japanese, Korean, Simplified Chinese (index 2), Traditional Chinese, Hong Kong faces.
_CJK = {False: (("NotoSansCJK-Regular.ttc", 2),), True: (("NotoSansCJK-Bold.ttc", 2), ("NotoSansCJK-Regular.ttc", 2))}

RAQM = features.check("raqm")


def _is_arabic(ch: str) -> bool:
    code = ord(ch)
    return 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0x08A0 <= code <= 0x08FF \
        or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x3000 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF \
        or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF or 0xAC00 <= code <= 0xD7AF


def script_of(text: str) -> str:
    """"cjk", "arabic" (Arabic letters only, with digits and punctuation), "mixed-arabic" or "latin"."""
    if any(_is_cjk(ch) for ch in text):
        return "cjk"
    if any(_is_arabic(ch) for ch in text):
        latin = any(ch.isalpha() and not _is_arabic(ch) for ch in text)
        return "mixed-arabic" if latin else "arabic"
    return "latin"


@lru_cache(maxsize=32)
def _load(candidates: tuple[tuple[str, int], ...], size: int) -> FontT | None:
    for name, index in candidates:
        try:
            return ImageFont.truetype(name, size, index=index)
        except OSError:
            continue
    return None


@lru_cache(maxsize=8)
def font(size: int, bold: bool = False) -> FontT:
    """The font for Latin, Cyrillic and the like (DejaVu), else Pillow's own."""
    found = _load(_LATIN[bold], size)
    if found is not None:
        return found
    try:
        return ImageFont.load_default(size=size)
    except (OSError, ValueError):  # Pillow built without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def font_for(text: str, size: int, bold: bool = False) -> FontT:
    """The installed font that has a glyph for every character of ``text``: Noto CJK for Chinese, Noto Sans
    Arabic for Arabic (it lacks Latin punctuation, so DejaVu, which has Arabic too, takes mixed text)."""
    script = script_of(text)
    order = {"cjk": (_CJK, _LATIN), "arabic": (_ARABIC, _LATIN), "mixed-arabic": (_LATIN, _ARABIC)}.get(script, ())
    for candidates in order:
        chosen = _load(candidates[bold], size)
        if chosen is not None and covers(chosen, text):
            return chosen
    return font(size, bold)


@lru_cache(maxsize=4096)
def _has_glyph(chosen: FontT, ch: str) -> bool:
    if ch.isspace() or not ch.isprintable():
        return True
    return _ink(chosen, ch) != _ink(chosen, "\ue000")  # a private-use character: the font's "no glyph" box


@lru_cache(maxsize=4096)
def _ink(chosen: FontT, ch: str) -> bytes:
    tile = Image.new("L", (64, 64), 0)
    ImageDraw.Draw(tile).text((8, 8), ch, font=chosen, fill=255)
    return tile.tobytes()


def covers(chosen: FontT, text: str) -> bool:
    """Whether ``chosen`` draws every character of ``text`` (rather than a box)."""
    return all(_has_glyph(chosen, ch) for ch in set(text))


def has_wide_coverage(chosen: FontT) -> bool:
    return isinstance(chosen, ImageFont.FreeTypeFont) and any(
        family in (chosen.getname()[0] or "") for family in ("DejaVu", "Noto"))


def drawable(text: str, chosen: FontT) -> str:
    """Text the font can draw: unchanged with DejaVu or Noto; accents folded ("Jevtović" -> "Jevtovic")
    otherwise. Without libraqm, Arabic is shaped and put in visual (right-to-left) order here."""
    if has_wide_coverage(chosen):
        text = "".join(ch for ch in text if ch.isprintable())
        return text if RAQM or script_of(text) not in ("arabic", "mixed-arabic") else _visual_arabic(text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch.isprintable() and ord(ch) < 0x250)


def _visual_arabic(text: str) -> str:
    import arabic_reshaper
    from bidi.algorithm import get_display

    return str(get_display(arabic_reshaper.reshape(text)))


def write(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, fill: Ink,
          bold: bool = False, anchor: str | None = None) -> float:
    """Draw ``text`` with the font that suits it (``anchor="lm"``: ``xy`` is the middle of its left edge, so
    scripts with taller letters stay centred on a row); returns its width."""
    chosen = font_for(text, size, bold)
    shown = drawable(text, chosen)
    draw.text(xy, shown, font=chosen, fill=fill, anchor=anchor)
    return draw.textlength(shown, font=chosen)


def measure(text: str, size: int, bold: bool = False) -> float:
    chosen = font_for(text, size, bold)
    return chosen.getlength(drawable(text, chosen))


def extent(text: str, size: int, bold: bool = False) -> tuple[int, int]:
    """Width and height of the ink of ``text`` drawn at (0, 0) (Arabic reaches lower than Latin)."""
    chosen = font_for(text, size, bold)
    box = chosen.getbbox(drawable(text, chosen))
    return int(box[2]) + 1, int(box[3]) + 1
