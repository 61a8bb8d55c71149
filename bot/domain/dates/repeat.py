"""Repeat phrases as people write them -> an RFC 5545 RRULE body (``FREQ=MONTHLY;BYDAY=1MO``).

The phrase is taken apart into a frequency (``weekly``, ``quarterly``, ``every 2 weeks``, ``every other month``),
weekdays (``on tue and thu``, ``every tuesday``), a numbered weekday (``first monday of the month``, ``the last
friday of every quarter``), a day of the month (``on the 15th``) and an end (``until 30 June 2027`` — any date the
date language reads — or ``for 10 meetings``). Words that only glue these together (``on``, ``the``, ``of``,
``each``) are allowed; anything else is refused with the accepted forms. An iCalendar rule
(``RRULE:FREQ=WEEKLY;BYDAY=TU``) is checked part by part by ``recurrence``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from bot.domain import recurrence
from bot.domain.dates.messages import quote
from bot.domain.dates.reading import DEFAULT_LANGUAGES, read_day
from bot.errors import InvalidInput
from bot.i18n import _

ACCEPTED_FORMS = (
    "`daily`, `weekdays`, `weekly`, `every tuesday`, `weekly on tue, thu`, `every 2 weeks`, `every other week`, "
    "`monthly`, `first monday of the month`, `monthly on the last friday`, `monthly on the 15th`, `quarterly`, "
    "`every 3 months on the second monday`, `yearly`, optionally followed by `until 30 June 2027` or "
    "`for 10 meetings`, or an iCalendar rule such as `RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`"
)
MAX_INTERVAL = recurrence.MAX_INTERVAL
MAX_COUNT = recurrence.MAX_COUNT

_DAYS = {"monday": "MO", "mon": "MO", "tuesday": "TU", "tues": "TU", "tue": "TU", "wednesday": "WE", "weds": "WE",
         "wed": "WE", "thursday": "TH", "thurs": "TH", "thur": "TH", "thu": "TH", "friday": "FR", "fri": "FR",
         "saturday": "SA", "sat": "SA", "sunday": "SU", "sun": "SU"}
_DAY_WORD = "|".join(sorted(_DAYS, key=len, reverse=True))
_DAY = rf"(?P<day>{_DAY_WORD})s?\b"
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "fifth": 5, "5th": 5, "last": -1}
_UNITS = {"day": ("DAILY", 1), "week": ("WEEKLY", 1), "fortnight": ("WEEKLY", 2), "month": ("MONTHLY", 1),
          "quarter": ("MONTHLY", 3), "year": ("YEARLY", 1)}
_ADVERBS = {"daily": ("DAILY", 1), "weekly": ("WEEKLY", 1), "biweekly": ("WEEKLY", 2),
            "fortnightly": ("WEEKLY", 2), "monthly": ("MONTHLY", 1), "bimonthly": ("MONTHLY", 2),
            "quarterly": ("MONTHLY", 3), "semiannually": ("MONTHLY", 6), "semi-annually": ("MONTHLY", 6),
            "half-yearly": ("MONTHLY", 6), "yearly": ("YEARLY", 1), "annually": ("YEARLY", 1)}
_FILLER = {"on", "the", "of", "every", "each", "and", "a", "in", "month", "week", "at", "repeat", "repeats",
           "repeating", "recurring", ","}

_UNTIL = re.compile(r"^(?P<head>.*?),?\s+(?:until|till|through|ending|ends|to)\s+(?P<until>.+)$")
_COUNT = re.compile(r"^(?P<head>.*?),?\s+(?:for\s+)?(?P<count>\d{1,6})\s*(?:meetings?|times|occurrences?|sessions?)$")
_EVERY = re.compile(r"\b(?:every|each)\s+(?:(?P<n>\d{1,6})|other)?\s*(?P<unit>day|week|fortnight|month|quarter|year)"
                    r"s?\b")
_WEEKDAYS = re.compile(r"\b(?:every\s+(?:working\s+|week)day|weekdays|working\s+days)\b")
_ORDINAL = re.compile(r"\b(?P<n>first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\s+" + _DAY)
_LAST_DAY = re.compile(r"\blast\s+day\b")
_MONTH_DAY = re.compile(rf"\b(?P<n>\d{{1,2}})(?:st|nd|rd|th)\b(?!\s*(?:{_DAY_WORD}))")
_WEEKDAY = re.compile(r"\b" + _DAY)
_OTHER = re.compile(r"\bevery\s+other\b")


def _bad(text: str, why: str = "") -> InvalidInput:
    if why:
        return InvalidInput(_("{text} is not a repeat form I understand ({reason}). Accepted forms: {forms}.",
                              text=quote(text), reason=why, forms=ACCEPTED_FORMS))
    return InvalidInput(_("{text} is not a repeat form I understand. Accepted forms: {forms}.", text=quote(text),
                          forms=ACCEPTED_FORMS))


def read_repeat(text: str, *, zone: str, now: datetime, languages: Sequence[str] = DEFAULT_LANGUAGES) -> str:
    """A repeat phrase (plain words or an RRULE) -> a canonical RRULE body, e.g. ``FREQ=WEEKLY;INTERVAL=2``."""
    original = text.strip()
    cleaned = " ".join(original.casefold().split())
    if not cleaned:
        raise _bad(original, _("it is empty"))
    tz = ZoneInfo(zone)
    try:
        if cleaned.startswith(("rrule:", "freq=")):
            parts = recurrence.parse_parts(cleaned.removeprefix("rrule:"), tz)
        else:
            spaced = " ".join(cleaned.replace(",", " , ").split()).replace(" ,", ",")
            parts = _plain(spaced, original, tz, now, languages)
            recurrence.check_feasible(parts)
        body = recurrence.serialise(parts)
        recurrence.check_expands(body, tz)
    except recurrence.RuleProblem as exc:
        raise _bad(original, exc.message) from exc
    return body


def _plain(cleaned: str, original: str, tz: ZoneInfo, now: datetime, languages: Sequence[str]) -> dict[str, str]:
    end: dict[str, str] = {}
    if m := _COUNT.match(cleaned):
        cleaned, end["COUNT"] = m.group("head"), str(int(m.group("count")))
        if not 1 <= int(end["COUNT"]) <= MAX_COUNT:
            raise _bad(original, _("the number of meetings must be between 1 and {top}", top=MAX_COUNT))
    elif m := _UNTIL.match(cleaned):
        cleaned = m.group("head")
        try:
            last = read_day(m.group("until"), now=now, zone=tz, languages=languages).day
        except InvalidInput as exc:
            raise _bad(original, exc.message.rstrip(".")) from exc
        moment = datetime.combine(last, time(23, 59, 59), tzinfo=tz)
        end["UNTIL"] = moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return _head(cleaned.strip(" ,"), original) | end


def _take(pattern: re.Pattern[str], text: str) -> tuple[re.Match[str] | None, str]:
    match = pattern.search(text)
    if match is None:
        return None, text
    return match, f"{text[: match.start()]} {text[match.end():]}"


def _head(text: str, original: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    weekdays, text = _take(_WEEKDAYS, text)
    other, _rest = _take(_OTHER, text)
    freq: tuple[str, int] | None = None
    every, text = _take(_EVERY, text)
    if every:
        unit_freq, unit_step = _UNITS[every.group("unit")]
        step = 2 if every.group("n") is None and other else int(every.group("n") or 1)
        freq = (unit_freq, unit_step * step)
    for word, value in _ADVERBS.items():
        found, text = _take(re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])"), text)
        if found:
            if freq:
                raise _bad(original, _("it gives two frequencies"))
            freq = value
    if weekdays:
        parts["BYDAY"] = "MO,TU,WE,TH,FR"
        freq = freq or ("DAILY", 1)
    numbered, text = _take(_ORDINAL, text)
    if numbered:
        parts["BYDAY"] = f"{_ORDINALS[numbered.group('n')]}{_DAYS[numbered.group('day')]}"
    last_day, text = _take(_LAST_DAY, text)
    month_day, text = (None, text) if last_day else _take(_MONTH_DAY, text)
    if last_day or month_day:
        parts["BYMONTHDAY"] = "-1" if last_day else str(int(month_day.group("n") if month_day else 0))
    plain_days = [_DAYS[m.group("day")] for m in _WEEKDAY.finditer(text)]
    text = _WEEKDAY.sub(" ", text)
    if plain_days:
        if "BYDAY" in parts:
            raise _bad(original, _("give either weekdays or a numbered weekday such as `first monday`"))
        parts["BYDAY"] = ",".join(dict.fromkeys(plain_days))
    leftover = [w for w in re.split(r"[\s,]+", _OTHER.sub(" ", text)) if w and w not in _FILLER]
    if leftover:
        raise _bad(original, _("{text} is not part of a repeat form", text=quote(leftover[0][:20])))
    return _with_frequency(parts, freq, bool(other) and not every, original)


def _with_frequency(parts: dict[str, str], freq: tuple[str, int] | None, every_other: bool,
                    original: str) -> dict[str, str]:
    numbered = "BYDAY" in parts and parts["BYDAY"][0] in "-12345"
    if freq is None:
        if numbered or "BYMONTHDAY" in parts:
            freq = ("MONTHLY", 1)
        elif "BYDAY" in parts:
            freq = ("WEEKLY", 2 if every_other else 1)
        else:
            raise _bad(original)
    name, interval = freq
    if not 1 <= interval <= MAX_INTERVAL:
        raise _bad(original, _("the interval must be between 1 and {top}", top=MAX_INTERVAL))
    if numbered and name not in ("MONTHLY", "YEARLY"):
        raise _bad(original, _("a numbered weekday such as `first monday` goes with monthly, quarterly or yearly"))
    if "BYMONTHDAY" in parts and (name != "MONTHLY" or "BYDAY" in parts):
        raise _bad(original, _("a day of the month such as `the 15th` goes with monthly or quarterly"))
    if "BYDAY" in parts and not numbered and name not in ("WEEKLY", "DAILY"):
        raise _bad(original, _("plain weekdays go with weekly; for months say e.g. `first tuesday`"))
    if name == "DAILY" and "BYDAY" in parts and parts["BYDAY"] != "MO,TU,WE,TH,FR":
        raise _bad(original, _("use `weekly on …` for chosen weekdays"))
    head = {"FREQ": name}
    if interval != 1:
        head["INTERVAL"] = str(interval)
    return head | parts
