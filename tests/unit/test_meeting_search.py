"""What typing into a meeting picker means: title words, a number or id, a day, month or year (UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.meeting_search import MAX_TERMS, YEARS_AHEAD, YEARS_BACK, Term, parse_query

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def test_nothing_typed_matches_every_meeting() -> None:
    assert parse_query("  ", NOW).terms == ()


def test_words_must_each_appear_in_the_title() -> None:
    assert parse_query("WG-MWP  7th", NOW).terms == (Term("WG-MWP"), Term("7th"))


def test_a_number_is_the_meetings_number_or_id_or_part_of_the_title() -> None:
    assert parse_query("#7", NOW).terms == (Term("7", 7),)
    assert parse_query("1577485149384343554", NOW).terms == (Term("1577485149384343554", 1577485149384343554),)


@pytest.mark.parametrize(("typed", "start", "end"), [
    ("2026-11-23", utc(2026, 11, 23), utc(2026, 11, 24)),
    ("2026/11/23", utc(2026, 11, 23), utc(2026, 11, 24)),
    ("Nov 23, 2025", utc(2025, 11, 23), utc(2025, 11, 24)),
    ("23rd November 2025", utc(2025, 11, 23), utc(2025, 11, 24)),
    ("2026-11", utc(2026, 11, 1), utc(2026, 12, 1)),
    ("december 2026", utc(2026, 12, 1), utc(2027, 1, 1)),
    ("9999-12-31", utc(9999, 12, 31), datetime.max.replace(tzinfo=UTC)),
])
def test_a_date_with_a_year_is_that_day_or_month(typed: str, start: datetime, end: datetime) -> None:
    [term] = parse_query(typed, NOW).terms
    assert term == Term(typed, None, ((start, end),))


def test_a_year_is_also_a_number() -> None:
    assert parse_query("2025", NOW).terms == (Term("2025", 2025, ((utc(2025, 1, 1), utc(2026, 1, 1)),)),)


def test_a_day_without_a_year_is_that_day_in_any_year_around_now() -> None:
    [term] = parse_query("23 Nov", NOW).terms
    assert len(term.spans) == YEARS_BACK + YEARS_AHEAD + 1
    assert (utc(2011, 11, 23), utc(2011, 11, 24)) in term.spans and (utc(2031, 11, 23), utc(2031, 11, 24)) in term.spans


def test_dates_and_words_combine() -> None:
    terms = parse_query("budget 2026-11 review", NOW).terms
    assert terms == (Term("2026-11", None, ((utc(2026, 11, 1), utc(2026, 12, 1)),)), Term("budget"), Term("review"))


@pytest.mark.parametrize("typed", ["31 Feb", "2026-13", "2026-02-30"])
def test_impossible_dates_are_only_text(typed: str) -> None:
    assert all(not t.spans for t in parse_query(typed, NOW).terms)


def test_long_or_many_terms_are_bounded() -> None:
    assert len(parse_query("x" * 100_000, NOW).terms[0].text) == 100
    assert len(parse_query(" ".join(["word"] * 50), NOW).terms) == MAX_TERMS
    assert len(parse_query("23 Nov " * 20, NOW).terms) <= MAX_TERMS


def test_other_digits_are_text_not_numbers() -> None:
    assert parse_query("١٢ ¹", NOW).terms == (Term("١٢"), Term("¹"))


def test_numbers_too_large_for_an_id_are_only_text() -> None:
    assert parse_query("9" * 19, NOW).terms == (Term("9" * 19),)
    assert parse_query("1" * 40, NOW).terms == (Term("1" * 40),)
