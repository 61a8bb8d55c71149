"""Results are reused while the poll's ballots stay the same, and drawn again as soon as anything shown changes."""

from __future__ import annotations

import asyncio

import pytest

from bot.clock import FakeClock
from bot.domain.poll import Answer, PollInfo
from bot.services import Services
from bot.services.pictures import Painter
from storage.db import Database
from tests.support_polls import CHAIR, CHANNEL, GUILD, ROLE, FakeBoard, make_services, start

SLOTS = "2026-12-03 06:00, 2026-12-03 14:00, 2026-12-03 20:00"


@pytest.fixture
async def env(db: Database, clock: FakeClock) -> tuple[Services, FakeBoard]:
    services, _, board, _ = make_services(db, clock)
    await start(services)
    return services, board


async def poll_with_one_ballot(services: Services) -> PollInfo:
    poll = (await services.polls.create(GUILD, title="t", slots=SLOTS, channel_id=CHANNEL, created_by=CHAIR,
                                        timezone="UTC", is_chair=True)).poll
    await services.polls.vote(GUILD, poll.id, 10, {poll.slots[0].id: Answer.YES})
    return poll


async def test_heatmap_is_drawn_once_per_ballot_version_and_again_after_each_change(env) -> None:
    services, board = env
    polls = services.polls
    poll = (await polls.create(GUILD, title="t", slots=SLOTS, channel_id=CHANNEL, created_by=CHAIR, timezone="UTC",
                               expected_role_id=ROLE, is_chair=True)).poll
    early, mid, late = (s.id for s in poll.slots)
    board.members[ROLE] = [10, 11, 12]
    await polls.vote(GUILD, poll.id, 10, {early: Answer.YES, mid: Answer.YES, late: Answer.NO})
    first = await polls.results(GUILD, poll.id)
    again = await polls.results(GUILD, poll.id)
    assert polls.results_maker.drawn == 1 and again.heatmap == first.heatmap and again.text == first.text

    await polls.vote(GUILD, poll.id, 11, {early: Answer.NO, mid: Answer.MAYBE, late: Answer.YES})
    changed = await polls.results(GUILD, poll.id)
    assert polls.results_maker.drawn == 2 and changed.heatmap != first.heatmap
    assert changed.view.voters == 2

    # The same answers submitted again still move the version: the stored rows changed (their time).
    await polls.vote(GUILD, poll.id, 11, {early: Answer.YES, mid: Answer.MAYBE, late: Answer.YES})
    assert (await polls.results(GUILD, poll.id)).view.cannot[early] == []
    assert polls.results_maker.drawn == 3

    # A new display name is a new picture; the ranking is reused.
    await services.profiles.set_name(GUILD, 11, "Jevtović, Danko")
    await polls.results(GUILD, poll.id)
    assert polls.results_maker.drawn == 4

    # A removed slot, and a forgotten member, change what is shown.
    await polls.remove_slot(GUILD, poll.id, late, actor_id=CHAIR, is_chair=True)
    assert [s.slot.id for s in (await polls.results(GUILD, poll.id)).view.ranking] == [early, mid]
    await services.privacy.forget_member(GUILD, 11)
    after = await polls.results(GUILD, poll.id)
    assert after.view.voters == 1 and polls.results_maker.drawn == 6


async def test_an_answer_does_not_wait_longer_than_the_painter_allows(env) -> None:
    services, _ = env
    polls = services.polls
    poll = await poll_with_one_ballot(services)
    release = asyncio.Event()

    class SlowPainter(Painter):
        async def draw(self, fn, *args):  # type: ignore[no-untyped-def]
            await release.wait()
            return b"picture"

    services.ctx.painter = SlowPainter(wait=0.01)
    results = await polls.results(GUILD, poll.id)
    assert results.heatmap is None and results.heatmap_later is not None and "1" in results.text
    release.set()
    assert await results.heatmap_later == b"picture"
    assert (await polls.results(GUILD, poll.id)).heatmap == b"picture"  # kept for the next one


async def test_pictures_drawn_in_a_worker_process_match_the_thread(env) -> None:
    services, _ = env
    polls = services.polls
    poll = await poll_with_one_ballot(services)
    in_thread = (await polls.results(GUILD, poll.id)).heatmap
    polls.results_maker.pictures = type(polls.results_maker.pictures)(4)
    services.ctx.painter = Painter(processes=True)
    in_process = (await polls.results(GUILD, poll.id)).heatmap
    assert in_process == in_thread and polls.results_maker.drawn == 2
