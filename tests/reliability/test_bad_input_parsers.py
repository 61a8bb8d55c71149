"""Bad input, straight into the parsers behind every command's text options (the volume part: ~10,000 cases).

Each parser either returns a value that satisfies its contract or raises a UserError with a clear message;
any other exception is a bug (it would reach members as "something went wrong").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from bot.config import ConfigError, parse_duration
from bot.domain import agenda as agenda_domain
from bot.domain import dates, recurrence
from bot.domain.minutes import MAX_ENTRY_TEXT, clean_entry_text
from bot.domain.names import sort_key
from bot.domain.rollcall import check_role, check_status
from bot.errors import UserError
from bot.services.attendance import check_format
from bot.services.meeting_rows import check_link
from bot.services.profiles import clean_text, validate_zone
from tests.reliability.fuzz_text import assert_clear, short, typed

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
ZONES = st.sampled_from(["UTC", "Europe/Zurich", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
                         "Pacific/Kiritimati", "America/Sao_Paulo"])
ZONE_NAMES = available_timezones()
T = TypeVar("T")


RUNS = [pytest.param(1, 0.15, id="quick"), pytest.param(2, 0.8, id="full", marks=pytest.mark.heavy)]
runs = pytest.mark.parametrize(("run_seed", "share"), RUNS)


def explore(run_seed: int, cases: int, check: Callable[..., None], **strategies: st.SearchStrategy[Any]) -> None:
    """Run ``check`` on ``cases`` generated inputs. Fixed seeds (CI must not flake), no example database, no
    per-case deadline (shared machine). The quick runs are in every `make test`; the full ones are heavy."""
    hypothesis_settings = settings(max_examples=max(1, cases), database=None, deadline=None,
                                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    seed(run_seed)(hypothesis_settings(given(**strategies)(check)))()


def outcome(parse: Callable[[], T]) -> T | None:
    """The parsed value, or None after checking that the rejection is a clear UserError."""
    try:
        return parse()
    except UserError as error:
        assert_clear(error)
        return None


@runs
def test_poll_slot_lists(run_seed: int, share: float) -> None:
    explore(run_seed, int(1500 * share), check_poll_slot_lists, text=short(6000), zone=ZONES,
            length=st.sampled_from([timedelta(minutes=30), timedelta(hours=1)]))


def check_poll_slot_lists(text: str, zone: str, length: timedelta) -> None:
    parsed = outcome(lambda: dates.read_slots(text, dates.SlotRules(ZoneInfo(zone), NOW, length, 1000)))
    if parsed is not None:
        starts = [s.start for s in parsed.slots]
        assert 1 <= len(starts) <= 1000 and starts == sorted(starts) and len(set(starts)) == len(starts)
        for slot in parsed.slots:
            assert slot.start.tzinfo is not None and slot.start > NOW
            assert timedelta(0) < slot.end - slot.start <= timedelta(hours=24)


@runs
def test_poll_deadlines(run_seed: int, share: float) -> None:
    explore(run_seed, int(800 * share), check_poll_deadlines, text=typed(), zone=ZONES)


def check_poll_deadlines(text: str, zone: str) -> None:
    deadline = outcome(lambda: dates.read_moment(text, now=NOW, zone=ZoneInfo(zone), date_only="end_of_day"))
    assert deadline is None or (deadline.at.tzinfo is not None and deadline.at > NOW)


@runs
def test_slot_lengths_and_spans(run_seed: int, share: float) -> None:
    explore(run_seed, int(800 * share), check_slot_lengths_and_spans, text=typed())


def check_slot_lengths_and_spans(text: str) -> None:
    length = outcome(lambda: dates.parse_length(text))
    assert length is None or timedelta(minutes=5) <= length <= timedelta(hours=24)
    span = outcome(lambda: dates.parse_span(text))
    assert span is None or span >= timedelta(0)


@runs
def test_time_zones(run_seed: int, share: float) -> None:
    explore(run_seed, int(800 * share), check_time_zones, text=short(100))


def check_time_zones(text: str) -> None:
    zone = outcome(lambda: dates.read_zone(text))
    assert zone is None or zone.key in ZONE_NAMES
    name = outcome(lambda: validate_zone(text))
    assert name is None or name in ZONE_NAMES


@runs
def test_meeting_starts_and_reminder_times(run_seed: int, share: float) -> None:
    explore(run_seed, int(1200 * share), check_meeting_starts_and_reminder_times, text=short(100), zone=ZONES,
            relative=st.booleans())


def check_meeting_starts_and_reminder_times(text: str, zone: str, relative: bool) -> None:
    moment = outcome(lambda: dates.read_moment(text, now=NOW, zone=ZoneInfo(zone), future=relative))
    assert moment is None or moment.at.tzinfo is not None


@runs
def test_meeting_durations(run_seed: int, share: float) -> None:
    explore(run_seed, int(600 * share), check_meeting_durations, text=short(20))


def check_meeting_durations(text: str) -> None:
    minutes = outcome(lambda: dates.parse_minutes(text))
    assert minutes is None or 5 <= minutes <= 24 * 60


@runs
def test_repeat_rules(run_seed: int, share: float) -> None:
    explore(run_seed, int(1000 * share), check_repeat_rules, text=short(300), zone=ZONES)


def check_repeat_rules(text: str, zone: str) -> None:
    body = outcome(lambda: dates.read_repeat(text, zone=zone, now=NOW))
    if body is not None:
        # A rule that was accepted must also expand without surprises at a real start.
        start = datetime(2026, 12, 1, 15, 0)
        first = outcome(lambda: recurrence.first_occurrence(body, start.replace(tzinfo=ZoneInfo(zone)), zone))
        assert first is None or first.tzinfo is not None
        for occurrence in recurrence.expand(body, start, zone, limit=5):
            assert occurrence.tzinfo is not None
        assert recurrence.describe(body)


@runs
def test_agenda_text(run_seed: int, share: float) -> None:
    explore(run_seed, int(1000 * share), check_agenda_text, text=short(4000))


def check_agenda_text(text: str) -> None:
    agenda = outcome(lambda: agenda_domain.parse_agenda(text))
    if agenda is not None:
        numbered = agenda.numbered()
        assert numbered and len({label for label, _ in numbered}) == len(numbered)
        for _, item in numbered:
            assert item.title.strip() and len(item.title) <= agenda_domain.MAX_TITLE
            assert "\n" not in item.title
    label = outcome(lambda: agenda_domain.parse_label(text[:20]))
    assert label is None or label[0] >= 0
    title = outcome(lambda: agenda_domain.clean_title(text[:200]))
    assert title is None or isinstance(title, str)


@runs
def test_minutes_entries_and_due_dates(run_seed: int, share: float) -> None:
    explore(run_seed, int(800 * share), check_minutes_entries_and_due_dates, text=short(4000))


def check_minutes_entries_and_due_dates(text: str) -> None:
    entry = outcome(lambda: clean_entry_text(text))
    if entry is not None:
        assert entry == entry.strip() and len(entry) <= MAX_ENTRY_TEXT
        assert all(ch.isprintable() or ch == "\n" for ch in entry)
    due = outcome(lambda: dates.read_day(text[:100], now=NOW, zone=ZoneInfo("Asia/Tokyo")))
    assert due is None or TODAY <= due.day <= date(TODAY.year + dates.MAX_YEARS_AHEAD, 12, 31)
    period_day = outcome(lambda: dates.read_day(text[:100], now=NOW, zone=ZoneInfo("Asia/Tokyo"), direction="nearest"))
    assert period_day is None or date(1970, 1, 1) <= period_day.day


@runs
def test_names_groups_and_titles(run_seed: int, share: float) -> None:
    explore(run_seed, int(800 * share), check_names_groups_and_titles, text=short(100))


def check_names_groups_and_titles(text: str) -> None:
    for limit in (100, 200):
        cleaned = outcome(lambda limit=limit: clean_text(text, "name", limit))  # type: ignore[misc]
        if cleaned is not None:
            assert cleaned and len(cleaned) <= limit and cleaned == " ".join(cleaned.split())
            assert all(ch.isprintable() for ch in cleaned)
    assert isinstance(sort_key(text), tuple)  # a Unicode collation key, whatever the text


@runs
def test_links_formats_roles_statuses_and_days(run_seed: int, share: float) -> None:
    explore(run_seed, int(800 * share), check_links_formats_roles_statuses_and_days, text=short(500))


def check_links_formats_roles_statuses_and_days(text: str) -> None:
    link = outcome(lambda: check_link(text))
    assert link is None or (link.startswith(("https://", "http://")) and not any(c.isspace() for c in link))
    checks: list[Callable[[], Any]] = [lambda: check_format(text[:20]), lambda: check_role(text[:20]),
                                       lambda: check_status(text[:20])]
    for check in checks:
        outcome(check)


@runs
def test_reminder_offsets(run_seed: int, share: float) -> None:
    """`/setup reminders` reads a comma-separated list with the config's duration parser."""
    explore(run_seed, int(600 * share), check_reminder_offsets, text=short(200))


def check_reminder_offsets(text: str) -> None:
    for part in text.split(","):
        if part.strip():
            try:
                assert parse_duration(part, "offset") >= timedelta(0)
            except ConfigError as error:
                # The cog turns it into InvalidInput; reply() cuts messages to 2,000 characters.
                assert error.problem.strip()


# Crashes these tests found (fixed since in bot/domain/dates), kept as examples.
def test_a_huge_slot_length_is_refused_clearly() -> None:
    with pytest.raises(UserError):
        dates.parse_length("99999999999999999999")


def test_a_huge_deadline_span_is_refused_clearly() -> None:
    with pytest.raises(UserError):
        dates.read_moment("99999999999999999999m", now=NOW, zone=ZoneInfo("UTC"))


def test_a_very_long_zone_name_is_refused_clearly() -> None:
    with pytest.raises(UserError):
        dates.read_zone("ࠀ" * 100)


def test_an_offset_of_a_day_or_more_is_refused_clearly() -> None:
    with pytest.raises(UserError):
        dates.read_slots("2026-12-03 15:00 +99:99", dates.SlotRules(ZoneInfo("UTC"), NOW, timedelta(hours=1), 10))


@pytest.mark.parametrize("text", ["9999-12-31 23:30", "<t:253402300799:F>", "in 99999999 days", "0001-01-01",
                                  "0001-01-01 00:30", "<t:-62135596800:F>", "9999-12-31"])
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Asia/Tokyo", "America/Los_Angeles"])
def test_dates_at_the_limits_of_the_calendar_are_refused_clearly(text: str, zone: str) -> None:
    """Near year 1 and year 9999 converting between zones overflows; every reader refuses instead."""
    for read in (lambda: dates.read_moment(text, now=NOW, zone=ZoneInfo(zone)),
                 lambda: dates.read_day(text, now=NOW, zone=ZoneInfo(zone)),
                 lambda: dates.read_day(text, now=NOW, zone=ZoneInfo(zone), direction="nearest"),
                 lambda: dates.read_slots(text, dates.SlotRules(ZoneInfo(zone), NOW, timedelta(hours=1), 10)),
                 lambda: dates.read_repeat(f"weekly until {text}", zone=zone, now=NOW)):
        with pytest.raises(UserError) as caught:
            read()
        assert_clear(caught.value)
