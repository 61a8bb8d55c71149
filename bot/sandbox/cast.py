"""The simulated working group used by the demo, the end-to-end tests and the benchmarks.

Names follow seed 000's participant list (accents included) plus members writing in other scripts, spread
over four time zones (New York, Berlin, Shanghai, São Paulo), with the roles a real multistakeholder group has.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    key: str  # short handle used in tests: cast["lynn"]
    name: str  # Discord display name
    listed: str  # "Last, First", as the secretariat lists people (set with /profile name)
    roles: tuple[str, ...]
    timezone: str
    group: str


CAST: tuple[Person, ...] = (
    Person("lynn", "Lynn St.Amour", "St.Amour, Lynn", ("Chair",), "America/New_York", "Technical community"),
    Person("concettina", "Concettina Cassa", "Cassa, Concettina", ("Member",), "Europe/Berlin", "Government"),
    Person("jutta", "Jutta Croll", "Croll, Jutta", ("Member",), "Europe/Berlin", "Civil society"),
    Person("lianna", "Լիաննա Գալստյան", "Galstyan, Lianna", ("Member",), "Europe/Berlin", "Technical community"),
    Person("danko", "Данко Јевтовић", "Jevtović, Danko", ("Member",), "Europe/Berlin", "Private sector"),
    Person("xiaofeng", "陶小峰", "Tao, Xiaofeng", ("Member",), "Asia/Shanghai", "Academia"),
    Person("pradeep", "Pradeep Balachandran", "Balachandran, Pradeep", ("Observer",), "Asia/Shanghai", "Civil society"),
    Person("antoine", "Antoine Vergne", "Vergne, Antoine", ("Observer",), "Europe/Berlin", "Civil society"),
    Person("flavio", "Flávio Wagner", "Wagner, Flávio", ("Member",), "America/Sao_Paulo", "Civil society"),
    Person("chengetai", "Chengetai Masango", "Masango, Chengetai", ("Secretariat",), "Europe/Berlin", "Secretariat"),
)

ZONES = sorted({p.timezone for p in CAST})


def by_key() -> dict[str, Person]:
    return {p.key: p for p in CAST}


def sandbox_members() -> list[tuple[str, list[str]]]:
    """The cast as `Sandbox(members=...)` wants it."""
    return [(p.name, list(p.roles)) for p in CAST]
