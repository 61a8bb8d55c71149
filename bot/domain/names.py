"""People's names as the secretariat lists them ("Last, First"), and how such lists are sorted."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter plus accent, folded the way a
# Latin-alphabet index would file them.
_SPECIAL = str.maketrans({
    "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ı": "i", "ħ": "h", "Ħ": "h",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d",
})

# Sorts below every letter, so "Tao, Xiaofeng" comes before "Taos, Ana" and the first name only
# breaks ties between equal last names.
_PART_SEPARATOR = "\x00"


def fold(text: str) -> str:
    """Accent-free, case-free, punctuation-free form of ``text`` ("Jevtović" -> "jevtovic")."""
    # Case-fold on both sides of the decomposition: each can produce what the other removes ("㎒" -> "MHz").
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    kept = "".join(ch if ch.isalnum() or ch.isspace() else "" for ch in letters)
    return " ".join(kept.split())


def sort_key(name: str) -> str:
    """Key that files "Last, First" names like a printed participants list.

    Accents are folded ("Jevtović" sits between "Galstyan" and "Tao"), case and punctuation are
    ignored ("St.Amour" files as "stamour"), and the last name is compared before the first.
    """
    last, _, first = name.partition(",")
    return f"{fold(last)}{_PART_SEPARATOR}{fold(first)}"


def sorted_names(names: list[str]) -> list[str]:
    return sorted(names, key=lambda n: (sort_key(n), n))
