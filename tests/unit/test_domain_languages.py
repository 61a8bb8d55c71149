"""Repeat rules, refusals, reports and calendar files in the reader's language (catalogs compiled by `make`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.domain import deliverables, diversity, groups, reach, recurrence
from bot.domain.attendance import MeetingAttendance, ParticipationReport, participation
from bot.domain.dates import SlotRules, parse_minutes, read_slots
from bot.domain.dates.repeat import read_repeat
from bot.domain.deliverables import Deliverable
from bot.domain.meeting import MeetingInfo
from bot.domain.rollcall import Participant
from bot.domain.schedule import DeliverableDue, Schedule
from bot.errors import InvalidInput, UserError
from bot.i18n import again, using
from bot.render.attendance_report import report_csv, report_markdown
from bot.render.deliverables import card, list_line
from bot.render.diversity import value_label
from bot.render.ics import build_calendar
from bot.render.reports import (
    DEFAULT_TEMPLATE,
    REQUIRED_SECTIONS,
    SAMPLE,
    default_template,
    incomplete_sections,
    missing_headings,
    render_report,
)
from bot.render.schedule import schedule_text


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


def _report() -> ParticipationReport:
    start = datetime(2026, 11, 3, 15, 0, tzinfo=UTC)
    people = (Participant(1, "Galstyan, Lianna", "member", "Government", "present", None, None, 60, took_part="online"),
              Participant(2, "Tao, Xiaofeng", "observer", None, "absent", None, None, None))
    meeting = MeetingAttendance(6, "WG-MWP", start, start + timedelta(hours=1), people, closed=True)
    declared = {1: diversity.Declared(gender="woman")}
    counted = [diversity.Counted(1, 1, 0, 0), diversity.Counted(2, 0, 0, 1)]
    report = participation([meeting], date(2026, 11, 1), date(2026, 11, 30))
    return replace(report, dimensions=diversity.by_dimension(counted, declared, {}))


def test_participation_report_in_french_russian_and_arabic() -> None:
    report = _report()
    with using("fr"):
        french = report_markdown(report)
        french_csv = report_csv(report).decode("utf-8").splitlines()
    header = french_csv[0]
    assert french.startswith("# Participation 2026-11-01 – 2026-11-30\n")
    assert "## Par groupe de parties prenantes" in french
    assert "| Groupe | Personnes | Présences | Excusés | Absences | Taux |" in french
    assert "| Non précisé | 1 | 0 | 0 | 1 | 0% |" in french
    assert "| Tao, Xiaofeng | observateur | Non précisé |" in french
    assert "| Genre | femme | 1 | 1 | 0 | 0 | 100% |" in french
    assert header.startswith('"type_de_ligne","nom","id_discord","rôle","groupe_parties_prenantes"')
    with using("ru"):
        russian = report_markdown(report)
    assert "## По участникам" in russian and "| Имя | Роль | Группа |" in russian and "Per person" not in russian
    with using("ar"):
        arabic = report_markdown(report)
    assert "# المشاركة 2026-11-01 – 2026-11-30" in arabic and "| الاسم | الدور | المجموعة |" in arabic
    english = report_csv(report).decode("utf-8").splitlines()
    assert english[0].startswith('"scope","name","discord_id","role","stakeholder_group"')
    assert english[1:] == french_csv[1:]  # the cells keep their keys: scripts read every language alike


def test_report_template_in_the_servers_language_is_submitted_in_any() -> None:
    with using("fr"):
        template = default_template()
        markdown = render_report(template, SAMPLE)
        assert "## Séance" in markdown and "## Points principaux\n\n_À compléter._" in markdown
        assert "12 participants, dont 5 à distance (4 en ligne, 1 par téléphone ou autre moyen), 7 en salle." \
            in markdown
        assert incomplete_sections(markdown) == ["Points principaux", "Messages clés", "Suivi"]
        assert missing_headings("# x\n## Séance\n", REQUIRED_SECTIONS)[0] == "Participation"
    filled = markdown.replace("_À compléter._", "Fait.")
    assert incomplete_sections(filled) == []  # read by an English reader, French headings count
    with using("ru"):
        assert "каждый" not in render_report(default_template(), SAMPLE)
        assert "12 участников, из них дистанционно: 5" in render_report(default_template(), SAMPLE)
    assert default_template() == DEFAULT_TEMPLATE


def test_ics_words_follow_the_language() -> None:
    start = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    meeting = MeetingInfo(id=3, guild_id=5, title="Budget", start=start, end=start + timedelta(minutes=90),
                          timezone="UTC", status="scheduled", link="https://meet.example.org/b", ics_uid="m-3@convener",
                          voice_channel_id=77)
    with using("fr"):
        [event] = Calendar.from_ical(build_calendar([meeting], [], now=start, name="WG")).walk("VEVENT")
    assert str(event["DESCRIPTION"]) == ("Rejoindre : https://meet.example.org/b\n"
                                         "Salon vocal Discord : https://discord.com/channels/5/77")


PAPER = Deliverable(1, 5, "Issue paper", "issue paper", "review", None, 3, "Strategic work programme",
                    {"final": date(2027, 1, 25)})


def test_deliverables_and_my_schedule_in_the_members_language() -> None:
    with using("es"):
        shown = card(PAPER)
        line = list_line(PAPER)
    assert shown.startswith("**n.º 1 Issue paper** (documento temático) — responsable: Strategic work programme\n"
                            "Etapa: examen por el grupo de trabajo (esquema → borrador → EXAMEN → final)")
    assert line == ("n.º 1 Issue paper — Strategic work programme — examen por el grupo de trabajo; próximo plazo: "
                    "versión final a más tardar el 25 de enero de 2027")
    due = DeliverableDue(PAPER, "final", datetime(2027, 1, 25, 8, tzinfo=UTC))
    schedule = Schedule(5, "Europe/Zurich", deliverables=(due,))
    with using("zh"):
        text = schedule_text(schedule, group="WG")
    assert text.startswith("🗓️ **您在 WG 的日程**") and "**📄 您的交付成果（1）**" in text
    assert "• **Issue paper**（工作组审议）— 定稿：截止" in text
    with using("ru"):
        assert schedule_text(Schedule(5, "UTC"), group="WG").startswith("🎉 В WG для вас ничего нет")


def test_slot_and_duration_refusals_in_the_members_language() -> None:
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    rules = SlotRules(ZoneInfo("Europe/Zurich"), now, timedelta(hours=1), 1000, ())
    with using("ru"), pytest.raises(InvalidInput) as caught:
        read_slots("2026-12-03 15:00, 2026-12-03 14:00 UTC", rules)
    assert caught.value.message.startswith(
        "Не удалось использовать вариантов: 1 из 2 (время указано по Europe/Zurich):")
    assert "повторяет `2026-12-03 15:00`." in caught.value.message
    with using("zh"), pytest.raises(InvalidInput) as caught:
        parse_minutes("3 parsecs")
    assert caught.value.message == "`3 parsecs` 不是时长；请使用 `90m`、`1h30`、`2h` 或 `3d` 等形式。"
    with using("fr"), pytest.raises(InvalidInput) as caught:
        parse_minutes("25h")
    assert caught.value.message == "Une réunion dure entre 5 minutes et 24 heures ; `25h` fait 1\u202f500 minutes."


def test_the_un_regional_groups_under_their_official_names() -> None:
    with using("fr"):
        assert value_label("Western European and Others Group (WEOG)") == \
            "Groupe des États d'Europe occidentale et autres États (WEOG)"
    with using("ru"):
        assert value_label("Eastern European Group") == "Группа восточноевропейских государств"
        assert value_label("Benelux") == "Benelux"  # a server's own region stays as typed
