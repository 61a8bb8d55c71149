"""Drafting groups: a named sub-group with members and an optional balance rule by stakeholder group.

A rule such as "5 Government, 5 non-Government" is a list of quotas. The balance holds when every member can
be given a seat of a quota their stakeholder group fits (each member one seat) so that every seat is taken and
nobody is left over. Seats are assigned by bipartite matching, so overlapping quotas ("2 Civil society,
3 non-Government") are judged fairly whatever order members were added in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.names import fold
from bot.errors import InvalidInput
from bot.i18n import N_, _

MAX_QUOTAS = 10
MAX_SEATS = 100
MAX_NAME = 80

_TERM = re.compile(r"^(\d{1,3})\s*(?:x|×)?\s+(non[-\s]?|not\s+|other than\s+)?(.+)$", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|\+|;|\band\b)\s*", re.IGNORECASE)
RULE_HELP = N_("Write it like `5 Government, 5 non-Government` or `2 Civil society + 2 Private sector + 1 Academia`.")


class GroupStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


@dataclass(frozen=True)
class GroupInfo:
    id: int
    guild_id: int
    name: str
    rule: str | None
    thread_id: int | None
    status: GroupStatus
    members: tuple[int, ...]

    @property
    def active(self) -> bool:
        return self.status is GroupStatus.ACTIVE


@dataclass(frozen=True)
class Quota:
    count: int
    groups: tuple[str, ...]  # stakeholder groups (canonical names) the quota is for…
    negate: bool = False  # …or, when negated, every stated group but these

    def fits(self, group: str | None) -> bool:
        if group is None:
            return False
        inside = fold(group) in {fold(g) for g in self.groups}
        return inside != self.negate

    def label(self) -> str:
        names = " or ".join(self.groups)
        return f"non-{names}" if self.negate else names


@dataclass(frozen=True)
class Rule:
    quotas: tuple[Quota, ...]

    @property
    def seats(self) -> int:
        return sum(q.count for q in self.quotas)

    def text(self) -> str:
        return ", ".join(f"{q.count} {q.label()}" for q in self.quotas)


def parse_rule(text: str, resolve: Callable[[str], str]) -> Rule:
    """A balance rule; ``resolve`` turns a typed group name into the canonical one (or raises InvalidInput)."""
    terms = [t for t in _SPLIT.split(" ".join(text.split())) if t]
    if not terms:
        raise InvalidInput(_("The balance rule is empty. {help}", help=_(RULE_HELP)))
    if len(terms) > MAX_QUOTAS:
        raise InvalidInput(_("A balance rule has at most {limit} parts.", limit=MAX_QUOTAS))
    quotas = []
    for term in terms:
        match = _TERM.match(term)
        if match is None:
            raise InvalidInput(_("{text} is not a part of a balance rule. {help}", text=f"`{term[:40]}`",
                                   help=_(RULE_HELP)))
        count = int(match.group(1))
        if count < 1:
            raise InvalidInput(_("{text}: each part needs at least 1 seat.", text=f"`{term[:40]}`"))
        names = [n for n in re.split(r"\s*(?:/|\bor\b)\s*", match.group(3)) if n]
        quotas.append(Quota(count, tuple(dict.fromkeys(resolve(n) for n in names)), bool(match.group(2))))
    rule = Rule(tuple(quotas))
    if rule.seats > MAX_SEATS:
        raise InvalidInput(_("The rule asks for {seats} seats; a drafting group has at most {limit}.", seats=rule.seats,
                             limit=MAX_SEATS))
    return rule


@dataclass(frozen=True)
class Seat:
    user_id: int
    group: str | None


@dataclass(frozen=True)
class Shortfall:
    quota: Quota
    filled: int

    @property
    def missing(self) -> int:
        return self.quota.count - self.filled


@dataclass(frozen=True)
class Balance:
    rule: Rule
    shortfalls: tuple[Shortfall, ...]  # quotas not filled, with how many seats are missing
    surplus: tuple[Seat, ...]  # members no free seat fits (beyond what the rule asks for)
    unstated: tuple[Seat, ...]  # members without a stakeholder group: they cannot be counted

    @property
    def holds(self) -> bool:
        return not self.shortfalls and not self.surplus and not self.unstated


def check_balance(rule: Rule, members: Sequence[Seat]) -> Balance:
    """Seat as many members as possible (maximum bipartite matching); report unfilled quotas and leftovers."""
    seats = [i for i, q in enumerate(rule.quotas) for _ in range(q.count)]
    holder: dict[int, int] = {}  # seat index -> member index

    def place(member: int, seen: set[int]) -> bool:
        for seat, quota in enumerate(seats):
            if seat in seen or not rule.quotas[quota].fits(members[member].group):
                continue
            seen.add(seat)
            if seat not in holder or place(holder[seat], seen):
                holder[seat] = member
                return True
        return False

    stated = [i for i, m in enumerate(members) if m.group is not None]
    for member in stated:
        place(member, set())
    placed = set(holder.values())
    filled = [sum(1 for seat in holder if seats[seat] == q) for q in range(len(rule.quotas))]
    shortfalls = tuple(Shortfall(q, n) for q, n in zip(rule.quotas, filled, strict=True) if n < q.count)
    surplus = tuple(members[i] for i in stated if i not in placed)
    unstated = tuple(m for m in members if m.group is None)
    return Balance(rule, shortfalls, surplus, unstated)


def clean_group_name(text: str) -> str:
    name = " ".join("".join(ch for ch in text if ch.isprintable()).split())
    if not name:
        raise InvalidInput(_("The drafting group needs a name."))
    if len(name) > MAX_NAME:
        raise InvalidInput(_("The name is {length} characters long; at most {limit} are allowed.", length=len(name),
                             limit=MAX_NAME))
    return name


_MENTION = re.compile(r"<@!?(\d{15,21})>")


def mentioned_ids(text: str) -> list[int]:
    """Member ids from mentions typed in one option ("<@123> <@456>"), in order, without repeats."""
    return list(dict.fromkeys(int(m) for m in _MENTION.findall(text)))
