"""Minutes domain: ordinals, date spans, agenda positions, entry text (due dates: tests/unit/test_dates.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.agenda import Agenda, AgendaItem
from bot.domain.minutes import (
    ActionItem,
    clean_entry_text,
    find_item,
    format_span,
    item_choices,
    ordinal,
    step,
)
from bot.errors import Conflict, InvalidInput

TODAY = date(2026, 11, 23)  # a Monday


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 6, 11, 12, 20, 21, 42, 99)] == [
        "first", "second", "third", "sixth", "eleventh", "twelfth", "twentieth", "twenty-first", "forty-second",
        "ninety-ninth"]
    assert [ordinal(n) for n in (100, 101, 102, 103, 111, 112, 113, 122)] == [
        "100th", "101st", "102nd", "103rd", "111th", "112th", "113th", "122nd"]


def test_format_span_same_day_and_overnight() -> None:
    start = datetime(2018, 8, 15, 15, 0, tzinfo=UTC)
    assert format_span(start, start + timedelta(hours=1)) == "15 August 2018, 15:00–16:00 UTC"
    late = datetime(2018, 8, 15, 23, 30, tzinfo=UTC)
    assert format_span(late, late + timedelta(hours=1)) == "15 August 2018, 23:30 – 16 August 2018, 00:30 UTC"


AGENDA = Agenda((
    AgendaItem(1, "Intro/Logistics/Admin"),
    AgendaItem(2, "Continue to progress the following proposals:", (
        AgendaItem(3, "Programme Framework"), AgendaItem(4, "Option Paper"))),
    AgendaItem(5, "Next steps/future agenda items"),
    AgendaItem(6, "AOB"),
))


def test_find_item_by_label_and_title() -> None:
    assert find_item(AGENDA, "2b")[0] == "2b"
    assert find_item(AGENDA, " 2 ")[1].id == 2
    assert find_item(AGENDA, "aob") == ("4", AGENDA.items[3])
    assert find_item(AGENDA, "option")[0] == "2b"


def test_find_item_errors_name_the_bad_entry() -> None:
    with pytest.raises(InvalidInput, match="no item `9`"):
        find_item(AGENDA, "9")
    with pytest.raises(InvalidInput, match="several agenda items"):
        find_item(AGENDA, "o")
    with pytest.raises(InvalidInput, match="no item `budget`"):
        find_item(AGENDA, "budget")
    with pytest.raises(Conflict, match="empty"):
        find_item(Agenda(()), "1")


def test_step_walks_items_and_sub_items_in_order() -> None:
    seen = []
    current = None
    for _ in range(6):
        label, item = step(AGENDA, current)
        seen.append(label)
        current = item.id
    assert seen == ["1", "2", "2a", "2b", "3", "4"]
    with pytest.raises(Conflict, match="last one"):
        step(AGENDA, 6)
    assert step(AGENDA, 999)[0] == "1"  # the current item was removed from the agenda: start over


def test_item_choices_filter_and_mark_the_current_item() -> None:
    choices = item_choices(AGENDA, "", current_id=3)
    assert [value for _, value in choices] == ["1", "2", "2a", "2b", "3", "4"]
    assert choices[2][0].startswith("▶ 2a")
    assert [value for _, value in item_choices(AGENDA, "2")] == ["2", "2a", "2b"]
    assert [value for _, value in item_choices(AGENDA, "option")] == ["2b"]


def test_clean_entry_text() -> None:
    assert clean_entry_text("  one\r\n\n\n\ntwo \x07 ") == "one\n\ntwo"
    with pytest.raises(InvalidInput, match="cannot be empty"):
        clean_entry_text(" \n\t ")
    with pytest.raises(InvalidInput, match="at most 4000"):
        clean_entry_text("x" * 4001)


def test_action_agenda_title_is_stable_and_bounded() -> None:
    action = ActionItem(7, 1, "Draft the\nproposal", 5, "Croll, Jutta", date(2018, 8, 28), "open")
    assert action.agenda_title() == "#7 Draft the proposal (Croll, Jutta, due 28 August 2018)"
    long = ActionItem(8, 1, "x" * 500, None, "Drafting group", None, "open")
    assert len(long.agenda_title()) == 200 and long.agenda_title().endswith("…")


@given(st.text(max_size=40))
def test_find_item_answers_every_typed_text_with_an_item_or_a_clear_error(text: str) -> None:
    try:
        label, item = find_item(AGENDA, text)
    except InvalidInput as exc:
        assert "agenda" in exc.message
        return
    assert (label, item) in AGENDA.numbered()
