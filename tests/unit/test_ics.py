"""The .ics export, parsed back with icalendar (and expanded with dateutil as a calendar app would)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Calendar

from bot.domain.meeting import MeetingInfo, SeriesInfo
from bot.render.ics import build_calendar, filename_for

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ZURICH = ZoneInfo("Europe/Zurich")
SERIES = SeriesInfo(id=1, guild_id=5, title="WG-MWP", rule="FREQ=WEEKLY", timezone="Europe/Zurich",
                    dtstart_local=datetime(2026, 10, 13, 15, 0), duration_minutes=60, ics_uid="series-1@convener",
                    voice_channel_id=77)


def occurrence(number: int, start: datetime, *, sequence: int = 0, status: str = "scheduled",
               recurrence_id: datetime | None = None) -> MeetingInfo:
    return MeetingInfo(id=10 + number, guild_id=5, title="WG-MWP", start=start, end=start + timedelta(hours=1),
                       timezone="Europe/Zurich", status=status, series_id=1, number=number,
                       ics_uid="series-1@convener", sequence=sequence, recurrence_id=recurrence_id or start)


def single(status: str = "scheduled", sequence: int = 0) -> MeetingInfo:
    start = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    return MeetingInfo(id=3, guild_id=5, title="Budget", start=start, end=start + timedelta(minutes=90),
                       timezone="UTC", status=status, link="https://meet.example.org/b", ics_uid="m-3@convener",
                       sequence=sequence, description="Annual budget")


def parse(data: bytes) -> Calendar:
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and "convener" in str(calendar["PRODID"])
    return calendar


def test_single_meeting() -> None:
    [event] = parse(build_calendar([single()], [], now=NOW, name="WG")).walk("VEVENT")
    assert (str(event["UID"]), str(event["SUMMARY"]), int(event["SEQUENCE"])) == ("m-3@convener", "Budget", 0)
    assert event.decoded("DTSTART") == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 12, 3, 16, 30, tzinfo=UTC)
    assert event.decoded("DTSTAMP") == NOW
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "https://meet.example.org/b" == str(event["URL"])
    assert str(event["DESCRIPTION"]) == "Annual budget\nJoin: https://meet.example.org/b"


def test_a_change_keeps_the_uid_and_bumps_the_sequence_and_cancelling_says_so() -> None:
    [before] = parse(build_calendar([single()], [], now=NOW, name="WG")).walk("VEVENT")
    [after] = parse(build_calendar([single("cancelled", 2)], [], now=NOW, name="WG")).walk("VEVENT")
    assert before["UID"] == after["UID"]
    assert (int(after["SEQUENCE"]), str(after["STATUS"])) == (2, "CANCELLED")


def test_series_is_one_rrule_in_its_zone_and_stays_at_15_local_across_dst() -> None:
    occurrences = [occurrence(n, s) for n, s in enumerate(
        [datetime(2026, 10, 13, 13, 0, tzinfo=UTC), datetime(2026, 10, 20, 13, 0, tzinfo=UTC),
         datetime(2026, 10, 27, 14, 0, tzinfo=UTC)], start=1)]
    calendar = parse(build_calendar([], [(SERIES, occurrences)], now=NOW, name="WG"))
    [master] = calendar.walk("VEVENT")  # unchanged occurrences are covered by the rule
    start = master.decoded("DTSTART")
    assert start == datetime(2026, 10, 13, 15, 0, tzinfo=ZURICH) and master["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert master["RRULE"].to_ical() == b"FREQ=WEEKLY"
    assert "discord.com/channels/5/77" in str(master["LOCATION"])
    expanded = rrulestr(master["RRULE"].to_ical().decode(), dtstart=start)[:4]
    assert [d.astimezone(UTC).hour for d in expanded] == [13, 13, 14, 14]
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Zurich"


def test_moved_and_cancelled_occurrences_are_overrides_with_recurrence_ids() -> None:
    original = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)
    moved = occurrence(2, original + timedelta(hours=1), sequence=1, recurrence_id=original)
    dropped = occurrence(3, original + timedelta(weeks=1), sequence=1, status="cancelled")
    untouched = occurrence(4, original + timedelta(weeks=2))
    calendar = parse(build_calendar([], [(SERIES, [moved, dropped, untouched])], now=NOW, name="WG"))
    master, *overrides = calendar.walk("VEVENT")
    assert "RRULE" in master and len(overrides) == 2  # the untouched occurrence needs no override
    assert {str(e["UID"]) for e in overrides} == {"series-1@convener"} and "RRULE" not in overrides[0]
    by_id = {e.decoded("RECURRENCE-ID"): e for e in overrides}
    assert set(by_id) == {datetime(2026, 12, 8, 15, 0, tzinfo=ZURICH), datetime(2026, 12, 15, 15, 0, tzinfo=ZURICH)}
    assert by_id[datetime(2026, 12, 8, 15, 0, tzinfo=ZURICH)].decoded("DTSTART").astimezone(UTC) == original + \
        timedelta(hours=1)
    assert str(by_id[datetime(2026, 12, 15, 15, 0, tzinfo=ZURICH)]["STATUS"]) == "CANCELLED"


def test_cancelled_series() -> None:
    cancelled = SeriesInfo(**{**SERIES.__dict__, "cancelled": True, "sequence": 1})
    [master] = parse(build_calendar([], [(cancelled, [])], now=NOW, name="WG")).walk("VEVENT")
    assert (str(master["STATUS"]), int(master["SEQUENCE"])) == ("CANCELLED", 1)


def test_calendar_name_and_filename() -> None:
    calendar = parse(build_calendar([single()], [], now=NOW, name="MAG WG – Strategic Work Programme"))
    assert str(calendar["X-WR-CALNAME"]) == "MAG WG – Strategic Work Programme"
    assert filename_for("MAG WG – Strategic Work Programme") == "mag-wg-strategic-work-programme.ics"
    assert filename_for("!!!") == "meetings.ics"
