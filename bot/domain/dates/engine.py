"""The grammar of written dates, borrowed from dateparser, and what can be learnt from it without guessing.

dateparser reads dates in some two hundred languages (among them the six UN languages) but fills in whatever
the member left out — the year, the time of day, even the day — from its base date, silently. To tell what was
typed, each phrase is read twice, against two probe bases that differ in every field (both leap years, different
months, days and minutes): a field that comes out the same under both was typed. The probes use
``current_period`` so that a time of day is never pushed to the next day; only a phrase that moves with the
base (``tomorrow``, ``next tuesday``, ``in 3 days``) is then read against the real ``now``.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import Enum
from functools import lru_cache
from typing import Any

import dateparser

log = logging.getLogger(__name__)

# Naive on purpose: dateparser fills in wall-clock fields, zones are attached afterwards.
_PROBE_A = datetime(2004, 1, 1, 0, 0)  # noqa: DTZ001
_PROBE_B = datetime(2008, 3, 3, 0, 1)  # noqa: DTZ001
_CACHE = 4096
_NEAR_PROBE_A = range(_PROBE_A.year - 1, _PROBE_A.year + 2)
# One phrase at a time through dateparser: slot lists are read in a worker thread while the event loop may read
# a single phrase, and dateparser does not promise to be thread-safe.
_LOCK = threading.Lock()
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$", re.ASCII)
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?$", re.ASCII | re.IGNORECASE)


class Kind(Enum):
    ABSOLUTE = "absolute"  # a full date with its year
    YEARLESS = "yearless"  # day and month without a year
    TODAY = "today"  # only a time of day (or "today"): the day is the base's
    RELATIVE = "relative"  # moves with the base: tomorrow, next tuesday, in 3 days


@dataclass(frozen=True)
class Understood:
    kind: Kind
    wall: datetime  # naive wall-clock reading; for YEARLESS the year is meaningless
    clock: bool  # a time of day was typed (15:00, 3pm, noon)
    instant: bool  # a relative instant such as "in 90 minutes": the whole of ``wall`` counts
    zoned: bool  # the grammar found a zone of its own (an abbreviation such as EST)


@dataclass(frozen=True)
class _Probe:
    wall: datetime
    period: str
    zoned: bool


def _read(text: str, languages: tuple[str, ...], base: datetime, prefer: str) -> _Probe | None:
    settings: dict[str, Any] = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True,
                                "PREFER_DAY_OF_MONTH": "first"}
    try:
        with _LOCK:
            data = dateparser.DateDataParser(languages=list(languages), settings=settings).get_date_data(text)
    except Exception:
        log.debug("dateparser failed on %r", text, exc_info=True)
        return None
    found = data.date_obj
    if found is None:
        return None
    return _Probe(found.replace(tzinfo=None), data.period or "day", found.tzinfo is not None)


@lru_cache(maxsize=_CACHE)
def _probes(text: str, languages: tuple[str, ...]) -> tuple[_Probe, _Probe] | None:
    a = _read(text, languages, _PROBE_A, "current_period")
    if a is None:
        return None
    if a.wall.year not in _NEAR_PROBE_A and str(a.wall.year) in text:
        return a, a  # the year is written out: nothing was taken from the base, so one reading is enough
    b = _read(text, languages, _PROBE_B, "current_period")
    return (a, b) if b is not None else None


@lru_cache(maxsize=_CACHE)
def _against(text: str, languages: tuple[str, ...], base: datetime, prefer: str) -> _Probe | None:
    return _read(text, languages, base, prefer)


def _fast(text: str, base: datetime) -> Understood | None:
    """ISO dates and bare times of day, the bulk of long slot lists, without the general grammar's cost."""
    if m := _ISO.match(text):
        year, month, day, hour, minute, second = (int(g) if g else 0 for g in m.groups())
        try:
            wall = datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 - wall-clock reading
        except ValueError:
            return None
        return Understood(Kind.ABSOLUTE, wall, m.group(4) is not None, False, False)
    if m := _CLOCK.match(text):
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        meridiem = (m.group(3) or "").casefold()
        if meridiem:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if meridiem == "p" else 0)
        elif m.group(2) is None or hour > 23:
            return None
        return Understood(Kind.TODAY, datetime.combine(base.date(), time(hour, minute)), True, False, False)
    return None


def understand(text: str, base: datetime, languages: Sequence[str], *, prefer: str = "future") -> Understood | None:
    """Read ``text`` against the naive wall-clock ``base`` (now, in the zone the phrase is read in)."""
    fast = _fast(text, base)
    if fast is not None:
        return fast
    langs = tuple(languages)
    probes = _probes(text, langs)
    if probes is None:
        return None
    a, b = probes
    clock = a.period == "time" and b.period == "time" and a.wall.time() == b.wall.time()
    instant = a.period == "time" and not clock
    zoned = a.zoned or b.zoned
    if a.wall.date() == b.wall.date():
        return Understood(Kind.ABSOLUTE, a.wall, clock, False, zoned)
    if (a.wall.month, a.wall.day) == (b.wall.month, b.wall.day):
        return Understood(Kind.YEARLESS, a.wall, clock, False, zoned)
    if a.wall.year == b.wall.year:
        return None  # a year but no clear day: "Dec 32" is read as December 2032, with the day made up
    if a.wall.date() == _PROBE_A.date() and b.wall.date() == _PROBE_B.date() and not instant:
        return Understood(Kind.TODAY, datetime.combine(base.date(), a.wall.time()), clock, False, zoned)
    moved = _against(text, langs, base, prefer)
    if moved is None:
        return None
    wall = moved.wall
    if prefer == "future" and wall.date() == base.date() + timedelta(days=7):
        wall = _this_week(text, langs, base, wall, clock)
    if clock:
        wall = datetime.combine(wall.date(), a.wall.time())
    return Understood(Kind.RELATIVE, wall, clock, instant, zoned or moved.zoned)


def _this_week(text: str, langs: tuple[str, ...], base: datetime, wall: datetime, clock: bool) -> datetime:
    """A weekday named on that very weekday ("wednesday 11:00" on a Wednesday morning) means today while that
    time is still ahead; dateparser always moves it a week on."""
    current = _against(text, langs, base, "current_period")
    if current is None or current.wall.date() != base.date():
        return wall
    if clock and current.wall <= base:
        return wall
    return current.wall


def warm_up(languages: Sequence[str]) -> None:
    """Load dateparser's language data now (a few hundred milliseconds) rather than in a member's first command."""
    _read("tomorrow 15:00", tuple(languages), _PROBE_A, "future")
