"""Review texts shown in Discord: entry lists and options within limits, action lists, inert user text."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.minutes import ACTION, NOTE, ActionItem, Entry
from bot.render.discord_text import escape_md
from bot.render.minutes_review import (
    ENTRIES_PER_PAGE,
    actions_page,
    entries_page,
    entry_detail,
    entry_line,
    entry_option,
    pages,
)

TODAY = date(2026, 11, 23)


@given(st.text(min_size=1, max_size=4000), st.text(max_size=120))
def test_select_options_stay_within_discord_limits(text: str, owner: str) -> None:
    name, detail = entry_option(Entry(123456, 1, 2, ACTION, text, owner_name=owner, due=TODAY), "12b")
    assert 1 <= len(name) <= 100 and len(detail) <= 100


def test_entries_page_lists_twenty_and_counts_pages() -> None:
    rows = [(Entry(i, 1, 1, NOTE, f"note {i} " + "x" * 300), "1") for i in range(1, 46)]
    page = entries_page(rows, 2, "WG #6")
    assert "**45 entries** for WG #6 — page 3/3" in page
    assert "`#41`" in page and "`#40`" not in page
    assert pages(45, ENTRIES_PER_PAGE) == 3 and pages(0, ENTRIES_PER_PAGE) == 1
    assert len(entries_page(rows, 0, "WG")) < 4096  # fits an embed or a message with room to spare
    assert entries_page([], 0, "WG") == "Nothing was captured for WG yet."


def test_entry_texts_are_inert() -> None:
    entry = Entry(7, 1, None, NOTE, "**bold** # heading [link](https://x.org)", credit="Croll, Jutta")
    line = entry_line(entry, None)
    assert "\\*\\*bold\\*\\* # heading \\[link\\](https://x.org)" in line and "*no item*" in line
    assert "Said by: Croll, Jutta" in entry_detail(entry, None)
    assert escape_md("a_b|c") == "a\\_b\\|c"


def test_actions_page_marks_overdue_and_scopes_by_owner() -> None:
    actions = [ActionItem(1, 1, "Late one", 5, "Croll, Jutta", date(2026, 11, 20), "open"),
               ActionItem(2, 1, "Undated", None, "Drafting group", None, "open")]
    text = actions_page(actions, TODAY, 0, "Croll, Jutta")
    assert text.splitlines()[0] == "**2 open action items for Croll, Jutta**"
    assert "`#1` Late one — Croll, Jutta, due 20 November 2026 ⚠️ overdue" in text
    assert "`#2` Undated — Drafting group" in text and text.count("overdue") == 1
    assert actions_page([], TODAY, 0, None) == "No open action items. 🎉"
