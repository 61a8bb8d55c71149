"""Parsing the times members type for meetings and reminders, in their own time zone.

Accepted (case-insensitive): ``2026-12-01 15:00`` (also with ``T``, seconds, or a trailing ``UTC``/``Z``/
``+01:00``), ``1 Dec 2026 15:00``, ``December 1 15:00``, ``today 15:00``, ``tomorrow 3pm``, ``tue 15:00``,
a Discord timestamp ``<t:1796137200:F>``, and — where a relative time makes sense — ``in 2h 30m``.
Times of day: ``15:00``, ``1500``, ``3pm``, ``3:30 pm``. Gaps at DST changes are refused, overlaps take the
first (earlier) instant.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.errors import InvalidInput

FORMS = ("`2026-12-01 15:00`, `1 Dec 2026 15:00`, `Dec 1 15:00`, `today 15:00`, `tomorrow 3pm`, `tue 15:00` "
         "or a Discord timestamp `<t:1796137200:F>`")
RELATIVE_FORMS = "`in 2h`, `in 1d 4h`, `in 90m`"
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
MONTHS = {name: i for i, full in enumerate(_MONTH_NAMES, start=1) for name in (full, full[:3])} | {"sept": 9}
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS = {name: i for i, full in enumerate(_DAY_NAMES) for name in (full, full[:3])} | {
    "tues": 1, "weds": 2, "thur": 3, "thurs": 3}

_DISCORD = re.compile(r"^<t:(-?\d{1,12})(?::[tTdDfFsSR])?>$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t\s]+(.+))?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:,?\s+(\d{4}))?,?(?:\s+(?:at\s+)?(.+))?$")
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?,?(?:\s+(?:at\s+)?(.+))?$")
_NAMED_DAY = re.compile(r"^(today|tomorrow|[a-z]+)(?:\s+(?:at\s+)?(.+))?$")
_TIME = re.compile(r"^(\d{1,2})(?::?(\d{2}))?(?::(\d{2}))?\s*(am|pm)?$")
_ZONE_SUFFIX = re.compile(r"\s*(?:(utc|gmt|z)|(utc|gmt)?\s*([+-])(\d{1,2}):?(\d{2})?)$")
_ENDS_WITH_TIME = re.compile(r"(\d:\d{2}(?::\d{2})?|am|pm)$")
_RELATIVE = re.compile(r"^in\s+(?:(\d+)\s*d(?:ays?)?)?\s*(?:(\d+)\s*h(?:ours?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?$")
_DURATION = re.compile(r"^(?:(\d+)\s*h(?:ours?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?$")


def _bad(text: str, why: str, relative: bool = False) -> InvalidInput:
    forms = FORMS + (f", or relative: {RELATIVE_FORMS}" if relative else "")
    return InvalidInput(f"`{text[:60]}` is not a time I understand ({why}). Use {forms}.")


def parse_time_of_day(text: str, original: str) -> time:
    match = _TIME.match(text.strip())
    if not match:
        raise _bad(original, f"`{text[:20]}` is not a time of day such as 15:00 or 3pm")
    hour, minute, second = int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
    meridiem = match.group(4)
    if meridiem:
        if not 1 <= hour <= 12:
            raise _bad(original, "with am/pm the hour must be 1 to 12")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif match.group(2) is None and len(match.group(1)) < 3 and not text.strip().isdecimal():
        raise _bad(original, "give minutes too, e.g. 15:00")
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        raise _bad(original, f"`{text[:20]}` is not a valid time of day")
    return time(hour, minute, second)


def _split_time(rest: str, original: str) -> time:
    # "1500" arrives as one group; a bare hour like "15" is too ambiguous to accept.
    stripped = rest.strip()
    if re.fullmatch(r"\d{3,4}", stripped):
        stripped = f"{stripped[:-2]}:{stripped[-2:]}"
    elif re.fullmatch(r"\d{1,2}", stripped):
        raise _bad(original, "give minutes too, e.g. 15:00")
    return parse_time_of_day(stripped, original)


def localize(naive: datetime, zone: ZoneInfo, original: str) -> datetime:
    """Wall-clock time in ``zone`` -> aware UTC; refuses times skipped by a DST change."""
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise _bad(original, f"{naive:%Y-%m-%d %H:%M} does not exist in {zone.key}: the clocks skip it")
    return aware.astimezone(UTC)


def _month(word: str, original: str) -> int:
    if word not in MONTHS:
        raise _bad(original, f"`{word[:20]}` is not a month")
    return MONTHS[word]


def _date(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise _bad(original, f"{year}-{month:02d}-{day:02d} is not a date") from exc


def _next_year_date(month: int, day: int, at: time, zone: ZoneInfo, now: datetime, original: str) -> datetime:
    today = now.astimezone(zone).date()
    for year in (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # 29 February
        moment = localize(datetime.combine(candidate, at), zone, original)
        if moment > now:
            return moment
    raise _bad(original, f"{month:02d}-{day:02d} is not a date")


def _with_zone(text: str) -> tuple[str, ZoneInfo | timedelta | None]:
    match = _ZONE_SUFFIX.search(text)
    if not match or match.start() == 0:
        return text, None
    head = text[: match.start()]
    if match.group(1):
        return head, ZoneInfo("UTC")
    # "2026-12-01" ends in "-01" too: a bare offset only counts right after a time of day.
    if not match.group(2) and not _ENDS_WITH_TIME.search(head.rstrip()):
        return text, None
    hours, minutes = int(match.group(4)), int(match.group(5) or 0)
    if hours > 14 or minutes > 59:
        return text, None
    sign = 1 if match.group(3) == "+" else -1
    return head, sign * timedelta(hours=hours, minutes=minutes)


def parse_when(text: str, zone: str, now: datetime, *, allow_relative: bool = False) -> datetime:
    """A typed time -> aware UTC datetime. Local forms are read in ``zone``. Raises InvalidInput."""
    original = text.strip()
    cleaned = " ".join(original.lower().replace(",", ", ").split()).replace(" ,", ",")
    if not cleaned:
        raise _bad(original, "it is empty", allow_relative)
    discord = _DISCORD.match(original)
    if discord:
        try:
            return datetime.fromtimestamp(int(discord.group(1)), UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise _bad(original, "the timestamp is out of range", allow_relative) from exc
    if cleaned.startswith("in "):
        if not allow_relative:
            raise _bad(original, "a relative time is not accepted here")
        match = _RELATIVE.match(cleaned)
        if not match or not any(match.groups()):
            raise _bad(original, "relative times look like `in 2h 30m`", True)
        days, hours, minutes = (int(g or 0) for g in match.groups())
        return now + timedelta(days=days, hours=hours, minutes=minutes)
    body, explicit = _with_zone(cleaned)
    tz = ZoneInfo(zone) if not isinstance(explicit, ZoneInfo) else explicit
    moment = _parse_local(body.strip(), tz, now, original)
    if isinstance(explicit, timedelta):
        # A fixed offset such as +02:00: the wall-clock time is read at that offset, not in the member's zone.
        wall = moment.astimezone(tz).replace(tzinfo=None)
        return (wall - explicit).replace(tzinfo=UTC)
    return moment


def _parse_local(body: str, tz: ZoneInfo, now: datetime, original: str) -> datetime:
    iso = _ISO.match(body)
    if iso:
        day = _date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), original)
        if iso.group(4) is None:
            raise _bad(original, "add a time of day, e.g. 2026-12-01 15:00")
        return localize(datetime.combine(day, _split_time(iso.group(4), original)), tz, original)
    for pattern, day_first in ((_DAY_MONTH, True), (_MONTH_DAY, False)):
        match = pattern.match(body)
        if not match:
            continue
        day_text, month_text = (match.group(1), match.group(2)) if day_first else (match.group(2), match.group(1))
        if not month_text.isalpha() or month_text in ("today", "tomorrow") or month_text in WEEKDAYS:
            continue
        month, day_number = _month(month_text, original), int(day_text)
        if match.group(4) is None:
            raise _bad(original, "add a time of day, e.g. 1 Dec 2026 15:00")
        at = _split_time(match.group(4), original)
        if match.group(3):
            day = _date(int(match.group(3)), month, day_number, original)
            return localize(datetime.combine(day, at), tz, original)
        _date(2024, month, day_number, original)  # leap year: accepts 29 Feb, refuses 31 Apr
        return _next_year_date(month, day_number, at, tz, now, original)
    named = _NAMED_DAY.match(body)
    if named and (named.group(1) in ("today", "tomorrow") or named.group(1) in WEEKDAYS):
        word, rest = named.group(1), named.group(2)
        if rest is None:
            raise _bad(original, "add a time of day, e.g. tomorrow 15:00")
        at = _split_time(rest, original)
        today = now.astimezone(tz).date()
        if word == "today":
            return localize(datetime.combine(today, at), tz, original)
        if word == "tomorrow":
            return localize(datetime.combine(today + timedelta(days=1), at), tz, original)
        for ahead in range(8):
            day = today + timedelta(days=ahead)
            if day.weekday() == WEEKDAYS[word]:
                moment = localize(datetime.combine(day, at), tz, original)
                if moment > now:
                    return moment
    raise _bad(original, "the date part was not recognised")


def parse_minutes(text: str) -> int:
    """A meeting length: ``90`` (minutes), ``90m``, ``1h``, ``1h30m``, ``1 h 30 min``. Raises InvalidInput."""
    cleaned = " ".join(text.lower().split())
    if cleaned.isdecimal():
        minutes = int(cleaned)
    else:
        match = _DURATION.match(cleaned)
        if not cleaned or not match or not any(match.groups()):
            raise InvalidInput(f"`{text[:40]}` is not a duration. Use minutes (`90`) or forms like `1h`, `1h30m`.")
        minutes = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    if not 5 <= minutes <= 24 * 60:
        raise InvalidInput(f"A meeting lasts between 5 minutes and 24 hours; `{text[:40]}` is {minutes} minutes.")
    return minutes
