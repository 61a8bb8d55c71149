"""Ballot upserts and poll queries on SQLite and PostgreSQL (the latter when CONVENER_TEST_PG_URL is set)."""

from __future__ import annotations

import asyncio

import pytest

from bot.clock import FakeClock
from bot.domain.poll import Answer
from bot.errors import Conflict
from storage.db import Database
from storage.repositories.polls import PollRepository
from tests.support_polls import CHAIR, CHANNEL, GUILD, OTHER_GUILD, make_services, start


async def test_concurrent_upserts_tally_and_isolation(any_db: Database, clock: FakeClock) -> None:
    services, _, _, _ = make_services(any_db, clock)
    await start(services)
    slots = ", ".join(f"2026-12-03 {h:02d}:00" for h in range(8, 18))
    poll = (await services.polls.create(GUILD, title="t", slots=slots, channel_id=CHANNEL, created_by=CHAIR,
                                        timezone="UTC")).poll
    ids = [s.id for s in poll.slots]

    async def ballot(user: int, answer: Answer) -> None:
        await services.polls.vote(GUILD, poll.id, user, {sid: answer for sid in ids})

    # 30 members, each clicking Submit twice at once with different answers: one row per slot survives.
    await asyncio.gather(*(ballot(u, a) for u in range(100, 130) for a in (Answer.YES, Answer.MAYBE)))
    async with any_db.reader() as session:
        repo = PollRepository(session, GUILD)
        rows = await repo.rows(poll.id)
        voters, counts = await repo.tally(poll.id)
        assert await PollRepository(session, OTHER_GUILD).rows(poll.id) == []
    assert len(rows) == 30 * len(ids) and voters == 30
    for sid in ids:
        assert counts.get((sid, Answer.YES), 0) + counts.get((sid, Answer.MAYBE), 0) == 30
    # A ballot racing a close is either stored before it or refused after it, never half-stored.
    results = await asyncio.gather(ballot(200, Answer.YES),
                                   services.polls.close(GUILD, poll.id, actor_id=CHAIR, is_chair=True),
                                   return_exceptions=True)
    assert not any(isinstance(r, Exception) and not isinstance(r, Conflict) for r in results)
    stored = await services.polls.ballot_of(GUILD, poll.id, 200)
    assert len(stored) in (0, len(ids))
    with pytest.raises(Conflict):
        await ballot(201, Answer.YES)
    assert await services.privacy.forget_member(GUILD, 100) == {"poll_answers": len(ids)}
    assert await services.privacy.forget_member(OTHER_GUILD, 101) == {}
    await services.polls.coalescer.drain()
