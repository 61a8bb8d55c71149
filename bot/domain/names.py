"""People's names as the secretariat lists them ("Last, First"), and how such lists are sorted."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from pyuca import Collator

# Letters that Unicode does not decompose into a base letter plus accent, folded the way a
# Latin-alphabet index would file them.
_SPECIAL = str.maketrans({
    "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ı": "i", "ħ": "h", "Ħ": "h",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d",
})

# "Last, First" is split at the first comma: Latin ",", Arabic "،" or ideographic "，".
_COMMA = re.compile(r"[,،，]")



def fold(text: str) -> str:
    """Accent-free, case-free, punctuation-free form of ``text`` ("Jevtović" -> "jevtovic")."""
    # Case-fold on both sides of the decomposition: each can produce what the other removes ("㎒" -> "MHz").
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    # Decomposition can also uncover a letter the table maps ("ꟸ" -> "Ħ" -> "ħ"): map once more.
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().translate(_SPECIAL)
    kept = "".join(ch if ch.isalnum() or ch.isspace() else "" for ch in letters)
    return " ".join(kept.split())


@lru_cache(maxsize=1)
def _collator() -> Collator:
    """Built on first use: reading the Unicode collation table takes a fifth of a second."""
    return Collator()


def _clean(part: str) -> str:
    """Case and punctuation do not file a name elsewhere ("St.Amour" files as "stamour")."""
    kept = "".join(ch if ch.isalnum() or ch.isspace() else "" for ch in part.casefold())
    return " ".join(kept.split())


# Han ideographs (the unified block, extensions A to F, compatibility ideographs) and "〇".
_HAN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+")
# DUCET files every ideograph after all other scripts with this lead weight; pinyin orders them among
# themselves, so Latin, Cyrillic and Arabic names keep their places ahead of Chinese ones.
_HAN_LEAD = 0xFB40
_LETTER = 0x100  # above the tone numbers 1-5: "li" (then its tone) files before "liu"
_READING = re.compile(r"[a-z]+[1-5]")
# Surnames whose reading differs from the character's usual one (曾 Zēng, not céng): as a name's first
# character, Chinese readers file them by the surname's reading.
SURNAME_READINGS = {
    "曾": "zeng1", "单": "shan4", "解": "xie4", "区": "ou1", "朴": "piao2", "仇": "qiu2", "查": "zha1",
    "乐": "yue4", "缪": "miao4", "覃": "qin2", "召": "shao4", "种": "chong2", "秘": "bi4", "盖": "ge3",
    "员": "yun4", "尉": "yu4",
}


@lru_cache(maxsize=4096)
def _readings(run: str) -> tuple[str | None, ...]:
    """Pinyin with tone number of each ideograph of ``run`` (a whole run, so words pick their reading:
    重庆 is chóng qìng); None where there is none."""
    from pypinyin import Style, lazy_pinyin  # its dictionaries load in a second: only when Han is sorted

    # One item per character without a reading, so the readings stay aligned (pypinyin takes a list here,
    # though its stubs say str).
    unknown: Any = list
    found = lazy_pinyin(run, style=Style.TONE3, neutral_tone_with_five=True, errors=unknown)
    if len(found) != len(run):
        return (None,) * len(run)
    return tuple(r if _READING.fullmatch(r) else None for r in found)


def _han_elements(run: str, surname: bool) -> list[list[int]]:
    elements: list[list[int]] = []
    for i, (char, reading) in enumerate(zip(run, _readings(run), strict=True)):
        if surname and i == 0:
            reading = SURNAME_READINGS.get(char, reading)
        if reading is None:  # no known reading: DUCET's place (by code point, after those with one)
            elements.extend(_collator().implicit_weight(ord(char)))
            continue
        elements.append([_HAN_LEAD, 0x20, 0x2])
        elements.extend([_LETTER + ord(letter), 0, 0] for letter in reading[:-1])
        elements.append([int(reading[-1]), 0, 0])
        elements.append([ord(char), 0, 0])  # one character's names together, then the next reading
    return elements


def collation_key(text: str, *, surname: bool = False) -> tuple[int, ...]:
    """Unicode Collation Algorithm key: accents after letters ("Émile" beside "Ebert"), Cyrillic and
    Arabic in their own alphabetical order, Chinese by pinyin (陈 chén, 李 lǐ, 刘 liú, 王 wáng, 张 zhāng)
    after every other script. ``surname``: ``text`` starts with a family name (its first ideograph is
    read as a surname)."""
    collator = _collator()
    cleaned = _clean(text)
    if not _HAN.search(cleaned):
        return tuple(collator.sort_key(cleaned))
    elements: list[list[int]] = []
    position = 0
    for match in _HAN.finditer(cleaned):
        before = unicodedata.normalize("NFD", cleaned[position:match.start()])
        elements.extend(collator.collation_elements(before))
        elements.extend(_han_elements(match.group(), surname and match.start() == 0))
        position = match.end()
    elements.extend(collator.collation_elements(unicodedata.normalize("NFD", cleaned[position:])))
    return tuple(collator.sort_key_from_collation_elements(elements))


def sort_key(name: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Key that files "Last, First" names like a printed participants list.

    Names are compared with the Unicode Collation Algorithm, so "Jevtović" sits between "Galstyan"
    and "Tao", "Ёлкин" files under Е, Arabic names follow their alphabet and Chinese names their pinyin;
    case and punctuation are ignored, and the last name is compared before the first.
    """
    last, _, first = _COMMA.sub(",", name, count=1).partition(",")
    return collation_key(last, surname=True), collation_key(first)


def sorted_names(names: list[str]) -> list[str]:
    return sorted(names, key=lambda n: (sort_key(n), n))
