"""/remind list in the reader's language: kinds, where and for whom, member text escaped."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.reminders import ReminderInfo
from bot.i18n import using
from bot.render.reminders import reminders_list

DUE = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)


def _reminder(kind: str, channel: int | None, role: int | None, text: str = "") -> ReminderInfo:
    return ReminderInfo(7, 1, kind, DUE, None, channel, role, text, None)


def test_each_reminder_says_what_it_is_where_and_for_whom() -> None:
    listed = reminders_list([_reminder("text", 5, 9, "Issue *papers* due"), _reminder("poll.close", None, None)])
    assert listed.splitlines() == [
        "**Pending reminders**",
        "`7` <t:1796904000:F> (<t:1796904000:R>) — announcement in <#5> for <@&9>: Issue \\*papers\\* due",
        "`7` <t:1796904000:F> (<t:1796904000:R>) — poll closes",
    ]
    assert reminders_list([]) == "No pending reminders. A chair can add one with `/remind set`."


def test_the_list_is_in_the_readers_language() -> None:
    with using("fr"):
        listed = reminders_list([_reminder("meeting", 5, None)])
    assert listed.splitlines() == ["**Rappels en attente**",
                                   "`7` <t:1796904000:F> (<t:1796904000:R>) — rappel de réunion dans <#5>"]
