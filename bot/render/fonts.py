"""Fonts for the PNG renderers: DejaVu (accents, Cyrillic, Armenian, ×) where installed, else Pillow's own."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from PIL import ImageFont

FontT = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=8)
def font(size: int, bold: bool = False) -> FontT:
    for name in (("DejaVuSans-Bold.ttf",) if bold else ()) + ("DejaVuSans.ttf",):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size)
    except (OSError, ValueError):  # Pillow built without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def has_wide_coverage(chosen: FontT) -> bool:
    return isinstance(chosen, ImageFont.FreeTypeFont) and "DejaVu" in (chosen.getname()[0] or "")


def drawable(text: str, chosen: FontT) -> str:
    """Text the font can draw: unchanged with DejaVu; accents folded ("Jevtović" -> "Jevtovic") otherwise."""
    if has_wide_coverage(chosen):
        return "".join(ch for ch in text if ch.isprintable())
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch.isprintable() and ord(ch) < 0x250)
