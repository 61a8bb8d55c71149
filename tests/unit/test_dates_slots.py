"""Reading slot lists and durations (bot.domain.dates): examples, DST edges and property tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.domain.dates import (
    ParsedSlots,
    SlotRules,
    parse_length,
    parse_minutes,
    parse_span,
    read_moment,
    read_slots,
    read_zone,
    split_entries,
)
from bot.errors import InvalidInput

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
JAN = datetime(2026, 1, 1, tzinfo=UTC)
ZURICH = ZoneInfo("Europe/Zurich")
HOUR = timedelta(hours=1)
ZONES = ["UTC", "Europe/Zurich", "America/New_York", "Asia/Tokyo", "Asia/Kolkata", "Asia/Kathmandu",
         "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago", "Africa/Nairobi"]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def parse_slots(text: str, zone: ZoneInfo, now: datetime, length: timedelta, *, max_slots: int,
                existing: tuple[datetime, ...] = ()) -> ParsedSlots:
    return read_slots(text, SlotRules(zone, now, length, max_slots, existing))


def starts(text: str, zone: ZoneInfo = ZURICH, now: datetime = NOW, length: timedelta = HOUR) -> list[datetime]:
    return [s.start for s in parse_slots(text, zone, now, length, max_slots=1000).slots]


def error(text: str, zone: ZoneInfo = ZURICH, now: datetime = NOW) -> str:
    with pytest.raises(InvalidInput) as caught:
        parse_slots(text, zone, now, HOUR, max_slots=1000)
    return caught.value.message


# -- DST ------------------------------------------------------------------------------------------------------


def test_geneva_afternoon_is_right_on_both_dst_change_days() -> None:
    geneva = read_zone("Europe/Geneva")  # not an IANA key; Switzerland's zone is Europe/Zurich
    assert geneva.key == "Europe/Zurich"
    assert starts("2026-03-29 15:00", geneva, JAN) == [utc(2026, 3, 29, 13, 0)]  # CEST, UTC+2
    assert starts("2026-10-25 15:00", geneva, JAN) == [utc(2026, 10, 25, 14, 0)]  # CET, UTC+1
    assert starts("2026-03-28 15:00", geneva, JAN) == [utc(2026, 3, 28, 14, 0)]  # the day before: still CET


def test_skipped_hour_is_refused_with_a_reason() -> None:
    message = error("2026-03-29 02:30", now=JAN)
    assert "`2026-03-29 02:30` does not exist in Europe/Zurich" in message


def test_repeated_hour_takes_the_first_occurrence_and_says_so() -> None:
    parsed = parse_slots("2026-10-25 02:30", ZURICH, JAN, HOUR, max_slots=10)
    assert parsed.slots[0].start == utc(2026, 10, 25, 0, 30)  # 02:30 CEST
    assert "happens twice" in parsed.notes[0] and "CEST" in parsed.notes[0]
    assert starts("2026-10-25 02:30 +01:00", now=JAN) == [utc(2026, 10, 25, 1, 30)]  # the other one, explicitly


def test_slot_across_the_change_keeps_its_real_length() -> None:
    slot = parse_slots("2026-10-25 01:30-03:30", ZURICH, JAN, HOUR, max_slots=10).slots[0]
    assert slot.end - slot.start == timedelta(hours=3)  # the clocks went back one hour in between


# -- formats --------------------------------------------------------------------------------------------------


def test_issue_example_and_more_formats() -> None:
    assert starts("2026-12-03 15:00, 2026-12-03 17:30-18:30, Dec 4 9am") == [
        utc(2026, 12, 3, 14, 0), utc(2026, 12, 3, 16, 30), utc(2026, 12, 4, 8, 0)]
    assert starts("Thu, Dec 3 10:00; Dec 10, 2026 9am\n4 December 2026 16:00") == [
        utc(2026, 12, 3, 9, 0), utc(2026, 12, 4, 15, 0), utc(2026, 12, 10, 8, 0)]
    assert starts("2026-12-05T10:00+05:00, 2026-12-06 10:00 UTC") == [utc(2026, 12, 5, 5, 0), utc(2026, 12, 6, 10, 0)]


def test_ranges_and_default_length() -> None:
    slots = parse_slots("2026-12-03 17:30-18:30; 2026-12-03 9am to 10:15am; 2026-12-04 15:00; "
                        "2026-12-07 23:00 - 2026-12-08 00:30; 2026-12-09 15h-16h30",
                        ZURICH, NOW, timedelta(minutes=90), max_slots=10).slots
    assert [(s.end - s.start) for s in slots] == [timedelta(minutes=m) for m in (75, 60, 90, 90, 90)]


def test_time_only_entries_reuse_the_previous_date() -> None:
    assert starts("2026-12-03 09:00, 11:00, 14:30; Dec 4 8am, 10am") == [
        utc(2026, 12, 3, 8, 0), utc(2026, 12, 3, 10, 0), utc(2026, 12, 3, 13, 30), utc(2026, 12, 4, 7, 0),
        utc(2026, 12, 4, 9, 0)]


def test_missing_year_means_the_next_such_date_and_says_so() -> None:
    parsed = parse_slots("Jan 5 10:00, Dec 5 10:00", ZURICH, NOW, HOUR, max_slots=10)
    assert [s.start for s in parsed.slots] == [utc(2026, 12, 5, 9, 0), utc(2027, 1, 5, 9, 0)]
    assert parsed.notes == ["`Jan 5 10:00` has no year: read as <t:1799139600:F>, the next one."]
    assert "has no year, and" in error("Nov 20 10:00")  # passed three days ago: the year must be written


def test_every_phrase_of_the_date_language_is_a_slot() -> None:
    # (a bare time of day reuses the date of the entry before it, so the one with an offset comes first)
    assert starts("15:00 UTC+2; tomorrow 15:00; next tuesday 10:00; in 2 weeks; in 90 minutes; "
                  "15:00 America/New_York; 18 March 15:00; <t:1796137200:F>") == [
        utc(2026, 11, 23, 10, 30), utc(2026, 11, 23, 13, 0), utc(2026, 11, 23, 20, 0), utc(2026, 11, 24, 9, 0),
        utc(2026, 11, 24, 14, 0), utc(2026, 12, 1, 15, 0), utc(2026, 12, 7, 9, 0), utc(2027, 3, 18, 14, 0)]


def test_weekday_alone_means_the_coming_one() -> None:
    assert starts("Thursday 15:00") == [utc(2026, 11, 26, 14, 0)]  # 2026-11-23 is a Monday


@pytest.mark.parametrize(("text", "needle"), [
    ("next tuesday-ish", "not a date and time I understand"),
    ("2026-12-03", "has no time of day"),
    ("3/12/2026 15:00", "ambiguous date (3 Dec or 12 Mar?)"),
    ("3.12.2026 15:00", "ambiguous date"),
    ("Fri Dec 3 2026 10:00", "says Fri but 3 December 2026 is a Thursday"),
    ("Dec 32 9am", "not a date and time I understand"),
    ("2026-12-03 15:00 CEST", "time-zone abbreviation"),
    ("2026-12-03 18:00-17:00", "ends before it starts"),
    ("2026-12-03 17:00-", "incomplete range"),
    ("2026-12-03 09:00 - 2026-12-04 10:00", "longer than 24 hours"),
    ("2025-12-03 15:00", "is in the past"),
])
def test_each_bad_entry_is_named_with_a_reason(text: str, needle: str) -> None:
    message = error(f"{text}; 2026-12-10 10:00")
    assert f"`{text}`" in message and needle in message and message.startswith("1 of 2 slots")


def test_all_problems_are_reported_at_once_but_briefly() -> None:
    message = error(", ".join(f"2020-01-{d:02d} 10:00" for d in range(1, 9)))
    assert message.startswith("8 of 8 slots") and message.count("•") == 5 and "… and 3 more" in message


def test_duplicates_across_formats_and_existing_slots() -> None:
    assert "duplicates `2026-12-03 15:00`" in error("2026-12-03 15:00, 2026-12-03 14:00 UTC")
    with pytest.raises(InvalidInput, match="a slot the poll already has"):
        parse_slots("2026-12-03 15:00", ZURICH, NOW, HOUR, max_slots=10, existing=(utc(2026, 12, 3, 14, 0),))


def test_slot_count_limit_counts_existing_slots() -> None:
    with pytest.raises(InvalidInput, match="That makes 11 slots; a poll can have at most 10"):
        parse_slots("2026-12-03 15:00, 16:00", ZURICH, NOW, HOUR, max_slots=10,
                    existing=tuple(utc(2027, 1, d, 9) for d in range(1, 10)))


def test_split_keeps_commas_that_belong_to_dates() -> None:
    assert split_entries("Dec 4, 2026 9am, Thu, Dec 3 10:00;\n\n2026-12-05 10:00,") == [
        "Dec 4, 2026 9am", "Thu, Dec 3 10:00", "2026-12-05 10:00"]
    assert split_entries("Jan 5 10:00, 2026-12-05 10:00") == ["Jan 5 10:00", "2026-12-05 10:00"]


# -- durations, lengths, deadlines ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "minutes"), [
    ("90m", 90), ("90 min", 90), ("1h30", 90), ("1h 30m", 90), ("1.5h", 90), ("1:30", 90), ("90", 90),
    ("2 hours", 120), ("2d", 2880), ("1w 2d", 12960), ("1,5h", 90)])
def test_spans(text: str, minutes: int) -> None:
    assert parse_span(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "x", "1h30x", "h", "-5m", "3 parsecs"])
def test_bad_spans(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_span(text)


def test_length_bounds() -> None:
    assert parse_length("45m") == timedelta(minutes=45)
    for text in ("2m", "25h"):
        with pytest.raises(InvalidInput, match="between 5 minutes and 24 hours"):
            parse_length(text)


def deadline(text: str) -> datetime:
    return read_moment(text, now=NOW, zone=ZURICH, date_only="end_of_day").at


def test_deadlines() -> None:
    assert deadline("3d") == NOW + timedelta(days=3)
    assert deadline("in 48h") == NOW + timedelta(hours=48)
    assert deadline("Dec 1 18:00") == utc(2026, 12, 1, 17, 0)
    assert deadline("2026-12-01") == utc(2026, 12, 1, 22, 59)  # a day: its end
    assert deadline("tomorrow") == utc(2026, 11, 24, 22, 59)
    with pytest.raises(InvalidInput, match="in the past"):
        deadline("2026-11-01 10:00")


@pytest.mark.parametrize(("text", "minutes"), [("90", 90), ("90m", 90), ("1h", 60), ("1h30m", 90), ("1.5h", 90),
                                               ("1 h 30 min", 90), ("2 hours", 120), ("24h", 1440)])
def test_meeting_durations(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize("text", ["", "abc", "3", "25h", "-5", "99999999999999999999d"])
def test_bad_meeting_durations(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_minutes(text)


def test_unknown_zone() -> None:
    with pytest.raises(InvalidInput, match="`Mars/Olympus` is not a time zone"):
        read_zone("Mars/Olympus")
    assert read_zone(" asia/tokyo ").key == "Asia/Tokyo"  # case and spaces are forgiven
    assert read_zone("America/New York").key == "America/New_York"


# -- properties -----------------------------------------------------------------------------------------------

instants = st.datetimes(min_value=datetime(2026, 11, 24), max_value=datetime(2028, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=UTC))
zones = st.sampled_from(ZONES).map(ZoneInfo)
FORMATS = ["%Y-%m-%d %H:%M", "%b %d %Y %H:%M", "%d %B %Y %H:%M", "%Y-%m-%dT%H:%M", "%a %b %d %Y %I:%M%p"]


@settings(max_examples=200, deadline=None)
@given(instants, zones, st.sampled_from(FORMATS))
def test_wall_time_round_trips(instant: datetime, zone: ZoneInfo, fmt: str) -> None:
    """Writing an instant as wall time in a zone and reading it back gives the instant, except in the repeated
    hour after clocks go back, where the documented rule (first occurrence) applies."""
    local = instant.astimezone(zone)
    parsed = parse_slots(local.strftime(fmt), zone, NOW, HOUR, max_slots=10)
    wall = local.replace(tzinfo=None)
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    assert parsed.slots[0].start == first
    if first != instant:
        assert local.fold == 1 and parsed.notes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(instants, min_size=1, max_size=30, unique=True), zones,
       st.lists(st.sampled_from([", ", ";", "\n", " ; ", ",\n"]), min_size=30, max_size=30),
       st.sampled_from(FORMATS))
def test_lists_round_trip_whatever_the_separators(moments: list[datetime], zone: ZoneInfo, seps: list[str],
                                                  fmt: str) -> None:
    walls = {m.astimezone(zone).replace(tzinfo=None, fold=0) for m in moments}
    assume(len(walls) == len(moments))  # two instants in the repeated hour would be the same wall time
    text = "".join(m.astimezone(zone).strftime(fmt) + sep for m, sep in zip(moments, seps, strict=False))
    parsed = parse_slots(text, zone, NOW, HOUR, max_slots=1000)
    expected = sorted(w.replace(tzinfo=zone).astimezone(UTC) for w in walls)
    assert [s.start for s in parsed.slots] == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gives_slots_or_a_clear_error(text: str) -> None:
    try:
        result = parse_slots(text, ZURICH, NOW, HOUR, max_slots=1000)
    except InvalidInput as exc:
        assert exc.message
    else:
        assert isinstance(result, ParsedSlots) and all(s.start > NOW and s.end > s.start for s in result.slots)


@given(st.integers(0, 23), st.integers(0, 59))
def test_span_formats_agree(hours: int, minutes: int) -> None:
    assume(hours or minutes)
    expected = timedelta(hours=hours, minutes=minutes)
    texts = [f"{hours * 60 + minutes}m", f"{hours}:{minutes:02d}", f"{hours}h {minutes}m"]
    if hours and minutes:
        texts.append(f"{hours}h{minutes:02d}")
    assert {parse_span(t) for t in texts} == {expected}
