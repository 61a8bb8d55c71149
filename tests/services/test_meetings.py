"""MeetingService against a real SQLite database, a fake clock and fake Discord ports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.domain.meeting import MeetingInfo
from bot.domain.permissions import Role
from bot.errors import Conflict, InvalidInput, NotFound
from bot.services import Services
from storage.db import Database
from tests.support_meetings import (
    CHANNEL,
    GUILD,
    MEMBER_ROLE,
    OTHER_GUILD,
    FakeEvents,
    FakeOutbox,
    config_with,
    make_services,
    start,
)

DEC1 = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 15:00 in Zurich


@pytest.fixture
def outbox() -> FakeOutbox:
    return FakeOutbox()


@pytest.fixture
def events() -> FakeEvents:
    return FakeEvents()


@pytest.fixture
async def services(db: Database, clock: FakeClock, outbox: FakeOutbox, events: FakeEvents) -> Services:
    services = make_services(db, clock, config_with(horizon=3), outbox=outbox, events=events)
    await start(services)
    return services


async def synced(services: Services, meeting_id: int) -> MeetingInfo:
    """Let the reminder worker run the Discord event syncs, then read the meeting again."""
    await services.reminders.run_due()
    return await services.meetings.get(GUILD, meeting_id)


async def pending(services: Services, kind: str, ref_id: int) -> list[datetime]:
    return [r.due_at for r in await services.reminders.pending(GUILD, kind, ref_id)]


async def test_schedule_single_meeting_with_reminders_and_event(services: Services, events: FakeEvents) -> None:
    meeting = await services.meetings.schedule(GUILD, title="WG-MWP", start=DEC1, duration=90,
                                               timezone="Europe/Zurich", link="https://meet.example.org/wg",
                                               channel_id=CHANNEL, created_by=42)
    assert (meeting.start, meeting.end, meeting.status) == (DEC1, DEC1 + timedelta(minutes=90), "scheduled")
    assert meeting.ics_uid.endswith("@convener") and meeting.series_id is None
    assert await pending(services, "meeting", meeting.id) == [DEC1 - timedelta(hours=24), DEC1 - timedelta(hours=1)]
    assert meeting.event_id is None and events.events == {}  # the worker creates the event
    meeting = await synced(services, meeting.id)
    assert meeting.event_id in events.events
    spec = events.events[meeting.event_id].spec
    assert (spec.name, spec.start, spec.end, spec.location) == ("WG-MWP", DEC1, meeting.end,
                                                                "https://meet.example.org/wg")
    assert "Join: https://meet.example.org/wg" in spec.description


async def test_schedule_refuses_bad_input(services: Services, clock: FakeClock) -> None:
    schedule = services.meetings.schedule
    with pytest.raises(InvalidInput, match="in the past"):
        await schedule(GUILD, title="Late", start=clock.now() - timedelta(minutes=1), timezone="UTC")
    with pytest.raises(InvalidInput, match="Accepted forms"):
        await schedule(GUILD, title="X", start=DEC1, timezone="UTC", repeat="every blue moon")
    with pytest.raises(InvalidInput, match="not a join link"):
        await schedule(GUILD, title="X", start=DEC1, timezone="UTC", link="meet.example.org")
    with pytest.raises(InvalidInput, match="time zone"):
        await schedule(GUILD, title="X", start=DEC1, timezone="Mars/Olympus")
    with pytest.raises(InvalidInput, match="title"):
        await schedule(GUILD, title="   ", start=DEC1, timezone="UTC")
    with pytest.raises(InvalidInput, match="5 minutes and 24 hours"):
        await schedule(GUILD, title="X", start=DEC1, timezone="UTC", duration=2)
    assert await services.meetings.upcoming(GUILD) == []


async def test_weekly_series_keeps_local_time_across_dst(services: Services, clock: FakeClock) -> None:
    clock.set(datetime(2027, 3, 10, 9, 0, tzinfo=UTC))
    first = await services.meetings.schedule(GUILD, title="WG", start=datetime(2027, 3, 16, 14, 0, tzinfo=UTC),
                                             timezone="Europe/Zurich", repeat="weekly")
    occurrences = await services.meetings.series_meetings(GUILD, first.series_id or 0)
    assert [m.number for m in occurrences] == [1, 2, 3]
    assert [m.start.hour for m in occurrences] == [14, 14, 13]  # summer time from 28 March
    assert {m.start.astimezone(ZoneInfo("Europe/Zurich")).hour for m in occurrences} == {15}
    assert all(m.recurrence_id == m.start and m.ics_uid == first.ics_uid for m in occurrences)


async def test_series_grows_when_an_occurrence_starts(services: Services, clock: FakeClock,
                                                      outbox: FakeOutbox) -> None:
    first = await services.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="Europe/Zurich",
                                             repeat="every 2 weeks", channel_id=CHANNEL)
    series_id = first.series_id or 0
    assert len(await services.meetings.series_meetings(GUILD, series_id)) == 3
    clock.set(DEC1)
    await services.reminders.run_due()
    occurrences = await services.meetings.series_meetings(GUILD, series_id)
    assert [m.start for m in occurrences] == [DEC1 + timedelta(weeks=2 * i) for i in range(4)]
    assert await pending(services, "meeting", occurrences[3].id)  # the new one has its reminders
    # and a restart materialises nothing twice
    await services.meetings.maintain()
    assert len(await services.meetings.series_meetings(GUILD, series_id)) == 4
    assert len(outbox.sent) == 1  # the first meeting's 1 h reminder (its 24 h one, due too, gave way)


async def test_series_skips_occurrences_missed_during_downtime(services: Services, clock: FakeClock) -> None:
    first = await services.meetings.schedule(GUILD, title="Daily", start=DEC1, timezone="UTC", repeat="daily")
    clock.set(DEC1 + timedelta(days=10, hours=1))
    await services.meetings.maintain()
    occurrences = await services.meetings.series_meetings(GUILD, first.series_id or 0)
    ahead = [m for m in occurrences if m.start > clock.now()]
    assert [m.number for m in ahead] == [12, 13, 14]  # numbers follow the rule, missed days get no rows
    assert len(occurrences) == 6


async def test_reschedule_moves_reminders_bumps_sequence_and_updates_event(services: Services,
                                                                           events: FakeEvents) -> None:
    meeting = await services.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="UTC")
    meeting = await synced(services, meeting.id)
    later = DEC1 + timedelta(days=2)
    moved = await services.meetings.reschedule(GUILD, meeting.id, start=later, duration=30, title="WG (moved)")
    await services.reminders.run_due()
    assert (moved.start, moved.end, moved.title, moved.sequence) == (later, later + timedelta(minutes=30),
                                                                     "WG (moved)", 1)
    assert await pending(services, "meeting", meeting.id) == [later - timedelta(hours=24), later - timedelta(hours=1)]
    spec = events.events[meeting.event_id or 0].spec
    assert (spec.name, spec.start) == ("WG (moved)", later)
    assert f"update {meeting.event_id}" in events.calls
    with pytest.raises(InvalidInput, match="Give a new"):
        await services.meetings.reschedule(GUILD, meeting.id)


async def test_cancel_one_meeting_cancels_reminders_and_event(services: Services, events: FakeEvents) -> None:
    meeting = await services.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="UTC")
    meeting = await synced(services, meeting.id)
    [cancelled] = await services.meetings.cancel(GUILD, meeting.id)
    await services.reminders.run_due()
    assert (cancelled.status, cancelled.sequence) == ("cancelled", 1)
    assert await pending(services, "meeting", meeting.id) == []
    assert events.events[meeting.event_id or 0].status == "cancelled"
    assert await services.meetings.upcoming(GUILD) == []
    with pytest.raises(Conflict, match="already cancelled"):
        await services.meetings.cancel(GUILD, meeting.id)
    other = await services.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="UTC")
    with pytest.raises(InvalidInput, match="not part of a series"):
        await services.meetings.cancel(GUILD, other.id, whole_series=True)


async def test_cancel_occurrence_keeps_horizon_and_cancel_series_stops_it(services: Services,
                                                                          events: FakeEvents) -> None:
    first = await services.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="UTC", repeat="weekly")
    series_id = first.series_id or 0
    await services.meetings.cancel(GUILD, first.id)
    occurrences = await services.meetings.series_meetings(GUILD, series_id)
    assert [m.status for m in occurrences] == ["cancelled", "scheduled", "scheduled", "scheduled"]
    second = occurrences[1]
    await services.reminders.run_due()
    cancelled = await services.meetings.cancel(GUILD, second.id, whole_series=True)
    await services.reminders.run_due()
    assert sorted(m.number or 0 for m in cancelled) == [2, 3, 4]
    assert (await services.meetings.series(GUILD, series_id)).cancelled
    assert await services.meetings.upcoming(GUILD) == []
    assert await pending(services, "series.extend", series_id) == []
    assert {e.status for e in events.events.values()} == {"cancelled"}
    with pytest.raises(Conflict, match="already cancelled"):
        await services.meetings.cancel(GUILD, first.id, whole_series=True)
    await services.meetings.maintain()  # a cancelled series does not grow back
    assert len(await services.meetings.series_meetings(GUILD, series_id)) == 4


async def test_other_guilds_cannot_see_or_change_meetings(services: Services) -> None:
    meeting = await services.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="UTC", repeat="weekly")
    for call in (services.meetings.get(OTHER_GUILD, meeting.id),
                 services.meetings.reschedule(OTHER_GUILD, meeting.id, start=DEC1 + timedelta(days=1)),
                 services.meetings.cancel(OTHER_GUILD, meeting.id),
                 services.meetings.start_live(OTHER_GUILD, meeting.id),
                 services.meetings.series_meetings(OTHER_GUILD, meeting.series_id or 0),
                 services.meetings.calendar(OTHER_GUILD, meeting.id)):
        with pytest.raises(NotFound):
            await call
    assert await services.meetings.upcoming(OTHER_GUILD) == []
    assert await services.meetings.search(OTHER_GUILD, "") == []


async def test_live_window(services: Services, clock: FakeClock, events: FakeEvents) -> None:
    one = await services.meetings.schedule(GUILD, title="One", start=DEC1, timezone="UTC")
    two = await services.meetings.schedule(GUILD, title="Two", start=DEC1 + timedelta(hours=3), timezone="UTC")
    clock.set(DEC1 - timedelta(minutes=5))
    await services.reminders.run_due()
    live = await services.meetings.start_live(GUILD, one.id)
    assert (live.status, live.live_started_at) == ("live", clock.now())
    assert (await services.meetings.live(GUILD)) == live
    one = await synced(services, one.id)
    assert events.events[one.event_id or 0].status == "active"
    with pytest.raises(Conflict, match="still live"):
        await services.meetings.start_live(GUILD, two.id)
    with pytest.raises(Conflict, match="cannot start"):
        await services.meetings.start_live(GUILD, one.id)
    with pytest.raises(Conflict, match="live now"):
        await services.meetings.reschedule(GUILD, one.id, start=DEC1 + timedelta(days=1))
    clock.advance(timedelta(minutes=70))
    ended = await services.meetings.end_live(GUILD, one.id)
    assert (ended.status, ended.live_ended_at) == ("ended", clock.now())
    assert await services.meetings.live(GUILD) is None
    await services.reminders.run_due()
    assert events.events[one.event_id or 0].status == "completed"
    with pytest.raises(Conflict, match="not live"):
        await services.meetings.end_live(GUILD, one.id)
    await services.meetings.mark_done(GUILD, one.id)
    assert (await services.meetings.get(GUILD, one.id)).status == "done"


async def test_auto_start(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock, config_with(auto_start=True), events=FakeEvents())
    await start(services)
    meeting = await services.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="UTC")
    clock.set(DEC1 - timedelta(seconds=5))
    await services.reminders.run_due()
    assert (await services.meetings.get(GUILD, meeting.id)).status == "scheduled"
    clock.set(DEC1)
    await services.reminders.run_due()
    assert (await services.meetings.get(GUILD, meeting.id)).status == "live"


async def test_reminder_text_is_built_when_sent(services: Services, clock: FakeClock, outbox: FakeOutbox) -> None:
    await services.settings.map_role(GUILD, Role.MEMBER, [MEMBER_ROLE])
    meeting = await services.meetings.schedule(GUILD, title="WG *draft*", start=DEC1, timezone="UTC",
                                               link="https://meet.example.org/wg", channel_id=CHANNEL)
    await services.meetings.set_agenda_messages(GUILD, meeting.id, [123456, 123457])
    await services.meetings.reschedule(GUILD, meeting.id, title="WG-MWP")
    clock.set(DEC1 - timedelta(hours=1))
    await services.reminders.run_due()
    [sent] = outbox.sent  # the 24 h reminder, due as well, gave way to the 1 h one
    unix = int(DEC1.timestamp())
    assert sent.channel_id == CHANNEL and sent.mention_role_id == MEMBER_ROLE
    assert sent.content.startswith(f"<@&{MEMBER_ROLE}> ⏰ **WG-MWP**")
    assert f"<t:{unix}:F>" in sent.content and f"<t:{unix}:R>" in sent.content
    assert f"https://discord.com/channels/{GUILD}/{CHANNEL}/123456" in sent.content
    assert "<https://meet.example.org/wg>" in sent.content


async def test_reminder_of_a_cancelled_meeting_is_not_sent(services: Services, clock: FakeClock,
                                                           outbox: FakeOutbox) -> None:
    meeting = await services.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="UTC", channel_id=CHANNEL)
    rows = await services.reminders.pending(GUILD, "meeting", meeting.id)
    await services.meetings.cancel(GUILD, meeting.id)
    clock.set(DEC1)
    await services.reminders.run_due()
    assert outbox.sent == []
    # even if the row had slipped through, the handler re-checks the meeting
    assert await services.reminders.fire(rows[0].id) is False


async def test_event_failures_never_lose_the_meeting(services: Services, clock: FakeClock,
                                                      events: FakeEvents) -> None:
    events.fail = 2
    meeting = await services.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="UTC")
    await services.reminders.run_due()
    assert events.events == {} and events.fail == 1
    for _ in range(3):
        clock.advance(timedelta(seconds=5))
        await services.reminders.run_due()
    meeting = await services.meetings.get(GUILD, meeting.id)
    assert meeting.event_id in events.events
    assert events.calls == [f"create {meeting.event_id}"]


async def test_start_up_requeues_out_of_step_events(db: Database, clock: FakeClock) -> None:
    offline = make_services(db, clock, config_with())  # no Discord events port: the sync is skipped
    await start(offline)
    meeting = await offline.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="UTC")
    assert (await synced(offline, meeting.id)).event_id is None
    events = FakeEvents()
    online = make_services(db, clock, config_with(), events=events)
    await start(online)
    await online.reminders.run_due()
    assert (await online.meetings.get(GUILD, meeting.id)).event_id in events.events


async def test_deleted_event_is_recreated(services: Services, events: FakeEvents) -> None:
    meeting = await synced(services, (await services.meetings.schedule(GUILD, title="WG", start=DEC1,
                                                                        timezone="UTC")).id)
    events.events.clear()  # someone deleted it in Discord
    moved = await services.meetings.reschedule(GUILD, meeting.id, start=DEC1 + timedelta(hours=2))
    moved = await synced(services, moved.id)
    assert moved.event_id != meeting.event_id and moved.event_id in events.events


async def test_discord_limits_on_event_fields(services: Services, events: FakeEvents) -> None:
    long_link = "https://meet.example.org/" + "x" * 200
    first = await services.meetings.schedule(GUILD, title="T" * 100, start=DEC1, timezone="UTC", repeat="weekly",
                                             link=long_link, description="D" * 800)
    first = await synced(services, first.id)
    spec = events.events[first.event_id or 0].spec
    assert len(spec.name) == 100 and spec.name.endswith("… #1")
    assert spec.location == "Online — see the description"
    assert len(spec.description) <= 1000


async def test_voice_channel_meeting(services: Services, events: FakeEvents) -> None:
    meeting = await services.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="UTC", voice_channel_id=77)
    meeting = await synced(services, meeting.id)
    spec = events.events[meeting.event_id or 0].spec
    assert (spec.voice_channel_id, spec.location) == (77, None)


async def test_search_orders_live_upcoming_recent(services: Services, clock: FakeClock) -> None:
    old = await services.meetings.schedule(GUILD, title="Budget review", start=DEC1, timezone="UTC")
    live = await services.meetings.schedule(GUILD, title="Drafting group", start=DEC1 + timedelta(days=1),
                                            timezone="UTC")
    soon = await services.meetings.schedule(GUILD, title="Drafting group", start=DEC1 + timedelta(days=3),
                                            timezone="UTC")
    clock.set(DEC1 + timedelta(days=1))
    await services.meetings.start_live(GUILD, live.id)
    assert [m.id for m in await services.meetings.search(GUILD, "")] == [live.id, soon.id, old.id]
    assert [m.id for m in await services.meetings.search(GUILD, "draft")] == [live.id, soon.id]
    assert [m.id for m in await services.meetings.search(GUILD, "100%_")] == []
    assert [m.id for m in await services.meetings.upcoming(GUILD)] == [live.id, soon.id]


async def test_next_in_series(services: Services) -> None:
    single = await services.meetings.schedule(GUILD, title="One-off", start=DEC1, timezone="UTC")
    assert await services.meetings.next_in_series(GUILD, single.id) is None
    first = await services.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="UTC", repeat="weekly")
    nxt = await services.meetings.next_in_series(GUILD, first.id)
    assert nxt is not None and nxt.number == 2
    await services.meetings.cancel(GUILD, nxt.id)
    after = await services.meetings.next_in_series(GUILD, first.id)
    assert after is not None and after.number == 3


async def test_setters_used_by_other_features(services: Services) -> None:
    meeting = await services.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="UTC")
    await services.meetings.set_rollcall_message(GUILD, meeting.id, 999)
    await services.meetings.set_current_item(GUILD, meeting.id, 5)
    await services.meetings.set_agenda_messages(GUILD, meeting.id, [1, 2, 3])
    info = await services.meetings.get(GUILD, meeting.id)
    assert (info.rollcall_message_id, info.current_item_id, info.agenda_message_ids) == (999, 5, (1, 2, 3))
    with pytest.raises(NotFound):
        await services.meetings.set_current_item(OTHER_GUILD, meeting.id, None)


async def test_forget_member(services: Services) -> None:
    await services.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="UTC", created_by=42)
    await services.meetings.schedule(GUILD, title="WG", start=DEC1, timezone="UTC", created_by=42, repeat="weekly")
    await services.reminders.remind(GUILD, DEC1, "Issue paper due", channel_id=CHANNEL, created_by=42)
    removed = await services.privacy.forget_member(GUILD, 42)
    assert removed == {"unlinked": 6}, "4 meetings, their series and a reminder, without their creator"
    assert all(m.created_by is None for m in await services.meetings.upcoming(GUILD))
