"""Lengths of time as members type them: slot and meeting durations, and the ``in …`` of relative dates."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.domain.dates.messages import quote
from bot.errors import InvalidInput
from bot.i18n import _
from bot.i18n.formatting import format_number

MIN_LENGTH = timedelta(minutes=5)
MAX_LENGTH = timedelta(hours=24)
# Far beyond any date convener accepts (ten years), yet small enough that adding it to a date cannot overflow.
MAX_SPAN = timedelta(days=366 * 20)

_SPAN_TOKEN = re.compile(r"(\d+(?:[.,]\d+)?)\s*(weeks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m)(?![a-z])\s*"
                         r"(?:and\s+)?", re.IGNORECASE)
_HOURS_MINUTES = re.compile(r"^(\d{1,2})\s*h\s*(\d{1,2})$", re.IGNORECASE)  # 1h30
_CLOCK_SPAN = re.compile(r"^(\d{1,2}):(\d{2})$")  # 1:30
_UNIT_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60}


class SpanTooLong(InvalidInput):
    """A span beyond anything convener schedules (dates reading ``in …`` turn it into their own message)."""

    def __init__(self, text: str) -> None:
        super().__init__(_("{text} is far too long a duration.", text=quote(text)))


def parse_span(text: str) -> timedelta:
    """``90m``, ``90 min``, ``1h30``, ``1h 30m``, ``1.5h``, ``1:30``, ``2d``, ``1w 2d``; a bare number is minutes."""
    cleaned = " ".join(text.split()).casefold()
    if not cleaned:
        raise InvalidInput(_("Give a duration such as `90m`, `1h30` or `2d`."))
    try:
        span = _span(cleaned, text)
    except (OverflowError, ValueError) as exc:  # a long run of digits overflows timedelta
        raise SpanTooLong(text) from exc
    if span > MAX_SPAN:
        raise SpanTooLong(text)
    return span


def is_unit_span(text: str) -> bool:
    """Whether ``text`` is a span written with units (``3d``, ``48h``, ``2 weeks``): a deadline typed as a span.

    Clock forms (``1:30``) and bare numbers are left out on purpose: on their own they read as times of day.
    """
    cleaned = " ".join(text.split()).casefold()
    return bool(cleaned) and not cleaned.isdecimal() and not _CLOCK_SPAN.match(cleaned) and _spans_all(cleaned)


def _spans_all(cleaned: str) -> bool:
    if _HOURS_MINUTES.match(cleaned):
        return True
    pos = 0
    for m in _SPAN_TOKEN.finditer(cleaned):
        if m.start() != pos:
            return False
        pos = m.end()
    return pos == len(cleaned) and pos > 0


def _span(cleaned: str, text: str) -> timedelta:
    if cleaned.isdecimal():
        return timedelta(minutes=int(cleaned))
    if m := _HOURS_MINUTES.match(cleaned):
        return timedelta(hours=int(m.group(1)), minutes=int(m.group(2)))
    if m := _CLOCK_SPAN.match(cleaned):
        return timedelta(hours=int(m.group(1)), minutes=int(m.group(2)))
    if not _spans_all(cleaned):
        raise InvalidInput(_("{text} is not a duration; use forms like `90m`, `1h30`, `2h` or `3d`.", text=quote(text)))
    total = 0.0
    for m in _SPAN_TOKEN.finditer(cleaned):
        total += float(m.group(1).replace(",", ".")) * _UNIT_SECONDS[m.group(2)[0]]
    return timedelta(seconds=round(total))


def parse_length(text: str) -> timedelta:
    """A slot length between 5 minutes and 24 hours."""
    length = parse_span(text)
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise InvalidInput(_("{text} is not a usable slot length; use between 5 minutes and 24 hours.",
                             text=quote(text)))
    return length


def parse_minutes(text: str) -> int:
    """A meeting length in whole minutes: ``90`` (minutes), ``90m``, ``1h``, ``1h30m``, ``1.5h``; 5 min to 24 h."""
    span = parse_span(text)
    minutes = int(span.total_seconds() // 60)
    if not MIN_LENGTH <= span <= MAX_LENGTH:
        raise InvalidInput(_("A meeting lasts between 5 minutes and 24 hours; {text} is {minutes} minutes.",
                             text=quote(text), minutes=format_number(minutes)))
    return minutes
