"""AttendanceService: per-meeting exports and participation reports from real roll calls."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from bot.clock import FakeClock
from bot.errors import InvalidInput, NotFound
from bot.services import Services
from storage.db import Database
from tests.support_attendance import GUILD, OTHER_GUILD, VOICE_CHANNEL, make_services, person, schedule

ALICE, BOB, CARA = person(1, "Alice"), person(2, "Bob"), person(3, "Cara", "chair")


async def held(services: Services, clock: FakeClock, *, in_hours: float, present: list, apologies: list,
               expected: list) -> int:  # type: ignore[type-arg]
    """A meeting that took place: members in voice for 30 minutes, then the roll call closed."""
    meeting = await schedule(services, in_hours=in_hours)
    for who in apologies:
        await services.rollcall.respond(GUILD, meeting.id, who, "apologies")
    clock.set(meeting.start)
    await services.meetings.start_live(GUILD, meeting.id)
    for who in present:
        await services.rollcall.voice_moved(GUILD, who, None, VOICE_CHANNEL)
    clock.advance(timedelta(minutes=30))
    await services.meetings.end_live(GUILD, meeting.id)
    await services.rollcall.close(GUILD, meeting.id, expected, by=3)
    return meeting.id


async def test_export_csv_and_markdown(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    await services.settings.set_group_name(GUILD, "MAG WG-MWP")
    await services.profiles.set_group(GUILD, 1, "Civil society")
    meeting_id = await held(services, clock, in_hours=2, present=[ALICE, CARA], apologies=[BOB],
                            expected=[ALICE, BOB])
    file = await services.attendance.export(GUILD, meeting_id, "csv")
    assert file.filename == f"attendance-2026-11-23-meeting-{meeting_id}.csv"
    rows = list(csv.DictReader(io.StringIO(file.data.decode("utf-8"))))
    assert [(r["name"], r["role"], r["status"], r["minutes_attended"], r["stakeholder_group"]) for r in rows] == [
        ("Cara", "chair", "present", "30", ""), ("Alice", "member", "present", "30", "Civil society"),
        ("Bob", "member", "apologies", "", "")]  # never in voice: unknown, not 0
    assert rows[0]["first_join"] == "2026-11-23T11:00:00Z" and rows[0]["last_leave"] == "2026-11-23T11:30:00Z"
    md = (await services.attendance.export(GUILD, meeting_id, "md")).data.decode("utf-8")
    assert md.startswith("# MAG WG-MWP — WG-MWP\n")
    assert "**CHAIR:**\n- Cara — 30 min in voice\n\n**MEMBERS:**\n- Alice (Civil society) — 30 min in voice\n\n" \
           "**APOLOGIES:**\n- Bob\n" in md
    # It ended after half an hour: the list says when it really took place, and what was planned.
    assert "Meeting held on 23 November 2026, 11:00–11:30 UTC (scheduled for 23 November 2026, 11:00–12:00 UTC)" in md
    with pytest.raises(InvalidInput, match="use `csv` or `markdown`"):
        await services.attendance.export(GUILD, meeting_id, "xlsx")
    with pytest.raises(NotFound):
        await services.attendance.export(OTHER_GUILD, meeting_id, "csv")


async def test_report_over_a_period(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    await services.profiles.set_group(GUILD, 1, "Civil society")
    await services.profiles.set_group(GUILD, 2, "Government")
    await held(services, clock, in_hours=2, present=[ALICE, BOB], apologies=[], expected=[ALICE, BOB])
    await held(services, clock, in_hours=24 * 7, present=[ALICE], apologies=[BOB], expected=[ALICE, BOB])
    await held(services, clock, in_hours=24 * 7, present=[], apologies=[], expected=[ALICE, BOB])
    outside = await schedule(services, in_hours=24 * 60)
    await services.rollcall.respond(GUILD, outside.id, ALICE, "apologies")  # after the period: left out

    report = await services.attendance.report(GUILD, date(2026, 11, 1), date(2026, 12, 31))
    assert len(report.meetings) == 3
    rows = {p.name: (p.meetings, p.attended, p.apologies, p.absent) for p in report.people}
    assert rows == {"Alice": (3, 2, 0, 1), "Bob": (3, 1, 1, 1)}
    groups = {g.group: round(g.rate or 0, 2) for g in report.groups}
    assert groups == {"Civil society": 0.67, "Government": 0.33}
    files = await services.attendance.report_files(report)
    assert [f.filename for f in files] == ["participation-2026-11-01-to-2026-12-31.csv",
                                           "participation-2026-11-01-to-2026-12-31.png"]
    assert files[1].data.startswith(b"\x89PNG")
    assert len((await services.attendance.report(GUILD, date(2026, 11, 24), date(2026, 11, 30))).meetings) == 1
    with pytest.raises(InvalidInput, match=r"ends .* before it starts"):
        await services.attendance.report(GUILD, date(2026, 12, 1), date(2026, 11, 1))


async def test_report_leaves_out_cancelled_meetings_and_other_guilds(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    cancelled = await schedule(services, in_hours=3)
    await services.rollcall.respond(GUILD, cancelled.id, ALICE, "apologies")
    await services.meetings.cancel(GUILD, cancelled.id)
    theirs = await schedule(services, guild=OTHER_GUILD)
    await services.rollcall.respond(OTHER_GUILD, theirs.id, BOB, "apologies")
    report = await services.attendance.report(GUILD, date(2026, 11, 1), date(2026, 11, 30))
    assert report.meetings == () and report.people == ()
