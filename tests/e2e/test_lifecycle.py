"""A working group's fortnight on the sandbox clock, through the stand-in, across two bot restarts.

Monday: a poll opens. Tuesday: the chair chases non-voters. Wednesday: the last call, 24 h before the deadline.
Thursday: the poll closes itself. Friday: the chair picks the slot and the meeting becomes a series. The next
Monday and Tuesday: reminders 24 h and 1 h before. Tuesday 15:00: the meeting goes live on its own, people
join and leave the voice channel (one early, one late, one after the end), the meeting ends on its own once
the channel is empty, minutes are drafted and published; a week later the action's due reminder fires. The
next meeting of the series appears when this one starts. Every automatic message is posted exactly once;
time only ever moves through `convener.advance_to`.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.domain.meeting import MeetingInfo
from bot.sandbox import Message, SimMember
from tests.e2e.conftest import Convener
from tests.e2e.polls_support import create, poll_id, vote
from tests.e2e.test_rollcall import Room

# The fixture's clock starts on Monday 23 November 2026, 09:00 UTC.
DEADLINE = datetime(2026, 11, 26, 17, 0, tzinfo=UTC)  # Thursday
MEETING = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # the Tuesday after
SLOTS = "2026-12-01 15:00, 2026-12-02 15:00"


@pytest.fixture
def convener_config() -> dict[str, dict[str, Any]]:
    # One occurrence ahead, so the next meeting of the series visibly appears when this one starts.
    return {"meetings": {"auto_start": True, "series_horizon": 1}, "polls": {"tally_edit_interval": 0}}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11 if day > 20 else 12, day, hour, minute, tzinfo=UTC)


def posted(convener: Convener, fragment: str) -> list[Message]:
    """The bot's own messages in #general containing ``fragment`` (answers to commands excluded)."""
    return [m for m in convener.standin.messages("general")
            if m.author.bot and m.interaction_id is None and fragment in m.content]


async def in_bot_cache(convener: Convener, member: SimMember, present: bool) -> None:
    """The bot saw the voice move (its member cache follows VOICE_STATE_UPDATE)."""
    guild = convener.bot.get_guild(convener.guild.id)
    assert guild is not None
    room = guild.get_channel(convener.channel("Meeting room").id)
    await convener.standin.wait_until(
        lambda: (member.id in {m.id for m in getattr(room, "members", [])}) == present, 5.0,
        f"the bot to see {member.name} {'in' if present else 'out of'} the voice channel")


async def poll_week(convener: Convener) -> int:
    """Monday to Thursday: votes, the chase, the last call, a restart, the close. Returns the poll id."""
    lynn = convener.chair
    member = {k: convener.member(k) for k in ("concettina", "jutta", "lianna", "danko", "xiaofeng", "flavio")}
    _, poll = await create(convener, title="WG-MWP", slots=SLOTS, timezone="UTC", deadline="2026-11-26 17:00",
                           expected_role=convener.guild.role("Member"))
    pid = poll_id(poll)
    for key in ("concettina", "jutta", "lianna"):
        await vote(member[key], poll, [0, 1])
    quorum = await convener.standin.wait_until(
        lambda: [m for m in convener.standin.dms(lynn.member.user) if "Quorum reached" in m.content], 5, "quorum")
    assert len(quorum) == 1

    await convener.advance_to(at(24, 10))  # Tuesday: the chair chases the three who have not voted
    chased = await lynn.slash("poll remind", poll=pid)
    assert "Reminded 3 members" in chased.content
    [chase] = posted(convener, "Reminder: please vote")
    assert {u.id for u in chase.mentions} == {member[k].id for k in ("danko", "xiaofeng", "flavio")}
    await vote(member["xiaofeng"], poll, [0])

    await convener.advance_to(at(25, 16, 59))
    assert posted(convener, "Last call") == []
    await convener.advance_to(at(25, 17))  # Wednesday, 24 h before the deadline
    [last_call] = posted(convener, "Last call")
    assert {u.id for u in last_call.mentions} == {member["danko"].id, member["flavio"].id}

    await convener.restart()
    await convener.advance_to(at(26, 9))
    await vote(member["danko"], poll, [0, 1])
    await convener.advance_to(DEADLINE)
    [closing] = posted(convener, "is closed: 5 voted")
    assert closing.attachments[0].filename == f"poll-{pid}-heatmap.png"
    return pid


async def test_a_fortnight_in_the_life_of_a_working_group(convener: Convener) -> None:
    await convener.seed_profiles()
    guild = convener.guild
    people = {k: convener.member(k) for k in ("concettina", "jutta", "lianna", "danko", "flavio")}
    pid = await poll_week(convener)
    first = await series_and_its_reminders(convener, pid)
    await goes_live_on_its_own(convener, first, people)
    await meeting_in_the_room(convener, first, people)
    await ends_once_the_room_is_empty(convener, first, people)
    await minutes_and_attendance(convener, first)

    # A week later, the day before it is due (09:00 in Berlin, Jutta's zone), the action's reminder.
    await convener.advance_to(at(7, 7, 59))
    assert posted(convener, "⏰ Action #") == []
    await convener.advance_to(at(7, 8))
    [due] = posted(convener, "⏰ Action #")
    assert "Draft the executive summaries" in due.content and [u.id for u in due.mentions] == [people["jutta"].id]

    # Nothing happens twice, however far time goes on (short of the next meeting's own reminders).
    await convener.advance_to(at(13, 12))
    counts = {fragment: len(posted(convener, fragment)) for fragment in (
        "Reminder: please vote", "Last call", "is closed:", "⏰ **WG-MWP #1** starts", "🟢 **WG-MWP #1** is live",
        "⏹️ **WG-MWP #1** is over", "⏰ Action #")}
    assert counts == {"Reminder: please vote": 1, "Last call": 1, "is closed:": 1, "⏰ **WG-MWP #1** starts": 2,
                      "🟢 **WG-MWP #1** is live": 1, "⏹️ **WG-MWP #1** is over": 1, "⏰ Action #": 1}
    events = sorted(e.to_json()["status"] for e in guild.scheduled_events.values())
    assert events == [1, 3]  # this meeting completed, the next one scheduled


async def series_and_its_reminders(convener: Convener, pid: int) -> MeetingInfo:
    """Friday: the chair picks the first slot; the meeting becomes a fortnightly series with a scheduled event
    in its room; reminders the day and the hour before, with a restart in between."""
    guild, lynn = convener.guild, convener.chair
    await convener.advance_to(at(27, 10))
    finalized = await lynn.slash("poll finalize", poll=pid, slot=1, repeat="every 2 weeks")
    assert "meeting #1 is scheduled" in finalized.content and "🔁 It repeats" in finalized.content
    [first] = await convener.bot.services.meetings.upcoming(guild.id)
    assert (first.start, first.number) == (MEETING, 1)
    await lynn.slash("meeting reschedule", meeting=first.id, voice_channel=convener.channel("Meeting room"))
    event = await convener.standin.wait_until(lambda: next(iter(guild.scheduled_events.values()), None), 5.0,
                                              "the meeting's scheduled event")
    room = str(convener.channel("Meeting room").id)
    await convener.standin.wait_until(lambda: event.to_json().get("channel_id") == room, 5.0, "the event's room")

    await convener.advance_to(at(30, 14, 59))
    assert posted(convener, "⏰ **WG-MWP #1**") == []
    await convener.advance_to(at(30, 15))
    assert len(posted(convener, "⏰ **WG-MWP #1** starts")) == 1
    await convener.restart()
    await convener.advance_to(at(1, 14))
    assert len(posted(convener, "⏰ **WG-MWP #1** starts")) == 2
    return first


async def goes_live_on_its_own(convener: Convener, first: MeetingInfo, people: dict[str, SimMember]) -> None:
    """Concettina waits in the voice channel ten minutes early: that time is not the meeting's. At 15:00 the
    meeting goes live on its own and the next meeting of the series appears."""
    guild, services, room = convener.guild, convener.bot.services, Room(convener, first)
    await convener.advance_to(at(1, 14, 50))
    await people["concettina"].join_voice("Meeting room")
    await in_bot_cache(convener, people["concettina"], present=True)
    assert (await services.meetings.get(guild.id, first.id)).status == "scheduled"

    await convener.advance_to(MEETING)
    live = await services.meetings.get(guild.id, first.id)
    assert (live.status, live.live_started_at) == ("live", MEETING)
    assert len(posted(convener, "🟢 **WG-MWP #1** is live now")) == 1
    early = await room.participant(people["concettina"])
    assert early is not None and early.first_join == MEETING
    upcoming = await services.meetings.upcoming(guild.id)
    assert [(m.number, m.start) for m in upcoming if m.status == "scheduled"] == [(2, at(15, 15))]
    await convener.standin.wait_until(lambda: len(guild.scheduled_events) == 2, 5.0, "the next meeting's event")


async def meeting_in_the_room(convener: Convener, first: MeetingInfo, people: dict[str, SimMember]) -> None:
    """Roll call; one present by phone, one joining late, one late by button and voice, an action, one leaving."""
    lynn, room = convener.chair, Room(convener, first)
    await room.join(lynn)
    await lynn.slash("rollcall start", meeting=first.id)
    board = await convener.standin.wait_for_message("general", lambda m: m.content.startswith("🗳️"))
    await people["jutta"].click(board, "Present")  # on the phone: present, with no voice data
    await convener.advance_to(at(1, 15, 5))
    await room.join(people["lianna"])
    await convener.advance_to(at(1, 15, 12))
    await people["danko"].click(board, "Late")
    await room.join(people["danko"])
    owner = str(people["jutta"].id)
    action = await convener.member("chengetai").slash("action", text="Draft the executive summaries", owner=owner,
                                                       due="2026-12-08")
    assert "📌 Action" in action.content, action.content
    await convener.advance_to(at(1, 15, 35))
    await room.leave(people["lianna"])


async def ends_once_the_room_is_empty(convener: Convener, first: MeetingInfo, people: dict[str, SimMember]) -> None:
    """Past the planned end the discussion goes on; the meeting ends once the last person has left. Flávio turns
    up after the end: the meeting is not live, nothing is counted."""
    guild, services, lynn = convener.guild, convener.bot.services, convener.chair
    room = Room(convener, first)
    await convener.advance_to(at(1, 16, 2))
    await room.leave(lynn)
    await convener.advance_to(at(1, 16, 3))
    await room.leave(people["concettina"])
    await convener.advance_to(at(1, 16, 4))
    await room.leave(people["danko"])
    await convener.advance_to(at(1, 16, 14))
    assert (await services.meetings.get(guild.id, first.id)).status == "live"
    await convener.advance_to(at(1, 16, 15))
    ended = await services.meetings.get(guild.id, first.id)
    assert (ended.status, ended.live_ended_at) == ("ended", at(1, 16, 4))
    [over] = posted(convener, "⏹️ **WG-MWP #1** is over")
    assert "(64 min)" in over.content and "📅 Next meeting: **WG-MWP #2**" in over.content

    await convener.advance_to(at(1, 16, 20))
    await people["flavio"].join_voice("Meeting room")
    await in_bot_cache(convener, people["flavio"], present=True)
    closed = await lynn.slash("rollcall close", meeting=first.id)
    assert "🔒 Roll call closed" in closed.content


async def minutes_and_attendance(convener: Convener, first: MeetingInfo) -> None:
    """The minutes give the held and the scheduled times and the minutes attended by voice; the export agrees."""
    lynn, chengetai = convener.chair, convener.member("chengetai")
    draft = await chengetai.slash("minutes draft", meeting=first.id)
    minutes = next(a for a in draft.attachments if a.filename.endswith(".md")).data.decode("utf-8")
    assert ("was held on 1 December 2026, 15:00–16:04 UTC. It was scheduled for 1 December 2026, "
            "15:00–16:00 UTC.") in minutes
    assert ("Minutes attended in the meeting's voice channel: Cassa, Concettina 63 min; Galstyan, Lianna 30 min; "
            "Jevtović, Danko 52 min; St.Amour, Lynn 62 min.") in minutes
    published = await lynn.slash("minutes publish", meeting=first.id)
    assert "1 due-date reminder set" in published.content, published.content

    export = await chengetai.slash("attendance export", meeting=first.id, format="csv")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(export.attachments[0].data.decode("utf-8")))}
    minutes_of = {name: (r["status"], r["first_join"], r["minutes_attended"]) for name, r in rows.items()}
    assert minutes_of["Cassa, Concettina"] == ("present", "2026-12-01T15:00:00Z", "63")
    assert minutes_of["Jevtović, Danko"] == ("late", "2026-12-01T15:12:00Z", "52")
    assert minutes_of["Croll, Jutta"] == ("present", "", "")  # no voice data: unknown, not 0
    assert minutes_of["Wagner, Flávio"] == ("absent", "", "")  # joined after the end: not counted
