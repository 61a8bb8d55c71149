"""Attendance for the secretariat end to end: per-meeting export before the close, participation reports."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from PIL import Image

from bot.services.rollcall import Attendee
from tests.e2e.conftest import Convener

START = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


async def two_meetings(convener: Convener) -> list[int]:
    """Set-up shortcut through the services: two fortnightly meetings with closed roll calls."""
    services, gid = convener.bot.services, convener.guild.id
    voice = convener.channel("Meeting room").id
    first = await services.meetings.schedule(gid, title="WG-MWP", start=START, duration=60, timezone="UTC",
                                             repeat="every 2 weeks", voice_channel_id=voice)
    second = await services.meetings.next_in_series(gid, first.id)
    assert second is not None
    cast = {key: convener.member(key) for key in ("lynn", "jutta", "danko", "xiaofeng")}
    people = {key: Attendee(m.id, m.name, "chair" if key == "lynn" else "member") for key, m in cast.items()}
    for meeting, here, sorry in ((first, ["lynn", "jutta", "danko"], ["xiaofeng"]), (second, ["lynn", "jutta"], [])):
        for key in sorry:
            await services.rollcall.respond(gid, meeting.id, people[key], "apologies")
        convener.clock.set(meeting.start)
        await services.meetings.start_live(gid, meeting.id)
        for key in here:
            await services.rollcall.voice_moved(gid, people[key], None, voice)
        convener.clock.advance(timedelta(minutes=60))
        await services.meetings.end_live(gid, meeting.id)
        await services.rollcall.close(gid, meeting.id, [people[k] for k in ("jutta", "danko", "xiaofeng")])
    return [first.id, second.id]


async def test_participation_report_csv_and_chart(convener: Convener) -> None:
    await convener.seed_profiles()
    await two_meetings(convener)
    secretariat = convener.member("chengetai")
    reply = await secretariat.slash("attendance report", **{"from": "2026-11-01", "to": "2026-12-31"})
    assert reply.ephemeral
    assert reply.content == "📊 Participation: 2 meetings from 2026-11-01 to 2026-12-31, 4 people, " \
                            "4 stakeholder groups.\nPeriod: <t:1793491200:F> – <t:1798761540:F>."
    table, chart = reply.attachments
    assert (table.filename, chart.filename) == ("participation-2026-11-01-to-2026-12-31.csv",
                                                "participation-2026-11-01-to-2026-12-31.png")
    rows = {(r["scope"], r["name"] or r["stakeholder_group"]): r
            for r in csv.DictReader(io.StringIO(table.data.decode("utf-8")))}
    danko = rows[("person", "Jevtović, Danko")]
    assert (danko["meetings"], danko["attended"], danko["absent"], danko["rate"]) == ("2", "1", "1", "0.50")
    assert rows[("person", "Tao, Xiaofeng")]["apologies"] == "1"
    assert rows[("group", "Civil society")]["rate"] == "1.00"
    assert Image.open(io.BytesIO(chart.data)).size[0] == 1000

    markdown = await secretariat.slash("attendance report", **{"from": "2026-12-01", "to": "2026-12-31"},
                                       format="markdown")
    assert markdown.attachments[0].filename.endswith(".md")
    assert "| Croll, Jutta | member | Civil society | 1 | 1 |" in markdown.attachments[0].data.decode("utf-8")


async def test_open_roll_call_export_mistakes_and_permissions(convener: Convener) -> None:
    services, gid = convener.bot.services, convener.guild.id
    meeting = await services.meetings.schedule(gid, title="WG-MWP", start=START, timezone="UTC")
    await convener.member("jutta").slash("rollcall apologies", meeting=meeting.id)
    reply = await convener.chair.slash("attendance export", meeting=meeting.id)
    assert reply.ephemeral and "1 person. The roll call is still open" in reply.content
    assert reply.attachments[0].data.decode("utf-8").splitlines()[1].startswith('"Jutta Croll",')

    member = convener.member("jutta")
    refused = await member.slash("attendance report", **{"from": "2026-11-01", "to": "2026-11-30"})
    assert refused.ephemeral and refused.content == "🔒 Only the secretariat or chairs can do this."
    refused = await member.slash("attendance export", meeting=1)
    assert refused.ephemeral and refused.content.startswith("🔒")
    secretariat = convener.member("chengetai")
    bad = await secretariat.slash("attendance report", **{"from": "soonish", "to": "2026-11-30"})
    assert bad.ephemeral and bad.content.startswith("❌ `soonish` is not a date I understand. Write it like")
    backwards = await secretariat.slash("attendance report", **{"from": "2026-12-01", "to": "2026-11-01"})
    assert backwards.ephemeral and "before it starts" in backwards.content
    missing = await secretariat.slash("attendance export", meeting=999)
    assert missing.ephemeral and "There is no meeting #999" in missing.content
