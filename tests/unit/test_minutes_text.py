"""Markdown helpers: escaping round-trips, plain text, sections and Discord-sized pieces."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render.discord_text import escape_md, neutralise_html
from bot.render.minutes_text import (
    FENCE,
    annex_headings,
    for_discord,
    inline_to_text,
    markdown_to_text,
    preview_pages,
    replace_section_body,
    section_body,
    sections,
    split_messages,
)

# Printable single lines, biased towards Markdown's special characters and URLs.
MARKDOWN_CHARS = "#*_~`|<>[]()-+=.!\\:/ 1aZé"
line_text = st.text(alphabet=st.sampled_from(MARKDOWN_CHARS), max_size=60) | st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Zl", "Zp")), max_size=60)
with_urls = st.lists(line_text | st.just("https://example.org/a_b*c~d"), max_size=4).map(" ".join)


@given(with_urls)
def test_escaped_line_reads_back_as_written(text: str) -> None:
    assert inline_to_text(escape_md(text)) == text


@given(with_urls)
def test_escaped_text_never_forms_a_heading_or_table(text: str) -> None:
    doc = f"# Title\n\n{escape_md(text)}\n\n## Annex\n"
    assert [s.heading for s in sections(doc)] == ["Title", "Annex"]
    line = escape_md(text).lstrip()
    assert not line.startswith(("|", ">", "#"))
    # A bullet is "-" or "+" before a space (or alone); "-1" or "+33" are plain text and stay as typed.
    assert not re.match(r"[-+](\s|$)", line)


def test_plain_text_strips_markup_and_aligns_tables() -> None:
    md = "\n".join([
        "# Group", "", "**Decision:** keep \\*stars\\* and C\\#", "", "## Action items", "",
        "| # | Action | Owner |", "|---|---|---|", "| 1 | Draft a \\| b | Croll, Jutta |", "",
        "```", "  code *kept*", "```", "", "## ANNEX I - AGENDA", "text with _emphasis_ and [a link](https://x.org)",
    ])
    text = markdown_to_text(md)
    assert text.splitlines() == [
        "Group", "", "Decision: keep *stars* and C#", "", "Action items", "",
        "#  Action       Owner", "1  Draft a | b  Croll, Jutta", "", "  code *kept*", "", "ANNEX I - AGENDA",
        "text with emphasis and a link (https://x.org)",
    ]


def test_sections_and_replacing_one_body() -> None:
    md = "# T\n\nintro\n\n## 1 - A\n\nold a\n\n### a) sub\n\n## 2 - B\n\nb text\n"
    found = sections(md)
    assert [(s.heading, s.level) for s in found] == [("T", 1), ("1 - A", 2), ("a) sub", 3), ("2 - B", 2)]
    assert section_body(md, found[1]) == "old a"
    changed = replace_section_body(md, found[1], "new a\n\nmore")
    assert changed == "# T\n\nintro\n\n## 1 - A\n\nnew a\n\nmore\n\n### a) sub\n\n## 2 - B\n\nb text\n"
    emptied = replace_section_body(md, found[2], "   ")
    assert "### a) sub\n\n## 2 - B" in emptied


def test_headings_inside_code_blocks_are_not_sections() -> None:
    assert [s.heading for s in sections("# A\n```\n# not\n```\n## B\n")] == ["A", "B"]


def test_annex_headings_need_real_headings() -> None:
    assert annex_headings("## ANNEX I - AGENDA\n## ANNEX II – LIST\n") == (True, True)
    assert annex_headings("## Annex II - list\n") == (False, True)  # "II" does not count as "I"
    assert annex_headings("Annex I mentioned in text\n### annex 2\n") == (False, True)


def test_for_discord_turns_tables_into_aligned_code_blocks() -> None:
    md = "text\n| a | bee |\n|---|---|\n| 1 \\| x | 2 |\nafter\n"
    assert for_discord(md) == "text\n```\na      bee\n1 | x  2\n```\nafter\n"
    assert for_discord("| \\`\\`\\` |\n") == "```\nˋˋˋ\n```\n"


paragraphs = st.lists(st.text(alphabet=st.sampled_from("ab c\n|#"), min_size=1, max_size=900), max_size=12)


@settings(max_examples=50)
@given(paragraphs, st.integers(min_value=40, max_value=2000))
def test_split_messages_respects_the_limit_and_keeps_every_character(parts: list[str], limit: int) -> None:
    text = "\n\n".join(parts)
    pieces = split_messages(for_discord(text), limit)
    assert all(len(p) <= limit for p in pieces)
    assert all(p.count(FENCE) % 2 == 0 for p in pieces)
    kept = "".join("".join(p.split()) for p in pieces).replace(FENCE, "")
    assert kept == "".join(for_discord(text).split()).replace(FENCE, "")


def test_split_messages_prefers_paragraph_breaks() -> None:
    text = "\n\n".join(["x" * 900, "y" * 900, "z" * 900])
    assert split_messages(text, 2000) == ["x" * 900 + "\n\n" + "y" * 900, "z" * 900]


def test_preview_pages_fit_embed_limits() -> None:
    md = "\n\n".join(f"paragraph {i} " + "w " * 200 for i in range(60))
    pages, truncated = preview_pages(md)
    assert truncated
    assert all(len(p) <= 4000 for p in pages) and sum(len(p) for p in pages) <= 5500
    small, cut = preview_pages("# Title\n\nshort\n")
    assert small == ["# Title\n\nshort"] and not cut


def test_escape_block_keeps_paragraphs() -> None:
    assert escape_md("a\n\n# b") == "a\n\n\\# b"


def test_raw_html_is_escaped_outside_code_and_links() -> None:
    typed = "<!-- x --> <script>a()</script> <img src=x onerror=b()> `<kbd>` <https://igf.org> 1 < 2 \\<i>"
    assert neutralise_html(typed) == ("\\<!-- x --> \\<script>a()\\</script> \\<img src=x onerror=b()> `<kbd>` "
                                      "<https://igf.org> 1 < 2 \\<i>")
    fenced = f"{FENCE}\n<b>kept</b>\n{FENCE}\n<b>escaped</b>"
    assert neutralise_html(fenced) == f"{FENCE}\n<b>kept</b>\n{FENCE}\n\\<b>escaped\\</b>"
    assert escape_md("<img src=x onerror=b()>") == "\\<img src=x onerror=b()\\>"
    assert inline_to_text(escape_md("<img src=x>")) == "<img src=x>"
