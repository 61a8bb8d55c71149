"""Repeat rules, refusals and report texts in the reader's language (catalogs compiled by `make`)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain import deliverables, diversity, groups, reach, recurrence
from bot.domain.dates.repeat import read_repeat
from bot.errors import InvalidInput, UserError
from bot.i18n import again, using


@pytest.mark.parametrize(("language", "rule", "expected"), [
    ("fr", "FREQ=MONTHLY;BYDAY=1TU", "tous les mois, le premier mardi"),
    ("fr", "FREQ=WEEKLY;INTERVAL=2;COUNT=10", "toutes les 2 semaines, 10 fois"),
    ("fr", "FREQ=WEEKLY;BYDAY=TU,TH", "toutes les semaines, le mardi, jeudi"),
    ("es", "FREQ=MONTHLY;BYMONTHDAY=15", "todos los meses, el día 15"),
    ("ru", "FREQ=MONTHLY;BYDAY=1WE", "каждый месяц, в первую среду"),
    ("ru", "FREQ=WEEKLY;INTERVAL=3", "каждые 3 недели"),
    ("ru", "FREQ=DAILY;INTERVAL=21", "каждый 21 день"),
    ("ru", "FREQ=MONTHLY;INTERVAL=5;UNTIL=20270630T215959Z", "каждые 5 месяцев, до 2027-06-30"),
    ("zh", "FREQ=MONTHLY;BYDAY=-1FR", "每月的最后一个星期五"),
    ("ar", "FREQ=WEEKLY;INTERVAL=2", "كل أسبوعين"),
    ("ar", "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO", "كل 3 أشهر، في أول يوم اثنين"),
    ("ar", "FREQ=WEEKLY;COUNT=2", "كل أسبوع، مرتين"),
    ("en", "FREQ=WEEKLY;COUNT=1", "every week, 1 time"),
])
def test_repeat_rules_are_described_in_the_language(language: str, rule: str, expected: str) -> None:
    with using(language):
        assert recurrence.describe(rule) == expected


def test_a_repeat_refusal_is_shown_again_in_the_readers_language() -> None:
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    with pytest.raises(InvalidInput) as caught:
        read_repeat("RRULE:FREQ=WEEKLY;COUNT=3;UNTIL=20270101", zone="UTC", now=now)
    assert "give COUNT or UNTIL, not both" in caught.value.message
    with using("fr"):
        shown = again(caught.value.message)
    assert shown.startswith("`RRULE:FREQ=WEEKLY;COUNT=3;UNTIL=20270101` n'est pas une forme de répétition")
    assert "indiquez COUNT ou UNTIL, pas les deux" in shown
    with using("ru"):
        assert "укажите COUNT или UNTIL, но не оба" in again(caught.value.message)


def test_an_unreachable_start_is_refused_in_the_language() -> None:
    monday = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    with using("fr"), pytest.raises(InvalidInput) as caught:
        recurrence.first_occurrence("FREQ=DAILY;INTERVAL=7;BYDAY=TU", monday, "UTC")
    assert caught.value.message == ("Tous les 7 jours à partir d'un lundi, on ne tombe jamais sur TU ; changez le "
                                    "début ou la règle.")


@pytest.mark.parametrize(("refuse", "english", "arabic"), [
    (lambda: deliverables.check_transition("outline", "review", is_chair=False),
     "It is at the outline stage; it moves to draft before review by the working group.",
     "إنه في مرحلة: المخطط؛ ينتقل إلى مرحلة «المسودة» قبل مرحلة «استعراض الفريق العامل»."),
    (lambda: diversity.parse_group_list(""),
     "Give at least one stakeholder group, e.g. `Government, Civil society, Private sector`.",
     "حدّد مجموعة واحدة على الأقل من مجموعات أصحاب المصلحة، مثل `Government, Civil society, Private sector`."),
    (lambda: groups.clean_group_name("  "), "The drafting group needs a name.", "يحتاج فريق الصياغة إلى اسم."),
    (lambda: reach.parse_offsets("1m"), "Each reminder must come between 5 minutes and 14 days before.",
     "يجب أن يصل كل تذكير قبل الموعد بما بين 5 دقائق و14 يومًا."),
])
def test_domain_refusals_follow_the_reader(refuse, english: str, arabic: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError) as caught:
        refuse()
    assert caught.value.message == english
    with using("ar"):
        assert again(caught.value.message) == arabic
