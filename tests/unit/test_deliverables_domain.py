"""Deliverable stages: transitions, the next deadline, and when owners are reminded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.deliverables import (
    Deliverable,
    check_order,
    check_stage,
    check_transition,
    reminder_times,
)
from bot.errors import Conflict, Forbidden, InvalidInput


def test_stages_move_forward_one_at_a_time_and_back_freely() -> None:
    check_transition("outline", "draft", is_chair=False)
    check_transition("review", "draft", is_chair=False)  # returned for rework
    check_transition("review", "outline", is_chair=False)
    with pytest.raises(InvalidInput, match="moves to draft before review"):
        check_transition("outline", "review", is_chair=True)
    with pytest.raises(Conflict):
        check_transition("draft", "draft", is_chair=True)


def test_only_chairs_declare_final_or_reopen() -> None:
    with pytest.raises(Forbidden):
        check_transition("review", "final", is_chair=False)
    with pytest.raises(Forbidden):
        check_transition("final", "review", is_chair=False)
    check_transition("review", "final", is_chair=True)
    check_transition("final", "review", is_chair=True)


def test_stage_names_may_be_abbreviated() -> None:
    assert check_stage("Rev") == "review" and check_stage("final") == "final"
    with pytest.raises(InvalidInput):
        check_stage("published")


def item(stage: str, **deadlines: date) -> Deliverable:
    return Deliverable(1, 1, "Paper", "issue paper", stage, 5, None, "Owner", deadlines)


def test_next_deadline_is_the_one_being_worked_towards() -> None:
    d, f = date(2026, 12, 15), date(2027, 1, 25)
    assert item("outline", draft=d, final=f).next_deadline() == ("draft", d)
    assert item("draft", draft=d, final=f).next_deadline() == ("final", f)  # no review deadline: the next one set
    assert item("review", draft=d).next_deadline() is None  # the draft deadline was met
    assert item("final", final=f).next_deadline() is None
    assert item("outline").next_deadline() is None


def test_reminders_before_the_deadline_in_the_owners_zone() -> None:
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    offsets = (timedelta(days=7), timedelta(days=1))
    times = reminder_times(date(2026, 12, 15), "Asia/Shanghai", offsets, now)
    assert times == [datetime(2026, 12, 8, 1, tzinfo=UTC), datetime(2026, 12, 14, 1, tzinfo=UTC)]
    # Inside the window: only what is still ahead; past the last one, one reminder at once; after it, none.
    assert reminder_times(date(2026, 12, 3), "UTC", offsets, now) == [datetime(2026, 12, 2, 9, tzinfo=UTC)]
    assert reminder_times(date(2026, 12, 2), "UTC", offsets, now + timedelta(hours=12)) == [now + timedelta(hours=12)]
    assert reminder_times(date(2026, 12, 1), "UTC", offsets, now) == []


def test_deadlines_follow_stage_order() -> None:
    check_order({"draft": date(2026, 12, 15), "final": date(2026, 12, 15)})
    with pytest.raises(InvalidInput, match="before the draft deadline"):
        check_order({"draft": date(2026, 12, 15), "review": date(2026, 12, 1)})
