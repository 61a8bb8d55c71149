"""Numbers, dates and lists the way each language writes them (CLDR data through Babel).

English keeps convener's own British-style forms ("18 March 2027", "Tue 01 Dec 15:00"); the other
languages use CLDR's ("18 mars 2027", "18 de marzo de 2027", "2027年3月18日"). Clocks are 24-hour except
in Arabic, whose readers expect "3:00 م".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers

from bot.i18n import _, current
from bot.i18n.numbers import BABEL_LOCALES, Number


def babel_locale(language: str | None = None) -> str:
    return BABEL_LOCALES.get(language or current(), "en_GB")


def format_number(value: float, language: str | None = None) -> Number:
    """1234 -> "1,234" (en), "1 234" (fr), "1.234" (es), "1 234" (ru), "1,234" (zh), "1,234" (ar).

    Passed to ``_`` as a placeholder, it is written again in whatever language the message is shown in.
    """
    return Number(value, language or current())


def format_percent(share: float, language: str | None = None) -> str:
    return babel_numbers.format_percent(share, locale=babel_locale(language))


def format_day(day: date, language: str | None = None) -> str:
    """A calendar day in full: "18 March 2027", "18 mars 2027", "18 марта 2027 г.", "2027年3月18日"."""
    lang = language or current()
    if lang == "en":
        return f"{day.day} {day:%B %Y}"
    return babel_dates.format_date(day, "long", locale=babel_locale(lang))


def format_weekday_day(day: date, language: str | None = None) -> str:
    """With the weekday: "Thursday, 18 March 2027", "jeudi 18 mars 2027", "2027年3月18日星期四"."""
    return babel_dates.format_date(day, "full", locale=babel_locale(language))


def format_time(moment: datetime, language: str | None = None) -> str:
    """A wall-clock time in the moment's own zone: "15:00" (Arabic: "3:00 م")."""
    lang = language or current()
    if lang == "en":
        return f"{moment:%H:%M}"
    skeleton = "hm" if lang == "ar" else "Hm"
    return babel_dates.format_skeleton(skeleton, moment, locale=babel_locale(lang))


def format_datetime(moment: datetime, language: str | None = None) -> str:
    """Day and time in the moment's own zone: "mardi 18 mars 2027 à 15:00", "Tuesday, 18 March 2027 at 15:00"."""
    lang = language or current()
    return _("{date} at {time}", date=format_weekday_day(moment.date(), lang), time=format_time(moment, lang))


def format_short_slot(moment: datetime, language: str | None = None) -> str:
    """A compact day and time for lists and pictures: "Tue 01 Dec 15:00", "mar. 1 déc. 15:00"."""
    return _day_then_time(moment, language, "%a %d %b %H:%M", "MMMEd")


def format_weekday_time(moment: datetime, language: str | None = None) -> str:
    """A short weekday and time: "Tue 15:00", "mar. 15:00", "周二 15:00"."""
    return _day_then_time(moment, language, "%a %H:%M", "EEE")


def _day_then_time(moment: datetime, language: str | None, english: str, skeleton: str) -> str:
    """English keeps its fixed strftime form; other languages get the locale's day skeleton and 24-hour time."""
    lang = language or current()
    if lang == "en":
        return moment.strftime(english)
    day = babel_dates.format_skeleton(skeleton, moment, locale=babel_locale(lang))
    return f"{day} {format_time(moment, lang)}"


def format_list(items: Iterable[str], language: str | None = None) -> str:
    """"a, b and c" / "a, b et c" / "a, b y c" / "a, b и c" / "a、b和c" / "a وb وc"."""
    values = list(items)
    if not values:
        return ""
    return babel_lists.format_list(values, locale=babel_locale(language))
