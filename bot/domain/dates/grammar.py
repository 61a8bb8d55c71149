"""The parts of a date phrase convener reads itself, before the written date goes to dateparser.

- a Discord timestamp ``<t:1796137200:F>`` (an exact instant);
- a zone or offset after the time: ``15:00 America/New_York``, ``3pm Geneva``, ``15:00 UTC+2``, ``…T15:00Z``;
- ``in 90 minutes``, ``in 1h30``, ``in 2 weeks``, ``in 3 months``, ``2 weeks ago`` and spans such as ``3d`` or
  ``48h`` (dateparser reads ``in 1h30`` as half past one, and overflows on ``in 99999999 days``);
- spellings dateparser misreads: ``15h`` / ``15h30`` (a time, not fifteen hours), ``2026-12-01 1500``, and
  everyday phrasings of the other UN languages it lacks (see ``idioms``);
- numeric dates that two readers would read differently (``3/12``), refused rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from bot.domain import zones
from bot.domain.dates import idioms
from bot.domain.dates.messages import DateProblem, quote
from bot.domain.dates.spans import SpanTooLong, is_unit_span, parse_span
from bot.errors import InvalidInput

MAX_PHRASE = 100
MAX_OFFSET = timedelta(hours=14)

_DISCORD = re.compile(r"^<t:(-?\d{1,20})(?::([tTdDfFsSR]))?>$")
_SPACES = re.compile(r"\s+")
# An offset or UTC/GMT/Z at the end; a bare "+02:00" counts only right after a time of day (see split_zone).
_OFFSET = re.compile(r"(?:(?<=[\d\s])(?P<z>z)|(?:^|(?<=[\d\s]))(?P<name>utc|gmt)?\s*(?:(?P<sign>[+\-−])\s*"
                     r"(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?)$", re.IGNORECASE)
_ENDS_WITH_TIME = re.compile(r"(\d:\d{2}(:\d{2})?|\d\s*[ap]\.?m\.?|\dh(\d{2})?|noon|midnight)$", re.IGNORECASE)
_IN = re.compile(r"^in\s+(?P<span>.+)$", re.IGNORECASE)
_AGO = re.compile(r"^(?P<span>.+?)\s+ago$", re.IGNORECASE)
_ONE = re.compile(r"^(?:an?|one)\s+", re.IGNORECASE)
_CALENDAR_SPAN = re.compile(r"^(?P<n>\d{1,6}|an?|one)\s*(?P<unit>months?|years?)$", re.IGNORECASE)
_FRENCH_HOUR = re.compile(r"(?<![\w:.])([01]?\d|2[0-3])\s*h(?:([0-5]\d))?(?![\w:])", re.IGNORECASE)
_BARE_HOUR = re.compile(r"^([01]?\d|2[0-3])\s*h(?:([0-5]\d))?$", re.IGNORECASE)
_TRAILING_HHMM = re.compile(r"^(?P<head>.*\S)\s+(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d)$")
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
_SLASHED = re.compile(r"(?<![\d/.\-])(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?(?![\d/])")
_DOTTED = re.compile(r"(?<![\d/.\-])(\d{1,2})\.(\d{1,2})\.(\d{2,4})(?![\d.])")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def clean(text: str) -> str:
    """One line, single spaces, no trailing full stop; refuses empty and over-long phrases."""
    phrase = _SPACES.sub(" ", "".join(ch if ch.isprintable() else " " for ch in text)).strip().rstrip(".,;")
    if not phrase:
        raise DateProblem("empty")
    if len(phrase) > MAX_PHRASE:
        raise DateProblem("too_long", text=quote(phrase))
    return phrase


def read_zone(name: str) -> ZoneInfo:
    """An IANA zone (any case), a city, or a well-known alias (``Europe/Geneva`` → ``Europe/Zurich``)."""
    key = zones.resolve_zone(name)
    if key is not None:
        return ZoneInfo(key)
    raise DateProblem("bad_zone", text=quote(name))


def discord_timestamp(phrase: str) -> datetime | None:
    """The instant of ``<t:…>``, or None when the phrase is not one."""
    match = _DISCORD.match(phrase)
    if not match:
        return None
    try:
        return datetime.fromtimestamp(int(match.group(1)), UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise DateProblem("bad_timestamp", text=quote(phrase)) from exc


def split_zone(phrase: str, default: tzinfo) -> tuple[str, tzinfo]:
    """``(rest, zone)``: a zone or offset typed after the time wins over the member's own zone."""
    offset = _OFFSET.search(phrase)
    if offset and offset.group(0).strip() and offset.start() > 0:
        head = phrase[: offset.start()].rstrip()
        zone = _offset_zone(offset, head, phrase)
        if zone is not None:
            return head, zone
    words = phrase.split(" ")
    for count in (3, 2, 1):
        if len(words) > count and any(ch.isalpha() for ch in words[-1]):
            key = zones.resolve_zone(" ".join(words[-count:]))
            if key is not None:
                return " ".join(words[:-count]), ZoneInfo(key)
    return phrase, default


def _offset_zone(match: re.Match[str], head: str, phrase: str) -> tzinfo | None:
    if match.group("z") or (match.group("name") and not match.group("sign")):
        return UTC
    if not match.group("name") and not _ENDS_WITH_TIME.search(head):
        return None  # "2026-12-01" ends in "-01" too: a bare offset only counts right after a time of day
    hours, minutes = int(match.group("hours")), int(match.group("minutes") or 0)
    span = timedelta(hours=hours, minutes=minutes)
    if minutes > 59 or span > MAX_OFFSET:
        raise DateProblem("bad_offset", text=quote(phrase))
    return timezone(-span if match.group("sign") in "-−" else span)


def relative(phrase: str, now: datetime) -> datetime | None:
    """``in 2 weeks``, ``2 weeks ago``, ``3d``: ``now`` moved by the span (to the minute), else None."""
    sign, span_text = 1, None
    if m := _IN.match(phrase):
        span_text = m.group("span")
    elif m := _AGO.match(phrase):
        sign, span_text = -1, m.group("span")
    elif is_unit_span(phrase) and not _BARE_HOUR.match(phrase):
        span_text = phrase
    if span_text is None:
        return None
    try:
        moved = _move(now, span_text, sign)
    except SpanTooLong as exc:
        raise DateProblem("too_far", text=quote(phrase), years=10) from exc
    except (OverflowError, ValueError) as exc:
        raise DateProblem("too_far", text=quote(phrase), years=10) from exc
    if moved is None:
        return None
    return moved.replace(second=0, microsecond=0)


def _move(now: datetime, span_text: str, sign: int) -> datetime | None:
    if m := _CALENDAR_SPAN.match(span_text.strip()):
        count = int(m.group("n")) if m.group("n").isdecimal() else 1
        months = count * (12 if m.group("unit").casefold().startswith("y") else 1)
        if months > 12 * 20:
            raise SpanTooLong(span_text)
        return now + sign * relativedelta(months=months)
    try:
        return now + sign * parse_span(_ONE.sub("1 ", span_text))
    except SpanTooLong:
        raise
    except InvalidInput:
        return None  # not a span convener reads itself; dateparser may know it ("in a week", other languages)


def normalise(phrase: str) -> str:
    """Rewrite spellings dateparser misreads; refuse numeric dates that are ambiguous."""
    phrase = idioms.respell(phrase)
    _refuse_ambiguous(phrase)
    text = _FRENCH_HOUR.sub(lambda m: f"{int(m.group(1)):02d}:{m.group(2) or '00'}", phrase)
    if m := _TRAILING_HHMM.match(text):
        value = int(m.group("hh") + m.group("mm"))
        if _FOUR_DIGITS.search(m.group("head")) or value < 1970:
            text = f"{m.group('head')} {m.group('hh')}:{m.group('mm')}"
    return text


def _refuse_ambiguous(phrase: str) -> None:
    for pattern in (_SLASHED, _DOTTED):
        for m in pattern.finditer(phrase):
            first, second = int(m.group(1)), int(m.group(2))
            if 1 <= first <= 12 and 1 <= second <= 12 and first != second:
                raise DateProblem("ambiguous", text=quote(phrase), first=f"{first} {_MONTHS[second - 1]}",
                                  second=f"{second} {_MONTHS[first - 1]}")


def has_full_year(phrase: str) -> bool:
    """A year counts only when written with four digits ("Dec 32" is not the year 2032)."""
    return bool(_FOUR_DIGITS.search(phrase))


@dataclass(frozen=True)
class Pieces:
    """A phrase taken apart: the written date for dateparser, the zone it is read in, and what was typed."""

    raw: str  # as typed, without the zone (for spans: "in 2h 30m")
    body: str  # respelled for dateparser ("15h" -> "15:00")
    zone: tzinfo
    says_today: bool


_TODAY = re.compile(r"\btoday\b", re.IGNORECASE)


def pieces(phrase: str, default: tzinfo) -> Pieces:
    body, zone = split_zone(phrase, default)
    return Pieces(body, normalise(body), zone, bool(_TODAY.search(body)))
