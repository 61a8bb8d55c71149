"""/meeting end to end: the real bot against the stand-in, with Discord scheduled events and .ics files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Calendar

from tests.e2e.conftest import Convener

Json = dict[str, Any]
DEC1 = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 15:00 in Zurich, 09:00 for the chair in New York


def events(convener: Convener) -> list[Json]:
    return sorted((e.to_json() for e in convener.guild.scheduled_events.values()),
                  key=lambda e: e["scheduled_start_time"])


def start_of(event: Json) -> datetime:
    return datetime.fromisoformat(event["scheduled_start_time"].replace("Z", "+00:00"))


async def settle(convener: Convener, check: Callable[[list[Json]], bool], what: str) -> list[Json]:
    """Run what is due in the reminder worker (event syncs), then wait until the stand-in shows ``check``."""
    await convener.bot.services.reminders.run_due()
    return await convener.standin.wait_until(lambda: events(convener) if check(events(convener)) else None,
                                             5.0, what)


async def meeting_ids(convener: Convener) -> list[int]:
    return [m.id for m in await convener.bot.services.meetings.upcoming(convener.guild.id)]


async def test_schedule_list_and_the_scheduled_event(convener: Convener) -> None:
    await convener.seed_profiles()
    lynn = convener.chair  # in New York: 09:00 there is 14:00 UTC
    reply = await lynn.slash("meeting schedule", title="WG-MWP", start="2026-12-01 09:00", duration="90m",
                             link="https://meet.example.org/wg-mwp")
    unix = int(DEC1.timestamp())
    assert not reply.ephemeral
    assert reply.content.startswith(f"📅 Scheduled **WG-MWP** — <t:{unix}:F> (<t:{unix}:R>), 90 min.")
    assert reply.message is not None and reply.message.allowed_mentions == {"parse": []}
    [event] = await settle(convener, lambda evs: len(evs) == 1, "the scheduled event")
    assert (event["name"], start_of(event), event["entity_type"], event["status"]) == ("WG-MWP", DEC1, 3, 1)
    assert event["entity_metadata"] == {"location": "https://meet.example.org/wg-mwp"}
    assert event["scheduled_end_time"].startswith("2026-12-01T15:30:00")
    listed = await convener.member("danko").slash("meeting list")
    assert listed.ephemeral and f"**WG-MWP** — <t:{unix}:F>" in listed.content and "90 min" in listed.content
    [choice] = await lynn.autocomplete("meeting cancel", "meeting", "wg")
    assert choice["name"].startswith("WG-MWP — 2026-12-01 14:00 UTC")


async def test_weekly_series_across_dst_has_one_event_per_occurrence_until_cancelled(convener: Convener) -> None:
    lynn = convener.chair
    reply = await lynn.slash("meeting schedule", title="WG-MWP", start="2027-03-16 15:00", timezone="Europe/Zurich",
                             repeat="weekly", voice_channel="Meeting room")
    assert "🔁 Repeats every week, in Europe/Zurich time." in reply.content
    found = await settle(convener, lambda evs: len(evs) == 3, "three events")
    assert [start_of(e).hour for e in found] == [14, 14, 13]  # 15:00 local before and after 28 March
    assert [e["name"] for e in found] == ["WG-MWP #1", "WG-MWP #2", "WG-MWP #3"]
    voice = convener.channel("Meeting room")
    assert {(e["entity_type"], e["channel_id"]) for e in found} == {(2, str(voice.id))}
    first = (await meeting_ids(convener))[0]
    cancelled = await lynn.slash("meeting cancel", meeting=first, scope="series")
    assert cancelled.content.startswith("❌ Cancelled the series **WG-MWP**: 3 upcoming meetings")
    await settle(convener, lambda evs: [e["status"] for e in evs] == [4, 4, 4], "cancelled events")
    assert "No upcoming meetings" in (await lynn.slash("meeting list")).content


async def test_reschedule_and_cancel_keep_the_event_in_step(convener: Convener) -> None:
    lynn = convener.chair
    await lynn.slash("meeting schedule", title="WG", start="2026-12-01 15:00 UTC")
    [meeting_id] = await meeting_ids(convener)
    await settle(convener, lambda evs: len(evs) == 1, "the event")
    moved = await lynn.slash("meeting reschedule", meeting=meeting_id, start="2026-12-02 16:00 UTC", duration="30")
    later = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    assert moved.content.startswith(f"📅 Rescheduled **WG** — <t:{int(later.timestamp())}:F>")
    [event] = await settle(convener, lambda evs: start_of(evs[0]) == later, "the moved event")
    assert event["scheduled_end_time"].startswith("2026-12-02T16:30:00")
    cancelled = await lynn.slash("meeting cancel", meeting=meeting_id)
    assert cancelled.content.startswith("❌ Cancelled **WG**") and not cancelled.ephemeral
    await settle(convener, lambda evs: evs[0]["status"] == 4, "the cancelled event")
    assert "No upcoming meetings" in (await lynn.slash("meeting list")).content
    again = await lynn.slash("meeting cancel", meeting=meeting_id)
    assert again.ephemeral and again.content == "❌ **WG** cannot be changed: it is already cancelled."


async def test_ics_parses_back_with_stable_uids_and_sequences(convener: Convener) -> None:
    lynn = convener.chair
    await lynn.slash("meeting schedule", title="WG-MWP", start="2026-12-01 15:00", timezone="Europe/Zurich",
                     repeat="weekly", link="https://meet.example.org/wg")
    await lynn.slash("meeting schedule", title="Budget", start="2026-12-03 10:00 UTC")
    upcoming = await convener.bot.services.meetings.upcoming(convener.guild.id)
    [series_first, second] = [m.id for m in upcoming if m.number in (1, 2)]
    [budget] = [m.id for m in upcoming if m.title == "Budget"]
    reply = await convener.member("jutta").slash("meeting ics")
    [attachment] = reply.attachments
    assert reply.ephemeral and attachment.filename == "working-group.ics"
    calendar = Calendar.from_ical(attachment.data)
    vevents = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(vevents) == 2
    master = next(e for e in vevents.values() if "RRULE" in e)
    assert master.decoded("DTSTART") == datetime(2026, 12, 1, 15, 0, tzinfo=ZoneInfo("Europe/Zurich"))
    rule = rrulestr(bytes(master["RRULE"].to_ical()).decode(), dtstart=master.decoded("DTSTART"))
    assert [d.hour for d in list(rule)[:3]] == [15, 15, 15]
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Zurich"
    # Changes: a moved occurrence becomes an override (same UID, RECURRENCE-ID); a cancelled one says so.
    await lynn.slash("meeting reschedule", meeting=second, start="2026-12-08 16:00", timezone="Europe/Zurich")
    await lynn.slash("meeting cancel", meeting=budget)
    again = Calendar.from_ical((await lynn.slash("meeting ics")).attachments[0].data)
    by_uid: dict[str, list[Any]] = {}
    for event in again.walk("VEVENT"):
        by_uid.setdefault(str(event["UID"]), []).append(event)
    assert set(by_uid) == set(vevents)
    [override] = [e for e in by_uid[str(master["UID"])] if "RECURRENCE-ID" in e]
    assert override.decoded("RECURRENCE-ID") == datetime(2026, 12, 8, 15, 0, tzinfo=ZoneInfo("Europe/Zurich"))
    assert override.decoded("DTSTART").hour == 16 and int(override["SEQUENCE"]) == 1
    [cancelled] = [e for uid, evs in by_uid.items() if uid != str(master["UID"]) for e in evs]
    assert (str(cancelled["STATUS"]), int(cancelled["SEQUENCE"])) == ("CANCELLED", 1)
    one = await lynn.slash("meeting ics", meeting=series_first)
    assert one.attachments[0].filename == "wg-mwp.ics"


async def test_start_and_end_mark_the_live_window(convener: Convener) -> None:
    lynn = convener.chair
    await lynn.slash("meeting schedule", title="WG", start="2026-12-01 15:00 UTC")
    [meeting_id] = await meeting_ids(convener)
    await settle(convener, lambda evs: len(evs) == 1, "the event")
    convener.clock.set(datetime(2026, 12, 1, 14, 58, tzinfo=UTC))
    started = await convener.member("chengetai").slash("meeting start")  # secretariat may run it
    assert started.content.startswith("🟢 **WG** is live") and not started.ephemeral
    live = await convener.bot.services.meetings.live(convener.guild.id)
    assert live is not None and live.id == meeting_id
    await settle(convener, lambda evs: evs[0]["status"] == 2, "the active event")
    convener.clock.advance(timedelta(minutes=62))
    ended = await lynn.slash("meeting end")
    assert ended.content == "⏹️ **WG** ended after 62 min."
    await settle(convener, lambda evs: evs[0]["status"] == 3, "the completed event")
    nothing = await lynn.slash("meeting end")
    assert nothing.ephemeral and nothing.content.startswith("❌ No meeting is live.")


async def test_errors_and_permissions(convener: Convener) -> None:
    lynn, danko = convener.chair, convener.member("danko")
    cases = [
        ({"start": "someday"}, "❌ `someday` is not a date and time I understand"),
        ({"start": "2026-11-20 15:00"}, "is in the past"),
        ({"start": "2026-12-01 15:00", "repeat": "every blue moon"}, "Accepted forms:"),
        ({"start": "2026-12-01 15:00", "timezone": "Mars/Olympus"}, "❌ `Mars/Olympus` is not a time zone"),
        ({"start": "2026-12-01 15:00", "duration": "3 parsecs"}, "❌ `3 parsecs` is not a duration"),
        ({"start": "2026-12-01 15:00", "link": "meet.example.org"}, "❌ `meet.example.org` is not a join link"),
    ]
    for options, needle in cases:
        reply = await lynn.slash("meeting schedule", options={"title": "WG", **options})
        assert reply.ephemeral and needle in reply.content, reply.content
    refused = await danko.slash("meeting schedule", title="WG", start="2026-12-01 15:00")
    assert refused.ephemeral and refused.content.startswith("🔒 Only chairs")
    assert await meeting_ids(convener) == []
    unknown: list[tuple[str, dict[str, Any]]] = [
        ("meeting cancel", {"meeting": 999}), ("meeting start", {"meeting": 999}),
        ("meeting reschedule", {"meeting": 999, "title": "x"}), ("meeting ics", {"meeting": 999})]
    for command, values in unknown:
        reply = await lynn.slash(command, options=values)
        assert reply.ephemeral and "There is no meeting #999 in this server" in reply.content, command
    nothing = await lynn.slash("meeting start")
    assert nothing.ephemeral and "No meeting is due to start" in nothing.content
    assert not events(convener)


async def test_meeting_reminders_mention_only_the_member_role_once_across_restarts(convener: Convener) -> None:
    lynn = convener.chair
    await lynn.slash("setup roles", role="member", discord_role="Member")
    await lynn.slash("setup channels", announcements="announcements")
    await lynn.slash("meeting schedule", title="WG-MWP", start="2026-12-01 15:00 UTC",
                     link="https://meet.example.org/wg")
    member_role = convener.guild.role("Member")
    await convener.restart()
    convener.clock.set(datetime(2026, 11, 30, 15, 0, tzinfo=UTC))
    await convener.bot.services.reminders.run_due()
    message = await convener.standin.wait_for_message("announcements", lambda m: "⏰" in m.content)
    assert message.content.startswith(f"<@&{member_role.id}> ⏰ **WG-MWP** starts <t:")
    assert "🔗 Join: <https://meet.example.org/wg>" in message.content
    mentions = message.allowed_mentions or {}
    assert mentions.get("parse") == [] and [str(r) for r in mentions.get("roles", [])] == [str(member_role.id)]

    def reminders_posted() -> int:
        return len([m for m in convener.standin.messages("announcements") if "⏰" in m.content])

    await convener.restart()  # and once more: nothing is sent twice
    convener.clock.set(datetime(2026, 12, 1, 14, 0, tzinfo=UTC))
    await convener.bot.services.reminders.run_due()
    await convener.standin.wait_until(lambda: reminders_posted() == 2, 5.0, "the 1 h reminder")
    await convener.bot.services.reminders.run_due()
    assert reminders_posted() == 2  # 24 h and 1 h before, once each
