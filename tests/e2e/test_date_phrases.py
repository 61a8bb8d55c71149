"""The date language through Discord, one family of commands at a time: every phrase accepted, every reply
showing back what was understood as a Discord timestamp, and dates at the calendar's limits refused privately
instead of crashing (tests/services/test_date_phrases.py goes through every command × every phrase)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.dates import read_moment, stamp, stamp_day
from tests.e2e.conftest import START, Convener
from tests.e2e.test_groups import make_group

ZURICH = ZoneInfo("Europe/Zurich")
BERLIN = ZoneInfo("Europe/Berlin")  # where Jutta and Danko live (seed_profiles)
NEW_YORK = ZoneInfo("America/New_York")  # the chair's zone
LATER = int(datetime(2026, 12, 20, 12, 0, tzinfo=UTC).timestamp())
# The phrases of the date language; the two bare times come first in a slot list, where a bare time reuses the
# date of the entry before it.
PHRASES = ["15:00 UTC+2", "15:00 America/New_York", "2026-12-18 15:00", "18 March 15:00", "Mar 19 3pm",
           "tomorrow 15:00", "next tuesday 10:00", "in 2 weeks", "in 90 minutes", f"<t:{LATER}:F>"]
LIMITS = ["9999-12-31 23:30", "<t:253402300799:F>", "in 99999999 days", "0001-01-01 10:00"]


def at(phrase: str, zone: ZoneInfo, now: datetime = START) -> datetime:
    return read_moment(phrase, now=now, zone=zone).at


async def test_poll_slots_and_deadlines_take_every_phrase(convener: Convener) -> None:
    await convener.seed_profiles()
    jutta = convener.member("jutta")
    made = await jutta.slash("poll create", title="Every phrase", slots="; ".join(PHRASES), deadline="in 60 minutes",
                             timezone="Europe/Zurich")
    assert made.ephemeral and made.content.startswith("✅ Poll"), made.content
    for phrase in PHRASES:
        assert stamp(at(phrase, ZURICH)) in made.content, phrase
    assert f"Voting closes {stamp(START + timedelta(hours=1))}" in made.content
    assert f"`18 March 15:00` has no year: read as {stamp(at('18 March 15:00', ZURICH))}, the next one." \
        in made.content
    poll_id = int(re.search(r"#(\d+)", made.content).group(1))  # type: ignore[union-attr]

    added = await jutta.slash("poll add-slots", poll=poll_id, slots="friday 09:00")
    assert "Added 1 slot" in added.content and stamp(at("friday 09:00", ZURICH)) in added.content, added.content
    await jutta.slash("poll close", poll=poll_id)
    reopened = await jutta.slash("poll reopen", poll=poll_id, deadline="10:20")  # before the first slot, 10:30
    assert f"until {stamp(at('10:20', ZURICH))}" in reopened.content, reopened.content

    for phrase in LIMITS:
        refused = await jutta.slash("poll create", title="Far", slots=phrase)
        assert refused.ephemeral and refused.content.startswith("❌ 1 of 1 slots could not be used"), refused.content
        assert "more than 10 years ahead" in refused.content or "before 1970" in refused.content


async def test_meeting_starts_repeats_and_the_calendar_at_its_limits(convener: Convener) -> None:
    await convener.seed_profiles()
    lynn = convener.chair
    first = await lynn.slash("meeting schedule", title="WG", start="next tuesday 10:00", repeat="quarterly")
    assert not first.ephemeral and stamp(at("next tuesday 10:00", NEW_YORK)) in first.content, first.content
    assert "Repeats every 3 months" in first.content
    second = await lynn.slash("meeting schedule", title="Retreat", start="18 March 15:00",
                              repeat="first monday of the month until 30 June 2027")
    # the typed start is 18 March 2027 (said in a note); the rule moves it to its first Monday, 5 April, 15:00 EDT
    assert f"has no year: read as {stamp(at('18 March 15:00', NEW_YORK))}" in second.content, second.content
    assert stamp(datetime(2027, 4, 5, 19, 0, tzinfo=UTC)) in second.content
    assert "every month on the first Monday, until 2027-06-30" in second.content
    one = await lynn.slash("meeting schedule", title="Call", start="in 90 minutes")
    assert stamp(START + timedelta(minutes=90)) in one.content
    meeting = next(m for m in await convener.bot.services.meetings.upcoming(convener.guild.id) if m.title == "Call")
    moved = await lynn.slash("meeting reschedule", meeting=meeting.id, start="15:00 UTC+2")
    assert stamp(datetime(2026, 11, 23, 13, 0, tzinfo=UTC)) in moved.content, moved.content

    before = len(await convener.bot.services.meetings.upcoming(convener.guild.id, limit=100))
    for phrase in LIMITS:
        refused = await lynn.slash("meeting schedule", title="Far", start=phrase)
        assert refused.ephemeral and refused.content.startswith("❌"), refused.content
        assert "more than 10 years ahead" in refused.content or "before 1970" in refused.content
        again = await lynn.slash("meeting reschedule", meeting=meeting.id, start=phrase)
        assert again.ephemeral and again.content.startswith("❌"), again.content
    far_until = await lynn.slash("meeting schedule", title="Far", start="tomorrow 15:00",
                                 repeat="weekly until 9999-12-31")
    assert far_until.ephemeral and "more than 10 years ahead" in far_until.content, far_until.content
    assert len(await convener.bot.services.meetings.upcoming(convener.guild.id, limit=100)) == before
    calendar = await lynn.slash("meeting ics")
    assert calendar.attachments and calendar.attachments[0].data.startswith(b"BEGIN:VCALENDAR")


async def test_reminders_take_every_phrase_and_say_what_they_assumed(convener: Convener) -> None:
    await convener.seed_profiles()
    lynn = convener.chair
    for phrase in PHRASES:
        reply = await lynn.slash("remind set", when=phrase, text=f"About {phrase}")
        assert reply.ephemeral and f"set for {stamp(at(phrase, NEW_YORK))}" in reply.content, (phrase, reply.content)
    noted = await lynn.slash("remind set", when="Jan 5 10:00", text="New year")
    assert f"`Jan 5 10:00` has no year: read as {stamp(at('Jan 5 10:00', NEW_YORK))}, the next one." in noted.content
    passed = await lynn.slash("remind set", when="Nov 20 10:00", text="Too late")
    assert passed.ephemeral and passed.content.startswith("❌ `Nov 20 10:00` has no year, and"), passed.content
    for phrase in LIMITS:
        refused = await lynn.slash("remind set", when=phrase, text="Far")
        assert refused.ephemeral and refused.content.startswith("❌"), refused.content


async def test_action_due_dates_and_report_periods(convener: Convener) -> None:
    await convener.seed_profiles()
    lynn, chengetai = convener.chair, convener.member("chengetai")
    await lynn.slash("meeting schedule", title="WG", start="2026-11-23 15:00", timezone="UTC")
    (meeting, *_) = await convener.bot.services.meetings.upcoming(convener.guild.id)
    convener.clock.set(meeting.start)
    await lynn.slash("meeting start", meeting=meeting.id)
    action = await chengetai.slash("action", text="Circulate", owner="Drafting group", due="next tuesday 10:00")
    assert f"due 24 November 2026 ({stamp_day(date(2026, 11, 24))})" in action.content, action.content
    written = await chengetai.slash("action", text="Draft", owner="Drafting group", due="Jan 5")
    assert "due 5 January 2027" in written.content and "`Jan 5` has no year: read as 5 January 2027" \
        in written.content, written.content
    for phrase in ["0001-01-01", "9999-12-31 23:30", "in 99999999 days", "<t:253402300799:F>"]:
        refused = await chengetai.slash("action", text="Far", owner="Drafting group", due=phrase)
        assert refused.ephemeral and refused.content.startswith("❌"), refused.content

    await lynn.slash("setup timezone", zone="Asia/Tokyo")  # days of the report are the server's, east of UTC
    report = await chengetai.slash("attendance report", **{"from": "3 weeks ago", "to": "in 2 weeks"})
    tokyo = ZoneInfo("Asia/Tokyo")
    first_day = (meeting.start - timedelta(weeks=3)).astimezone(tokyo).date()
    since = datetime.combine(first_day, datetime.min.time(), tzinfo=tokyo)
    assert report.ephemeral and f"Period: {stamp(since)} – " in report.content, report.content
    for phrase in ["0001-01-01", "9999-12-31", "<t:253402300799:F>", "in 99999999 days"]:
        refused = await chengetai.slash("attendance report", **{"from": phrase, "to": "today"})
        assert refused.ephemeral and refused.content.startswith("❌"), refused.content


async def test_deliverable_deadlines_and_group_meetings(convener: Convener) -> None:
    group_id, _thread = await make_group(convener)
    created = await convener.chair.slash("deliverable create", title="Issue paper", group=group_id,
                                         draft_due="in 2 weeks", final_due="18 March")
    assert "Deadlines: draft 7 December 2026, final 18 March 2027" in created.content, created.content
    refused = await convener.chair.slash("deliverable create", title="Far", final_due="0001-01-01")
    assert refused.ephemeral and "before 1970" in refused.content, refused.content
    danko = convener.member("danko")
    meeting = await danko.slash("group meeting", group=group_id, start="next tuesday 10:00")
    assert stamp(at("next tuesday 10:00", BERLIN)) in meeting.content, meeting.content
    far = await danko.slash("group meeting", group=group_id, start="<t:253402300799:F>")
    assert far.ephemeral and "more than 10 years ahead" in far.content, far.content
