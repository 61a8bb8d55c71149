"""Tentative dates through the stand-in: shown as such in /meeting list, the Discord event and the .ics file, no
reminders until /meeting confirm, which announces the firm date and starts the reminders."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from bot.sandbox import Message
from tests.e2e.conftest import Convener

MEETING = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def reminders(convener: Convener) -> list[Message]:
    return [m for m in convener.standin.messages("announcements") if "⏰" in m.content]


def event_names(convener: Convener) -> list[str]:
    return [e.to_json()["name"] for e in convener.guild.scheduled_events.values()]


async def ics_status(convener: Convener) -> str:
    reply = await convener.member("jutta").slash("meeting ics")
    [event] = Calendar.from_ical(reply.attachments[0].data).walk("VEVENT")
    return str(event["STATUS"])


async def test_a_tentative_date_has_no_reminders_until_confirmed(convener: Convener) -> None:
    lynn, standin = convener.chair, convener.standin
    await lynn.slash("setup channels", announcements="announcements")
    scheduled = await lynn.slash("meeting schedule", title="WGIG", start="2026-11-25 15:00 UTC", tentative=True)
    assert "❔ Date to be confirmed: no reminders until a chair confirms it with `/meeting confirm`." \
        in scheduled.content
    [meeting] = await convener.bot.services.meetings.upcoming(convener.guild.id)
    listed = await convener.member("danko").slash("meeting list")
    assert "**WGIG** — " in listed.content and "❔ to be confirmed" in listed.content
    await convener.bot.services.reminders.run_due()
    await standin.wait_until(lambda: event_names(convener) == ["WGIG (to be confirmed)"], 5.0, "the event")
    assert await ics_status(convener) == "TENTATIVE"
    await convener.advance_to(datetime(2026, 11, 24, 16, 0, tzinfo=UTC))  # past the 24 h reminder's time
    assert reminders(convener) == []
    not_yours = await convener.member("jutta").slash("meeting confirm", meeting=meeting.id)
    assert not_yours.ephemeral and "Only chairs" in not_yours.content
    confirmed = await lynn.slash("meeting confirm", meeting=meeting.id, channel="general")
    unix = int(MEETING.timestamp())
    assert not confirmed.ephemeral
    assert confirmed.content.startswith(f"📅 Confirmed: **WGIG** will take place on <t:{unix}:F> (<t:{unix}:R>).")
    again = await lynn.slash("meeting confirm", meeting=meeting.id)
    assert again.ephemeral and "is not tentative; its date is already firm" in again.content
    await convener.bot.services.reminders.run_due()
    await standin.wait_until(lambda: event_names(convener) == ["WGIG"], 5.0, "the event without 'to be confirmed'")
    assert await ics_status(convener) == "CONFIRMED"
    assert "to be confirmed" not in (await lynn.slash("meeting list")).content
    await convener.advance_to(datetime(2026, 11, 25, 14, 30, tzinfo=UTC))  # the 1 h reminder is due now
    [reminder] = await standin.wait_until(lambda: reminders(convener), 5.0, "the 1 h reminder")
    assert "**WGIG** starts" in reminder.content


async def test_a_series_cannot_be_tentative(convener: Convener) -> None:
    refused = await convener.chair.slash("meeting schedule", title="WGIG", start="2026-11-25 15:00 UTC",
                                         repeat="weekly", tentative=True)
    assert refused.ephemeral and "A series cannot be tentative" in refused.content
    assert await convener.bot.services.meetings.upcoming(convener.guild.id) == []
