"""The chair's file of comments on draft minutes: what members wrote and their names show as typed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.circulation import Comment
from bot.render.circulation import comments_markdown
from bot.render.minutes_text import Section

WHEN = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
SECTION = Section(0, "1 - Welcome", 2, 0, 3)
HOSTILE = [("# x", "\\# x"), ("| a |", "\\| a \\|"), ("<b>", "\\<b\\>"), ("[link](x)", "\\[link\\](x)"),
           ("**bold**", "\\*\\*bold\\*\\*"), ("- item", "\\- item"), ("> quote", "\\> quote"),
           ("1. one", "1\\. one")]


def _comment(text: str, author: str, heading: str = "1 - Welcome") -> Comment:
    return Comment(heading, text, author, WHEN)


def test_plain_comments_are_quoted_under_their_section() -> None:
    document = comments_markdown("WG 5", 2, [(SECTION, [_comment("Fine by me.\nOne typo.", "Jutta Croll")])], [])
    assert document == (
        "# Comments on the draft minutes of WG 5 (draft version 2)\n\n## 1 - Welcome\n\n"
        "> Fine by me.\n> One typo.\n> — Jutta Croll, 10 December 2026 12:00 UTC\n\n")


@pytest.mark.parametrize(("typed", "shown"), HOSTILE)
def test_member_text_and_names_form_no_markup(typed: str, shown: str) -> None:
    document = comments_markdown(typed, 1, [(SECTION, [_comment(f"{typed}\n{typed}", typed)])],
                                 [_comment(typed, typed, "Gone")])
    assert document.split("\n") == [
        f"# Comments on the draft minutes of {shown} (draft version 1)", "", "## 1 - Welcome", "",
        f"> {shown}", f"> {shown}", f"> — {shown}, 10 December 2026 12:00 UTC", "", "",
        "## Comments on sections no longer in the draft", "",
        "**Gone**", f"> {shown}", f"> — {shown}, 10 December 2026 12:00 UTC", "", ""]


def test_a_multi_line_name_stays_on_its_line() -> None:
    document = comments_markdown("WG", 1, [(SECTION, [_comment("ok", "Ann\n# Boss")])], [])
    assert "> — Ann # Boss, 10 December 2026 12:00 UTC" in document.split("\n")


def test_comment_dates_follow_the_files_language() -> None:
    from bot.i18n import using

    with using("fr"):
        document = comments_markdown("WG 5", 2, [(SECTION, [_comment("D'accord.", "Jutta Croll")])], [])
    assert "10 décembre 2026 12:00 UTC" in document and "December" not in document


async def test_the_comment_form_speaks_the_members_language() -> None:
    from bot.i18n import using
    from cogs._circulation import CommentForm

    with using("ru"):
        form = CommentForm(4, 0, "1 - Welcome")
    assert form.title == "Замечание: 1 - Welcome" and form.body.label == "Ваше замечание по этому разделу"
