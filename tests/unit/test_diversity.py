"""Stakeholder-group matching and per-dimension tallies."""

from __future__ import annotations

import pytest

from bot.domain.diversity import (
    NOT_STATED,
    Counted,
    Declared,
    by_dimension,
    canonical_group,
    match_name,
    parse_group_list,
    tidy,
    yes_no,
)
from bot.errors import InvalidInput

LISTED = ["Government", "Civil society", "Private sector", "Technical community", "Academia"]


@pytest.mark.parametrize("typed", ["Academia", "academia", "=Academia", " ACADEMIA. ", "acad"])
def test_every_spelling_of_a_listed_group_is_the_listed_name(typed: str) -> None:
    assert canonical_group(typed, LISTED) == "Academia"


def test_unknown_or_ambiguous_groups_are_refused_with_the_list() -> None:
    with pytest.raises(InvalidInput, match="Government, Civil society"):
        canonical_group("Media", LISTED)
    assert match_name("ty", LISTED) is None  # "Civil society" and "Technical community" both contain it
    with pytest.raises(InvalidInput, match="cannot be empty"):
        canonical_group(" == ", LISTED)


def test_without_a_list_the_spelling_in_use_wins() -> None:
    assert canonical_group("=academia", None, ["Academia", "Government"]) == "Academia"
    assert canonical_group("Media!", None, ["Academia"]) == "Media"


def test_group_lists_are_tidied_and_deduplicated() -> None:
    assert parse_group_list("Government, government;\n Civil society,, ") == ["Government", "Civil society"]
    assert tidy("  (GRULAC)  ") == "GRULAC)"
    with pytest.raises(InvalidInput, match="at most 25"):
        parse_group_list(",".join(f"G{i}" for i in range(26)))


def test_yes_no_options() -> None:
    assert (yes_no("yes"), yes_no("no"), yes_no("not stated"), yes_no(None)) == (True, False, None, None)


def test_tally_per_dimension_with_order_and_not_stated_last() -> None:
    people = [Counted(1, 2, 0, 0), Counted(2, 1, 1, 0), Counted(3, 0, 0, 2), Counted(None, 1, 0, 0)]
    declared = {1: Declared(region="B", gender="woman", youth=True), 2: Declared(region="A", developing=False)}
    rows = by_dimension(people, declared, {"region": ["B", "A"]})
    region = [(r.value, r.people, r.attended, r.absent) for r in rows if r.dimension == "region"]
    assert region == [("B", 1, 2, 0), ("A", 1, 1, 0), (NOT_STATED, 2, 1, 2)]
    youth = {r.value: r for r in rows if r.dimension == "youth"}
    assert youth["yes"].rate == 1.0 and youth[NOT_STATED].people == 3
    developing = {r.value: r.people for r in rows if r.dimension == "developing_country"}
    assert developing == {"no": 1, NOT_STATED: 3}
    assert sum(r.people for r in rows if r.dimension == "gender") == len(people)
