"""Poll deadlines, last calls, reminders, quorum notices, reopening and finalizing (injected clock)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FakeClock
from bot.domain.poll import Answer, PollInfo, PollStatus
from bot.errors import Conflict, Forbidden, InvalidInput
from bot.services import Services
from storage.db import Database
from tests.support_polls import (
    CHAIR,
    CHANNEL,
    GUILD,
    ROLE,
    FakeBoard,
    FakeMeetings,
    RecordingOutbox,
    make_services,
    poll_config,
    start,
)

SLOTS = "2026-12-03 15:00, 2026-12-03 17:30-18:30, 2026-12-04 09:00"
DEADLINE = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)


@pytest.fixture
async def env(db: Database, clock: FakeClock) -> tuple[Services, RecordingOutbox, FakeBoard, FakeMeetings]:
    services, outbox, board, meetings = make_services(db, clock)
    board.members[ROLE] = [10, 11, 12, 13]
    await start(services)
    return services, outbox, board, meetings


async def make_poll(services: Services, **kwargs: object) -> PollInfo:
    args: dict[str, object] = {"title": "December plenary", "slots": SLOTS, "channel_id": CHANNEL,
                               "created_by": CHAIR, "timezone": "UTC", "deadline": "2026-12-01 17:00",
                               "expected_role_id": ROLE, "is_chair": True, **kwargs}
    return (await services.polls.create(GUILD, **args)).poll  # type: ignore[arg-type]


async def vote_all(services: Services, poll: PollInfo, user: int, answer: Answer = Answer.YES) -> None:
    await services.polls.vote(GUILD, poll.id, user, {s.id: answer for s in poll.slots})


async def test_deadline_closes_poll_and_posts_results_with_heatmap(env, clock: FakeClock) -> None:
    services, outbox, board, _ = env
    poll = await make_poll(services)
    await vote_all(services, poll, 10)
    clock.set(DEADLINE - timedelta(seconds=1))
    await services.reminders.run_due()
    assert (await services.polls.get(GUILD, poll.id)).is_open
    clock.set(DEADLINE)
    assert await services.reminders.run_due() == 1
    closed = await services.polls.get(GUILD, poll.id)
    assert closed.status is PollStatus.CLOSED
    post = outbox.posts[-1]
    assert post.channel_id == CHANNEL and "is closed: 1 voted" in post.content
    assert post.files and post.files[0].data.startswith(b"\x89PNG")
    await services.polls.coalescer.drain()
    assert board.cards[poll.message_id or 0].voting_open is False
    with pytest.raises(Conflict):
        await vote_all(services, poll, 11)


async def test_deadline_close_survives_a_restart(db: Database, clock: FakeClock) -> None:
    services, _, _, _ = make_services(db, clock)
    await start(services)
    poll = await make_poll(services)
    # The bot is down across the deadline (longer than the grace period) and comes back later.
    later = FakeClock(DEADLINE + timedelta(days=2))
    restarted, outbox, _, _ = make_services(db, later)
    await start(restarted)
    await restarted.reminders.run_due()
    assert (await restarted.polls.get(GUILD, poll.id)).status is PollStatus.CLOSED
    assert any("is closed" in p.content for p in outbox.posts)
    # The last call was a notification: skipped after such a long downtime, never sent late.
    assert not any("Last call" in p.content for p in outbox.posts)


async def test_failed_results_post_is_retried_without_closing_twice(env, clock: FakeClock) -> None:
    services, outbox, _, _ = env
    poll = await make_poll(services, expected_role_id=None)  # no last call to send
    clock.set(DEADLINE)
    outbox.fail_send = 1
    await services.reminders.run_due()
    assert (await services.polls.get(GUILD, poll.id)).status is PollStatus.CLOSED
    assert not outbox.posts
    clock.advance(timedelta(minutes=1))
    await services.reminders.run_due()
    assert [p.content.count("is closed") for p in outbox.posts] == [1]


async def test_last_call_pings_only_expected_non_voters(env, clock: FakeClock) -> None:
    services, outbox, _, _ = env
    poll = await make_poll(services)
    await vote_all(services, poll, 10)
    await vote_all(services, poll, 12, Answer.NO)
    clock.set(DEADLINE - timedelta(hours=24))
    assert await services.reminders.run_due() == 1
    post = outbox.posts[-1]
    assert "Last call" in post.content
    assert post.mention_user_ids == (11, 13)
    assert "<@11>" in post.content and "<@10>" not in post.content


async def test_remind_has_a_cooldown_and_reports_everyone_voted(env, clock: FakeClock) -> None:
    services, outbox, board, _ = env
    poll = await make_poll(services)
    with pytest.raises(Forbidden):
        await services.polls.remind(GUILD, poll.id, actor_id=55, is_chair=False)
    with pytest.raises(Forbidden, match="Only chairs can remind"):  # creating the poll is not enough
        await services.polls.remind(GUILD, poll.id, actor_id=CHAIR, is_chair=False)
    assert await services.polls.remind(GUILD, poll.id, actor_id=CHAIR, is_chair=True) == 4
    clock.advance(timedelta(hours=11))
    with pytest.raises(Conflict, match="next one is possible"):
        await services.polls.remind(GUILD, poll.id, actor_id=CHAIR, is_chair=True)
    clock.advance(timedelta(hours=1))
    for user in (10, 11, 12):
        await vote_all(services, poll, user)
    assert await services.polls.remind(GUILD, poll.id, actor_id=CHAIR, is_chair=True) == 1
    assert outbox.posts[-1].mention_user_ids == (13,)
    for user in (13,):
        await vote_all(services, poll, user)
    clock.advance(timedelta(hours=13))
    assert await services.polls.remind(GUILD, poll.id, actor_id=CHAIR, is_chair=True) == 0
    board.members.clear()
    no_role = await make_poll(services, expected_role_id=None)
    with pytest.raises(InvalidInput, match="expected role"):
        await services.polls.remind(GUILD, no_role.id, actor_id=CHAIR, is_chair=True)


async def test_reminder_to_many_members_is_split_under_discord_limits(env) -> None:
    services, outbox, board, _ = env
    board.members[ROLE] = list(range(1000, 1250))
    poll = await make_poll(services)
    assert await services.polls.remind(GUILD, poll.id, actor_id=CHAIR, is_chair=True) == 250
    mentioned = [u for p in outbox.posts for u in p.mention_user_ids]
    assert mentioned == list(range(1000, 1250))
    assert all(len(p.content) <= 2000 and len(p.mention_user_ids) <= 90 for p in outbox.posts)


async def test_quorum_notice_goes_to_the_creator_once(env) -> None:
    services, outbox, _, _ = env
    poll = await make_poll(services)
    await vote_all(services, poll, 10)
    await vote_all(services, poll, 99)  # not expected: does not count
    await services.polls.coalescer.drain()
    assert outbox.dms == []
    await vote_all(services, poll, 11)  # 2 of 4 expected = 50 %
    await services.polls.coalescer.drain()
    assert [(u, "Quorum reached" in text) for u, text in outbox.dms] == [(CHAIR, True)]
    await vote_all(services, poll, 12)
    await services.polls.coalescer.drain()
    assert len(outbox.dms) == 1


async def test_quorum_notice_reaches_the_chairs_when_a_member_created_the_poll(env) -> None:
    services, outbox, board, _ = env
    board.chair_ids = [CHAIR, 7]
    poll = await make_poll(services, created_by=13)
    await vote_all(services, poll, 10)
    await vote_all(services, poll, 11)
    await services.polls.coalescer.drain()
    assert sorted(u for u, text in outbox.dms if "Quorum reached" in text) == sorted([CHAIR, 7, 13])


async def test_quorum_notice_falls_back_to_the_channel(env) -> None:
    services, outbox, _, _ = env
    outbox.fail_dm = True
    poll = await make_poll(services)
    await vote_all(services, poll, 10)
    await vote_all(services, poll, 11)
    await services.polls.coalescer.drain()
    assert outbox.posts[-1].mention_user_ids == (CHAIR,) and "Quorum reached" in outbox.posts[-1].content


async def test_reopen_moves_the_deadline(env, clock: FakeClock) -> None:
    services, outbox, _, _ = env
    poll = await make_poll(services)
    await services.polls.close(GUILD, poll.id, actor_id=CHAIR, is_chair=True)
    assert "is closed" in outbox.posts[-1].content
    assert await services.reminders.pending(GUILD, ref_id=poll.id) == []
    with pytest.raises(InvalidInput, match="after the first slot"):
        await services.polls.reopen(GUILD, poll.id, actor_id=CHAIR, is_chair=True, deadline="2026-12-10 10:00")
    reopened = await services.polls.reopen(GUILD, poll.id, actor_id=CHAIR, is_chair=True, deadline="2026-12-02 12:00")
    assert reopened.is_open and reopened.deadline == datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    with pytest.raises(Conflict, match="already open"):
        await services.polls.reopen(GUILD, poll.id, actor_id=CHAIR, is_chair=True)
    clock.set(DEADLINE)
    await services.reminders.run_due()  # the old deadline no longer closes it
    assert (await services.polls.get(GUILD, poll.id)).is_open
    clock.set(datetime(2026, 12, 2, 12, 0, tzinfo=UTC))
    await services.reminders.run_due()
    assert (await services.polls.get(GUILD, poll.id)).status is PollStatus.CLOSED


async def test_finalize_creates_the_meeting_and_freezes_the_poll(env) -> None:
    services, _, board, meetings = env
    poll = await make_poll(services, timezone="Europe/Zurich")
    second = poll.slots[1]
    with pytest.raises(Forbidden):
        await services.polls.finalize(GUILD, poll.id, second.id, actor_id=10, is_chair=False)
    final, meeting = await services.polls.finalize(GUILD, poll.id, second.id, actor_id=CHAIR, is_chair=True)
    assert meetings.scheduled == [{
        "guild_id": GUILD, "title": "December plenary", "start": second.start, "duration": timedelta(hours=1),
        "timezone": "Europe/Zurich", "channel_id": CHANNEL, "created_by": CHAIR, "poll_id": poll.id, "repeat": None}]
    assert final.status is PollStatus.FINALIZED and final.chosen_slot_id == second.id
    assert final.meeting_id == meeting.id
    assert await services.reminders.pending(GUILD, ref_id=poll.id) == []
    await services.polls.coalescer.drain()
    card = board.cards[poll.message_id or 0]
    assert f"Chosen:** <t:{int(second.start.timestamp())}:F>" in card.description and not card.voting_open
    with pytest.raises(Conflict, match="already finalized"):
        await services.polls.finalize(GUILD, poll.id, second.id, actor_id=CHAIR, is_chair=True)
    with pytest.raises(Conflict, match="finalized"):
        await services.polls.reopen(GUILD, poll.id, actor_id=CHAIR, is_chair=True)


async def test_tally_edits_are_coalesced_per_interval(db: Database, clock: FakeClock) -> None:
    services, _, board, _ = make_services(db, clock, poll_config(tally_edit_interval=0.2))
    await start(services)
    poll = await make_poll(services, deadline=None)
    for user in range(30):
        await vote_all(services, poll, 100 + user)
    await services.polls.coalescer.drain()
    times = [t for t, _ in board.edits]
    assert len(times) < 30
    assert all(b - a >= 0.2 for a, b in itertools.pairwise(times))
    assert "**30** voted" in board.edits[-1][1].description
