"""Parsing the agendas chairs paste from e-mail, and rendering them back."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.agenda import MAX_ITEMS, MAX_TITLE, Agenda, AgendaItem, AgendaParseError, parse_agenda
from bot.render.agenda import agenda_text
from tests.support_attendance import SEED_000_COPY, seed_000_annex_i


def titles(agenda: Agenda) -> list[tuple[str, list[str]]]:
    return [(item.title, [c.title for c in item.children]) for item in agenda.items]


def test_seed_000_agenda_has_five_items_three_subitems_under_2_and_one_under_3() -> None:
    agenda = parse_agenda(seed_000_annex_i())
    assert [len(item.children) for item in agenda.items] == [0, 3, 1, 0, 0]
    assert agenda.items[0].title == "Intro/Logistics/Admin"
    assert agenda.items[1].title == "Continue to progress the following proposals:"
    assert agenda.items[1].children[0].title == "Proposal for an “IGF Programme Framework” - review updated document"
    assert agenda.items[2].children[0].title == \
        "discussion on possible poll based on the discussion at the last meeting"
    assert agenda.items[4].title == "AOB"
    assert [label for label, _ in agenda.numbered()] == ["1", "2", "2a", "2b", "2c", "3", "3a", "4", "5"]


def test_the_fallback_copy_matches_the_seed() -> None:
    assert parse_agenda(SEED_000_COPY) == parse_agenda(seed_000_annex_i())


def test_seed_000_renders_like_the_secretariat_writes_it() -> None:
    text = agenda_text(parse_agenda(seed_000_annex_i()))
    assert text.splitlines()[:3] == [
        "1 - Intro/Logistics/Admin",
        "2 - Continue to progress the following proposals:",
        "    a) Proposal for an “IGF Programme Framework” - review updated document",
    ]
    assert text.splitlines()[-1] == "5 - AOB"


@pytest.mark.parametrize("text", [
    "1. Intro\n2. Proposals\n   a. First\n   b. Second\n3. AOB",
    "1) Intro\n2) Proposals\n(a) First\n(b) Second\n3) AOB",
    "1: Intro\n2 – Proposals\n2.1 First\n2.2 Second\n3 — AOB",
    "Agenda:\n\n1 Intro\n2 Proposals\n    - First\n    - Second\n3 AOB",
    "> 1 - Intro\n> 2 - Proposals\n>   a) First\n>   b) Second\n> 3 - AOB",
    "**1 - Intro**\n**2 - Proposals**\n\u2003a) First\n\u2003b) Second\n**3 - AOB**",
    "1. Intro\n2. Proposals\n    1. First\n    2. Second\n3. AOB",
    "\t1 - Intro\r\n\t2 - Proposals\r\n\t\ta) First\r\n\t\tb) Second\r\n\t3 - AOB\r\n",
])
def test_formats_chairs_paste(text: str) -> None:
    assert titles(parse_agenda(text)) == [("Intro", []), ("Proposals", ["First", "Second"]), ("AOB", [])]


def test_numbers_are_renumbered_in_order() -> None:
    agenda = parse_agenda("1. Intro\n1. Proposals\n7. AOB")
    assert [label for label, _ in agenda.numbered()] == ["1", "2", "3"]


def test_wrapped_lines_continue_the_previous_item() -> None:
    agenda = parse_agenda("1 - Discussion on engaging MAG, IGF community,\n      and NRIs\n   a) a poll based on\n"
                          "      the last meeting\n2 - AOB")
    assert titles(agenda) == [("Discussion on engaging MAG, IGF community, and NRIs",
                               ["a poll based on the last meeting"]), ("AOB", [])]


def test_abbreviations_do_not_start_sub_items() -> None:
    agenda = parse_agenda("1 - Proposals\ne.g. the roadmap\n2 - AOB")
    assert titles(agenda)[0] == ("Proposals e.g. the roadmap", [])


@pytest.mark.parametrize(("text", "line", "words"), [
    ("Dear all, please find it below\n1 - Intro", 1, "is not an agenda item"),
    ("\n\na) Orphan\n1 - Intro", 3, "comes before any numbered item"),
    ("1 - Intro\n2 -   \n3 - AOB", 2, "has no title"),
    ("1 - " + "x" * (MAX_TITLE + 1), 1, "at most 200"),
    ("", 1, "no agenda items found"),
    ("\n".join(f"{i} - item" for i in range(1, MAX_ITEMS + 2)), MAX_ITEMS + 1, "at most 30 items"),
    ("1 - Intro\n" + "\n".join(f"    - sub {i}" for i in range(27)), 28, "at most 26 sub-items"),
])
def test_problems_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(AgendaParseError) as caught:
        parse_agenda(text)
    assert caught.value.line == line
    assert words in caught.value.message
    assert caught.value.message.startswith(f"Line {line}: ")
    assert caught.value.message.endswith("Nothing was saved.")


def test_titles_are_single_clean_lines() -> None:
    agenda = parse_agenda("1 -   Intro \x00 and\u00a0admin\u200b  ")
    assert agenda.items[0].title == "Intro and admin"


# -- properties -------------------------------------------------------------------------------------------------

LINE_PIECES = st.sampled_from(["1 - ", "2. ", "3) ", "(4) ", "a) ", "b. ", "(c) ", "2.1 ", "- ", "* ", "• ", "   ",
                               "\t", "> ", "**", "e.g. ", "Agenda", "", "12 ", "2018 "])
LINE = st.tuples(LINE_PIECES, LINE_PIECES, st.text(max_size=40)).map("".join)
AGENDA_LIKE = st.lists(LINE, max_size=40).map("\n".join)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), AGENDA_LIKE))
def test_no_input_crashes(text: str) -> None:
    try:
        agenda = parse_agenda(text)
    except AgendaParseError as exc:
        assert re.match(r"^Line \d+: ", exc.message)
        assert 1 <= exc.line <= max(1, len(text.splitlines()))
        return
    assert 1 <= len(agenda.items) <= MAX_ITEMS
    for _, item in agenda.numbered():
        assert item.title and item.title == item.title.strip() and len(item.title) <= MAX_TITLE
        assert "\n" not in item.title


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), AGENDA_LIKE))
def test_round_trip_parse_render_parse_is_stable(text: str) -> None:
    try:
        first = parse_agenda(text)
    except AgendaParseError:
        return
    rendered = agenda_text(first)
    assert parse_agenda(rendered) == first
    assert agenda_text(parse_agenda(rendered)) == rendered


TITLE = st.text(min_size=1, max_size=60).map(lambda t: " ".join("".join(c for c in t if c.isprintable()).split()))\
    .filter(bool)


@given(st.lists(st.tuples(TITLE, st.lists(TITLE, max_size=4)), min_size=1, max_size=12))
def test_any_agenda_survives_render_then_parse(shape: list[tuple[str, list[str]]]) -> None:
    agenda = Agenda(tuple(AgendaItem(None, t, tuple(AgendaItem(None, c) for c in kids)) for t, kids in shape))
    assert parse_agenda(agenda_text(agenda)) == agenda
