"""Dates typed in the six UN languages (bot.domain.dates with its idioms): a fixed `now`, the member's zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.dates import DateProblem, read_day, read_moment
from bot.domain.dates.idioms import respell, weekday_phrase
from bot.domain.dates.messages import DAY_EXAMPLES, EXAMPLES, MESSAGES
from bot.i18n import _, using

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 23 November 2026, 10:00 in Paris
PARIS = ZoneInfo("Europe/Paris")


def local(text: str, language: str, now: datetime = NOW, zone: ZoneInfo = PARIS) -> str:
    reading = read_moment(text, now=now, zone=zone, languages=(language, "en"))
    return reading.at.astimezone(zone).strftime("%a %Y-%m-%d %H:%M")


# phrase, the member's language, what it means in Paris (on Monday 23 November 2026, 10:00)
TABLE = [
    # the phrases of issue 15; "next tuesday" is the coming Tuesday, as convener reads it in English
    ("mardi prochain 15h", "fr", "Tue 2026-11-24 15:00"),
    ("dans 3 jours à 10h", "fr", "Thu 2026-11-26 10:00"),
    ("el próximo martes a las 15:00", "es", "Tue 2026-11-24 15:00"),
    ("завтра в 15:00", "ru", "Tue 2026-11-24 15:00"),
    ("через 3 дня в 10:00", "ru", "Thu 2026-11-26 10:00"),
    ("明天下午3点", "zh", "Tue 2026-11-24 15:00"),
    ("下周二上午10点", "zh", "Tue 2026-12-01 10:00"),  # Tuesday of next week, not tomorrow
    ("غدا الساعة 3 مساء", "ar", "Tue 2026-11-24 15:00"),
    # "next <weekday>" in each language: never today
    ("lundi prochain 10h", "fr", "Mon 2026-11-30 10:00"),
    ("prochain mardi à 15h", "fr", "Tue 2026-11-24 15:00"),
    ("le mercredi prochain à 9h30", "fr", "Wed 2026-11-25 09:30"),
    ("el lunes próximo a las 9:30", "es", "Mon 2026-11-30 09:30"),
    ("martes que viene a las 10:00", "es", "Tue 2026-11-24 10:00"),
    ("el martes a las 15:00", "es", "Tue 2026-11-24 15:00"),
    ("в следующую среду в 10:00", "ru", "Wed 2026-11-25 10:00"),
    ("следующий понедельник в 10:00", "ru", "Mon 2026-11-30 10:00"),
    ("الأربعاء المقبل الساعة 10 صباحا", "ar", "Wed 2026-11-25 10:00"),
    ("الثلاثاء القادم الساعة 15:00", "ar", "Tue 2026-11-24 15:00"),
    ("يوم الثلاثاء الساعة 15:00", "ar", "Tue 2026-11-24 15:00"),
    ("下星期五下午2点半", "zh", "Fri 2026-12-04 14:30"),
    ("下周一上午9点", "zh", "Mon 2026-11-30 09:00"),
    # Chinese clock times, Arabic "after N days" and Arabic-Indic digits
    ("明天上午十点一刻", "zh", "Tue 2026-11-24 10:15"),
    ("明天晚上8点15分", "zh", "Tue 2026-11-24 20:15"),
    ("后天晚上8点半", "zh", "Wed 2026-11-25 20:30"),
    ("明天中午12点", "zh", "Tue 2026-11-24 12:00"),
    ("周三下午三点", "zh", "Wed 2026-11-25 15:00"),
    ("3天后上午10点", "zh", "Thu 2026-11-26 10:00"),
    ("بعد 3 أيام الساعة 10 صباحا", "ar", "Thu 2026-11-26 10:00"),
    ("بعد يومين الساعة 10:00", "ar", "Wed 2026-11-25 10:00"),
    ("غدا الساعة ٣ مساء", "ar", "Tue 2026-11-24 15:00"),
    # what dateparser already read stays as it was
    ("demain 15:00", "fr", "Tue 2026-11-24 15:00"),
    ("mañana a las 15:00", "es", "Tue 2026-11-24 15:00"),
    ("明天 15:00", "zh", "Tue 2026-11-24 15:00"),
    ("next monday 10:00", "en", "Mon 2026-11-30 10:00"),
]


@pytest.mark.parametrize(("text", "language", "expected"), TABLE)
def test_phrases_in_the_members_language(text: str, language: str, expected: str) -> None:
    assert local(text, language) == expected


@pytest.mark.parametrize("text", ["明天晚上12点", "明天夜里12点", "明天晚上0点", "下周二晚上12点半", "明天晚上十二点"])
def test_twelve_at_night_is_not_read_as_noon(text: str) -> None:
    # Midnight at the end of that day, which a respelling cannot say: refused, never read twelve hours early.
    with pytest.raises(DateProblem):
        read_moment(text, now=NOW, zone=PARIS, languages=("zh",))
    assert local("明天中午12点", "zh") == "Tue 2026-11-24 12:00"
    assert local("明天晚上11点", "zh") == "Tue 2026-11-24 23:00"


def test_the_members_zone_places_the_phrase() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")  # 18:00 on Monday there
    assert local("明天下午3点", "zh", zone=tokyo) == "Tue 2026-11-24 15:00"
    assert read_moment("明天下午3点", now=NOW, zone=tokyo, languages=("zh",)).at == datetime(2026, 11, 24, 6, 0,
                                                                                                  tzinfo=UTC)


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("mardi prochain", "fr", date(2026, 11, 24)), ("lundi prochain", "fr", date(2026, 11, 30)),
    ("下周二", "zh", date(2026, 12, 1)), ("الثلاثاء القادم", "ar", date(2026, 11, 24)),
    ("в следующий понедельник", "ru", date(2026, 11, 30)), ("el próximo viernes", "es", date(2026, 11, 27)),
])
def test_days_in_the_members_language(text: str, language: str, expected: date) -> None:
    assert read_day(text, now=NOW, zone=PARIS, languages=(language,)).day == expected


def test_next_weekday_said_on_that_weekday_is_a_week_on() -> None:
    tuesday = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # 08:00 in Paris: 15:00 is still ahead today
    assert local("mardi 15h", "fr", now=tuesday) == "Tue 2026-11-24 15:00"
    assert local("mardi prochain 15h", "fr", now=tuesday) == "Tue 2026-12-01 15:00"
    assert local("下周二上午10点", "zh", now=tuesday) == "Tue 2026-12-01 10:00"
    sunday = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    assert local("下周一上午9点", "zh", now=sunday) == "Mon 2026-11-30 09:00"  # next week starts tomorrow


def test_not_rewritten_when_it_is_not_a_weekday_or_not_the_members_language() -> None:
    assert weekday_phrase("la semaine prochaine", ("fr",)) == ("la semaine prochaine", None)
    assert local("la semaine prochaine à 10h", "fr") == "Mon 2026-11-30 10:00"
    assert weekday_phrase("mardi prochain", ("en",)) == ("mardi prochain", None)
    with pytest.raises(DateProblem):
        read_moment("mardi prochain 15h", now=NOW, zone=PARIS)  # an English reader's dates are English
    assert respell("2026-12-03 15:00") == "2026-12-03 15:00"
    assert respell("明天25点") == "明天25点"  # not a time of day: dateparser refuses it
    with pytest.raises(DateProblem):
        read_moment("明天25点", now=NOW, zone=PARIS, languages=("zh",))


FRENCH_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
CHINESE_DAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
nows = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2034, 12, 1), timezones=st.just(UTC))


@settings(max_examples=150, deadline=None)
@given(now=nows, weekday=st.integers(0, 6), hour=st.integers(8, 20))
def test_next_weekday_is_one_to_seven_days_ahead_and_next_week_is_next_week(now: datetime, weekday: int,
                                                                            hour: int) -> None:
    today = now.astimezone(PARIS).date()
    french = read_moment(f"{FRENCH_DAYS[weekday]} prochain {hour}h", now=now, zone=PARIS, languages=("fr",))
    day = french.at.astimezone(PARIS).date()
    assert day.weekday() == weekday and 1 <= (day - today).days <= 7
    assert french.at.astimezone(PARIS).hour == hour
    chinese = read_day(f"下{CHINESE_DAYS[weekday]}", now=now, zone=PARIS, languages=("zh",)).day
    monday = today - timedelta(days=today.weekday())
    assert chinese == monday + timedelta(days=7 + weekday)


@settings(max_examples=150, deadline=None)
@given(now=nows, hour=st.integers(1, 11), minute=st.integers(0, 59))
def test_chinese_afternoon_times(now: datetime, hour: int, minute: int) -> None:
    reading = read_moment(f"明天下午{hour}点{minute}分", now=now, zone=PARIS, languages=("zh",))
    wall = reading.at.astimezone(PARIS)
    assert (wall.hour, wall.minute) == (hour + 12, minute)
    assert wall.date() == now.astimezone(PARIS).date() + timedelta(days=1)


LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")


def _quoted(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_example_shown_in_a_language_reads_in_it(language: str) -> None:
    """The examples an error offers are phrases the reader can type as shown, in their language."""
    with using(language):
        moments, days = _quoted(_(EXAMPLES)), _quoted(_(DAY_EXAMPLES))
        no_time = _quoted(_(MESSAGES["no_time"], text="`x`"))[1:]
    assert len(moments) >= 8 and len(days) >= 5
    if language != "en":
        assert moments != _quoted(EXAMPLES)  # translated, not English again
    for phrase in [*moments, *no_time]:
        read_moment(phrase, now=NOW, zone=PARIS, languages=(language, "en"))
    for phrase in days:
        read_day(phrase, now=NOW, zone=PARIS, languages=(language, "en"))


@pytest.mark.parametrize(("text", "language"), [
    ("dans 2 semaines", "fr"), ("dentro de 2 semanas", "es"), ("en 2 semanas", "es"), ("через 2 недели", "ru"),
    ("2周后", "zh"), ("in 2 weeks", "en"),
])
def test_a_span_alone_is_that_long_from_now_as_in_english(text: str, language: str) -> None:
    now = datetime(2026, 11, 23, 9, 17, 42, tzinfo=UTC)
    assert read_moment(text, now=now, zone=PARIS, languages=(language, "en")).at == datetime(2026, 12, 7, 9, 17,
                                                                                              tzinfo=UTC)


def test_spans_in_other_languages_keep_the_english_reading_across_daylight_saving() -> None:
    before = datetime(2027, 3, 27, 12, 0, tzinfo=UTC)  # Paris moves to summer time on the night of the 28th
    english = read_moment("in 3 days", now=before, zone=PARIS).at
    assert read_moment("بعد 3 أيام", now=before, zone=PARIS, languages=("ar",)).at == english
    assert read_moment("dans 90 minutes", now=before, zone=PARIS, languages=("fr",)).at == before + timedelta(
        minutes=90)
    with pytest.raises(DateProblem) as caught:
        read_moment("demain", now=NOW, zone=PARIS, languages=("fr",))  # a day, not a span: it needs a time
    assert caught.value.key == "no_time"


PIECES = st.sampled_from([
    "下", "周二", "上午", "下午", "晚上", "凌晨", "十", "二十五", "两", "点", "半", "一刻",
    "分", "后", "3", "12", "99", "月", "日", "号", " ",
    "mardi", "prochain", "15h", "dans", "semaines", "el", "próximo",
    "بعد", "أيام", "الثلاثاء", "القادم", "٣",
    "через", "следующий", "вторник", "в"])


@settings(max_examples=300, deadline=None)
@given(words=st.lists(PIECES, min_size=1, max_size=7), language=st.sampled_from(LANGUAGES))
def test_any_mix_of_idioms_is_read_or_refused_clearly(words: list[str], language: str) -> None:
    try:
        reading = read_moment("".join(words), now=NOW, zone=PARIS, languages=(language, "en"))
    except DateProblem:
        return
    assert reading.at.tzinfo is UTC and reading.at > NOW
