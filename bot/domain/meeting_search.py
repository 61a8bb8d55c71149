"""What someone typing into a meeting picker may mean: words of the title, the meeting's number or id, or
its date ("2026-11-23", "23 Nov", "Nov 2026", "2026").

Every term of the query must match; a term matches a meeting whose title contains it as typed, or, when
it reads as a number, whose number or id it is, or, when it reads as a date, which starts on that day,
month or year. Dates are UTC days, as the pickers' labels show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

MAX_QUERY = 100  # Discord sends what was typed; nobody types a longer meeting name
MAX_TERMS = 6
YEARS_BACK, YEARS_AHEAD = 15, 5  # "23 Nov" without a year: any such day in this window around now

_MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), 1) for name in names}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>\d{4})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DATES = [re.compile(rf"(?<!\d){pattern}(?!\w)", re.IGNORECASE) for pattern in (
    r"(?P<year>\d{4})[-/.](?P<mon>\d{1,2})(?:[-/.](?P<day>\d{1,2}))?",
    rf"{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?",
    rf"{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?",
    rf"{_MONTH}\s+{_YEAR}",
)]

Span = tuple[datetime, datetime]  # [start, end) in UTC


@dataclass(frozen=True)
class Term:
    text: str  # matched against the title, case-insensitively
    number: int | None = None  # the meeting's number in its series, or its id
    spans: tuple[Span, ...] = ()  # the meeting starts within one of these


@dataclass(frozen=True)
class MeetingQuery:
    terms: tuple[Term, ...]


def _utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _end_of_year(year: int) -> datetime:
    return _utc(date(year + 1, 1, 1)) if year < 9999 else datetime.max.replace(tzinfo=UTC)


def _span(year: int, month: int, day: int | None) -> Span | None:
    try:
        first = date(year, month, day or 1)
    except ValueError:
        return None
    if day is not None:
        return _utc(first), _utc(first) + timedelta(days=1) if first < date.max else _end_of_year(year)
    return _utc(first), _utc(date(year, month + 1, 1)) if month < 12 else _end_of_year(year)


def _date_spans(match: re.Match[str], now: datetime) -> tuple[Span, ...]:
    parts = match.groupdict()
    month = int(parts["mon"]) if parts.get("mon") else _MONTHS[parts["month"].casefold()]
    day = int(parts["day"]) if parts.get("day") else None
    years = [int(parts["year"])] if parts.get("year") else range(now.year - YEARS_BACK, now.year + YEARS_AHEAD + 1)
    return tuple(span for year in years if 1 <= year <= 9999 and (span := _span(year, month, day)))


def _word(word: str) -> Term:
    digits = word.lstrip("#")
    if not (digits.isascii() and digits.isdecimal()):
        return Term(word)
    number = int(digits) if len(digits) <= 19 else None
    if number is None or number >= 2**63:  # no id is that large (64-bit columns)
        return Term(digits)
    year = (_utc(date(number, 1, 1)), _end_of_year(number)) if len(digits) == 4 and number >= 1 else None
    return Term(digits, number, (year,) if year else ())


def parse_query(text: str, now: datetime) -> MeetingQuery:
    """The terms of what was typed; an empty query (every meeting) when nothing was."""
    rest = " ".join(text[:MAX_QUERY].split())
    terms: list[Term] = []
    for pattern in _DATES:
        while (match := pattern.search(rest)) and len(terms) < MAX_TERMS:
            spans = _date_spans(match, now)
            terms.append(Term(match.group(0), spans=spans))
            rest = f"{rest[:match.start()]} {rest[match.end():]}"
    terms += [_word(word) for word in rest.split() if word.strip("#")]
    return MeetingQuery(tuple(terms[:MAX_TERMS]))
