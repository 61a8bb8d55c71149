"""Diversity of participation: stakeholder groups from the server's list, and opt-in self-declared dimensions
(region, developing-country status, gender, youth) counted only in aggregate.

Pure code: matching what members type against known names, and tallying participation per dimension.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.domain.names import fold
from bot.errors import InvalidInput
from bot.i18n import _

MAX_GROUPS = 25  # one autocomplete page
MAX_GROUP_NAME = 100
NOT_STATED = "Not stated"

REGION, DEVELOPING, GENDER, YOUTH = "region", "developing_country", "gender", "youth"
DIMENSIONS = (REGION, DEVELOPING, GENDER, YOUTH)
GENDERS = ("woman", "man", "non-binary", "another gender")
YES, NO = "yes", "no"
# The UN regional groups, as the IGF's MAG reports them.
DEFAULT_REGIONS = (
    "African Group",
    "Asia-Pacific Group",
    "Eastern European Group",
    "Latin American and Caribbean Group (GRULAC)",
    "Western European and Others Group (WEOG)",
)


def tidy(text: str) -> str:
    """One line, no control characters, no punctuation hanging at either end ("=Academia " -> "Academia")."""
    line = " ".join("".join(ch for ch in text if ch.isprintable()).split())
    start = next((i for i, ch in enumerate(line) if ch.isalnum()), len(line))
    end = next((i for i in range(len(line), 0, -1) if line[i - 1].isalnum() or line[i - 1] in ")]"), 0)
    return line[start:end].strip()


def match_name(typed: str, known: Sequence[str]) -> str | None:
    """The one known name ``typed`` means: equal when folded, else the only one it starts or is contained in."""
    wanted = fold(typed)
    if not wanted:
        return None
    for name in known:
        if fold(name) == wanted:
            return name
    starts = [n for n in known if fold(n).startswith(wanted)]
    if len(starts) == 1:
        return starts[0]
    inside = [n for n in known if wanted in fold(n)]
    return inside[0] if len(inside) == 1 else None


def parse_group_list(text: str) -> list[str]:
    """A server's stakeholder groups typed as "Government, Civil society; Private sector" (or one per line)."""
    parts = [tidy(p) for p in text.replace(";", ",").replace("\n", ",").split(",")]
    groups: list[str] = []
    for part in parts:
        if not part:
            continue
        if len(part) > MAX_GROUP_NAME:
            raise InvalidInput(_("The group “{name}…” is {length} characters long; at most {limit} are allowed.",
                                 name=part[:40], length=len(part), limit=MAX_GROUP_NAME))
        if any(fold(g) == fold(part) for g in groups):
            continue
        groups.append(part)
    if not groups:
        raise InvalidInput(_("Give at least one stakeholder group, e.g. `Government, Civil society, Private sector`."))
    if len(groups) > MAX_GROUPS:
        raise InvalidInput(_("That is {given} groups; at most {limit} are allowed.", given=len(groups),
                             limit=MAX_GROUPS))
    return groups


def canonical_group(typed: str, listed: Sequence[str] | None, in_use: Iterable[str] = ()) -> str:
    """The stakeholder group a member means. With a server list, one of its names (or a clear error naming
    them); without one, the spelling already in use for the same folded name, else the tidied text."""
    text = tidy(typed)
    if not text or not fold(text):
        raise InvalidInput(_("The stakeholder group cannot be empty."))
    if len(text) > MAX_GROUP_NAME:
        raise InvalidInput(_("The stakeholder group is {length} characters long; at most {limit} are allowed.",
                             length=len(text), limit=MAX_GROUP_NAME))
    if listed:
        found = match_name(text, listed)
        if found is None:
            raise InvalidInput(_("{text} is not one of this server's stakeholder groups: {groups}.",
                                 text=f"`{text[:60]}`", groups=", ".join(listed)))
        return found
    return next((g for g in in_use if fold(g) == fold(text)), text)


@dataclass(frozen=True)
class Declared:
    """A member's self-declaration; None means not stated."""

    region: str | None = None
    developing: bool | None = None
    gender: str | None = None
    youth: bool | None = None
    named: bool = False  # agreed to appear with these values in person-level lists

    @property
    def empty(self) -> bool:
        return self.region is None and self.developing is None and self.gender is None and self.youth is None

    def value(self, dimension: str) -> str:
        """How this member counts under ``dimension`` ("Not stated" when they did not say)."""
        if dimension == REGION:
            return self.region or NOT_STATED
        if dimension == GENDER:
            return self.gender or NOT_STATED
        flag = self.developing if dimension == DEVELOPING else self.youth if dimension == YOUTH else None
        return NOT_STATED if flag is None else YES if flag else NO


def yes_no(value: str | None) -> bool | None:
    """Option values "yes" / "no" / "not stated" (None)."""
    return None if value in (None, "", "not stated") else value == YES


@dataclass(frozen=True)
class Counted:
    """One person's participation over a period, as the dimension tally needs it."""

    user_id: int | None
    attended: int
    apologies: int
    absent: int


class AttendanceRate:
    """A row that counts meetings attended, apologised for and missed; not a dataclass, so it adds no field."""

    attended: int
    apologies: int
    absent: int

    @property
    def rate(self) -> float | None:
        """Share of meetings attended among those counted; None when none were."""
        counted = self.attended + self.apologies + self.absent
        return self.attended / counted if counted else None


@dataclass(frozen=True)
class DimensionRow(AttendanceRate):
    dimension: str
    value: str
    people: int
    attended: int
    apologies: int
    absent: int


def by_dimension(people: Sequence[Counted], declared: Mapping[int, Declared],
                 orders: Mapping[str, Sequence[str]]) -> tuple[DimensionRow, ...]:
    """Participation per value of every dimension. Values follow ``orders`` (e.g. the region list), then any
    other value alphabetically, with "Not stated" last; people without a Discord account count as not stated."""
    rows: list[DimensionRow] = []
    nobody = Declared()
    for dimension in DIMENSIONS:
        tally: dict[str, list[int]] = {}
        for person in people:
            who = declared.get(person.user_id, nobody) if person.user_id is not None else nobody
            counts = tally.setdefault(who.value(dimension), [0, 0, 0, 0])
            counts[0] += 1
            counts[1] += person.attended
            counts[2] += person.apologies
            counts[3] += person.absent
        order = list(orders.get(dimension, ()))
        def key(value: str, order: list[str] = order) -> tuple[int, int, str]:
            known = order.index(value) if value in order else len(order)
            return (value == NOT_STATED, known, fold(value))
        rows += [DimensionRow(dimension, value, *tally[value]) for value in sorted(tally, key=key)]
    return tuple(rows)
