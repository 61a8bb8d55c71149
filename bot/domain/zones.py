"""Time-zone names as people type them: IANA names in any case, bare city names, and a few well-known
cities that IANA files under another name (Geneva keeps Zurich's rules)."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

# UN working groups often think in "Geneva time", but the IANA zone for Switzerland is Europe/Zurich.
ALIASES = {
    "europe/geneva": "Europe/Zurich",
    "geneva": "Europe/Zurich",
    "europe/bern": "Europe/Zurich",
    "asia/mumbai": "Asia/Kolkata",
    "asia/new_delhi": "Asia/Kolkata",
    "asia/beijing": "Asia/Shanghai",
    "america/washington": "America/New_York",
    "america/san_francisco": "America/Los_Angeles",
    "new york": "America/New_York",
    "washington": "America/New_York",
    "san francisco": "America/Los_Angeles",
    "beijing": "Asia/Shanghai",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "utc": "UTC",
    "gmt": "UTC",
    "z": "UTC",
}


@cache
def zone_names() -> tuple[str, ...]:
    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


@cache
def _index() -> tuple[dict[str, str], dict[str, list[str]]]:
    exact = {z.casefold(): z for z in zone_names()}
    cities: dict[str, list[str]] = {}
    for z in zone_names():
        city = z.rsplit("/", 1)[-1].replace("_", " ").casefold()
        cities.setdefault(city, []).append(z)
    return exact, cities


def resolve_zone(text: str) -> str | None:
    """The IANA zone meant by ``text`` ("europe/berlin", "Tokyo", "Geneva"), or None."""
    key = " ".join(text.strip().split()).casefold()
    if not key:
        return None
    exact, cities = _index()
    if key.replace(" ", "_") in exact:
        return exact[key.replace(" ", "_")]
    if key in ALIASES or key.replace(" ", "_") in ALIASES:
        return ALIASES.get(key) or ALIASES[key.replace(" ", "_")]
    matches = cities.get(key, [])
    return matches[0] if len(matches) == 1 else None


def suggest_zones(text: str, limit: int = 25) -> list[str]:
    """Zones for an autocomplete: cities starting with the text first, then any containing it."""
    needle = text.strip().casefold().replace(" ", "_")
    resolved = resolve_zone(text)
    if not needle:
        return list(zone_names()[:limit])
    found = [z for z in zone_names() if needle in z.casefold()]
    found.sort(key=lambda z: (not z.rsplit("/", 1)[-1].casefold().startswith(needle), z))
    if resolved and resolved not in found:
        found.insert(0, resolved)
    return found[:limit]
