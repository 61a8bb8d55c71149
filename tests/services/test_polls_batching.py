"""Group commit of ballots: concurrent votes share transactions and each still gets its own answer."""

from __future__ import annotations

import asyncio

from bot.clock import FakeClock
from bot.domain.poll import Answer
from bot.errors import Conflict, NotFound
from storage.db import Database
from tests.support_polls import CHAIR, CHANNEL, GUILD, make_services, start

SLOTS = "2026-12-03 15:00, 2026-12-03 17:30-18:30, Dec 4 9am"


async def test_a_burst_is_written_in_few_transactions_and_every_ballot_is_kept(db: Database, clock: FakeClock) -> None:
    services, *_ = make_services(db, clock)
    await start(services)
    polls = services.polls
    open_poll = (await polls.create(GUILD, title="Open", slots=SLOTS, channel_id=CHANNEL, created_by=CHAIR,
                                    timezone="UTC")).poll
    closed = (await polls.create(GUILD, title="Closed", slots=SLOTS, channel_id=CHANNEL, created_by=CHAIR,
                                 timezone="UTC")).poll
    await polls.close(GUILD, closed.id, actor_id=CHAIR, is_chair=True)
    first, second, third = (s.id for s in open_poll.slots)

    votes = [polls.vote(GUILD, open_poll.id, 1000 + i, {first: Answer.YES, second: Answer.MAYBE}) for i in range(300)]
    votes.append(polls.vote(GUILD, open_poll.id, 1000, {second: Answer.NO, third: Answer.YES}))  # a change
    votes.append(polls.vote(GUILD, closed.id, 5000, {s.id: Answer.YES for s in closed.slots}))
    votes.append(polls.vote(GUILD, 999_999, 5001, {first: Answer.YES}))
    results = await asyncio.gather(*votes, return_exceptions=True)

    assert all(not isinstance(r, BaseException) for r in results[:301])
    assert isinstance(results[301], Conflict) and "closed" in results[301].message
    assert isinstance(results[302], NotFound)
    assert polls.ballots.transactions < 20
    tally = await polls.tally(GUILD, open_poll.id)
    assert tally.voters == 300
    # Member 1000's second vote changed one slot and added another, like two writes in a row would.
    assert await polls.ballot_of(GUILD, open_poll.id, 1000) == {first: Answer.YES, second: Answer.NO,
                                                                third: Answer.YES}
    assert (await polls.tally(GUILD, closed.id)).voters == 0
