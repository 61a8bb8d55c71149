"""Multi-step commands are atomic: a database failure half-way through `/minutes publish` or `/poll finalize`
leaves nothing behind, and the retry does the whole work exactly once (one post per part, one set of tracked
actions, one meeting, one Discord event).

In-process bot (the `convener` fixture) with its fake clock; the failing statement is injected in the database.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.sandbox import Message
from tests.e2e.conftest import Convener
from tests.e2e.polls_support import create, poll_id, vote
from tests.e2e.security_support import ok
from tests.reliability.db_faults import failing_statements

START = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def bot_posts(env: Convener, channel: str) -> list[Message]:
    bot_id = env.standin.bot_user.id
    return [m for m in env.standin.messages(channel) if m.author.id == bot_id]


async def held_meeting(env: Convener, long_notes: int = 0) -> int:
    """A meeting that took place, with two actions (one dated) and a note; returns its id."""
    lynn, chengetai = env.chair, env.member("chengetai")
    meeting = await env.bot.services.meetings.schedule(env.guild.id, title="Atomic plenary", start=START,
                                                       timezone="UTC", channel_id=env.channel("general").id)
    env.clock.set(START)
    ok(await lynn.slash("meeting start", meeting=meeting.id))
    ok(await chengetai.slash("note", text="The proposal was discussed."))
    for n in range(long_notes):
        ok(await chengetai.slash("note", text=f"Long statement {n}: " + "words of the record " * 90))
    ok(await chengetai.slash("action", text="Circulate the paper", owner=lynn.name, due="2026-12-10"))
    ok(await chengetai.slash("action", text="Book the room", owner="Secretariat", due="2026-12-20"))
    env.clock.advance(timedelta(hours=1))
    ok(await lynn.slash("meeting end", meeting=meeting.id))
    return meeting.id


async def test_a_failure_while_tracking_actions_publishes_nothing_and_the_retry_does_it_all(
        convener: Convener) -> None:
    lynn, services, gid = convener.chair, convener.bot.services, convener.guild.id
    meeting_id = await held_meeting(convener)
    with failing_statements(convener.bot.db, r"^INSERT INTO action_items") as fault:
        failed = await lynn.slash("minutes publish", meeting=meeting_id)
    assert fault.hits == 1 and failed.ephemeral and "⚠️" in failed.content, failed.content
    assert bot_posts(convener, "minutes") == [], "nothing is posted for a publication that was not recorded"
    draft = await services.minutes.current(gid, meeting_id)
    assert draft is None or not draft.published
    assert await services.minutes.open_actions(gid) == []
    assert (await services.meetings.get(gid, meeting_id)).status == "ended"

    done = await lynn.slash("minutes publish", meeting=meeting_id)
    assert done.content.startswith("📣 Published version"), done.content
    assert "2 action items are now tracked" in done.content
    posted = bot_posts(convener, "minutes")
    assert posted and posted[-1].attachments, "the last part carries the files"
    assert [a.text for a in await services.minutes.open_actions(gid)] == ["Circulate the paper", "Book the room"]
    assert (await services.meetings.get(gid, meeting_id)).status == "done"
    again = await lynn.slash("minutes publish", meeting=meeting_id)
    assert "were published" in again.content and bot_posts(convener, "minutes") == posted


async def test_a_multi_part_publication_cut_off_by_discord_is_completed_without_reposting(
        convener: Convener) -> None:
    lynn, services, gid = convener.chair, convener.bot.services, convener.guild.id
    meeting_id = await held_meeting(convener, long_notes=2)
    minutes_channel = convener.channel("minutes").id
    route = f"POST /channels/{minutes_channel}/messages"
    convener.standin.faults.inject(route, status=None, count=1)  # part 1 goes through
    convener.standin.faults.inject(route, status=403, count=1)  # part 2 is refused once
    cut = await lynn.slash("minutes publish", meeting=meeting_id)
    parts = int(re.findall(r"\((\d+) messages\)", cut.content)[0])
    first = bot_posts(convener, "minutes")
    assert parts >= 3 and len(first) == 1, cut.content
    assert f"Only 1 of {parts} messages could be posted so far" in cut.content, cut.content

    resumed = await lynn.slash("minutes publish", meeting=meeting_id)
    assert f"missing messages are posted now: {parts} of {parts}" in resumed.content, resumed.content
    posted = bot_posts(convener, "minutes")
    assert len(posted) == parts and posted[0].id == first[0].id, "part 1 is not posted again"
    assert len({m.content for m in posted}) == parts and posted[-1].attachments
    assert len(await services.minutes.open_actions(gid)) == 2, "actions are tracked once"
    # The retry job that Discord's refusal left behind finds nothing more to post.
    convener.clock.advance(timedelta(minutes=10))
    await services.reminders.run_due()
    assert bot_posts(convener, "minutes") == posted


async def events_of(env: Convener) -> list[str]:
    await env.bot.services.reminders.run_due()  # the Discord-event syncs the commands queued
    return [str(e.data.get("name")) for e in env.guild.scheduled_events.values()]


async def test_a_failure_while_finalizing_leaves_no_meeting_and_the_retry_makes_exactly_one(
        convener: Convener) -> None:
    lynn, services, gid = convener.chair, convener.bot.services, convener.guild.id
    _, poll = await create(convener, title="Atomic poll")
    await vote(convener.member("danko"), poll, yes=[0])
    pid = poll_id(poll)
    best = (await lynn.autocomplete("poll finalize", "slot", "", poll=pid))[0]["value"]
    with failing_statements(convener.bot.db, r"^UPDATE polls SET status") as fault:
        failed = await lynn.slash("poll finalize", poll=pid, slot=best)
    assert fault.hits == 1 and "⚠️" in failed.content, failed.content
    assert await services.meetings.upcoming(gid) == []
    assert (await services.polls.get(gid, pid)).meeting_id is None
    assert await events_of(convener) == []

    done = await lynn.slash("poll finalize", poll=pid, slot=best)
    assert "is set for <t:" in done.content, done.content
    meetings = await services.meetings.upcoming(gid)
    assert [(m.title, m.poll_id) for m in meetings] == [("Atomic poll", pid)]
    assert (await services.polls.get(gid, pid)).meeting_id == meetings[0].id
    assert len(await events_of(convener)) == 1
    again = await lynn.slash("poll finalize", poll=pid, slot=best)
    assert "already finalized" in again.content
    assert len(await services.meetings.upcoming(gid)) == 1 and len(await events_of(convener)) == 1
