"""Each interaction runs once, even when Discord delivers it twice.

A resumed gateway session may replay an event, and two processes connected on the same shard (a deploy that
overlaps, a replica started by mistake) both receive it. Remembering ids in memory covers the first case only,
so the id is claimed in the database: the first insert wins, on SQLite and PostgreSQL alike. Claims arriving
while one is being written share the next transaction (a burst of votes does not become a burst of commits).
Ids are kept for a day — Discord accepts an answer within 15 minutes, so older replays cannot be served anyway
— and swept while claiming. ``first_time_here`` is the in-memory check alone, for interactions that only set
state (see ``bot.intake``).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.services.context import ServiceContext
from storage.repositories.interactions import InteractionRepository, claim_once

log = logging.getLogger("convener.replays")

KEEP = timedelta(days=1)
SWEEP_EVERY = timedelta(hours=1)
MAX_BATCH = 500
RECENT = 10_000  # ids this process saw, answered without a database round trip
# How long an interaction waits for its claim. A database that is this slow (locked by another process) must not
# also make every command fail: the interaction then runs unchecked and its claim is still written.
WAIT = 1.0


@dataclass
class _Claim:
    interaction_id: int
    future: asyncio.Future[bool] = field(repr=False)


class ReplayGuard:
    def __init__(self, ctx: ServiceContext, *, wait: float = WAIT) -> None:
        self.ctx = ctx
        self.wait = wait
        self.dropped = 0  # replays ignored (tests and logs)
        self._recent: OrderedDict[int, None] = OrderedDict()
        self._queue: list[_Claim] = []
        self._task: asyncio.Task[None] | None = None
        self._swept_at: datetime | None = None

    def first_time_here(self, interaction_id: int) -> bool:
        """True the first time this process asks about ``interaction_id`` (no database involved)."""
        if interaction_id in self._recent:
            return self._drop(interaction_id, "again in this process")
        self._recent[interaction_id] = None
        if len(self._recent) > RECENT:
            self._recent.popitem(last=False)
        return True

    async def first_time(self, interaction_id: int) -> bool:
        """True the first time anyone (this process or another) asks about ``interaction_id``."""
        if not self.first_time_here(interaction_id):
            return False
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._queue.append(_Claim(interaction_id, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain(), name="interaction-claims")
        try:
            fresh = await asyncio.wait_for(asyncio.shield(future), self.wait)
        except TimeoutError:
            log.warning("interaction %s: the database did not confirm it as new within %.1f s; running it",
                        interaction_id, self.wait)
            return True
        return True if fresh else self._drop(interaction_id, "already taken on")

    def _drop(self, interaction_id: int, why: str) -> bool:
        self.dropped += 1
        log.info("interaction %s delivered again (%s); ignored", interaction_id, why)
        return False

    async def idle(self) -> None:
        """Until the claims queued so far are written (shutdown, tests)."""
        if self._task is not None:
            await asyncio.shield(self._task)

    async def _drain(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
            try:
                fresh = await self._claim([c.interaction_id for c in batch])
            except Exception:  # as with a slow database (see WAIT): run them rather than fail them all
                log.warning("could not record %d interaction ids; they run unchecked", len(batch), exc_info=True)
                fresh = {c.interaction_id for c in batch}
            for claim in batch:
                if not claim.future.done():
                    claim.future.set_result(claim.interaction_id in fresh)

    async def _claim(self, ids: list[int]) -> set[int]:
        now = self.ctx.clock.now()
        fresh = await claim_once(self.ctx.db, ids, now)
        if self._swept_at is None or now - self._swept_at >= SWEEP_EVERY:
            self._swept_at = now
            async with self.ctx.db.session() as session:
                await InteractionRepository(session).sweep(now - KEEP)
        return fresh
