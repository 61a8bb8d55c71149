"""The balance rule of drafting groups: parsing, and seating members by bipartite matching."""

from __future__ import annotations

import pytest

from bot.domain.diversity import canonical_group
from bot.domain.groups import Seat, check_balance, mentioned_ids, parse_rule
from bot.errors import InvalidInput

LISTED = ["Government", "Civil society", "Private sector", "Technical community", "Academia"]


def rule(text: str):  # type: ignore[no-untyped-def]
    return parse_rule(text, lambda name: canonical_group(name, LISTED))


def seats(*groups: str | None) -> list[Seat]:
    return [Seat(i + 1, g) for i, g in enumerate(groups)]


def test_rules_are_read_in_several_spellings() -> None:
    assert rule("5 government + 5 non-government").text() == "5 Government, 5 non-Government"
    assert rule("2 Civil society and 1 private; 1 Academia/Technical").text() == \
        "2 Civil society, 1 Private sector, 1 Academia or Technical community"
    for bad in ("five Government", "5", "0 Government", "3 Media"):
        with pytest.raises(InvalidInput):
            rule(bad)
    with pytest.raises(InvalidInput, match="at most 100"):
        rule("60 Government, 60 Civil society")


def test_balance_holds_only_when_every_seat_is_taken_and_nobody_is_left() -> None:
    five_five = rule("2 Government, 2 non-Government")
    assert check_balance(five_five, seats("Government", "Government", "Civil society", "Academia")).holds
    missing = check_balance(five_five, seats("Government", "Civil society", "Private sector"))
    assert [(s.quota.label(), s.missing) for s in missing.shortfalls] == [("Government", 1)]
    assert not missing.surplus and not missing.holds
    extra = check_balance(five_five, seats("Government", "Government", "Government", "Academia", "Academia"))
    assert [s.group for s in extra.surplus] == ["Government"]
    assert [(s.quota.label(), s.missing) for s in extra.shortfalls] == []


def test_overlapping_quotas_are_matched_whatever_the_order() -> None:
    # The civil-society member must take the civil-society seat even though they were added first and also fit
    # the non-government quota: a greedy seating would leave the later one unplaced.
    overlap = rule("1 non-Government, 1 Civil society")
    assert check_balance(overlap, seats("Civil society", "Academia")).holds
    assert check_balance(overlap, seats("Academia", "Civil society")).holds
    assert not check_balance(overlap, seats("Academia", "Private sector")).holds


def test_members_without_a_group_cannot_fill_even_a_negated_seat() -> None:
    balance = check_balance(rule("1 Government, 1 non-Government"), seats("Government", None))
    assert [s.user_id for s in balance.unstated] == [2]
    assert [s.quota.label() for s in balance.shortfalls] == ["non-Government"]


def test_mentions_are_read_from_one_option() -> None:
    assert mentioned_ids("<@123456789012345678> and <@!223456789012345678> <@123456789012345678>") == \
        [123456789012345678, 223456789012345678]
