"""The live window on its own: a meeting starts at its time and ends after it, when its voice channel is empty."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock
from bot.domain.meeting import MeetingInfo
from bot.services import Services
from bot.services.rollcall import Attendee
from storage.db import Database
from tests.support_meetings import CHANNEL, GUILD, FakeEvents, FakeOutbox, config_with, make_services, start

START = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
VOICE = 4242
ANN, BEN = Attendee(1, "Ann", "member"), Attendee(2, "Ben", "member")


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


async def wg(db: Database, clock: FakeClock, outbox: FakeOutbox, *, auto_start: bool = False,
             **schedule: object) -> tuple[Services, MeetingInfo]:
    """Services on a fresh database, and the meeting "WG" scheduled at START in CHANNEL."""
    services = make_services(db, clock, config_with(auto_start=auto_start), outbox=outbox, events=FakeEvents())
    await start(services)
    meeting = await services.meetings.schedule(GUILD, title="WG", start=START, timezone="UTC", channel_id=CHANNEL,
                                               **schedule)
    return services, meeting


async def test_starts_at_its_time_and_ends_when_the_last_person_has_left(db: Database, clock: FakeClock) -> None:
    outbox = FakeOutbox()
    services, meeting = await wg(db, clock, outbox, auto_start=True, voice_channel_id=VOICE, repeat="every 2 weeks")
    clock.set(START)
    await services.reminders.run_due()
    assert (await services.meetings.get(GUILD, meeting.id)).status == "live"
    live_notices = [s for s in outbox.sent if s.content.startswith("🟢 **WG #1** is live now")]
    assert len(live_notices) == 1 and live_notices[0].channel_id == CHANNEL

    await services.rollcall.voice_moved(GUILD, ANN, None, VOICE)
    clock.set(at(10))
    await services.rollcall.voice_moved(GUILD, BEN, None, VOICE)
    clock.set(at(50))
    await services.rollcall.voice_moved(GUILD, BEN, VOICE, None)
    # The planned end plus 15 minutes: Ann is still talking, so the meeting goes on.
    clock.set(at(75))
    await services.reminders.run_due()
    assert (await services.meetings.get(GUILD, meeting.id)).status == "live"
    clock.set(at(82))
    await services.rollcall.voice_moved(GUILD, ANN, VOICE, None)
    clock.set(at(90))
    await services.reminders.run_due()
    ended = await services.meetings.get(GUILD, meeting.id)
    assert (ended.status, ended.live_started_at, ended.live_ended_at) == ("ended", START, at(82))
    [notice] = [s for s in outbox.sent if s.content.startswith("⏹️")]
    assert "(82 min)" in notice.content and "📅 Next meeting: **WG #2**" in notice.content
    people = {p.user_id: p.minutes_attended for p in await services.rollcall.participants(GUILD, meeting.id)}
    assert people == {ANN.user_id: 82, BEN.user_id: 40}
    clock.set(at(200))
    await services.reminders.run_due()
    assert len([s for s in outbox.sent if s.content.startswith("⏹️")]) == 1


async def test_without_voice_data_it_ends_its_planned_length_after_it_went_live(db: Database,
                                                                                 clock: FakeClock) -> None:
    outbox = FakeOutbox()
    services, meeting = await wg(db, clock, outbox)
    clock.set(at(20))
    await services.meetings.start_live(GUILD, meeting.id)  # started by hand, 20 minutes late
    assert not [s for s in outbox.sent if s.content.startswith("🟢")]  # the chair's command answers for itself
    clock.set(at(94))
    await services.reminders.run_due()
    assert (await services.meetings.get(GUILD, meeting.id)).status == "live"
    clock.set(at(95))
    await services.reminders.run_due()
    ended = await services.meetings.get(GUILD, meeting.id)
    assert (ended.status, ended.live_ended_at) == ("ended", at(80))


async def test_a_meeting_ended_by_hand_is_left_alone(db: Database, clock: FakeClock) -> None:
    outbox = FakeOutbox()
    services, meeting = await wg(db, clock, outbox)
    clock.set(START)
    await services.meetings.start_live(GUILD, meeting.id)
    clock.set(at(55))
    await services.meetings.end_live(GUILD, meeting.id)
    assert await services.reminders.pending(GUILD, "meeting.end", meeting.id) == []
    clock.set(at(300))
    await services.reminders.run_due()
    assert (await services.meetings.get(GUILD, meeting.id)).live_ended_at == at(55)
    assert not [s for s in outbox.sent if s.content.startswith("⏹️")]


async def test_notes_still_being_taken_keep_a_meeting_without_voice_data_going(db: Database,
                                                                                clock: FakeClock) -> None:
    services, meeting = await wg(db, clock, FakeOutbox(), link="https://meet.example.org/wg")
    clock.set(START)
    await services.meetings.start_live(GUILD, meeting.id)
    clock.set(at(70))
    await services.minutes.capture.add_note(GUILD, 7, "Overrun: one more point on the budget.", None)
    clock.set(at(75))
    await services.reminders.run_due()
    assert (await services.meetings.get(GUILD, meeting.id)).status == "live"
    clock.set(at(90))
    await services.reminders.run_due()
    ended = await services.meetings.get(GUILD, meeting.id)
    assert (ended.status, ended.live_ended_at) == ("ended", at(70))
