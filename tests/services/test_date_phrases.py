"""Every command that takes a date accepts every phrase of the date language, and understands it the same way.

Each command is driven through its service with the member's zone set to Europe/Zurich and a fixed clock, and
what it stored is compared with what ``bot.domain.dates`` reads from the same phrase. ``PHRASES`` × ``COMMANDS``
is the phrase × command table of the date language (tests/e2e/test_date_phrases.py does one of each family
through the Discord stand-in).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot import i18n
from bot.clock import FakeClock
from bot.domain.dates import read_day, read_moment
from bot.domain.minutes import Owner
from bot.errors import InvalidInput
from bot.services import Services
from storage.db import Database
from tests.support_meetings import CHANNEL, GUILD, FakeEvents, make_services
from tests.support_polls import FakeBoard

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # Wednesday, 10:00 in Zurich
ZURICH = ZoneInfo("Europe/Zurich")
CHAIR = 1
LATER = int(datetime(2026, 12, 20, 12, 0, tzinfo=UTC).timestamp())
FAR_SLOT = "2027-06-01 15:00"  # after every phrase below: a poll's slot when the phrase is its deadline

PHRASES = {
    "ISO": "2026-12-18 15:00",
    "written, day first": "18 March 15:00",
    "written, month first": "Mar 18 3pm",
    "tomorrow": "tomorrow 15:00",
    "next weekday": "next tuesday 10:00",
    "in weeks": "in 2 weeks",
    "in minutes": "in 90 minutes",
    "zone after the time": "15:00 America/New_York",
    "offset after the time": "15:00 UTC+2",
    "Discord timestamp": f"<t:{LATER}:F>",
}


class FakeSpace:
    """A drafting group's private thread, without Discord."""

    async def open(self, guild_id: int, parent_channel_id: int, name: str, member_ids: list[int]) -> int:
        return 4242

    async def add(self, thread_id: int, user_id: int) -> None:
        return None

    async def remove(self, thread_id: int, user_id: int) -> None:
        return None


@dataclass
class World:
    services: Services
    clock: FakeClock


@pytest.fixture
async def world(db: Database) -> AsyncIterator[World]:
    clock = FakeClock(NOW)
    services = make_services(db, clock, events=FakeEvents(), board=FakeBoard(), space=FakeSpace())
    await services.start()
    await services.profiles.set_timezone(GUILD, CHAIR, "Europe/Zurich")
    await services.settings.set_timezone(GUILD, "Europe/Zurich")
    yield World(services, clock)


def moment(phrase: str) -> datetime:
    return read_moment(phrase, now=NOW, zone=ZURICH).at


def day(phrase: str, direction: str = "future") -> date:
    return read_day(phrase, now=NOW, zone=ZURICH, direction=direction).day  # type: ignore[arg-type]


# -- the commands, each returning what it stored and what the date language reads from the phrase -------------

Result = tuple[object, object]


async def poll_create_slots(w: World, phrase: str) -> Result:
    created = await w.services.polls.create(GUILD, title="P", slots=phrase, channel_id=CHANNEL, created_by=CHAIR,
                                            is_chair=True)
    return created.poll.slots[0].start, moment(phrase)


async def poll_create_deadline(w: World, phrase: str) -> Result:
    created = await w.services.polls.create(GUILD, title="P", slots=FAR_SLOT, channel_id=CHANNEL, created_by=CHAIR,
                                            deadline=phrase, is_chair=True)
    return created.poll.deadline, moment(phrase)


async def poll_add_slots(w: World, phrase: str) -> Result:
    created = await w.services.polls.create(GUILD, title="P", slots=FAR_SLOT, channel_id=CHANNEL, created_by=CHAIR,
                                            is_chair=True)
    added = await w.services.polls.add_slots(GUILD, created.poll.id, phrase, actor_id=CHAIR, is_chair=True)
    return min(s.start for s in added.poll.slots), moment(phrase)


async def poll_reopen_deadline(w: World, phrase: str) -> Result:
    created = await w.services.polls.create(GUILD, title="P", slots=FAR_SLOT, channel_id=CHANNEL, created_by=CHAIR,
                                            is_chair=True)
    await w.services.polls.close(GUILD, created.poll.id, actor_id=CHAIR, is_chair=True)
    reopened = await w.services.polls.reopen(GUILD, created.poll.id, actor_id=CHAIR, is_chair=True, deadline=phrase)
    return reopened.deadline, moment(phrase)


async def meeting_schedule_start(w: World, phrase: str) -> Result:
    meetings = w.services.meetings
    reading, zone = await meetings.read_start(GUILD, CHAIR, phrase, None)
    meeting = await meetings.schedule(GUILD, title="M", start=reading.at, timezone=zone, created_by=CHAIR)
    return meeting.start, moment(phrase)


async def meeting_reschedule_start(w: World, phrase: str) -> Result:
    meetings = w.services.meetings
    first, zone = await meetings.read_start(GUILD, CHAIR, FAR_SLOT, None)
    meeting = await meetings.schedule(GUILD, title="M", start=first.at, timezone=zone, created_by=CHAIR)
    reading, _ = await meetings.read_start(GUILD, CHAIR, phrase, None)
    moved = await meetings.reschedule(GUILD, meeting.id, start=reading.at)
    return moved.start, moment(phrase)


async def meeting_repeat_until(w: World, phrase: str) -> Result:
    meetings = w.services.meetings
    start, zone = await meetings.read_start(GUILD, CHAIR, "in 60 minutes", None)
    meeting = await meetings.schedule(GUILD, title="M", start=start.at, timezone=zone, repeat=f"weekly until {phrase}",
                                      created_by=CHAIR)
    assert meeting.series_id is not None
    rule = (await meetings.series(GUILD, meeting.series_id)).rule
    last_day = datetime.strptime(rule.split("UNTIL=")[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).astimezone(ZURICH)
    return last_day.date(), day(phrase)


async def group_meeting_start(w: World, phrase: str) -> Result:
    view = await w.services.groups.create(GUILD, name="Drafting", parent_channel_id=CHANNEL, created_by=CHAIR,
                                          member_ids=[CHAIR])
    meeting, _notes = await w.services.groups.schedule_meeting(GUILD, view.group.id, actor_id=CHAIR, is_chair=True,
                                                               title=None, start=phrase, duration=None, zone=None)
    return meeting.start, moment(phrase)


async def poll_finalize_repeat_until(w: World, phrase: str) -> Result:
    created = await w.services.polls.create(GUILD, title="P", slots="in 60 minutes", channel_id=CHANNEL,
                                            created_by=CHAIR, is_chair=True)
    slot = created.poll.slots[0].id
    _poll, meeting = await w.services.polls.finalize(GUILD, created.poll.id, slot, actor_id=CHAIR, is_chair=True,
                                                     repeat=f"weekly until {phrase}")
    assert meeting.series_id is not None
    rule = (await w.services.meetings.series(GUILD, meeting.series_id)).rule
    last_day = datetime.strptime(rule.split("UNTIL=")[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).astimezone(ZURICH)
    return last_day.date(), day(phrase)


async def _live_action(w: World) -> int:
    meetings = w.services.meetings
    meeting = await meetings.schedule(GUILD, title="M", start=moment("in 60 minutes"), timezone="Europe/Zurich")
    await meetings.start_live(GUILD, meeting.id)
    captured = await w.services.minutes.capture.add_action(GUILD, CHAIR, "Draft", Owner(None, "Drafting group"),
                                                           None)
    return captured.entry.id


async def action_due(w: World, phrase: str) -> Result:
    meetings = w.services.meetings
    meeting = await meetings.schedule(GUILD, title="M", start=moment("in 60 minutes"), timezone="Europe/Zurich")
    await meetings.start_live(GUILD, meeting.id)
    captured = await w.services.minutes.capture.add_action(GUILD, CHAIR, "Draft", Owner(None, "Drafting group"),
                                                           phrase)
    return captured.entry.due, day(phrase)


async def minutes_edit_due(w: World, phrase: str) -> Result:
    entry_id = await _live_action(w)
    edited = await w.services.minutes.capture.edit(GUILD, entry_id, CHAIR, "Draft", due=phrase)
    return edited.due, day(phrase)


async def remind_set_when(w: World, phrase: str) -> Result:
    reading = await w.services.dates.moment(GUILD, CHAIR, phrase)
    info = await w.services.reminders.remind(GUILD, reading.at, "Papers due", channel_id=CHANNEL, created_by=CHAIR)
    return info.due_at, moment(phrase)


async def attendance_report_period(w: World, phrase: str) -> Result:
    period = await w.services.attendance.read_period(GUILD, phrase, phrase, CHAIR)
    report = await w.services.attendance.report(GUILD, period.start, period.end)
    return (report.start, report.end), (day(phrase, "nearest"), day(phrase, "nearest"))


async def deliverable_create_deadline(w: World, phrase: str) -> Result:
    item = await w.services.deliverables.create(GUILD, title="Paper", kind="issue paper", created_by=CHAIR,
                                                channel_id=CHANNEL, deadlines={"draft": phrase})
    return item.deadlines["draft"], day(phrase)


async def deliverable_set_deadline(w: World, phrase: str) -> Result:
    item = await w.services.deliverables.create(GUILD, title="Paper", kind="issue paper", created_by=CHAIR,
                                                channel_id=CHANNEL)
    changed = await w.services.deliverables.set_deadline(GUILD, item.id, "final", phrase, actor_id=CHAIR,
                                                         is_chair=True)
    return changed.deadlines["final"], day(phrase)


COMMANDS: dict[str, Callable[[World, str], Awaitable[Result]]] = {
    "/poll create slots": poll_create_slots,
    "/poll create deadline": poll_create_deadline,
    "/poll add-slots": poll_add_slots,
    "/poll reopen deadline": poll_reopen_deadline,
    "/meeting schedule start": meeting_schedule_start,
    "/meeting reschedule start": meeting_reschedule_start,
    "/meeting schedule repeat … until": meeting_repeat_until,
    "/group meeting start": group_meeting_start,
    "/poll finalize repeat … until": poll_finalize_repeat_until,
    "/action due": action_due,
    "/minutes entries → edit due": minutes_edit_due,
    "/remind set when": remind_set_when,
    "/attendance report from, to (and convener export)": attendance_report_period,
    "/deliverable create …_due": deliverable_create_deadline,
    "/deliverable deadline due": deliverable_set_deadline,
}


@pytest.mark.parametrize("phrase", list(PHRASES.values()), ids=list(PHRASES))
@pytest.mark.parametrize("command", list(COMMANDS))
async def test_every_date_taking_command_accepts_every_phrase(world: World, command: str, phrase: str) -> None:
    stored, meant = await COMMANDS[command](world, phrase)
    assert stored == meant, f"{command} read {phrase!r} as {stored}, the date language as {meant}"


async def test_a_member_writes_dates_in_their_own_language_too(world: World) -> None:
    """Commands are answered in the member's language (bot.i18n binds it); dates are read in it and in English."""
    with i18n.using("fr"):
        french = await world.services.dates.moment(GUILD, CHAIR, "demain 15:00")
        english = await world.services.dates.moment(GUILD, CHAIR, "tomorrow 15:00")
    assert french.at == english.at == moment("tomorrow 15:00")
    with pytest.raises(InvalidInput):
        await world.services.dates.moment(GUILD, CHAIR, "demain 15:00")  # an English reader's dates are English
