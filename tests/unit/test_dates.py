"""The one date language (bot.domain.dates): phrase × zone × now -> the instant meant, DST, refusals, languages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.domain.dates import DateProblem, read_day, read_moment
from bot.errors import InvalidInput

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # a Wednesday: 10:00 in Zurich, 04:00 in New York, 18:00 in Tokyo
LATER = int(datetime(2026, 12, 10, 12, 0, tzinfo=UTC).timestamp())


def local(text: str, zone: str, now: datetime = NOW, **options: object) -> str:
    reading = read_moment(text, now=now, zone=ZoneInfo(zone), **options)  # type: ignore[arg-type]
    assert reading.at.tzinfo is UTC
    return reading.at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


# phrase, the member's zone, the instant meant (wall-clock time in the member's zone)
TABLE = [
    # ISO and written dates
    ("2026-12-18 15:00", "Europe/Zurich", "2026-12-18 15:00"),
    ("2026-12-18T15:00:00", "Europe/Zurich", "2026-12-18 15:00"),
    ("18 March 15:00", "Europe/Zurich", "2027-03-18 15:00"),
    ("Mar 18 3pm", "Europe/Zurich", "2027-03-18 15:00"),
    ("Dec 4, 2026 9am", "Europe/Zurich", "2026-12-04 09:00"),
    ("Thu, Dec 3 15:00", "Europe/Zurich", "2026-12-03 15:00"),
    ("Dec 5 10:00", "Europe/Zurich", "2026-12-05 10:00"),
    ("Jan 5 10:00", "Europe/Zurich", "2027-01-05 10:00"),
    ("1st jan 2027 at 3pm", "Europe/Zurich", "2027-01-01 15:00"),
    ("2026-12-21 1500", "Europe/Zurich", "2026-12-21 15:00"),
    ("28 December 2026 1500", "Europe/Zurich", "2026-12-28 15:00"),
    # relative
    ("tomorrow 15:00", "Europe/Zurich", "2026-12-03 15:00"),
    ("tomorrow 3pm", "Europe/Zurich", "2026-12-03 15:00"),
    ("noon tomorrow", "Europe/Zurich", "2026-12-03 12:00"),
    ("next tuesday 10:00", "Europe/Zurich", "2026-12-08 10:00"),
    ("tue 15:00", "Europe/Zurich", "2026-12-08 15:00"),
    ("wednesday 11:00", "Europe/Zurich", "2026-12-02 11:00"),  # today, still ahead
    ("wednesday 09:00", "Europe/Zurich", "2026-12-09 09:00"),  # today's has passed: next week's
    ("in 2 weeks", "Europe/Zurich", "2026-12-16 10:00"),
    ("in 90 minutes", "Europe/Zurich", "2026-12-02 11:30"),
    ("in 1h30", "Europe/Zurich", "2026-12-02 11:30"),
    ("in 2h 30m", "Europe/Zurich", "2026-12-02 12:30"),
    ("in a week", "Europe/Zurich", "2026-12-09 10:00"),
    ("in 3 months", "Europe/Zurich", "2027-03-02 10:00"),
    ("3d", "Europe/Zurich", "2026-12-05 10:00"),
    ("48h", "Europe/Zurich", "2026-12-04 10:00"),
    ("15h30", "Europe/Zurich", "2026-12-02 15:30"),
    ("09:00", "Europe/Zurich", "2026-12-03 09:00"),  # passed today: tomorrow, said in a note
    # a zone or an offset after the time
    ("15:00 America/New_York", "Europe/Zurich", "2026-12-02 21:00"),
    ("3pm New York", "Europe/Zurich", "2026-12-02 21:00"),
    ("15:00 Geneva", "America/New_York", "2026-12-02 09:00"),
    ("15:00 UTC+2", "Europe/Zurich", "2026-12-02 14:00"),
    ("15:00 GMT-5", "Europe/Zurich", "2026-12-02 21:00"),
    ("2026-12-03 15:00 UTC", "Europe/Zurich", "2026-12-03 16:00"),
    ("2026-12-03T15:00Z", "Europe/Zurich", "2026-12-03 16:00"),
    ("2026-12-05T10:00+05:00", "Europe/Zurich", "2026-12-05 06:00"),
    ("tomorrow 15:00 Asia/Kolkata", "UTC", "2026-12-03 09:30"),
    # Discord timestamps
    (f"<t:{LATER}:F>", "Asia/Tokyo", "2026-12-10 21:00"),
    (f"<t:{LATER}>", "America/New_York", "2026-12-10 07:00"),
    # the same phrases in other zones, where "now" is another time of day
    ("tomorrow 15:00", "America/New_York", "2026-12-03 15:00"),
    ("09:00", "America/New_York", "2026-12-02 09:00"),  # still ahead in New York (04:00)
    ("in 90 minutes", "America/New_York", "2026-12-02 05:30"),
    ("15:00 Europe/Zurich", "America/New_York", "2026-12-02 09:00"),
    ("wednesday 05:00", "America/New_York", "2026-12-02 05:00"),
    ("15:00", "Asia/Tokyo", "2026-12-03 15:00"),  # 18:00 in Tokyo: tomorrow
    ("15:00 UTC", "Asia/Tokyo", "2026-12-03 00:00"),
    ("Mar 18 3pm", "Asia/Tokyo", "2027-03-18 15:00"),
    ("in 2 weeks", "Asia/Kolkata", "2026-12-16 14:30"),
    ("18:00", "Asia/Kolkata", "2026-12-02 18:00"),
    ("tomorrow 9am", "Pacific/Auckland", "2026-12-03 09:00"),
    ("next tuesday 10:00", "Pacific/Auckland", "2026-12-08 10:00"),
]


@pytest.mark.parametrize(("text", "zone", "expected"), TABLE)
def test_phrase_means_this_instant(text: str, zone: str, expected: str) -> None:
    assert local(text, zone) == expected


# DST: (now, phrase, zone, instant in UTC)
DST = [
    # Zurich springs forward on 28 March 2027: 15:00 that day is CEST (UTC+2)
    (datetime(2027, 3, 27, 9, tzinfo=UTC), "tomorrow 15:00", "Europe/Zurich", "2027-03-28 13:00"),
    (datetime(2027, 3, 27, 9, tzinfo=UTC), "in 24 hours", "Europe/Zurich", "2027-03-28 09:00"),
    (datetime(2027, 3, 27, 9, tzinfo=UTC), "next sunday 15:00", "Europe/Zurich", "2027-03-28 13:00"),
    # New York springs forward on 14 March 2027
    (datetime(2027, 3, 13, 15, tzinfo=UTC), "tomorrow 15:00", "America/New_York", "2027-03-14 19:00"),
    (datetime(2027, 3, 13, 15, tzinfo=UTC), "Mar 13 2027 15:00", "America/New_York", "2027-03-13 20:00"),
    # Zurich falls back on 25 October 2026: 02:30 happens twice, the first (CEST) is used unless an offset says
    (datetime(2026, 10, 1, tzinfo=UTC), "2026-10-25 02:30", "Europe/Zurich", "2026-10-25 00:30"),
    (datetime(2026, 10, 1, tzinfo=UTC), "2026-10-25 02:30 UTC+1", "Europe/Zurich", "2026-10-25 01:30"),
    (datetime(2026, 10, 1, tzinfo=UTC), "25 Oct 2026 15:00", "Europe/Zurich", "2026-10-25 14:00"),
    (datetime(2026, 10, 1, tzinfo=UTC), "24 Oct 2026 15:00", "Europe/Zurich", "2026-10-24 13:00"),
    # the southern hemisphere: Auckland falls back on 4 April 2027
    (datetime(2027, 4, 1, tzinfo=UTC), "2027-04-04 02:30", "Pacific/Auckland", "2027-04-03 13:30"),
    (datetime(2027, 4, 1, tzinfo=UTC), "2027-04-05 15:00", "Pacific/Auckland", "2027-04-05 03:00"),
]


@pytest.mark.parametrize(("now", "text", "zone", "expected"), DST)
def test_dst_changes(now: datetime, text: str, zone: str, expected: str) -> None:
    at = read_moment(text, now=now, zone=ZoneInfo(zone)).at
    assert at.strftime("%Y-%m-%d %H:%M") == expected


def test_a_repeated_hour_is_said_and_a_skipped_one_refused() -> None:
    reading = read_moment("2026-10-25 02:30", now=datetime(2026, 10, 1, tzinfo=UTC), zone=ZoneInfo("Europe/Zurich"))
    assert "happens twice in Europe/Zurich" in reading.notes[0] and "(CEST)" in reading.notes[0]
    for zone, text in (("Europe/Zurich", "tomorrow 02:30"), ("America/New_York", "tomorrow 02:30")):
        now = datetime(2027, 3, 27, 9, tzinfo=UTC) if zone == "Europe/Zurich" else datetime(2027, 3, 13, 15, tzinfo=UTC)
        with pytest.raises(DateProblem) as caught:
            read_moment(text, now=now, zone=ZoneInfo(zone))
        assert caught.value.key == "skipped_hour" and f"does not exist in {zone}" in caught.value.message


def test_no_silent_year_jump() -> None:
    zurich = ZoneInfo("Europe/Zurich")
    # passed, and next year's is far: refused, asking for the year (the README's "Dec 1 15:00" on 2 December)
    with pytest.raises(DateProblem) as caught:
        read_moment("Dec 1 15:00", now=NOW, zone=zurich)
    assert caught.value.key == "year_passed" and "`1 Dec 2027 15:00`" in caught.value.message
    # passed, but the next one is within the coming months: taken, and the reply says so
    reading = read_moment("Jan 5 10:00", now=NOW, zone=zurich)
    assert reading.notes == (f"`Jan 5 10:00` has no year: read as <t:{int(reading.at.timestamp())}:F>, the next one.",)
    # still ahead this year: no note
    assert read_moment("Dec 5 10:00", now=NOW, zone=zurich).notes == ()
    # a bare time that has passed today is tomorrow's, said too; "today" is taken at its word
    assert "read as tomorrow" in read_moment("09:00", now=NOW, zone=zurich).notes[0]
    with pytest.raises(DateProblem, match="in the past"):
        read_moment("today 09:00", now=NOW, zone=zurich)


REFUSED = [
    ("", "empty"),
    ("x" * 101, "too_long"),
    ("someday 15:00", "unknown"),
    ("Smarch 3 15:00", "unknown"),
    ("Dec 32 9am", "unknown"),
    ("2026-02-30 15:00", "unknown"),
    ("friday", "no_time"),
    ("2026-12-18", "no_time"),
    ("3/12 15:00", "ambiguous"),
    ("3.12.2026 15:00", "ambiguous"),
    ("Thu Dec 4 2026 10:00", "weekday_mismatch"),
    ("15:00 EST", "abbreviation"),
    ("2026-12-03 15:00 CEST", "abbreviation"),
    ("15:00 UTC+15", "bad_offset"),
    ("2026-12-03 15:00 +99:99", "bad_offset"),
    ("<t:99999999999999999999:F>", "bad_timestamp"),
    ("in xyz", "bad_span"),
    ("2027-03-28 02:30", "skipped_hour"),
    ("0001-01-01 10:00", "too_early"),
    ("9999-12-31 23:30", "too_far"),
    ("<t:253402300799:F>", "too_far"),
    ("in 99999999 days", "too_far"),
    ("in 99999 months", "too_far"),
    ("2026-11-30 15:00", "past"),
    ("<t:1796137200:F>", "past"),
    ("today 09:00", "past"),
    ("in 0 minutes", "past"),
    ("Dec 1 15:00", "year_passed"),
    ("Sep 1 15:00", "year_passed"),
]


@pytest.mark.parametrize(("text", "key"), REFUSED)
def test_refusals_are_clear_and_name_the_phrase(text: str, key: str) -> None:
    with pytest.raises(DateProblem) as caught:
        read_moment(text, now=NOW, zone=ZoneInfo("Europe/Zurich"))
    assert caught.value.key == key
    message = caught.value.message
    assert len(message) < 600 and (not text or f"`{text[:60]}" in message)


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "Pacific/Kiritimati", "America/Los_Angeles"])
def test_dates_at_the_limits_are_refused_not_crashing(zone: str) -> None:
    for text in ("0001-01-01", "0001-01-01 00:30", "9999-12-31", "9999-12-31 23:30", "<t:253402300799:F>",
                 "<t:-62135596800:F>", "in 99999999 days", "99999999 days ago"):
        with pytest.raises(DateProblem):
            read_moment(text, now=NOW, zone=ZoneInfo(zone))
        with pytest.raises(DateProblem):
            read_day(text, now=NOW, zone=ZoneInfo(zone), direction="nearest")


def test_a_date_only_phrase_can_mean_the_end_of_that_day() -> None:
    zurich = ZoneInfo("Europe/Zurich")
    reading = read_moment("friday", now=NOW, zone=zurich, date_only="end_of_day")
    assert reading.at.astimezone(zurich).strftime("%Y-%m-%d %H:%M") == "2026-12-04 23:59" and not reading.has_time
    assert local("tomorrow", "Europe/Zurich", date_only="start_of_day") == "2026-12-03 00:00"


# days: (phrase, direction, expected day) in Zurich on Wednesday 2 December 2026
DAYS = [
    ("2026-12-04", "future", date(2026, 12, 4)),
    ("4 Dec", "future", date(2026, 12, 4)),
    ("December 4 2026", "future", date(2026, 12, 4)),
    ("2026/12/04", "future", date(2026, 12, 4)),
    ("today", "future", date(2026, 12, 2)),
    ("tomorrow", "future", date(2026, 12, 3)),
    ("friday", "future", date(2026, 12, 4)),
    ("next monday", "future", date(2026, 12, 7)),
    ("in 2 weeks", "future", date(2026, 12, 16)),
    ("in 1 month", "future", date(2027, 1, 2)),
    ("1 jan", "future", date(2027, 1, 1)),
    ("tomorrow 15:00", "future", date(2026, 12, 3)),
    (f"<t:{LATER}:F>", "future", date(2026, 12, 10)),
    ("Sep 1", "nearest", date(2026, 9, 1)),
    ("Dec 15", "nearest", date(2026, 12, 15)),
    ("Feb 20", "nearest", date(2027, 2, 20)),
    ("yesterday", "nearest", date(2026, 12, 1)),
    ("3 months ago", "nearest", date(2026, 9, 2)),
    ("last monday", "nearest", date(2026, 11, 30)),
    ("2026-09-01", "nearest", date(2026, 9, 1)),
]


@pytest.mark.parametrize(("text", "direction", "expected"), DAYS)
def test_days(text: str, direction: str, expected: date) -> None:
    reading = read_day(text, now=NOW, zone=ZoneInfo("Europe/Zurich"), direction=direction)  # type: ignore[arg-type]
    assert reading.day == expected


# action due dates as the minutes used to read them, on Monday 23 November 2026: the same days still
DUE = [("2026-12-04", date(2026, 12, 4)), ("2026/12/04", date(2026, 12, 4)), ("4 Dec", date(2026, 12, 4)),
       ("Dec 4th", date(2026, 12, 4)), ("December 4 2026", date(2026, 12, 4)), ("1 jan", date(2027, 1, 1)),
       ("today", date(2026, 11, 23)), ("Tomorrow", date(2026, 11, 24)), ("friday", date(2026, 11, 27)),
       ("monday", date(2026, 11, 23)), ("next monday", date(2026, 11, 30)), ("next week", date(2026, 11, 30)),
       ("in 3 days", date(2026, 11, 26)), ("in 2 weeks", date(2026, 12, 7)), ("in 1 month", date(2026, 12, 23))]


@pytest.mark.parametrize(("text", "expected"), DUE)
def test_due_dates(text: str, expected: date) -> None:
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert read_day(text, now=monday, zone=ZoneInfo("Europe/Zurich")).day == expected


def test_days_in_the_past_and_without_a_year() -> None:
    zurich = ZoneInfo("Europe/Zurich")
    with pytest.raises(DateProblem, match="in the past"):
        read_day("2026-12-01", now=NOW, zone=zurich)
    with pytest.raises(DateProblem) as unknown:
        read_day("soonish", now=NOW, zone=zurich)
    assert unknown.value.key == "unknown_day" and "`tomorrow`" in unknown.value.message
    with pytest.raises(DateProblem) as caught:
        read_day("Sep 1", now=NOW, zone=zurich)
    assert caught.value.key == "year_passed"
    notes = read_day("1 jan", now=NOW, zone=zurich).notes
    assert notes == ("`1 jan` has no year: read as 1 January 2027, the next one.",)
    assert "the nearest one" in read_day("Feb 20", now=NOW, zone=zurich, direction="nearest").notes[0]


@pytest.mark.parametrize(("text", "languages"), [
    ("demain 15:00", ("fr",)), ("demain 15h", ("fr",)), ("mañana a las 15:00", ("es",)), ("завтра в 15:00", ("ru",)),
    ("明天15:00", ("zh",)), ("غدا 15:00", ("ar",)), ("tomorrow 15:00", ("en", "fr")), ("demain 15:00", ("en", "fr")),
])
def test_other_languages_through_the_languages_parameter(text: str, languages: tuple[str, ...]) -> None:
    assert local(text, "Europe/Zurich", languages=languages) == "2026-12-03 15:00"


def test_written_months_in_other_languages_follow_the_same_year_rule() -> None:
    reading = read_moment("18 mars 15:00", now=NOW, zone=ZoneInfo("Europe/Zurich"), languages=("fr",))
    assert reading.at == datetime(2027, 3, 18, 14, 0, tzinfo=UTC) and "has no year" in reading.notes[0]
    with pytest.raises(DateProblem):
        read_moment("demain 15:00", now=NOW, zone=ZoneInfo("Europe/Zurich"))  # English only by default


zones = st.sampled_from(["UTC", "Europe/Zurich", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
                         "Pacific/Apia", "Asia/Kathmandu", "America/Santiago"])
moments = st.datetimes(min_value=datetime(2026, 12, 3), max_value=datetime(2035, 12, 1), timezones=st.just(UTC))


@given(moment=moments, zone=zones)
@settings(max_examples=300, deadline=None)
def test_iso_local_time_and_timestamps_round_trip(moment: datetime, zone: str) -> None:
    moment = moment.replace(second=0, microsecond=0)
    wall = moment.astimezone(ZoneInfo(zone))
    assume(wall.fold == 0)  # the second of two equal wall-clock times cannot be typed without an offset
    assert read_moment(wall.strftime("%Y-%m-%d %H:%M"), now=NOW, zone=ZoneInfo(zone)).at == moment
    assert read_moment(f"<t:{int(moment.timestamp())}:F>", now=NOW, zone=ZoneInfo(zone)).at == moment
    offset = wall.strftime("%z")
    assert read_moment(wall.strftime("%Y-%m-%d %H:%M ") + f"UTC{offset[:3]}:{offset[3:]}", now=NOW,
                       zone=ZoneInfo("UTC")).at == moment


@given(moment=moments, zone=zones, fmt=st.sampled_from(["%d %B %Y %H:%M", "%b %d %Y %I:%M%p", "%A %d %B %Y %H:%M"]))
@settings(max_examples=80, deadline=None)
def test_written_dates_round_trip(moment: datetime, zone: str, fmt: str) -> None:
    moment = moment.replace(second=0, microsecond=0)
    wall = moment.astimezone(ZoneInfo(zone))
    assume(wall.fold == 0)
    assert read_moment(wall.strftime(fmt), now=NOW, zone=ZoneInfo(zone)).at == moment


@given(st.text(max_size=40), zones, st.booleans())
@settings(max_examples=300, deadline=None)
def test_any_text_is_an_instant_ahead_or_a_clear_refusal(text: str, zone: str, future: bool) -> None:
    try:
        reading = read_moment(text, now=NOW, zone=ZoneInfo(zone), future=future)
    except InvalidInput as exc:
        assert exc.message.strip() and len(exc.message) < 2000
        return
    assert reading.at.tzinfo is UTC and datetime(1970, 1, 1, tzinfo=UTC) <= reading.at
    assert reading.at <= NOW + timedelta(days=3653) and (reading.at > NOW or not future)
