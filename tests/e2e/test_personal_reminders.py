"""Personal reminders end to end: /profile reminders, last calls and chases by DM to exactly the non-voters,
the channel fallback for closed DMs, meeting and action reminders, and exactly-once across restarts."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.sandbox import Message, SimMember
from storage.models.reach import ReminderDelivery
from tests.e2e.conftest import Convener
from tests.e2e.polls_support import create, poll_id, vote

# Polls below: typed in Europe/Zurich, voting closes 1 December 18:00 there (17:00 UTC).
DEADLINE = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)


def dms_with(member: SimMember, needle: str) -> list[Message]:
    return [m for m in member.dms() if needle in m.content]


def channel_with(convener: Convener, needle: str) -> list[Message]:
    return [m for m in convener.standin.messages("general") if needle in m.content]


async def choose(member: SimMember, **options: str) -> str:
    reply = await member.slash("profile reminders", **options)
    assert reply.ephemeral, reply.content
    return reply.content


async def deliveries(convener: Convener) -> list[tuple[int, str, str]]:
    async with convener.bot.db.reader() as session:
        rows = (await session.execute(
            ReminderDelivery.__table__.select().order_by(ReminderDelivery.user_id))).all()
    return [(r.user_id, r.route, r.state) for r in rows]


async def test_last_call_and_chase_reach_each_non_voter_as_they_chose(convener: Convener) -> None:
    danko, jutta, lianna = convener.member("danko"), convener.member("jutta"), convener.member("lianna")
    concettina, xiaofeng, flavio = convener.member("concettina"), convener.member("xiaofeng"), convener.member("flavio")

    shown = await choose(danko)
    assert "How: with a mention in the channel (the server's default)." in shown
    assert "When (the server's defaults): 1 day, 1 h before meetings, 1 day before a poll closes" in shown
    assert "How: by direct message." in await choose(danko, how="dm")
    assert dms_with(danko, "This is how convener will remind you about Working Group")
    jutta.close_dms()
    closed = await choose(jutta, how="dm")
    assert "Your direct messages are closed to convener, so you will be mentioned in the channel" in closed
    assert "not at all" in await choose(lianna, how="off")
    own = await choose(xiaofeng, how="dm", before="2h")
    assert "When: 2 h before each meeting, poll deadline and action due date." in own
    refused = await xiaofeng.slash("profile reminders", before="every other day")
    assert refused.ephemeral and refused.content.startswith("❌")

    _, poll = await create(convener, deadline="2026-12-01 18:00", expected_role=convener.guild.role("Member"))
    await vote(flavio, poll, yes=[0])

    # The chair chases at once: Danko and Xiaofeng by DM, Concettina (the default) and Jutta (DMs closed) in
    # the channel, Lianna not at all.
    assert "Reminded 5 members" in (await convener.chair.slash("poll remind", poll=poll_id(poll))).content
    [chase_dm] = dms_with(danko, "Reminder: please vote")
    assert "please vote on **December plenary** (Working Group)" in chase_dm.content
    assert f"/channels/{convener.guild.id}/" in chase_dm.content  # the link to the poll
    assert len(dms_with(xiaofeng, "Reminder: please vote")) == 1
    [chase] = channel_with(convener, "Reminder: please vote")
    assert {u.id for u in chase.mentions} == {concettina.id, jutta.id}
    assert not lianna.dms()

    # 24 h before the deadline, the last call: to whoever has still not voted, at their own offsets.
    await vote(concettina, poll, yes=[1])
    await convener.advance_to(DEADLINE - timedelta(hours=24))
    assert len(dms_with(danko, "Last call")) == 1
    [ping] = channel_with(convener, "Last call")
    assert {u.id for u in ping.mentions} == {jutta.id}
    assert not dms_with(xiaofeng, "Last call") and not lianna.dms()

    # Xiaofeng's own last call comes 2 h before; nobody else hears anything more.
    await convener.advance_to(DEADLINE - timedelta(hours=2))
    assert len(dms_with(xiaofeng, "Last call")) == 1
    assert len(dms_with(danko, "Last call")) == 1 and len(channel_with(convener, "Last call")) == 1
    assert not lianna.dms()
    assert convener.standin.stats.rate_limited == 0


async def test_meeting_and_action_reminders_go_to_those_concerned(convener: Convener) -> None:
    await convener.seed_profiles()
    lynn, danko, jutta = convener.chair, convener.member("danko"), convener.member("jutta")
    await lynn.slash("setup roles", role="member", discord_role="Member")
    await choose(danko, how="dm", before="30m")
    await lynn.slash("meeting schedule", title="WG-MWP", start="2026-12-01 15:00 UTC", channel="general")
    await jutta.slash("rollcall apologies", meeting=(await convener.bot.services.meetings.upcoming(
        convener.guild.id))[0].id)
    member_role = convener.guild.role("Member")
    holders = {m.id for m in convener.guild.members.values() if member_role in m.roles}
    others = holders - {danko.id, jutta.id}

    await convener.advance_to(datetime(2026, 11, 30, 15, 0, tzinfo=UTC))
    [day_before] = channel_with(convener, "⏰ **WG-MWP**")
    # Not the whole Member role: Jutta sent apologies and Danko asked for a DM half an hour before.
    assert f"<@&{member_role.id}>" not in day_before.content
    assert {u.id for u in day_before.mentions} == others
    assert not danko.dms()[1:]  # only the confirmation of his choice so far
    await convener.advance_to(datetime(2026, 12, 1, 14, 0, tzinfo=UTC))
    hour_before = channel_with(convener, "⏰ **WG-MWP**")[1]
    assert {u.id for u in hour_before.mentions} == others and not dms_with(danko, "WG-MWP")
    await convener.advance_to(datetime(2026, 12, 1, 14, 30, tzinfo=UTC))
    [dm] = dms_with(danko, "WG-MWP")
    assert "⏰ **WG-MWP** (Working Group) starts <t:" in dm.content
    assert not dms_with(jutta, "WG-MWP") and len(channel_with(convener, "⏰ **WG-MWP**")) == 2


async def test_a_fan_out_cut_short_resumes_after_a_restart_without_duplicates(convener: Convener) -> None:
    members = [convener.member(k) for k in ("concettina", "jutta", "lianna", "danko", "xiaofeng", "flavio")]
    for member in members:
        await choose(member, how="dm")
    standin = convener.standin
    # Danko's last call is refused once (not because of closed DMs: the reminder must retry him).
    danko_dm = standin.world.dm_channel(standin.bot_user, members[3].member.user)
    standin.faults.inject(f"POST /channels/{danko_dm.id}/messages", status=403, count=1)
    _, poll = await create(convener, deadline="2026-12-01 18:00", expected_role=convener.guild.role("Member"))
    await convener.advance_to(DEADLINE - timedelta(hours=24))
    assert [len(dms_with(m, "Last call")) for m in members] == [1, 1, 1, 0, 1, 1]

    await convener.restart()  # a new process on the same database: the retry is its job now
    await convener.advance(minutes=1)
    assert [len(dms_with(m, "Last call")) for m in members] == [1] * 6
    await convener.restart()
    await convener.advance(hours=1)
    assert [len(dms_with(m, "Last call")) for m in members] == [1] * 6
    assert {state for _, _, state in await deliveries(convener)} == {"sent"}
    assert poll_id(poll)


async def test_a_send_in_doubt_after_a_crash_is_not_repeated(convener: Convener,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    members = [convener.member(k) for k in ("concettina", "jutta", "lianna", "danko", "xiaofeng", "flavio")]
    for member in members:
        await choose(member, how="dm")
    standin = convener.standin
    slow = standin.world.dm_channel(standin.bot_user, members[2].member.user)
    fault = standin.faults.inject(f"POST /channels/{slow.id}/messages", status=None, delay=2.0, count=1,
                                 late_answer=True)
    await create(convener, deadline="2026-12-01 18:00", expected_role=convener.guild.role("Member"))

    # The process dies while Lianna's message is on its way: Discord still delivers it.
    fan_out = asyncio.create_task(convener.advance_to(DEADLINE - timedelta(hours=24)))
    await standin.wait_until(lambda: fault.hits == 1, 5.0, "the slow DM to be under way")
    fan_out.cancel()
    await asyncio.gather(fan_out, return_exceptions=True)
    await standin.wait_until(lambda: dms_with(members[2], "Last call"), 5.0, "the DM to arrive anyway")
    await convener.restart()

    # Once the dead worker's lease has expired, another finishes the job: what was sent is not sent again.
    with caplog.at_level(logging.INFO, "bot.services.fanout"):
        await convener.advance(minutes=6)  # the sweep finds the expired claim …
        await convener.clock.settle()  # … and the reminder runs again
    assert f"member {members[2].id} had the DM before a restart; not sent again" in caplog.text
    assert [len(dms_with(m, "Last call")) for m in members] == [1] * 6
    assert {state for _, _, state in await deliveries(convener)} == {"sent"}


async def test_the_server_default_applies_until_a_member_chooses(convener: Convener) -> None:
    lynn, danko, jutta = convener.chair, convener.member("danko"), convener.member("jutta")
    refused = await danko.slash("setup reminders", delivery="dm")
    assert refused.ephemeral and refused.content.startswith("🔒")
    empty = await lynn.slash("setup reminders")
    assert empty.ephemeral and "Give reminder `offsets`, a `delivery`, or both." in empty.content
    saved = await lynn.slash("setup reminders", delivery="dm")
    assert "Members are reminded by direct message unless they choose otherwise (`/profile reminders`)." \
        in saved.content
    assert "How: by direct message (the server's default)." in await choose(danko)
    await choose(jutta, how="channel")
    await create(convener, deadline="2026-12-01 18:00", expected_role=convener.guild.role("Member"))
    await convener.advance_to(DEADLINE - timedelta(hours=24))
    others = [convener.member(k) for k in ("concettina", "lianna", "xiaofeng", "flavio")]
    assert [len(dms_with(m, "Last call")) for m in [danko, *others]] == [1] * 5
    [ping] = channel_with(convener, "Last call")
    assert {u.id for u in ping.mentions} == {jutta.id} and not dms_with(jutta, "Last call")
    assert "Members are reminded by direct message" in (await lynn.slash("setup show")).content


async def test_a_members_poll_gets_no_last_call_whatever_offsets_members_choose(convener: Convener) -> None:
    danko, xiaofeng = convener.member("danko"), convener.member("xiaofeng")
    _, poll = await create(convener, danko, title="Lunch", deadline="2026-12-01 18:00")
    _, chaired = await create(convener, title="December plenary", deadline="2026-12-01 18:00")
    await choose(xiaofeng, how="dm", before="3h")
    pending = convener.bot.services.reminders.pending
    assert await pending(convener.guild.id, "poll.last_call", poll_id(poll)) == []
    assert [r.text for r in await pending(convener.guild.id, "poll.last_call", poll_id(chaired))] == \
        ["86400", "10800"]
