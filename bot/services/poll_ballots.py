"""Group commit for ballots: votes that arrive while a write is in flight share the next transaction.

On SQLite every statement is a hop to the database thread, so a transaction per vote made a burst of a few
hundred votes saturate the event loop and miss Discord's 3-second answer window. Batching keeps the number of
transactions proportional to the bursts, not to the votes, on both SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.poll import Answer, summarize
from bot.errors import Conflict, UserError
from bot.i18n import _
from bot.services.context import ServiceContext
from bot.services.poll_ports import VoteReceipt, not_found
from storage.db import Session
from storage.repositories.polls import PollRepository

log = logging.getLogger(__name__)

MAX_BATCH = 250


@dataclass
class _Vote:
    guild_id: int
    poll_id: int
    user_id: int
    answers: Mapping[int, Answer]
    future: asyncio.Future[VoteReceipt] = field(repr=False)


@dataclass(frozen=True)
class _PollState:
    title: str
    slot_ids: frozenset[int]


class BallotWriter:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._queue: list[_Vote] = []
        self._task: asyncio.Task[None] | None = None
        self.transactions = 0  # for tests and benchmarks: how many batches were written

    async def submit(self, guild_id: int, poll_id: int, user_id: int, answers: Mapping[int, Answer]) -> VoteReceipt:
        future: asyncio.Future[VoteReceipt] = asyncio.get_running_loop().create_future()
        self._queue.append(_Vote(guild_id, poll_id, user_id, answers, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain(), name="ballot-writer")
        return await future

    async def wait_idle(self) -> None:
        if self._task is not None:
            await asyncio.shield(self._task)

    async def _drain(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
            try:
                await self._write(batch)
            except Exception as exc:  # the transaction failed: nobody in it was saved
                log.exception("writing a batch of %d ballots failed", len(batch))
                for vote in batch:
                    if not vote.future.done():
                        vote.future.set_exception(exc)

    async def _write(self, batch: list[_Vote]) -> None:
        now = self.ctx.clock.now()
        saved: list[tuple[_Vote, VoteReceipt]] = []
        # (guild, poll) -> {user: {slot: answer}}; a member's later vote in the same batch wins slot by slot,
        # exactly as if the votes had been written one after the other.
        rows: dict[tuple[int, int], dict[int, dict[int, Answer]]] = {}
        async with self.ctx.db.session() as session:
            polls: dict[tuple[int, int], _PollState | UserError] = {}
            for vote in batch:
                key = (vote.guild_id, vote.poll_id)
                if key not in polls:
                    polls[key] = await self._load(session, vote.guild_id, vote.poll_id, now)
                state = polls[key]
                if isinstance(state, UserError):
                    vote.future.set_exception(state)
                    continue
                kept = {slot: answer for slot, answer in vote.answers.items() if slot in state.slot_ids}
                if not kept:
                    vote.future.set_exception(
                        Conflict(_("The slots you answered are no longer in the poll; press Vote again.")))
                    continue
                rows.setdefault(key, {}).setdefault(vote.user_id, {}).update(kept)
                saved.append((vote, VoteReceipt(state.title, *summarize(kept),
                                                skipped=len(vote.answers) - len(kept))))
            for (guild_id, poll_id), ballots in rows.items():
                await PollRepository(session, guild_id).upsert_ballots(poll_id, ballots, now)
        self.transactions += 1
        for vote, receipt in saved:  # only now is the ballot committed
            if not vote.future.done():
                vote.future.set_result(receipt)

    @staticmethod
    async def _load(session: Session, guild_id: int, poll_id: int, now: datetime) -> _PollState | UserError:
        repo = PollRepository(session, guild_id)
        # Exclusive, not shared: the batch then moves the poll's ballot version (PostgreSQL would deadlock two
        # processes that both hold a shared lock and both want to update the row).
        poll = await repo.get(poll_id, lock=True, with_slots=False)
        if poll is None:
            return not_found(poll_id)
        if not poll.is_open or (poll.deadline is not None and poll.deadline <= now):
            return Conflict(_("Voting on “{title}” is closed; your ballot was not saved.", title=poll.title))
        return _PollState(poll.title, frozenset(await repo.slot_ids(poll_id)))
