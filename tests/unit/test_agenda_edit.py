"""Editing agendas item by item, labels, and keeping item ids across edits."""

from __future__ import annotations

import pytest

from bot.domain.agenda import (
    Agenda,
    AgendaItem,
    add_item,
    ensure_item,
    from_titles,
    merge_ids,
    move_item,
    parse_agenda,
    parse_label,
    remove_item,
)
from bot.errors import InvalidInput
from bot.render.agenda import agenda_text

TEMPLATE = ("Intro/Logistics/Admin", "Review of action items", "Next steps/future agenda items", "AOB")


def shape(agenda: Agenda) -> list[str]:
    return agenda_text(agenda).splitlines()


def with_ids(agenda: Agenda, start: int = 1) -> Agenda:
    """Number every item like the database would."""
    counter = iter(range(start, start + 1000))
    return Agenda(tuple(AgendaItem(next(counter), item.title, tuple(AgendaItem(next(counter), c.title)
                                                                    for c in item.children))
                        for item in agenda.items))


@pytest.mark.parametrize(("label", "expected"), [
    ("2", (1, None)), (" 2 ", (1, None)), ("2b", (1, 1)), ("2 b", (1, 1)), ("2.b", (1, 1)), ("2(b)", (1, 1)),
    ("2B", (1, 1)), ("2b)", (1, 1)), ("2.2", (1, 1)), ("10a", (9, 0)),
])
def test_labels(label: str, expected: tuple[int, int | None]) -> None:
    assert parse_label(label) == expected


@pytest.mark.parametrize("label", ["", "b", "0", "2bb", "two", "2.0", "-1"])
def test_bad_labels_say_what_is_accepted(label: str) -> None:
    with pytest.raises(InvalidInput, match=r"agenda item number|sub-items start"):
        parse_label(label)


def test_numbered_labels_and_find() -> None:
    agenda = parse_agenda("1 - A\n2 - B\n a) B1\n b) B2\n3 - C")
    assert [(label, item.title) for label, item in agenda.numbered()] == [
        ("1", "A"), ("2", "B"), ("2a", "B1"), ("2b", "B2"), ("3", "C")]
    assert agenda.find("2b").title == "B2"
    with pytest.raises(InvalidInput, match=r"no item `4`\. Items: 1, 2, 2a, 2b, 3"):
        agenda.find("4")


def test_new_items_go_before_next_steps_and_aob() -> None:
    agenda, label = add_item(from_titles(TEMPLATE), "Proposals")
    assert label == "3"
    assert shape(agenda) == ["1 - Intro/Logistics/Admin", "2 - Review of action items", "3 - Proposals",
                             "4 - Next steps/future agenda items", "5 - AOB"]


def test_sub_items_are_appended_under_their_parent() -> None:
    agenda, label = add_item(parse_agenda("1 - A\n2 - B\n a) B1"), "B2", "2")
    assert label == "2b"
    assert shape(agenda)[-1] == "    b) B2"
    with pytest.raises(InvalidInput, match="cannot have sub-items"):
        add_item(agenda, "deeper", "2a")
    with pytest.raises(InvalidInput, match="title cannot be empty"):
        add_item(agenda, "   ")


def test_move_items_and_sub_items() -> None:
    agenda = parse_agenda("1 - A\n2 - B\n a) B1\n b) B2\n c) B3\n3 - C")
    moved, label = move_item(agenda, "3", 1)
    assert (label, [i.title for i in moved.items]) == ("1", ["C", "A", "B"])
    moved, label = move_item(agenda, "2c", 1)
    assert (label, [c.title for c in moved.items[1].children]) == ("2a", ["B3", "B1", "B2"])
    with pytest.raises(InvalidInput, match="positions 1 to 3"):
        move_item(agenda, "1", 4)


def test_remove_item_with_its_sub_items_or_one_sub_item() -> None:
    agenda = parse_agenda("1 - A\n2 - B\n a) B1\n b) B2\n3 - C")
    smaller, removed = remove_item(agenda, "2")
    assert removed.title == "B" and shape(smaller) == ["1 - A", "2 - C"]
    smaller, removed = remove_item(agenda, "2a")
    assert removed.title == "B1" and shape(smaller)[2] == "    a) B2"


def test_ensure_item_inserts_once_and_appends_missing_children() -> None:
    base = from_titles(("Intro", "Next steps", "AOB"))
    first, index = ensure_item(base, "Review of action items", ["#1 Draft paper (Croll, Jutta)"])
    assert index == 1
    again, index = ensure_item(first, "review of ACTION items", ["#1 Draft paper (Croll, Jutta)", "#2 Poll"])
    assert index == 1
    assert shape(again) == ["1 - Intro", "2 - Review of action items", "    a) #1 Draft paper (Croll, Jutta)",
                            "    b) #2 Poll", "3 - Next steps", "4 - AOB"]


def test_merge_keeps_ids_of_items_that_continue() -> None:
    old = with_ids(parse_agenda("1 - Intro\n2 - Proposals\n a) Framework\n b) Options\n3 - AOB"))
    # Re-pasted: a typo fixed in item 1, sub-items swapped, a new item, AOB unchanged.
    new = parse_agenda("1 - Intro and admin\n2 - Proposals\n a) Options\n b) Framework\n c) Roadmap\n"
                       "3 - Next steps\n4 - AOB")
    merged = merge_ids(old, new)
    ids = {label: item.id for label, item in merged.numbered()}
    old_ids = {item.title: item.id for _, item in old.numbered()}
    assert ids["1"] == old_ids["Intro"]  # same position, title edited
    assert ids["2"] == old_ids["Proposals"]
    assert ids["2a"] == old_ids["Options"] and ids["2b"] == old_ids["Framework"]
    assert ids["2c"] is None and ids["3"] is None
    assert ids["4"] == old_ids["AOB"]


def test_merge_follows_a_sub_item_moved_to_another_parent() -> None:
    old = with_ids(parse_agenda("1 - A\n a) Poll\n2 - B"))
    merged = merge_ids(old, parse_agenda("1 - A\n2 - B\n a) Poll"))
    assert merged.find("2a").id == old.find("1a").id


def test_merge_never_reuses_an_id() -> None:
    old = with_ids(parse_agenda("1 - A\n2 - B\n a) x\n b) y"))
    merged = merge_ids(old, parse_agenda("1 - B\n a) y\n b) x\n2 - A\n a) x\n3 - C\n a) q"))
    found = [item.id for _, item in merged.numbered() if item.id is not None]
    assert len(found) == len(set(found))
