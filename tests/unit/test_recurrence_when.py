"""Typed start times and durations (bot.domain.when)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.domain.when import parse_minutes, parse_when
from bot.errors import InvalidInput

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday
ZURICH = "Europe/Zurich"


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-12-01 15:00", "2026-12-01T14:00"),
    ("2026-12-01T15:00:00", "2026-12-01T14:00"),
    ("2026-12-01 1500", "2026-12-01T14:00"),
    ("2026-12-01 3pm", "2026-12-01T14:00"),
    ("2026-12-01 3:30 PM", "2026-12-01T14:30"),
    ("2026-12-01 15:00 UTC", "2026-12-01T15:00"),
    ("2026-12-01 15:00Z", "2026-12-01T15:00"),
    ("2026-12-01 15:00 +05:30", "2026-12-01T09:30"),
    ("2026-12-01 15:00 UTC-3", "2026-12-01T18:00"),
    ("1 Dec 2026 15:00", "2026-12-01T14:00"),
    ("28 August 2027 1500", "2027-08-28T13:00"),
    ("December 1 15:00", "2026-12-01T14:00"),
    ("Dec 1, 2026 at 3pm", "2026-12-01T14:00"),
    ("1st dec 15:00", "2026-12-01T14:00"),
    ("Nov 20 15:00", "2027-11-20T14:00"),  # already past this year: next year
    ("today 15:00", "2026-11-23T14:00"),
    ("tomorrow 9am", "2026-11-24T08:00"),
    ("tue 15:00", "2026-11-24T14:00"),
    ("Monday 09:30", "2026-11-30T08:30"),  # today 09:30 has passed
    ("monday 12:00", "2026-11-23T11:00"),  # today, still ahead
    ("<t:1796137200:F>", "2026-12-01T15:00"),
    ("<t:1796137200>", "2026-12-01T15:00"),
])
def test_accepted_times(text: str, expected: str) -> None:
    assert parse_when(text, ZURICH, NOW).strftime("%Y-%m-%dT%H:%M") == expected


def test_relative_times_only_where_allowed() -> None:
    assert parse_when("in 2h 30m", ZURICH, NOW, allow_relative=True) == NOW + timedelta(hours=2, minutes=30)
    assert parse_when("in 1d", ZURICH, NOW, allow_relative=True) == NOW + timedelta(days=1)
    with pytest.raises(InvalidInput, match="relative"):
        parse_when("in 2h", ZURICH, NOW)
    with pytest.raises(InvalidInput):
        parse_when("in a while", ZURICH, NOW, allow_relative=True)


@pytest.mark.parametrize(("text", "why"), [
    ("", "empty"),
    ("15:00", "date part"),
    ("2026-12-01", "time of day"),
    ("2026-02-30 15:00", "not a date"),
    ("31 apr 15:00", "not a date"),
    ("2026-12-01 25:00", "not a valid time"),
    ("2026-12-01 13pm", "1 to 12"),
    ("mon 15", "minutes"),
    ("someday 15:00", "date part"),
    ("2027-03-28 02:30", "clocks skip"),
    ("Smarch 3 15:00", "not a month"),
])
def test_refused_times_explain_why(text: str, why: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_when(text, ZURICH, NOW)
    assert why in err.value.message
    assert "2026-12-01 15:00" in err.value.message  # the accepted forms are listed


def test_ambiguous_autumn_time_takes_the_first_instant() -> None:
    # 02:30 happens twice on 25 October 2026 in Zurich; the first is 00:30 UTC.
    assert parse_when("2026-10-25 02:30", ZURICH, datetime(2026, 10, 1, tzinfo=UTC)) == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC)


zones = st.sampled_from(["UTC", ZURICH, "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Apia"])


@given(moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)),
       zone=zones)
@settings(max_examples=300, deadline=None)
def test_iso_local_time_round_trips(moment: datetime, zone: str) -> None:
    moment = moment.replace(second=0, microsecond=0)
    local = moment.astimezone(ZoneInfo(zone))
    assume(local.fold == 0)  # the second of two equal wall-clock times cannot be typed without an offset
    assert parse_when(local.strftime("%Y-%m-%d %H:%M"), zone, NOW) == moment
    assert parse_when(f"<t:{int(moment.timestamp())}:F>", zone, NOW) == moment


@given(st.text(max_size=40), zones)
@settings(max_examples=400, deadline=None)
def test_any_text_parses_or_is_refused_cleanly(text: str, zone: str) -> None:
    try:
        result = parse_when(text, zone, NOW, allow_relative=True)
    except InvalidInput:
        return
    assert result.tzinfo is not None and result.utcoffset() == timedelta(0)


@pytest.mark.parametrize(("text", "minutes"), [("90", 90), ("90m", 90), ("1h", 60), ("1h30m", 90),
                                               ("1 h 30 min", 90), ("2 hours", 120), ("24h", 1440)])
def test_durations(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize("text", ["", "abc", "3", "25h", "-5", "1.5h"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_minutes(text)


@given(st.text(max_size=20))
def test_any_duration_text_parses_or_is_refused_cleanly(text: str) -> None:
    try:
        assert 5 <= parse_minutes(text) <= 1440
    except InvalidInput:
        pass
