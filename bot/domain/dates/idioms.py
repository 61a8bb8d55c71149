"""Everyday phrasings of the UN languages that dateparser does not read, respelled into ones it does.

dateparser reads ``mardi 15:00``, ``martes a las 15:00``, ``вторник в 15:00``, ``周二 10:00``, ``خلال 3 أيام``
and ``غدا الساعة 3 مساء``; members also write:

- ``mardi prochain``, ``el próximo martes``, ``в следующий вторник``, ``الثلاثاء القادم``: the coming weekday, never
  today, as ``next tuesday`` is read in English;
- ``下周二`` (``下星期二``): the Tuesday of next week, which is not always the coming one;
- Chinese clock times: ``下午3点`` (15:00), ``上午10点半`` (10:30), ``晚上8点15分`` (20:15), ``十点`` (10:00),
  and a month and day without a year, ``3月18日``;
- ``بعد 3 أيام`` ("after 3 days", i.e. in 3 days) and Arabic-Indic digits (``٣``);
- ``el martes``, ``يوم الثلاثاء``: a weekday behind an article or "day".

The weekday names come from dateparser's own language data, so only phrases it would read are rewritten.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Week(Enum):
    NEXT = "next"  # the coming weekday, a week on when it is today
    FOLLOWING = "following"  # that weekday in next week (Monday to Sunday)


# Each language's "next <weekday>" (or "<weekday> next"); {day} stands for its weekday names.
_NEXT = {
    "fr": (r"(?:le\s+)?(?P<day>{day})\s+prochain\b", r"(?:le\s+)?prochain\s+(?P<day>{day})"),
    "es": (r"(?:el\s+)?pr[oó]ximo\s+(?P<day>{day})", r"(?:el\s+)?(?P<day>{day})\s+(?:pr[oó]ximo|que\s+viene)\b"),
    "ru": (r"(?:(?:в|во)\s+)?следующ(?:ий|ую|ее|ей|его)\s+(?P<day>{day})",),
    "ar": (r"(?:يوم\s+)?(?P<day>{day})\s+(?:القادم|المقبل)",),
}
_FOLLOWING = {"zh": (r"下(?:个|個)?\s*(?P<day>{day})",)}
# An article or "day" before a weekday, which dateparser does not expect.
_BEFORE_DAY = {"es": r"\bel\s+(?P<day>{day})", "ar": r"يوم\s+(?P<day>{day})"}

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９：", "01234567890123456789" "0123456789:")
_HAN_NUMBER = "[零〇一二两兩三四五六七八九十]{1,3}"
_CHINESE_CLOCK = re.compile(
    r"(?P<part>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚间|夜里|晚)?\s*"
    rf"(?P<hour>\d{{1,2}}|{_HAN_NUMBER})\s*[点點时時]"
    rf"(?:\s*(?:(?P<half>半)|(?P<quarter>一刻|三刻)|(?P<minute>\d{{1,2}}|{_HAN_NUMBER})\s*分?))?")
_AFTERNOON = ("下午", "傍晚", "晚上", "晚间", "夜里", "晚")
_NIGHT = ("晚上", "晚间", "夜里", "晚")
_HAN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
               "八": 8, "九": 9}
# A month and day without a year, "3月18日" (or 号): dateparser reads it only without the final 日.
_CHINESE_MONTH_DAY = re.compile(r"(?<![年\d\s])\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]")
# "بعد" (after) a number or unit of time is "in" that long; dateparser knows the same sense as "خلال".
_ARABIC_AFTER = re.compile(r"^بعد\s+(?=[0-9]|يوم|أيام|ايام|ساع|دقيق|أسبوع|اسبوع|أسابيع|شهر|أشهر)")


def respell(phrase: str) -> str:
    """Digits of any script as ASCII, Chinese clock times as ``HH:MM``, Arabic "after N days" as "in"."""
    text = phrase.translate(_DIGITS)
    text = _CHINESE_MONTH_DAY.sub(r" \1月\2 ", text)
    text = _CHINESE_CLOCK.sub(_clock, text)
    return " ".join(_ARABIC_AFTER.sub("خلال ", text).split())


def _clock(match: re.Match[str]) -> str:
    hour = _number(match.group("hour"))
    if match.group("half"):
        minute: int | None = 30
    elif match.group("quarter"):
        minute = 15 if match.group("quarter") == "一刻" else 45
    else:
        minute = _number(match.group("minute")) if match.group("minute") else 0
    part = match.group("part") or ""
    if hour is None or minute is None or hour > 24 or minute > 59:
        return match.group(0)  # not a time of day: left for dateparser to refuse
    if part in _NIGHT and hour in (0, 12):
        # 晚上12点 is midnight at the end of that day, not noon; a respelling cannot move the day, so it is
        # refused (00:00 of the next day is the way to say it) rather than read twelve hours off.
        return match.group(0)
    if (part in _AFTERNOON and hour < 12) or (part == "中午" and hour < 3):
        hour += 12
    elif part == "凌晨" and hour == 12:
        hour = 0
    return f" {hour % 24:02d}:{minute:02d} "


def _number(text: str) -> int | None:
    """``15``, ``十``, ``十二``, ``二十三``, ``三十``, ``两``."""
    if text.isdecimal():
        return int(text)
    tens, ten, ones = text.partition("十")
    if not ten:
        return _HAN_DIGITS.get(text) if len(text) == 1 else None
    high = _HAN_DIGITS.get(tens, -1) if tens else 1
    low = _HAN_DIGITS.get(ones, -1) if ones else 0
    return high * 10 + low if high >= 0 and low >= 0 else None


@lru_cache(maxsize=16)
def _weekday_names(language: str) -> str | None:
    """dateparser's full weekday names in ``language`` as one alternation (abbreviations such as "ma" left out)."""
    try:
        info = importlib.import_module(f"dateparser.data.date_translation_data.{language}").info
    except ImportError:
        return None
    names = {name for day in WEEKDAYS for name in info.get(day, ()) if len(name) >= 4 or language == "zh"}
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) or None


@lru_cache(maxsize=64)
def _patterns(language: str) -> tuple[tuple[re.Pattern[str], Week | None], ...]:
    names = _weekday_names(language)
    if names is None:
        return ()
    found: list[tuple[re.Pattern[str], Week | None]] = []
    for table, week in ((_NEXT, Week.NEXT), (_FOLLOWING, Week.FOLLOWING)):
        found += [(re.compile(p.format(day=names), re.IGNORECASE), week) for p in table.get(language, ())]
    if language in _BEFORE_DAY:
        found.append((re.compile(_BEFORE_DAY[language].format(day=names), re.IGNORECASE), None))
    return tuple(found)


def weekday_phrase(phrase: str, languages: Sequence[str]) -> tuple[str, Week | None]:
    """``phrase`` with "next <weekday>" (and the like) reduced to the weekday dateparser reads, and which week
    was meant (None: the coming one, as dateparser reads it)."""
    for language in languages:
        for pattern, week in _patterns(language):
            match = pattern.search(phrase)
            if match is not None:
                reduced = f"{phrase[:match.start()]} {match.group('day')} {phrase[match.end():]}"
                return " ".join(reduced.split()), week
    return phrase, None


_UNITS = ("minute", "hour", "day", "week", "month", "year")
_MORE_IN = {"es": ("dentro de",)}
_AFTER = {"zh": ("后", "後", "之后", "以后")}  # Chinese puts "later" after the span: 2周后


@lru_cache(maxsize=16)
def _span_pattern(language: str) -> re.Pattern[str] | None:
    try:
        info = importlib.import_module(f"dateparser.data.date_translation_data.{language}").info
    except ImportError:
        return None
    units = _alternation(name for unit in _UNITS for name in info.get(unit, ()))
    if language in _AFTER:
        return re.compile(rf"\d+\s*(?:{units})\s*(?:{_alternation(_AFTER[language])})", re.IGNORECASE)
    words = _alternation([*info.get("in", ()), *_MORE_IN.get(language, ())])
    return re.compile(rf"(?:{words})\s+\d+\s*(?:{units})", re.IGNORECASE) if words and units else None


def _alternation(names: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


def is_span(phrase: str, languages: Sequence[str]) -> bool:
    """Whether ``phrase`` is only a length of time ahead (``dans 2 semaines``, ``2周后``): like ``in 2 weeks``,
    it means that long from now, to the minute, not a day without a time."""
    return any((pattern := _span_pattern(language)) is not None and pattern.fullmatch(phrase) is not None
               for language in languages if language != "en")


def day_in(week: Week, coming: date, today: date) -> date:
    """The day meant, from the coming one that weekday (today's included) dateparser found."""
    if week is Week.NEXT:
        return coming + timedelta(days=7) if coming == today else coming
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7 + coming.weekday())
