"""Sorting "Last, First" names like the secretariat's printed lists."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.names import fold, sort_key, sorted_names

SEED_000_MEMBERS = ["Tao, Xiaofeng", "Jevtović, Danko", "Cassa,Concettina", "Galstyan, Lianna", "Croll, Jutta"]


def test_seed_000_members_sort_with_accents_folded() -> None:
    assert sorted_names(SEED_000_MEMBERS) == [
        "Cassa,Concettina", "Croll, Jutta", "Galstyan, Lianna", "Jevtović, Danko", "Tao, Xiaofeng"]


def test_jevtovic_files_between_galstyan_and_tao() -> None:
    assert sort_key("Galstyan, Lianna") < sort_key("Jevtović, Danko") < sort_key("Tao, Xiaofeng")


def test_other_participants_of_seed_000() -> None:
    names = ["Wagner, Flávio", "Vergne, Antoine", "Sivasubramanian, M", "Balachandran, Pradeep"]
    assert sorted_names(names) == ["Balachandran, Pradeep", "Sivasubramanian, M", "Vergne, Antoine",
                                   "Wagner, Flávio"]


def test_last_name_decides_before_first_name() -> None:
    # Without separating the parts, "Tao, Z" would sort after "Taos, A" ("tao z" vs "taos a").
    assert sorted_names(["Taos, Ana", "Tao, Zed"]) == ["Tao, Zed", "Taos, Ana"]


def test_case_and_punctuation_are_ignored() -> None:
    assert sort_key("St.Amour, Lynn") == sort_key("stamour, lynn")
    assert sorted_names(["O'Brien, Pat", "Obama, B", "Oberg, C"]) == ["Obama, B", "Oberg, C", "O'Brien, Pat"]


def test_letters_without_decomposition_are_folded() -> None:
    assert fold("Łukasz Øster Þór Æsa Straße") == "lukasz oster thor aesa strasse"


@settings(max_examples=300)
@given(st.text())
def test_fold_never_fails_and_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once == once.casefold()
