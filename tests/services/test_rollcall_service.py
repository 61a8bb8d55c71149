"""RollCallService against a real database: answers, voice sessions, guests, corrections, the close."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.domain.meeting import MeetingInfo
from bot.errors import Conflict, InvalidInput, NotFound
from bot.services import Services
from storage.db import Database
from tests.support_attendance import GUILD, OTHER_GUILD, TEXT_CHANNEL, VOICE_CHANNEL, make_services, person, schedule

ALICE = person(1, "Alice")
BOB = person(2, "Bob")
CHAIR = person(3, "Lynn", "chair")
OBSERVER = person(4, "Antoine", "observer")


async def live_meeting(services: Services, clock: FakeClock) -> MeetingInfo:
    meeting = await schedule(services, in_hours=1)
    clock.set(meeting.start)
    return await services.meetings.start_live(GUILD, meeting.id)


def by_user(participants: list) -> dict:  # type: ignore[type-arg]
    return {p.user_id: p for p in participants}


async def test_members_answer_and_change_their_answer(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services)
    board = await services.rollcall.begin(GUILD, meeting.id, channel_id=TEXT_CHANNEL, ask_consent=False, by=3)
    assert board.started and not board.closed and board.participants == ()
    await services.rollcall.respond(GUILD, meeting.id, ALICE, "present")
    changed = await services.rollcall.respond(GUILD, meeting.id, ALICE, "late")
    assert (changed.status, changed.role, changed.name) == ("late", "member", "Alice")
    with pytest.raises(InvalidInput, match="present, late, apologies, observing"):
        await services.rollcall.respond(GUILD, meeting.id, BOB, "absent")


async def test_apologies_before_the_roll_call_starts(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services, in_hours=48)
    p = await services.rollcall.respond(GUILD, meeting.id, BOB, "apologies")
    assert p.status == "apologies"
    assert not (await services.rollcall.board(GUILD, meeting.id)).started


async def test_profile_name_and_group_are_used_and_sorted(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services)
    await services.profiles.set_name(GUILD, 1, "Tao, Xiaofeng")
    await services.profiles.set_group(GUILD, 1, "Technical community")
    await services.profiles.set_name(GUILD, 2, "Jevtović, Danko")
    await services.rollcall.respond(GUILD, meeting.id, ALICE, "present")
    await services.rollcall.respond(GUILD, meeting.id, BOB, "present")
    await services.rollcall.add_guest(GUILD, meeting.id, "Galstyan, Lianna", "member", "Government")
    names = [(p.name, p.group) for p in await services.rollcall.participants(GUILD, meeting.id)]
    assert names == [("Galstyan, Lianna", "Government"), ("Jevtović, Danko", None),
                     ("Tao, Xiaofeng", "Technical community")]


async def test_voice_minutes_sum_over_rejoins(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await live_meeting(services, clock)
    start = clock.now()
    rollcall = services.rollcall
    assert await rollcall.voice_moved(GUILD, ALICE, None, VOICE_CHANNEL) == meeting.id
    clock.advance(timedelta(minutes=20))
    assert await rollcall.voice_moved(GUILD, ALICE, VOICE_CHANNEL, None) == meeting.id
    clock.advance(timedelta(minutes=10))
    await rollcall.voice_moved(GUILD, ALICE, 999, VOICE_CHANNEL)  # moved in from another channel
    clock.advance(timedelta(minutes=25))
    await rollcall.voice_moved(GUILD, ALICE, VOICE_CHANNEL, 999)
    alice = by_user(await rollcall.participants(GUILD, meeting.id))[1]
    assert (alice.status, alice.minutes_attended) == ("present", 45)
    assert (alice.first_join, alice.last_leave) == (start, start + timedelta(minutes=55))


async def test_voice_counts_only_for_the_live_meetings_channel(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services)
    assert await services.rollcall.voice_moved(GUILD, ALICE, None, VOICE_CHANNEL) is None  # not live yet
    clock.set(meeting.start)
    await services.meetings.start_live(GUILD, meeting.id)
    assert await services.rollcall.voice_moved(GUILD, ALICE, None, 999) is None  # another channel
    assert await services.rollcall.voice_moved(GUILD, ALICE, VOICE_CHANNEL, VOICE_CHANNEL) is None  # mute toggle
    assert await services.rollcall.voice_moved(OTHER_GUILD, ALICE, None, VOICE_CHANNEL) is None
    assert await services.rollcall.participants(GUILD, meeting.id) == []


async def test_joining_overrides_apologies_and_observers_observe(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services, in_hours=1)
    await services.rollcall.respond(GUILD, meeting.id, BOB, "apologies")
    clock.set(meeting.start)
    await services.meetings.start_live(GUILD, meeting.id)
    await services.rollcall.voice_moved(GUILD, BOB, None, VOICE_CHANNEL, [OBSERVER])
    got = by_user(await services.rollcall.participants(GUILD, meeting.id))
    assert (got[2].status, got[4].status, got[4].role) == ("present", "observing", "observer")


async def test_close_marks_the_silent_absent_and_freezes(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await live_meeting(services, clock)
    rollcall = services.rollcall
    await rollcall.voice_moved(GUILD, ALICE, None, VOICE_CHANNEL)
    await rollcall.respond(GUILD, meeting.id, person(5, "Cassa"), "apologies")
    clock.advance(timedelta(minutes=60))
    await services.meetings.end_live(GUILD, meeting.id)
    clock.advance(timedelta(minutes=15))  # Alice stays in the channel after the end
    board = await rollcall.close(GUILD, meeting.id, [ALICE, BOB, person(5, "Cassa")], by=3)
    statuses = {p.name: p.status for p in board.participants}
    assert statuses == {"Alice": "present", "Bob": "absent", "Cassa": "apologies"}
    alice = by_user(list(board.participants))[1]
    assert alice.minutes_attended == 60 and alice.last_leave == meeting.start + timedelta(minutes=60)
    with pytest.raises(Conflict, match="closed"):
        await rollcall.respond(GUILD, meeting.id, BOB, "present")
    with pytest.raises(Conflict, match="already closed"):
        await rollcall.close(GUILD, meeting.id, [], by=3)
    assert await rollcall.voice_moved(GUILD, BOB, None, VOICE_CHANNEL) is None
    fixed = await rollcall.set_status(GUILD, meeting.id, BOB, "late", role="observer", group="Academia", by=3)
    assert (fixed.status, fixed.role, fixed.group) == ("late", "observer", "Academia")


async def test_guests_are_added_and_updated_by_name(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services)
    await services.rollcall.add_guest(GUILD, meeting.id, "Sivasubramanian, M", "guest", "Civil society")
    again = await services.rollcall.add_guest(GUILD, meeting.id, "sivasubramanian,  m", "observer", None, "late")
    everyone = await services.rollcall.participants(GUILD, meeting.id)
    assert len(everyone) == 1
    assert (again.name, again.role, again.group, again.status, again.user_id) == (
        "sivasubramanian, m", "observer", "Civil society", "late", None)
    with pytest.raises(InvalidInput, match="not a meeting role"):
        await services.rollcall.add_guest(GUILD, meeting.id, "X", "king")


async def test_recording_consent(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services)
    with pytest.raises(Conflict, match="does not ask"):
        await services.rollcall.consent(GUILD, meeting.id, ALICE, True)
    await services.rollcall.begin(GUILD, meeting.id, channel_id=TEXT_CHANNEL, ask_consent=True, by=3)
    await services.rollcall.consent(GUILD, meeting.id, ALICE, True)
    await services.rollcall.consent(GUILD, meeting.id, BOB, False)
    board = await services.rollcall.board(GUILD, meeting.id)
    assert (board.consent.agree, board.consent.object, board.consent.objecting) == (1, 1, ("Bob",))


async def test_another_guilds_meeting_is_not_found(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    theirs = await schedule(services, guild=OTHER_GUILD)
    with pytest.raises(NotFound):
        await services.rollcall.respond(GUILD, theirs.id, ALICE, "present")
    with pytest.raises(NotFound):
        await services.rollcall.begin(GUILD, theirs.id, channel_id=1, ask_consent=False, by=1)


async def test_message_is_remembered_and_forget_member(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await live_meeting(services, clock)
    await services.rollcall.begin(GUILD, meeting.id, channel_id=TEXT_CHANNEL, ask_consent=False, by=3)
    await services.rollcall.attach_message(GUILD, meeting.id, TEXT_CHANNEL, 4242)
    assert await services.rollcall.message_of(GUILD, meeting.id) == (TEXT_CHANNEL, 4242)
    assert (await services.meetings.get(GUILD, meeting.id)).rollcall_message_id == 4242
    await services.rollcall.voice_moved(GUILD, ALICE, None, VOICE_CHANNEL)
    await services.rollcall.voice_moved(GUILD, ALICE, VOICE_CHANNEL, None)
    await services.rollcall.voice_moved(GUILD, ALICE, None, VOICE_CHANNEL)
    assert await services.privacy.forget_member(GUILD, 1) == {"rollcall_entries": 1, "voice_records": 2}
    assert await services.rollcall.participants(GUILD, meeting.id) == []
