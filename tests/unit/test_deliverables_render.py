"""What members read about deliverables: titles, owners, file names and notes show as typed."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.deliverables import Deliverable, Version
from bot.render.deliverables import card, created, list_line, moved, reminder, version_added

ADDED = Version(2, "draft", None, "**v2**.md", "see [here](x)", datetime(2026, 12, 1, tzinfo=UTC))
PAPER = Deliverable(7, 1, "# Paper *one*", "issue paper", "draft", 5, None, "<b>Ann</b>", {}, None, (ADDED,))


def test_member_text_forms_no_markup() -> None:
    for shown in (card(PAPER), created(PAPER), list_line(PAPER), moved(PAPER), version_added(PAPER, ADDED)):
        assert "# Paper *one*" not in shown and "\\# Paper \\*one\\*" in shown, shown
    assert "\\<b\\>Ann\\</b\\>" in card(PAPER) and "<b>" not in list_line(PAPER)
    assert "\\*\\*v2\\*\\*.md" in card(PAPER) and "see \\[here\\](x)" in card(PAPER)
    reminded = reminder(Deliverable(7, 1, "*x*", "issue paper", "draft", 5, None, "Ann",
                                    {"draft": datetime(2027, 1, 5, tzinfo=UTC).date()}), "draft", [5])
    assert "\\*x\\*" in reminded
