"""People's names as the secretariat lists them ("Last, First"), and how such lists are sorted."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
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


def collation_key(text: str) -> tuple[int, ...]:
    """Unicode Collation Algorithm key: accents after letters ("Émile" beside "Ebert"), Cyrillic,
    Arabic and Chinese in their own alphabetical (or radical-stroke) order."""
    return tuple(_collator().sort_key(_clean(text)))


def sort_key(name: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Key that files "Last, First" names like a printed participants list.

    Names are compared with the Unicode Collation Algorithm, so "Jevtović" sits between "Galstyan"
    and "Tao", "Ёлкин" files under Е, and Arabic and Chinese names each follow their own script's
    order; case and punctuation are ignored, and the last name is compared before the first.
    """
    last, _, first = _COMMA.sub(",", name, count=1).partition(",")
    return collation_key(last), collation_key(first)


def sorted_names(names: list[str]) -> list[str]:
    return sorted(names, key=lambda n: (sort_key(n), n))
