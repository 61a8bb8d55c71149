"""Repeat forms -> RRULE, expansion in the series' zone (DST), and descriptions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.dates import read_repeat
from bot.domain.recurrence import describe, expand, first_occurrence, iter_after
from bot.errors import InvalidInput

ZURICH = "Europe/Zurich"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def parse_repeat(text: str, zone: str) -> str:
    return read_repeat(text, zone=zone, now=NOW)


@pytest.mark.parametrize(("text", "rule"), [
    ("weekly", "FREQ=WEEKLY"),
    ("Weekly", "FREQ=WEEKLY"),
    ("every week", "FREQ=WEEKLY"),
    ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
    ("biweekly", "FREQ=WEEKLY;INTERVAL=2"),
    ("fortnightly", "FREQ=WEEKLY;INTERVAL=2"),
    ("every other week", "FREQ=WEEKLY;INTERVAL=2"),
    ("daily", "FREQ=DAILY"),
    ("every 3 days", "FREQ=DAILY;INTERVAL=3"),
    ("weekdays", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"),
    ("monthly", "FREQ=MONTHLY"),
    ("monthly on first tuesday", "FREQ=MONTHLY;BYDAY=1TU"),
    ("monthly on the last friday", "FREQ=MONTHLY;BYDAY=-1FR"),
    ("every 3 months on 2nd mon", "FREQ=MONTHLY;INTERVAL=3;BYDAY=2MO"),
    ("weekly on tue and thu", "FREQ=WEEKLY;BYDAY=TU,TH"),
    ("every 2 weeks on mon, wed", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE"),
    ("yearly", "FREQ=YEARLY"),
    ("weekly for 10 meetings", "FREQ=WEEKLY;COUNT=10"),
    ("weekly until 2027-06-30", "FREQ=WEEKLY;UNTIL=20270630T215959Z"),  # end of that day in Zurich (CEST)
    ("RRULE:FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=TU"),
    ("freq=monthly;byday=-1fr", "FREQ=MONTHLY;BYDAY=-1FR"),
    ("FREQ=WEEKLY;UNTIL=20270101T120000", "FREQ=WEEKLY;UNTIL=20270101T110000Z"),  # local -> UTC
    ("FREQ=WEEKLY;UNTIL=20270101T120000Z", "FREQ=WEEKLY;UNTIL=20270101T120000Z"),
    # what people write, beyond the classic forms
    ("quarterly", "FREQ=MONTHLY;INTERVAL=3"),
    ("first monday of the month", "FREQ=MONTHLY;BYDAY=1MO"),
    ("the first Monday of every month", "FREQ=MONTHLY;BYDAY=1MO"),
    ("last friday of each month", "FREQ=MONTHLY;BYDAY=-1FR"),
    ("first monday of every quarter", "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO"),
    ("every tuesday", "FREQ=WEEKLY;BYDAY=TU"),
    ("every other tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    ("tuesdays and thursdays", "FREQ=WEEKLY;BYDAY=TU,TH"),
    ("every monday and wednesday", "FREQ=WEEKLY;BYDAY=MO,WE"),
    ("monthly on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15"),
    ("on the 1st of every month", "FREQ=MONTHLY;BYMONTHDAY=1"),
    ("every month on the last day", "FREQ=MONTHLY;BYMONTHDAY=-1"),
    ("every weekday", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"),
    ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
    ("bimonthly", "FREQ=MONTHLY;INTERVAL=2"),
    ("semi-annually", "FREQ=MONTHLY;INTERVAL=6"),
    ("annually", "FREQ=YEARLY"),
    ("every year", "FREQ=YEARLY"),
    ("weekly until 30 June 2027", "FREQ=WEEKLY;UNTIL=20270630T215959Z"),  # the date language reads the end
    ("every 2 weeks, 6 times", "FREQ=WEEKLY;INTERVAL=2;COUNT=6"),
    ("quarterly for 4 meetings", "FREQ=MONTHLY;INTERVAL=3;COUNT=4"),
])
def test_accepted_forms(text: str, rule: str) -> None:
    assert parse_repeat(text, ZURICH) == rule


@pytest.mark.parametrize("text", [
    "", "hourly", "sometimes", "every", "monthly on tuesday", "weekly on funday", "every 0 weeks", "every 999 weeks",
    "FREQ=HOURLY", "FREQ=MINUTELY", "FREQ=WEEKLY;BYHOUR=3", "FREQ=WEEKLY;BYDAY=XX", "FREQ=WEEKLY;COUNT=0",
    "FREQ=WEEKLY;COUNT=2;UNTIL=20270101", "FREQ=WEEKLY;FREQ=DAILY", "FREQ=WEEKLY;UNTIL=tomorrow", "INTERVAL=2",
    "weekly for 0 meetings", "weekdays on monday", "weekly on first monday", "quarterly monthly", "every 32nd",
    "weekly until someday", "weekly until 2020-01-01", "monthly on the 15th on tuesday",
])
def test_refused_forms_name_the_entry_and_list_accepted_ones(text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_repeat(text, ZURICH)
    assert "Accepted forms" in err.value.message
    assert "every 2 weeks" in err.value.message
    assert not text.strip() or f"`{text.strip()[:80]}`" in err.value.message


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_text_either_parses_or_is_refused_cleanly(text: str) -> None:
    try:
        rule = parse_repeat(text, "UTC")
    except InvalidInput:
        return
    # whatever was accepted expands (rare rules may have no date in range) and can be described
    assert all(d.tzinfo == UTC for d in expand(rule, datetime(2026, 12, 1, 15, 0), "UTC", limit=2))
    assert describe(rule)


def test_weekly_series_keeps_local_time_across_the_autumn_dst_change() -> None:
    # 15:00 in Zurich is 13:00 UTC in summer time and 14:00 UTC after 25 October 2026.
    starts = expand("FREQ=WEEKLY", datetime(2026, 10, 13, 15, 0), ZURICH, limit=4)
    assert [s.hour for s in starts] == [13, 13, 14, 14]
    assert all(s.astimezone(ZoneInfo(ZURICH)).hour == 15 for s in starts)
    assert all(s.tzinfo == UTC for s in starts)


def test_spring_dst_change_and_a_local_time_the_clocks_skip() -> None:
    starts = expand("FREQ=WEEKLY", datetime(2027, 3, 16, 15, 0), ZURICH, limit=3)
    assert [s.isoformat() for s in starts] == ["2027-03-16T14:00:00+00:00", "2027-03-23T14:00:00+00:00",
                                               "2027-03-30T13:00:00+00:00"]
    # 02:30 does not exist on 28 March 2027 in Zurich: the occurrence lands at 03:30 local time.
    gap = expand("FREQ=DAILY", datetime(2027, 3, 27, 2, 30), ZURICH, limit=3)
    assert [g.astimezone(ZoneInfo(ZURICH)).strftime("%d %H:%M") for g in gap] == ["27 02:30", "28 03:30", "29 02:30"]


def test_monthly_on_first_tuesday_and_last_friday() -> None:
    first = expand(parse_repeat("monthly on first tuesday", ZURICH), datetime(2026, 12, 1, 15, 0), ZURICH, limit=3)
    assert [f.date().isoformat() for f in first] == ["2026-12-01", "2027-01-05", "2027-02-02"]
    last = expand(parse_repeat("monthly on last friday", "UTC"), datetime(2026, 12, 25, 9, 0), "UTC", limit=3)
    assert [d.date().isoformat() for d in last] == ["2026-12-25", "2027-01-29", "2027-02-26"]


def test_first_occurrence_moves_to_the_first_date_the_rule_allows() -> None:
    rule = parse_repeat("monthly on first tuesday", ZURICH)
    start = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)  # a Thursday, 15:00 in Zurich
    assert first_occurrence(rule, start, ZURICH) == datetime(2027, 1, 5, 14, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput):
        first_occurrence(parse_repeat("weekly until 2026-11-30", "UTC"), start, "UTC")


def test_until_and_count_end_the_series() -> None:
    assert len(expand(parse_repeat("weekly for 3 meetings", "UTC"), datetime(2026, 12, 1, 9), "UTC", limit=10)) == 3
    ends = expand(parse_repeat("weekly until 2026-12-15", ZURICH), datetime(2026, 12, 1, 15), ZURICH, limit=10)
    assert len(ends) == 3


def test_iter_after_continues_strictly_after_the_last_occurrence() -> None:
    rule = "FREQ=WEEKLY;INTERVAL=2"
    dtstart = datetime(2026, 12, 1, 15, 0)
    first = expand(rule, dtstart, ZURICH, limit=3)
    more = iter_after(rule, dtstart, ZURICH, first[1])
    assert next(more) == first[2]
    assert next(more) == first[2] + timedelta(weeks=2)
    assert next(iter_after(rule, dtstart, ZURICH, None)) == first[0]


@pytest.mark.parametrize(("rule", "text"), [
    ("FREQ=WEEKLY", "every week"),
    ("FREQ=WEEKLY;INTERVAL=2", "every 2 weeks"),
    ("FREQ=MONTHLY;BYDAY=1TU", "every month on the first Tuesday"),
    ("FREQ=MONTHLY;BYDAY=-1FR", "every month on the last Friday"),
    ("FREQ=WEEKLY;BYDAY=TU,TH", "every week on Tuesday, Thursday"),
    ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
    ("FREQ=WEEKLY;COUNT=10", "every week, 10 times"),
    ("FREQ=WEEKLY;UNTIL=20270630T215959Z", "every week, until 2027-06-30"),
    ("FREQ=MONTHLY;BYMONTHDAY=15", "every month on the 15th"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", "every month on the last day"),
    ("FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO", "every 3 months on the first Monday"),
    ("FREQ=YEARLY;BYMONTHDAY=15", "RRULE:FREQ=YEARLY;BYMONTHDAY=15"),
])
def test_describe(rule: str, text: str) -> None:
    assert describe(rule) == text


@pytest.mark.parametrize("text", [
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
    "FREQ=MONTHLY;BYDAY=6MO", "FREQ=WEEKLY;BYDAY=1MO", "FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=20",
    "FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR;BYSETPOS=2", "FREQ=MONTHLY;BYSETPOS=2", "FREQ=YEARLY;BYWEEKNO=60",
])
def test_rules_that_can_never_match_are_refused_up_front(text: str) -> None:
    # dateutil would search until the year 9999 for these (seconds of blocked event loop).
    with pytest.raises(InvalidInput):
        parse_repeat(text, "UTC")


@pytest.mark.parametrize("text", ["FREQ=DAILY;INTERVAL=7;BYDAY=TU", "FREQ=MONTHLY;INTERVAL=12;BYMONTH=3"])
def test_intervals_that_step_over_every_allowed_day_are_refused_for_that_start(text: str) -> None:
    monday_in_november = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="never"):
        first_occurrence(parse_repeat(text, "UTC"), monday_in_november, "UTC")


def test_rare_but_possible_rules_are_kept() -> None:
    leap = expand(parse_repeat("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "UTC"), datetime(2026, 12, 1, 9), "UTC", limit=2)
    assert [d.year for d in leap] == [2028, 2032]
    last_weekday = parse_repeat("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "UTC")
    assert expand(last_weekday, datetime(2026, 12, 1, 9), "UTC", limit=1)[0].day == 31
