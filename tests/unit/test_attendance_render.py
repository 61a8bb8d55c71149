"""Attendance lists as files: CSV and Markdown (Annex II) for a seed-000-like meeting, compared to golden files.

Regenerate the golden files after an intended change with UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from PIL import Image

from bot.domain.attendance import MeetingAttendance, participation
from bot.domain.rollcall import ConsentTally, Participant, RollCallBoard
from bot.render.attendance import CSV_COLUMNS, attendance_csv, attendance_markdown, rollcall_message
from bot.render.attendance_chart import report_png
from bot.render.attendance_report import report_csv, report_markdown
from tests.support_golden import assert_golden

START = datetime(2018, 8, 15, 15, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


def person(uid: int | None, name: str, role: str, status: str, group: str | None = None,
           joined: int | None = None, left: int | None = None, minutes: int | None = None,
           took_part: str | None = None, consent: bool | None = None) -> Participant:
    return Participant(uid, name, role, group, status, at(joined) if joined is not None else None,
                       at(left) if left is not None else None, minutes,
                       took_part or ("online" if minutes else None), consent)


SEED_000 = (
    person(101, "St.Amour, Lynn", "chair", "present", "Civil society", 0, 60, 60, "room", True),
    person(102, "Cassa,Concettina", "member", "present", "Government", 1, 60, 59, consent=True),
    person(103, "Croll, Jutta", "member", "late", "Civil society", 12, 60, 48),
    person(104, "Galstyan, Lianna", "member", "present", "Technical community", 0, 55, 50),
    person(105, "Jevtović, Danko", "member", "present", "Private sector", 0, 60, 60),
    person(106, "Tao, Xiaofeng", "member", "present", "Technical community", 2, 60, 58),
    person(107, "Okafor, Sam", "secretariat", "present", "IGF Secretariat", 0, 60, 60),
    person(108, "Balachandran, Pradeep", "guest", "present", "Technical community", 5, 60, 55),
    person(None, "Sivasubramanian, M", "guest", "present", "Civil society", took_part="phone"),
    person(109, "Vergne, Antoine", "observer", "observing", "Civil society", 0, 30, 30, consent=False),
    person(110, "Wagner, Flávio", "guest", "present", "=Academia", 3, 60, 57),
    person(111, "Doe, Jane", "member", "apologies", "Government"),
    person(112, "Roe, Richard", "member", "absent"),
)
MEETING = MeetingAttendance(meeting_id=6, title="WG-MWP", start=START, end=at(60), number=6,
                            participants=SEED_000, closed=True)


def test_csv_matches_golden() -> None:
    assert_golden("attendance/seed000.csv", attendance_csv(MEETING))


def test_csv_columns_and_order() -> None:
    rows = list(csv.DictReader(io.StringIO(attendance_csv(MEETING).decode("utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["role"] for r in rows][:2] == ["chair", "member"]
    members = [r["name"] for r in rows if r["role"] == "member"]
    assert members == ["Cassa,Concettina", "Croll, Jutta", "Doe, Jane", "Galstyan, Lianna", "Jevtović, Danko",
                       "Roe, Richard", "Tao, Xiaofeng"]
    lynn = rows[0]
    assert (lynn["discord_id"], lynn["status"], lynn["first_join"], lynn["last_leave"], lynn["minutes_attended"]) \
        == ("101", "present", "2018-08-15T15:00:00Z", "2018-08-15T16:00:00Z", "60")


def test_csv_neutralises_spreadsheet_formulas() -> None:
    rows = list(csv.DictReader(io.StringIO(attendance_csv(MEETING).decode("utf-8"))))
    wagner = next(r for r in rows if r["name"].startswith("Wagner"))
    assert wagner["stakeholder_group"] == "'=Academia"


FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")


def cells_in_any_locale(data: bytes) -> list[str]:
    """Every piece a spreadsheet could take for a cell: the lines split at any separator a locale may use."""
    text = data.decode("utf-8")
    return [piece.strip().strip('"').strip() for line in text.splitlines() for piece in re.split(r"[,;\t]", line)]


def test_csv_quotes_every_field_and_no_locale_finds_a_formula() -> None:
    sneaky = (person(113, "Doe;=cmd|' /C calc'!A0;", "member", "present", "＝HYPERLINK(\"http://x\")"),
              person(114, "Roe, +1", "member", "present", "Civil society;@SUM(A1)"))
    meeting = MeetingAttendance(meeting_id=7, title="WG-MWP", start=START, end=at(60), number=7,
                                participants=sneaky, closed=True)
    for data in (attendance_csv(meeting), report_csv(participation([meeting], date(2018, 8, 1),
                                                                   date(2018, 8, 31)))):
        lines = data.decode("utf-8").splitlines()
        assert all(line.startswith('"') and line.endswith('"') for line in lines), lines
        assert not [c for c in cells_in_any_locale(data) if c.startswith(FORMULA_STARTS)], data.decode()
    rows = list(csv.DictReader(io.StringIO(attendance_csv(meeting).decode("utf-8"))))
    assert [r["name"] for r in rows] == ["Doe;'=cmd|' /C calc'!A0;", "Roe, '+1"]
    assert [r["stakeholder_group"] for r in rows] == ["'＝HYPERLINK(\"http://x\")", "Civil society;'@SUM(A1)"]


def test_markdown_matches_golden() -> None:
    assert_golden("attendance/seed000.md", attendance_markdown(MEETING, "MAG WG-MWP").encode("utf-8"))


def test_markdown_groups_like_annex_ii() -> None:
    text = attendance_markdown(MEETING, "MAG WG-MWP")
    headings = [line for line in text.splitlines() if line.startswith("**")]
    assert headings == ["**CHAIR:**", "**MEMBERS:**", "**OBSERVERS:**", "**SECRETARIAT:**",
                        "**OTHER PARTICIPANTS:**", "**APOLOGIES:**"]
    members = text.split("**MEMBERS:**")[1].split("**OBSERVERS:**")[0]
    assert members.index("Galstyan") < members.index("Jevtović") < members.index("Tao")
    assert "Croll, Jutta (Civil society, late)" in members
    assert "Roe, Richard" not in text  # absent members are in the CSV only
    assert "Present: 9 · Late: 1 · Apologies: 1 · Absent: 1 · Observing: 1" in text


def test_markdown_escapes_names_and_notes_an_open_roll_call() -> None:
    meeting = MeetingAttendance(1, "T", START, at(60), (person(1, "Under_score, *Star*", "member", "present"),))
    text = attendance_markdown(meeting, "G")
    assert r"- Under\_score, \*Star\*" in text
    assert "still open" in text


def test_rollcall_message_fits_and_lists_statuses() -> None:
    board = RollCallBoard(6, "WG-MWP", START, SEED_000, True, None, True, ConsentTally(9, 1, ("Tao, Xiaofeng",)))
    text = rollcall_message(board, voice_channel_id=55)
    assert "Joining <#55>" in text
    assert "✅ Present (9): Balachandran, Pradeep · Cassa,Concettina" in text
    assert "⏰ Late (1): Croll, Jutta" in text
    assert "🙏 Apologies (1): Doe, Jane" in text
    assert "Sivasubramanian, M *(guest)*" in text
    assert "9 agree · 1 object (Tao, Xiaofeng)" in text
    crowd = tuple(person(i, f"Person{i:04d}, Someone", "member", "present") for i in range(400))
    long = rollcall_message(RollCallBoard(6, "WG", START, crowd, True, at(60), False, ConsentTally(0, 0, ())))
    assert len(long) <= 2000 and "more" in long and "Closed" in long


def report() -> object:
    second = MeetingAttendance(7, "WG-MWP", at(60 * 24 * 14), at(60 * 24 * 14 + 60), (
        person(101, "St.Amour, Lynn", "chair", "present", "Civil society"),
        person(102, "Cassa, Concettina", "member", "apologies", "Government"),
        person(105, "Jevtović, Danko", "member", "absent", "Private sector"),
        person(None, "sivasubramanian, m", "guest", "present", "Civil society"),
    ), closed=True)
    return participation([second, MEETING], date(2018, 8, 1), date(2018, 8, 31))


def test_participation_per_person_and_group() -> None:
    rep = report()
    assert [m.meeting_id for m in rep.meetings] == [6, 7]  # type: ignore[attr-defined]
    people = {p.name: p for p in rep.people}  # type: ignore[attr-defined]
    cassa = people["Cassa, Concettina"]  # the latest name wins
    assert (cassa.meetings, cassa.attended, cassa.apologies, cassa.absent, cassa.rate) == (2, 1, 1, 0, 0.5)
    siva = people["sivasubramanian, m"]  # no Discord account: matched by name
    assert (siva.meetings, siva.attended) == (2, 2)
    groups = {g.group: g for g in rep.groups}  # type: ignore[attr-defined]
    assert groups["Private sector"].attended == 1 and groups["Private sector"].absent == 1
    assert groups["Not stated"].absent == 1
    assert [g.group for g in rep.groups][-1] == "Not stated"  # type: ignore[attr-defined]


def test_report_files_match_golden() -> None:
    rep = report()
    assert_golden("attendance/report-2018-08.csv", report_csv(rep))  # type: ignore[arg-type]
    assert_golden("attendance/report-2018-08.md", report_markdown(rep).encode("utf-8"))  # type: ignore[arg-type]


def test_report_chart_is_a_png_sized_to_its_rows() -> None:
    rep = report()
    image = Image.open(io.BytesIO(report_png(rep)))  # type: ignore[arg-type]
    assert image.format == "PNG" and image.width == 1000
    assert image.height > 26 * (len(rep.people) + len(rep.groups))  # type: ignore[attr-defined]
    empty = participation([], date(2018, 1, 1), date(2018, 1, 2))
    assert Image.open(io.BytesIO(report_png(empty))).format == "PNG"


def test_markdown_says_when_it_really_took_place_and_unknown_minutes_stay_blank() -> None:
    late = replace(MEETING, held_start=at(5), held_end=at(70))
    text = attendance_markdown(late, "MAG WG-MWP")
    assert ("Meeting held on 15 August 2018, 15:05–16:10 UTC (scheduled for 15 August 2018, 15:00–16:00 UTC)"
            in text)
    assert "- Sivasubramanian, M (Civil society)\n" in text  # no voice data: no figure, not "0 min"
    zero = replace(MEETING, participants=(person(1, "Early, Left", "member", "present", minutes=0),))
    assert "- Early, Left — 0 min in voice\n" in attendance_markdown(zero, "WG")
    rows = list(csv.DictReader(io.StringIO(attendance_csv(MEETING).decode("utf-8"))))
    assert {r["name"]: r["minutes_attended"] for r in rows}["Sivasubramanian, M"] == ""
