"""From a phrase to an instant or a day: years, days and times the member left out, zones, DST, limits.

Rules (the same for every command):
- a date without a year is this year's while it is still ahead; once it has passed, the next one is taken only
  when it is at most ``NEXT_OCCURRENCE`` away, and the reply says so; otherwise it is refused, asking for the
  year. Commands about the past (reports) take the nearest occurrence, and say so when it is another year's;
- a time of day alone is today's, or tomorrow's once it has passed today (said explicitly); a weekday is the
  coming one (today's while its time is still ahead);
- local times skipped by a DST change are refused, repeated ones take the first occurrence (said explicitly);
- everything lies between 1970 and ``MAX_YEARS_AHEAD`` years from now; instants in the past are refused where
  a command looks ahead, naming the instant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from bot.domain.dates import engine, grammar, idioms
from bot.domain.dates.engine import Kind
from bot.domain.dates.messages import DateProblem, note, quote

DEFAULT_LANGUAGES: tuple[str, ...] = ("en",)
NEXT_OCCURRENCE = timedelta(days=183)
MAX_YEARS_AHEAD = 10
EARLIEST_YEAR = 1970
END_OF_DAY = time(23, 59)

Direction = Literal["future", "nearest"]
DateOnly = Literal["refuse", "end_of_day", "start_of_day"]

_WEEKDAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """An instant a member typed: ``at`` is aware UTC; ``notes`` say what was assumed."""

    at: datetime
    source: str
    zone: tzinfo  # the member's, or the one the phrase named ("15:00 America/New_York")
    has_time: bool = True
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DayReading:
    """A calendar day a member typed, in their zone."""

    day: date
    source: str
    notes: tuple[str, ...] = ()


@dataclass
class _Partial:
    """A phrase on its way to an answer: an exact instant, or a wall-clock day and maybe a time in ``zone``."""

    phrase: str
    zone: tzinfo
    at: datetime | None = None
    day: date | None = None
    clock: time | None = None
    notes: list[str] = field(default_factory=list)


def stamp(moment: datetime, style: str = "F") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def stamp_day(day: date) -> str:
    """A calendar day as a Discord date (``<t:…:D>``): noon UTC shows the same day from UTC-11 to UTC+12."""
    return stamp(datetime.combine(day, time(12), tzinfo=UTC), "D")


def written(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def read_moment(text: str, *, now: datetime, zone: tzinfo, languages: Sequence[str] = DEFAULT_LANGUAGES,
                day: date | None = None, date_only: DateOnly = "refuse", future: bool = True) -> Reading:
    """An instant typed by a member; the phrase is read in ``zone`` unless it names its own.

    ``day``: the day a bare time of day falls on (a slot list's previous date). ``date_only``: what a phrase
    without a time of day means (refused, or the end or start of that day). ``future``: refuse the past.
    """
    partial = _read_partial(text, now, zone, languages, day=day, direction="future" if future else "nearest")
    if partial.at is None:
        assert partial.day is not None
        clock = partial.clock
        if clock is None:
            if date_only == "refuse":
                raise DateProblem("no_time", text=quote(partial.phrase))
            clock = END_OF_DAY if date_only == "end_of_day" else time(0)
        partial.at = _localize(partial, datetime.combine(partial.day, clock))
    _check_limits(partial.phrase, partial.at, now)
    if future and partial.at <= now:
        raise DateProblem("past", text=quote(partial.phrase), when=stamp(partial.at))
    return Reading(partial.at, partial.phrase, partial.zone, partial.clock is not None or partial.day is None,
                   tuple(partial.notes))


def read_day(text: str, *, now: datetime, zone: tzinfo, languages: Sequence[str] = DEFAULT_LANGUAGES,
             direction: Direction = "future") -> DayReading:
    """A calendar day typed by a member (a time of day, if given, only picks the day in the phrase's zone)."""
    try:
        partial = _read_partial(text, now, zone, languages, day=None, direction=direction)
    except DateProblem as exc:
        if exc.key != "unknown":
            raise
        raise DateProblem("unknown_day", text=quote(grammar.clean(text))) from exc
    if partial.at is not None:
        partial.day = partial.at.astimezone(partial.zone).date()
    assert partial.day is not None
    moment = datetime.combine(partial.day, time(12), tzinfo=UTC)
    _check_limits(partial.phrase, moment, now)
    today = now.astimezone(partial.zone).date()
    if direction == "future" and partial.day < today:
        raise DateProblem("past_day", text=quote(partial.phrase), when=written(partial.day), today=written(today))
    return DayReading(partial.day, partial.phrase, tuple(partial.notes))


def _read_partial(text: str, now: datetime, zone: tzinfo, languages: Sequence[str], *, day: date | None,
                  direction: Direction) -> _Partial:
    phrase = grammar.clean(text)
    exact = grammar.discord_timestamp(phrase)
    if exact is not None:
        _check_limits(phrase, exact, now)
        return _Partial(phrase, zone, at=exact)
    parts = grammar.pieces(phrase, zone)
    partial = _Partial(phrase, parts.zone)
    moved = grammar.relative(parts.raw, now)
    if moved is not None:
        partial.at = moved
        return partial
    local_now = now.astimezone(parts.zone).replace(tzinfo=None)
    prefer = "future" if direction == "future" else "past"
    body, week = idioms.weekday_phrase(parts.body, languages)
    found = engine.understand(body, local_now, languages, prefer=prefer)
    if found is None:
        key = "bad_span" if parts.raw.casefold().startswith("in ") else "unknown"
        raise DateProblem(key, text=quote(phrase))
    if found.zoned:
        raise DateProblem("abbreviation", text=quote(phrase))
    if found.instant:
        partial.at = _localize(partial, found.wall.replace(second=0, microsecond=0))
        return partial
    if found.kind is Kind.RELATIVE and not found.clock and idioms.is_span(body, languages):
        # "dans 2 semaines" is that long from now, as "in 2 weeks" is (see grammar.relative).
        partial.at = (now + (found.wall - local_now)).replace(second=0, microsecond=0)
        _check_limits(phrase, partial.at, now)
        return partial
    partial.clock = found.wall.time() if found.clock else None
    partial.day = _day_of(found, partial, local_now, day=day, says_today=parts.says_today, direction=direction)
    if week is not None and found.kind is Kind.RELATIVE:  # "mardi prochain", "下周二": which week is meant
        partial.day = idioms.day_in(week, partial.day, local_now.date())
    if found.kind in (Kind.ABSOLUTE, Kind.YEARLESS):
        _check_weekday(partial, partial.day)
    return partial


def _day_of(found: engine.Understood, partial: _Partial, local_now: datetime, *, day: date | None, says_today: bool,
            direction: Direction) -> date:
    if found.kind is Kind.ABSOLUTE:
        if not grammar.has_full_year(partial.phrase):
            raise DateProblem("short_year", text=quote(partial.phrase), year=found.wall.year)
        return found.wall.date()
    if found.kind is Kind.YEARLESS:
        return _pick_year(found.wall.month, found.wall.day, partial, local_now, direction)
    if found.kind is Kind.TODAY:
        if day is not None:
            return day
        today = local_now.date()
        late = partial.clock is not None and datetime.combine(today, partial.clock) <= local_now
        if late and direction == "future" and not says_today:
            tomorrow = today + timedelta(days=1)
            partial.notes.append(note("tomorrow", text=quote(partial.phrase), when=_shown(partial, tomorrow)))
            return tomorrow
        return today
    return found.wall.date()


def _pick_year(month: int, day_number: int, partial: _Partial, local_now: datetime, direction: Direction) -> date:
    today = local_now.date()
    candidates = []
    for year in range(today.year - 4, today.year + 5):
        try:
            candidates.append(date(year, month, day_number))
        except ValueError:
            continue  # 29 February
    if direction == "nearest":
        chosen = min(candidates, key=lambda d: (abs((d - today).days), d))
        if chosen.year != today.year:
            partial.notes.append(note("nearest_year", text=quote(partial.phrase), when=_shown(partial, chosen)))
        return chosen

    def ahead(candidate: date) -> bool:
        if partial.clock is None:
            return candidate >= today
        return datetime.combine(candidate, partial.clock) > local_now

    chosen = next(d for d in candidates if ahead(d))
    if chosen.year == today.year:
        return chosen
    passed = max(d for d in candidates if not ahead(d))
    if chosen - today > NEXT_OCCURRENCE:
        example = f"{chosen.day} {chosen:%b %Y}" + (f" {partial.clock:%H:%M}" if partial.clock else "")
        raise DateProblem("year_passed", text=quote(partial.phrase), when=_shown(partial, passed), example=example)
    partial.notes.append(note("next_year", text=quote(partial.phrase), when=_shown(partial, chosen)))
    return chosen


def _shown(partial: _Partial, day: date) -> str:
    """A day as the member should see it: a Discord timestamp when a time was typed, else written out."""
    if partial.clock is None:
        return written(day)
    try:
        return stamp(_localize(_Partial(partial.phrase, partial.zone), datetime.combine(day, partial.clock)))
    except DateProblem:
        return f"{written(day)} {partial.clock:%H:%M}"


def _check_weekday(partial: _Partial, day: date) -> None:
    """"Fri Dec 3 2026" names a weekday the date does not fall on: one of the two is a typo (dateparser drops
    the weekday silently)."""
    typed = _WEEKDAY.search(partial.phrase)
    if typed is not None and typed.group(1).casefold() != f"{day:%a}".casefold():
        raise DateProblem("weekday_mismatch", text=quote(partial.phrase), typed=typed.group(0), day=written(day),
                          weekday=f"{day:%A}")


def _localize(partial: _Partial, wall: datetime) -> datetime:
    """Wall-clock time in the reading's zone -> aware UTC; refuses times the clocks skip."""
    if not EARLIEST_YEAR <= wall.year <= 9000:
        raise DateProblem("too_early" if wall.year < EARLIEST_YEAR else "too_far", text=quote(partial.phrase),
                          years=MAX_YEARS_AHEAD)
    zone = partial.zone
    first = wall.replace(tzinfo=zone, fold=0)
    if not isinstance(zone, ZoneInfo):
        return first.astimezone(UTC)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        raise DateProblem("skipped_hour", text=quote(partial.phrase), zone=zone.key, day=written(wall.date()))
    if first.utcoffset() != second.utcoffset():
        partial.notes.append(note("repeated_hour", text=quote(partial.phrase), zone=zone.key,
                                abbreviation=first.tzname()))
    return first.astimezone(UTC)


def _check_limits(phrase: str, moment: datetime, now: datetime) -> None:
    if moment.year < EARLIEST_YEAR:
        raise DateProblem("too_early", text=quote(phrase))
    if moment > now + relativedelta(years=MAX_YEARS_AHEAD):
        raise DateProblem("too_far", text=quote(phrase), years=MAX_YEARS_AHEAD)
