"""Reading the times members type: slot lists, durations and deadlines.

Wall times are read with python-dateutil against an explicit ``default`` and then placed in the poll's zone
with ``zoneinfo``, so DST is honoured: ``2026-03-29 15:00`` in Europe/Geneva is 13:00 UTC (CEST) and
``2026-10-25 15:00`` is 14:00 UTC (CET).

Local times that do not exist (the hour skipped when clocks go forward) are refused with a message. Local times
that occur twice (the hour repeated when clocks go back) take the first occurrence (``fold=0``, i.e. still
summer time); a note says so, and typing an explicit offset or ``UTC`` picks the other one.

Numeric dates are only accepted when they cannot be misread: ``3/12`` could be 3 December or 12 March
depending on the reader, so it is refused in favour of ``2026-12-03`` or ``3 Dec``.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser

from bot.domain import zones
from bot.errors import InvalidInput

MAX_SHOWN_ERRORS = 5
MAX_ENTRY = 80  # characters of a bad entry quoted back in an error
MIN_LENGTH = timedelta(minutes=5)
MAX_LENGTH = timedelta(hours=24)

# Two defaults that differ in every field (both leap years, both months with 31 days): a field that comes out
# the same under both was typed by the member. They are naive on purpose: dateutil fills in wall-clock fields.
_PROBE_A = datetime(2004, 1, 1, 0, 0)  # noqa: DTZ001
_PROBE_B = datetime(2008, 3, 3, 1, 1)  # noqa: DTZ001

_WEEKDAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.IGNORECASE)
_MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}")
_ISO_T = re.compile(r"\d{4}-\d{2}-\d{2}T\d")
_YEAR_FIRST = re.compile(r"^\d{4}(?![-/.:\d])")
_HAS_TIME = re.compile(r"\d:\d|\d\s*[ap]\.?m\b", re.IGNORECASE)
_FOUR_DIGITS = re.compile(r"\b\d{4}\b")
_WEEKDAY_ONLY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$", re.IGNORECASE)
# Range separators: "–", "—", " to ", " until ", " - " and a bare "-" right after a time ("17:30-18:30").
_RANGE_SEP = re.compile(r"\s*(?:[–—]|\bto\b|\buntil\b|\s-\s|(?<=\d:\d\d)-|(?<=[ap]m)-|(?<=\dh)-)\s*",
                        re.IGNORECASE)
_SPAN_TOKEN = re.compile(r"(\d+(?:[.,]\d+)?)\s*(weeks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m)\b\s*", re.IGNORECASE)
_HOURS_MINUTES = re.compile(r"^(\d{1,2})\s*h\s*(\d{1,2})$", re.IGNORECASE)  # 1h30
_CLOCK_SPAN = re.compile(r"^(\d{1,2}):(\d{2})$")  # 1:30
_UNIT_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60}


def resolve_zone(name: str) -> ZoneInfo:
    """An IANA zone (any case), a city, or a well-known alias (``Europe/Geneva`` → ``Europe/Zurich``)."""
    key = zones.resolve_zone(name)
    if key is not None:
        return ZoneInfo(key)
    raise InvalidInput(f"{_quote(name)} is not a time zone; use an IANA name such as `Europe/Zurich` or "
                       "`America/New_York` (start typing a city to get suggestions).")


@dataclass(frozen=True)
class SlotSpec:
    """One parsed slot: aware UTC start and end, and the text it came from."""

    start: datetime
    end: datetime
    source: str


@dataclass
class ParsedSlots:
    slots: list[SlotSpec]
    notes: list[str] = field(default_factory=list)  # e.g. which fold was used on a repeated hour


@dataclass(frozen=True)
class _Point:
    value: datetime  # naive wall time, or aware when the member typed an offset / UTC
    has_date: bool


def _quote(entry: str) -> str:
    text = entry if len(entry) <= MAX_ENTRY else entry[: MAX_ENTRY - 1] + "…"
    return "`" + text.replace("`", "'") + "`"


class _EntryError(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


# -- splitting ------------------------------------------------------------------------------------------------


def split_entries(text: str) -> list[str]:
    """Split a slot list on commas, semicolons and new lines.

    Commas that belong to a date are kept: ``Dec 4, 2026 9am`` and ``Thu, Dec 3 15:00`` stay one entry.
    """
    pieces = [p.strip() for p in re.split(r"[,;\n]", text)]
    merged: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        year_after_month = bool(_YEAR_FIRST.match(piece) and merged and _MONTH_NAME.search(merged[-1])
                                and not _FOUR_DIGITS.search(merged[-1]) and not _HAS_TIME.search(merged[-1]))
        if year_after_month or (merged and _WEEKDAY_ONLY.match(merged[-1])):
            merged[-1] = f"{merged[-1]}, {piece}"
        else:
            merged.append(piece)
    return merged


# -- one point in time ----------------------------------------------------------------------------------------


def _dateutil(text: str, default: datetime, *, dayfirst: bool = False) -> datetime:
    with warnings.catch_warnings():
        warnings.simplefilter("error", dateparser.UnknownTimezoneWarning)
        try:
            return dateparser.parse(text, default=default, dayfirst=dayfirst)
        except dateparser.UnknownTimezoneWarning as exc:
            raise _EntryError("has a time-zone abbreviation I cannot place; use the `timezone` option, "
                              "`UTC` or an offset such as `+02:00`") from exc
        except (ValueError, OverflowError) as exc:
            raise _EntryError("is not a date and time I understand; write e.g. `2026-12-03 15:00`, "
                              "`Dec 4 9am` or `17:30-18:30`") from exc


def _parse_point(text: str, today: date, previous: date | None) -> _Point:
    """Parse one date-time; fields the member left out come from ``previous`` (date) or ``today`` (year)."""
    a = _dateutil(text, _PROBE_A)
    b = _dateutil(text, _PROBE_B)
    if a.hour != b.hour:
        raise _EntryError("has no time of day; add one, e.g. `15:00` or `3pm`")
    if not _ISO_DATE.search(text) and not _MONTH_NAME.search(text) \
            and (a.month == b.month and a.day == b.day) and a.month != a.day:
        flipped = _dateutil(text, _PROBE_A, dayfirst=True)
        if (flipped.month, flipped.day) != (a.month, a.day):
            raise _EntryError(f"has an ambiguous date ({a.day} {a:%b} or {flipped.day} {flipped:%b}?); "
                              "write `YYYY-MM-DD` or a month name")
    has_year, has_month, has_day = a.year == b.year, a.month == b.month, a.day == b.day
    if has_year and not _FOUR_DIGITS.search(text):
        # dateutil reads "Dec 32" as December 2032; a year must be typed in full to count.
        raise _EntryError(f"would be read as the year {a.year}; write the year in full, or check the day")
    minute = a.minute if a.minute == b.minute else 0
    tzinfo = a.tzinfo
    if has_day:
        if has_year:
            day = date(a.year, a.month, a.day)
        else:
            month = a.month if has_month else (previous or today).month
            day = _next_date(month, a.day, today)
    elif _WEEKDAY.search(text):
        # dateutil moves a weekday to its next occurrence on or after the default date.
        day = _dateutil(text, datetime.combine(today, datetime.min.time())).date()
    elif previous is not None:
        day = previous
    else:
        raise _EntryError("has no date; start the list with a date, e.g. `2026-12-03 15:00` (later entries "
                          "with only a time reuse the date before them)")
    if has_day and _WEEKDAY.search(text):
        typed = _WEEKDAY.search(text)
        assert typed is not None
        if typed.group(1).casefold() != f"{day:%a}".casefold():
            raise _EntryError(f"says {typed.group(0)} but {day:%Y-%m-%d} is a {day:%A}")
    value = datetime(day.year, day.month, day.day, a.hour, minute, a.second, tzinfo=tzinfo)
    return _Point(value, has_date=has_day or bool(_WEEKDAY.search(text)))


def _next_date(month: int, day: int, today: date) -> date:
    """The date with this month and day on or after ``today`` (a year is assumed to be the coming one)."""
    for year in (today.year, today.year + 1, today.year + 4):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    raise _EntryError(f"has a day that does not exist ({day} of month {month})")


def localize(wall: datetime, zone: ZoneInfo, notes: list[str] | None = None) -> datetime:
    """Attach ``zone`` to a naive wall time and return UTC; refuses times the clocks skip."""
    if wall.tzinfo is not None:
        try:
            return wall.astimezone(UTC)
        except ValueError as exc:  # dateutil accepts "+99:99"; datetime does not
            raise _EntryError("has a UTC offset that does not exist (offsets are under 24 hours)") from exc
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None, fold=0)
    if back != wall:
        raise _EntryError(f"does not exist in {zone.key}: the clocks skip that hour on {wall:%Y-%m-%d} "
                          "(daylight saving starts); pick another time")
    if first.utcoffset() != second.utcoffset() and notes is not None:
        notes.append(f"{wall:%Y-%m-%d %H:%M} happens twice in {zone.key} (clocks go back); the first one "
                     f"({first.tzname()}) was used — add `UTC` or an offset to pick the other")
    return first.astimezone(UTC)


# -- lists of slots -------------------------------------------------------------------------------------------


def _split_range(entry: str) -> tuple[str, str | None]:
    if _ISO_T.search(entry):
        # "2026-12-03T15:00-05:00" is an offset, not a range; only spaced separators count here.
        candidates = [m for m in _RANGE_SEP.finditer(entry) if m.group(0).strip() in {"–", "—", "to", "until"}
                      or " - " in m.group(0)]
    else:
        candidates = list(_RANGE_SEP.finditer(entry))
    if not candidates:
        return entry, None
    sep = candidates[-1]
    return entry[: sep.start()].strip(), entry[sep.end():].strip()


def _parse_entry(entry: str, zone: ZoneInfo, today: date, previous: date | None, length: timedelta,
                 notes: list[str]) -> tuple[SlotSpec, date]:
    start_text, end_text = _split_range(entry)
    if not start_text or end_text == "":
        raise _EntryError("is an incomplete range; write e.g. `2026-12-03 17:30-18:30`")
    start_point = _parse_point(start_text, today, previous)
    start = localize(start_point.value, zone, notes)
    start_day = start_point.value.date()
    if end_text is None:
        return SlotSpec(start, start + length, entry), start_day
    end_point = _parse_point(end_text, today, start_day)
    end_wall = end_point.value
    if end_wall.tzinfo is None and start_point.value.tzinfo is not None:
        end_wall = end_wall.replace(tzinfo=start_point.value.tzinfo)
    end = localize(end_wall, zone, notes)
    if end <= start:
        raise _EntryError("ends before it starts; for a slot past midnight write the end date too, "
                          "e.g. `2026-12-03 23:00 - 2026-12-04 00:30`")
    if end - start > MAX_LENGTH:
        raise _EntryError("is longer than 24 hours")
    return SlotSpec(start, end, entry), start_day


def parse_slots(text: str, zone: ZoneInfo, now: datetime, length: timedelta, *, max_slots: int,
                existing: tuple[datetime, ...] = ()) -> ParsedSlots:
    """Parse a slot list; every problem is collected and reported together, naming the bad entries.

    ``existing`` are the starts of slots the poll already has (for duplicate checks when adding).
    """
    entries = split_entries(text)
    if not entries:
        raise InvalidInput("No slots given. List them separated by commas, semicolons or new lines, "
                           "e.g. `2026-12-03 15:00, 2026-12-03 17:30-18:30, Dec 4 9am`.")
    if len(entries) + len(existing) > max_slots:
        total = len(entries) + len(existing)
        raise InvalidInput(f"That makes {total:,} slots; a poll can have at most {max_slots:,}.")
    today = now.astimezone(zone).date()
    notes: list[str] = []
    errors: list[str] = []
    slots: list[SlotSpec] = []
    seen: dict[datetime, str] = {start: "a slot the poll already has" for start in existing}
    previous: date | None = None
    for entry in entries:
        try:
            spec, previous = _parse_entry(entry, zone, today, previous, length, notes)
        except _EntryError as exc:
            errors.append(f"{_quote(entry)} {exc.problem}")
            continue
        if spec.start <= now:
            errors.append(f"{_quote(entry)} is in the past ({spec.start:%Y-%m-%d %H:%M} UTC)")
        elif spec.start in seen:
            errors.append(f"{_quote(entry)} duplicates {seen[spec.start]}")
        else:
            seen[spec.start] = _quote(entry)
            slots.append(spec)
    if errors:
        shown = "\n".join(f"• {e}" for e in errors[:MAX_SHOWN_ERRORS])
        more = f"\n… and {len(errors) - MAX_SHOWN_ERRORS} more." if len(errors) > MAX_SHOWN_ERRORS else ""
        raise InvalidInput(f"{len(errors)} of {len(entries)} slots could not be used (times read in "
                           f"{zone.key}):\n{shown}{more}")
    slots.sort(key=lambda s: s.start)
    return ParsedSlots(slots, notes)


# -- durations and deadlines ----------------------------------------------------------------------------------


def parse_span(text: str) -> timedelta:
    """``90m``, ``90 min``, ``1h30``, ``1h 30m``, ``1.5h``, ``1:30``, ``2d``, ``1w 2d``; a bare number is minutes."""
    cleaned = text.strip().casefold()
    if not cleaned:
        raise InvalidInput("Give a duration such as `90m`, `1h30` or `2d`.")
    try:
        return _span(cleaned, text)
    except (OverflowError, ValueError) as exc:  # a long run of digits overflows timedelta
        raise InvalidInput(f"{_quote(text)} is far too long a duration.") from exc


def _span(cleaned: str, text: str) -> timedelta:
    if cleaned.isdecimal():
        return timedelta(minutes=int(cleaned))
    if m := _HOURS_MINUTES.match(cleaned):
        return timedelta(hours=int(m.group(1)), minutes=int(m.group(2)))
    if m := _CLOCK_SPAN.match(cleaned):
        return timedelta(hours=int(m.group(1)), minutes=int(m.group(2)))
    total = 0.0
    pos = 0
    for m in _SPAN_TOKEN.finditer(cleaned):
        if m.start() != pos:
            break
        total += float(m.group(1).replace(",", ".")) * _UNIT_SECONDS[m.group(2)[0]]
        pos = m.end()
    if pos != len(cleaned) or pos == 0:
        raise InvalidInput(f"{_quote(text)} is not a duration; use forms like `90m`, `1h30`, `2h` or `3d`.")
    return timedelta(seconds=round(total))


def parse_length(text: str) -> timedelta:
    """A slot length between 5 minutes and 24 hours."""
    length = parse_span(text)
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise InvalidInput(f"{_quote(text)} is not a usable slot length; use between 5 minutes and 24 hours.")
    return length


def parse_deadline(text: str, zone: ZoneInfo, now: datetime) -> datetime:
    """A deadline, either in a while (``3d``, ``48h``) or at a date-time read in ``zone``; must be ahead."""
    cleaned = text.strip()
    if cleaned.casefold().startswith("in "):
        cleaned = cleaned[3:]
    try:
        span = parse_span(cleaned)
    except InvalidInput:
        span = None
    if span is not None and not cleaned.isdigit():
        deadline = now + span
    else:
        today = now.astimezone(zone).date()
        try:
            point = _parse_point(cleaned, today, None)
            deadline = localize(point.value, zone)
        except _EntryError as exc:
            raise InvalidInput(f"The deadline {_quote(text)} {exc.problem}. A span such as `3d` also works.") from exc
    if deadline <= now:
        raise InvalidInput(f"The deadline {_quote(text)} is in the past.")
    return deadline
