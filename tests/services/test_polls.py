"""PollService: creating, voting, tallies, results and guild isolation against a real SQLite database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from bot.clock import FakeClock
from bot.domain.poll import Answer, PollStatus
from bot.errors import Conflict, Forbidden, InvalidInput, NotFound
from bot.services import Services
from storage.db import Database
from storage.repositories.polls import PollRepository
from tests.support_polls import CHAIR, CHANNEL, GUILD, OTHER_GUILD, ROLE, FakeBoard, make_services, start

SLOTS = "2026-12-03 15:00, 2026-12-03 17:30-18:30, Dec 4 9am"


@pytest.fixture
async def env(db: Database, clock: FakeClock) -> tuple[Services, FakeBoard]:
    services, _, board, _ = make_services(db, clock)
    await start(services)
    return services, board


async def count_rows(db: Database, guild_id: int = GUILD) -> tuple[int, int]:
    async with db.reader() as session:
        repo = PollRepository(session, guild_id)
        polls = await repo.search("", ["open", "closed", "finalized"], 100)
        slots = 0
        for poll in polls:
            slots += len(await repo.slots(poll.id))
    return len(polls), slots


async def test_create_stores_slots_in_utc_posts_card_and_schedules_deadline(env, db: Database) -> None:
    services, board = env
    created = await services.polls.create(GUILD, title="WG-MWP December", slots=SLOTS, channel_id=CHANNEL,
                                          created_by=CHAIR, timezone="Europe/Zurich", duration="1h30",
                                          deadline="2026-12-01 18:00", is_chair=True)
    poll = created.poll
    assert [s.start for s in poll.slots] == [datetime(2026, 12, 3, 14, 0, tzinfo=UTC),
                                             datetime(2026, 12, 3, 16, 30, tzinfo=UTC),
                                             datetime(2026, 12, 4, 8, 0, tzinfo=UTC)]
    assert [s.minutes for s in poll.slots] == [90, 60, 90]  # the range keeps its own end
    assert poll.deadline == datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    assert poll.message_id in board.cards
    card = board.cards[poll.message_id]
    assert card.description.count(":F>") == 3 and ":R>" in card.description  # slots, and the deadline
    pending = await services.reminders.pending(GUILD, ref_id=poll.id)
    assert sorted((r.kind, r.due_at) for r in pending) == [
        ("poll.close", poll.deadline), ("poll.last_call", poll.deadline - timedelta(hours=24))]
    # A member's poll closes at its deadline but never chases the whole Member role with a last call.
    by_member = (await services.polls.create(GUILD, title="Mine", slots=SLOTS, channel_id=CHANNEL, created_by=10,
                                             timezone="UTC", deadline="2026-12-01 18:00")).poll
    assert [r.kind for r in await services.reminders.pending(GUILD, ref_id=by_member.id)] == ["poll.close"]
    with pytest.raises(Forbidden, match="Only chairs can choose who is expected"):
        await services.polls.create(GUILD, title="Mine", slots=SLOTS, channel_id=CHANNEL, created_by=10,
                                    timezone="UTC", expected_role_id=ROLE)


async def test_geneva_alias_and_profile_zone_default(env) -> None:
    services, _ = env
    created = await services.polls.create(GUILD, title="t", slots="2026-12-03 15:00", channel_id=CHANNEL,
                                          created_by=CHAIR, timezone="Europe/Geneva")
    assert created.poll.timezone == "Europe/Zurich"
    assert "Europe/Zurich" in created.notes[0]
    await services.profiles.set_timezone(GUILD, 5, "Asia/Tokyo")
    created = await services.polls.create(GUILD, title="t", slots="2026-12-03 15:00", channel_id=CHANNEL,
                                          created_by=5)
    assert created.poll.timezone == "Asia/Tokyo"
    assert created.poll.slots[0].start == datetime(2026, 12, 3, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(("kwargs", "needle"), [
    ({"slots": "2026-12-03 15:00, Dec 32 9am"}, "`Dec 32 9am`"),
    ({"slots": "2026-12-03 15:00", "timezone": "Mars/Olympus"}, "`Mars/Olympus` is not a time zone"),
    ({"slots": "2026-11-20 15:00"}, "in the past"),
    ({"slots": "2026-12-03 18:00-17:00"}, "ends before it starts"),
    ({"slots": "2026-12-03 15:00, 2026-12-03 14:00 UTC"}, "duplicates `2026-12-03 15:00`"),
    ({"slots": ", ".join(f"2027-01-{1 + i // 40:02d} {i % 40 // 2:02d}:{30 * (i % 2):02d}" for i in range(1001))},
     "at most 1,000"),
    ({"slots": "2026-12-03 15:00", "deadline": "2026-12-05 10:00"}, "after the first slot"),
    ({"slots": "2026-12-03 15:00", "duration": "3 parsecs"}, "not a duration"),
    ({"slots": "2026-12-03 15:00", "title": "   "}, "title cannot be empty"),
])
async def test_rejected_create_names_the_problem_and_stores_nothing(env, db: Database, kwargs: dict[str, str],
                                                                    needle: str) -> None:
    services, board = env
    args = {"title": "Poll", "timezone": "Europe/Zurich", **kwargs}
    with pytest.raises(InvalidInput) as caught:
        await services.polls.create(GUILD, channel_id=CHANNEL, created_by=CHAIR, **args)
    assert needle in caught.value.message
    assert await count_rows(db) == (0, 0)
    assert not board.cards
    assert await services.reminders.pending(GUILD) == []


async def test_failed_post_discards_the_poll(env, db: Database) -> None:
    services, board = env
    board.fail_post = True
    with pytest.raises(ConnectionError):
        await services.polls.create(GUILD, title="t", slots=SLOTS, channel_id=CHANNEL, created_by=CHAIR,
                                    timezone="UTC", deadline="2d")
    assert await count_rows(db) == (0, 0)
    assert await services.reminders.pending(GUILD) == []


async def test_votes_upsert_and_change_and_tally_is_right_after_coalescing(env) -> None:
    services, board = env
    poll = (await services.polls.create(GUILD, title="t", slots=SLOTS, channel_id=CHANNEL, created_by=CHAIR,
                                        timezone="UTC")).poll
    a, b, c = (s.id for s in poll.slots)
    await services.polls.vote(GUILD, poll.id, 10, {a: Answer.YES, b: Answer.MAYBE, c: Answer.NO})
    await services.polls.vote(GUILD, poll.id, 11, {a: Answer.YES, b: Answer.NO, c: Answer.NO})
    await services.polls.vote(GUILD, poll.id, 10, {a: Answer.NO, b: Answer.YES, c: Answer.YES})  # changed
    tally = await services.polls.tally(GUILD, poll.id)
    assert tally.voters == 2
    assert [tally.counts(s) for s in (a, b, c)] == [(1, 0, 1), (1, 0, 1), (1, 0, 1)]
    assert await services.polls.ballot_of(GUILD, poll.id, 10) == {a: Answer.NO, b: Answer.YES, c: Answer.YES}
    await services.polls.coalescer.drain()
    card = board.cards[poll.message_id or 0]
    assert "**2** voted" in card.description


async def test_concurrent_clicks_lose_no_ballot(env) -> None:
    services, _ = env
    poll = (await services.polls.create(GUILD, title="t", slots=SLOTS, channel_id=CHANNEL, created_by=CHAIR,
                                        timezone="UTC")).poll
    ids = [s.id for s in poll.slots]
    votes = [services.polls.vote(GUILD, poll.id, 100 + u, {sid: Answer.YES for sid in ids}) for u in range(40)]
    # The same member clicking twice at once: either answer may win, but one row per slot remains.
    votes += [services.polls.vote(GUILD, poll.id, 100, {sid: Answer.MAYBE for sid in ids})]
    await asyncio.gather(*votes)
    tally = await services.polls.tally(GUILD, poll.id)
    assert tally.voters == 40
    for sid in ids:
        yes, maybe, cannot = tally.counts(sid)
        assert yes + maybe == 40 and cannot == 0


async def test_vote_refused_when_closed_and_for_other_guild(env) -> None:
    services, _ = env
    poll = (await services.polls.create(GUILD, title="Budget", slots=SLOTS, channel_id=CHANNEL, created_by=CHAIR,
                                        timezone="UTC")).poll
    first = poll.slots[0].id
    with pytest.raises(NotFound):
        await services.polls.vote(OTHER_GUILD, poll.id, 10, {first: Answer.YES})
    with pytest.raises(NotFound):
        await services.polls.get(OTHER_GUILD, poll.id)
    with pytest.raises(Forbidden):
        await services.polls.close(GUILD, poll.id, actor_id=99, is_chair=False)
    await services.polls.close(GUILD, poll.id, actor_id=CHAIR, is_chair=False)  # the creator may
    with pytest.raises(Conflict) as caught:
        await services.polls.vote(GUILD, poll.id, 10, {first: Answer.YES})
    assert "closed" in caught.value.message and "Budget" in caught.value.message
    assert (await services.polls.tally(GUILD, poll.id)).voters == 0


async def test_add_and_remove_slots(env) -> None:
    services, _ = env
    poll = (await services.polls.create(GUILD, title="t", slots="2026-12-03 15:00", channel_id=CHANNEL,
                                        created_by=CHAIR, timezone="Europe/Zurich", deadline="2026-12-02 12:00")).poll
    with pytest.raises(Forbidden):
        await services.polls.add_slots(GUILD, poll.id, "2026-12-04 15:00", actor_id=5, is_chair=False)
    with pytest.raises(InvalidInput, match="a slot the poll already has"):
        await services.polls.add_slots(GUILD, poll.id, "2026-12-03 14:00 UTC", actor_id=CHAIR, is_chair=False)
    with pytest.raises(InvalidInput, match="after the first slot"):
        await services.polls.add_slots(GUILD, poll.id, "2026-12-02 09:00", actor_id=CHAIR, is_chair=False)
    added = await services.polls.add_slots(GUILD, poll.id, "2026-12-04 15:00; 2026-12-05 15:00", actor_id=5,
                                           is_chair=True)
    assert len(added.poll.slots) == 3
    await services.polls.vote(GUILD, poll.id, 10, {s.id: Answer.YES for s in added.poll.slots})
    after, removed = await services.polls.remove_slot(GUILD, poll.id, added.poll.slots[1].id, actor_id=CHAIR,
                                                      is_chair=False)
    assert removed.start == datetime(2026, 12, 4, 14, 0, tzinfo=UTC)
    assert len(after.slots) == 2
    assert len(await services.polls.ballot_of(GUILD, poll.id, 10)) == 2  # the removed slot's ballots went too
    with pytest.raises(NotFound):
        await services.polls.remove_slot(GUILD, poll.id, 987654, actor_id=CHAIR, is_chair=True)


async def test_results_rank_with_reasons_fairness_and_heatmap(env) -> None:
    services, board = env
    poll = (await services.polls.create(GUILD, title="t", slots="2026-12-03 06:00, 2026-12-03 14:00, "
                                        "2026-12-03 20:00", channel_id=CHANNEL, created_by=CHAIR,
                                        timezone="UTC", expected_role_id=ROLE, is_chair=True)).poll
    early, mid, late = (s.id for s in poll.slots)
    board.members[ROLE] = [10, 11, 12, 13]
    await services.profiles.set_timezone(GUILD, 10, "Asia/Tokyo")
    await services.profiles.set_timezone(GUILD, 11, "America/New_York")
    await services.profiles.set_name(GUILD, 11, "Jevtović, Danko")
    await services.polls.vote(GUILD, poll.id, 10, {early: Answer.YES, mid: Answer.YES, late: Answer.NO})
    await services.polls.vote(GUILD, poll.id, 11, {early: Answer.NO, mid: Answer.MAYBE, late: Answer.YES})
    await services.polls.vote(GUILD, poll.id, 12, {early: Answer.YES, mid: Answer.YES, late: Answer.MAYBE})
    results = await services.polls.results(GUILD, poll.id)
    assert [s.slot.id for s in results.view.ranking] == [mid, early, late]  # 3 avail, then 2 (0 maybe) before 2
    assert results.view.cannot[early] == [11]
    assert results.view.non_voters == [13]
    off = {o.user_id: o for o in results.view.off_hours[mid]}
    assert set(off) == {10}  # 14:00 UTC is 23:00 in Tokyo; 09:00 in New York is fine
    assert f"{off[10].local_start:%H:%M}" == "23:00"
    assert "<@10> 23:00–00:00 (Asia/Tokyo)" in results.text
    assert "Cannot: <@11>" in results.text
    assert results.heatmap is not None
    image = Image.open(__import__("io").BytesIO(results.heatmap))
    assert image.format == "PNG" and image.width >= 300


async def test_anonymous_poll_hides_names_except_from_chairs(env) -> None:
    services, _ = env
    poll = (await services.polls.create(GUILD, title="t", slots=SLOTS, channel_id=CHANNEL, created_by=CHAIR,
                                        timezone="UTC", anonymous=True)).poll
    first = poll.slots[0].id
    await services.polls.vote(GUILD, poll.id, 10, {first: Answer.NO})
    hidden = await services.polls.results(GUILD, poll.id, viewer_is_chair=False)
    assert "<@10>" not in hidden.text and hidden.heatmap is None and not hidden.view.reveal
    chair_view = await services.polls.results(GUILD, poll.id, viewer_is_chair=True)
    assert "Cannot: <@10>" in chair_view.text and chair_view.heatmap is not None
    public = await services.polls.results(GUILD, poll.id, viewer_is_chair=True, public=True)
    assert "<@10>" not in public.text


async def test_panel_drafts_pages_and_submit(env) -> None:
    services, _ = env
    text = ", ".join(f"2026-12-{3 + i // 10:02d} {8 + i % 10:02d}:00" for i in range(30))
    poll = (await services.polls.create(GUILD, title="t", slots=text, channel_id=CHANNEL, created_by=CHAIR,
                                        timezone="UTC")).poll
    page = await services.polls.open_panel(GUILD, poll.id, 10)
    assert (page.page, page.pages, len(page.options)) == (0, 2, 24)
    first_ids = [int(o.value) for o in page.options]
    page = await services.polls.open_panel(GUILD, poll.id, 10, pick=("yes", first_ids[:3]))
    page = await services.polls.open_panel(GUILD, poll.id, 10, pick=("maybe", first_ids[2:5]))
    assert [o.answer for o in page.options[:6]] == [Answer.YES, Answer.YES, Answer.MAYBE, Answer.MAYBE,
                                                   Answer.MAYBE, Answer.NO]
    page = await services.polls.open_panel(GUILD, poll.id, 10, 1)
    assert (page.page, len(page.options)) == (1, 6)
    page = await services.polls.open_panel(GUILD, poll.id, 10, pick=("yes", [int(page.options[-1].value)]))
    assert await services.polls.ballot_of(GUILD, poll.id, 10) == {}  # nothing saved before submit
    receipt = await services.polls.submit_panel(GUILD, poll.id, 10)
    assert (receipt.yes, receipt.maybe, receipt.no) == (3, 3, 24)
    assert len(await services.polls.ballot_of(GUILD, poll.id, 10)) == 30
    # Opening again starts from the stored ballot.
    page = await services.polls.open_panel(GUILD, poll.id, 10)
    assert [o.answer for o in page.options[:3]] == [Answer.YES, Answer.YES, Answer.MAYBE]


async def test_search_lists_open_polls_first(env) -> None:
    services, _ = env
    a = (await services.polls.create(GUILD, title="December plenary", slots=SLOTS, channel_id=CHANNEL,
                                     created_by=CHAIR, timezone="UTC")).poll
    b = (await services.polls.create(GUILD, title="Drafting group", slots=SLOTS, channel_id=CHANNEL,
                                     created_by=CHAIR, timezone="UTC")).poll
    await services.polls.close(GUILD, a.id, actor_id=CHAIR, is_chair=True)
    found = await services.polls.search(GUILD, "")
    assert [s.poll.id for s in found] == [b.id, a.id]
    assert [s.poll.id for s in await services.polls.search(GUILD, "PLEN")] == [a.id]
    assert [s.poll.id for s in await services.polls.search(GUILD, "", include_closed=False)] == [b.id]
    assert await services.polls.search(OTHER_GUILD, "") == []
    assert found[0].slots == 3


async def test_forget_member_deletes_ballots_and_refreshes_tally(env) -> None:
    services, board = env
    poll = (await services.polls.create(GUILD, title="t", slots=SLOTS, channel_id=CHANNEL, created_by=10,
                                        timezone="UTC")).poll
    await services.polls.vote(GUILD, poll.id, 10, {s.id: Answer.YES for s in poll.slots})
    await services.polls.vote(GUILD, poll.id, 11, {s.id: Answer.YES for s in poll.slots})
    counts = await services.privacy.forget_member(GUILD, 10)
    assert counts == {"poll_answers": 3, "unlinked": 1}
    assert (await services.polls.tally(GUILD, poll.id)).voters == 1
    assert (await services.polls.get(GUILD, poll.id)).created_by is None
    await services.polls.coalescer.drain()
    assert "**1** voted" in board.cards[poll.message_id or 0].description
    assert poll.status is PollStatus.OPEN


async def test_deleted_poll_message_is_forgotten_and_voting_goes_on(env) -> None:
    services, board = env
    poll = (await services.polls.create(GUILD, title="t", slots=SLOTS, channel_id=CHANNEL, created_by=CHAIR,
                                        timezone="UTC")).poll
    board.deleted.add(poll.message_id or 0)
    await services.polls.vote(GUILD, poll.id, 10, {s.id: Answer.YES for s in poll.slots})
    await services.polls.coalescer.drain()
    assert (await services.polls.get(GUILD, poll.id)).message_id is None
    await services.polls.vote(GUILD, poll.id, 11, {s.id: Answer.NO for s in poll.slots})
    await services.polls.coalescer.drain()
    assert (await services.polls.tally(GUILD, poll.id)).voters == 2 and not board.edits
