"""Reminders and every other deferred action (poll close, last calls, action-item due dates).

The ``reminders`` table is the source of truth. The timer (APScheduler, or the sandbox clock's) holds one
wake-up job at the earliest due time it knows of; when it fires, the worker claims everything due in batches,
runs them, and sets the next wake-up from the table. A burst of reminders falling due together therefore
costs one claim and one mark transaction per batch, not per reminder. A sweep job re-reads the table every
``poll_interval`` so that rows written by other processes and claims whose worker died (expired lease) are
picked up.

Exactly once: a worker claims rows in the database (``SELECT … FOR UPDATE SKIP LOCKED`` feeding a
conditional ``UPDATE … RETURNING``) before calling the handler and marks them sent after, only if its
claim is still the current one. A failing handler is retried with exponential backoff.

Downtime: at start-up, notifications that were due more than ``grace_period`` ago are skipped (and
logged); kinds registered with ``catch_up=True`` (state changes such as closing a poll) always run.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from bot.domain.reminders import ReminderInfo, ReminderJob
from bot.errors import InvalidInput, NotFound
from bot.i18n import SOURCE, _, using
from bot.render.discord_text import ts
from bot.services.context import ServiceContext
from storage.db import Session
from storage.repositories.reminders import ReminderQueue, ReminderRepository

log = logging.getLogger(__name__)

SWEEP_JOB = "reminders:sweep"
WAKE_JOB = "reminders:wake"
MAX_TEXT = 1800
CLAIM_BATCH = 100
MAX_AHEAD = timedelta(days=366)
MAX_BACKOFF = timedelta(minutes=5)


async def _english(_guild_id: int) -> str:
    return SOURCE


class SkipReminder(Exception):
    """Raised by a handler when the reminder no longer applies (e.g. its meeting was cancelled)."""


Handler = Callable[[ReminderJob], Awaitable[None]]


class ReminderService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.handlers: dict[str, Handler] = {"text": self._post_text}
        # The server's language for what a reminder posts; the Services wire in SettingsService.language.
        self.language_of: Callable[[int], Awaitable[str]] = _english
        self.catch_up: set[str] = set()
        self.cfg = ctx.config.reminders
        # Recent deliveries for benchmarks/diagnostics; bounded so a long-running bot does not grow.
        self.sent_log: deque[tuple[int, datetime]] = deque(maxlen=10_000)
        self.lateness: deque[float] = deque(maxlen=10_000)
        self._started = False
        self._inflight: set[asyncio.Task[object]] = set()
        self._wake_at: datetime | None = None
        # A process that runs some of Discord's shards sends the reminders of the guilds on them only.
        bot = ctx.config.bot
        self.shards = (bot.shard_count, bot.shard_ids) if bot.shard_count and bot.shard_ids else None

    def register(self, kind: str, handler: Handler, *, catch_up: bool = False) -> None:
        """Route reminders of ``kind`` to ``handler``. ``catch_up=True``: run even when missed for longer than
        the grace period (for state changes; notifications should keep the default and be skipped)."""
        self.handlers[kind] = handler
        if catch_up:
            self.catch_up.add(kind)
        else:
            self.catch_up.discard(kind)

    # -- scheduling -------------------------------------------------------------------------------------------

    async def schedule(
        self,
        guild_id: int,
        kind: str,
        due_at: datetime,
        *,
        ref_id: int | None = None,
        channel_id: int | None = None,
        role_id: int | None = None,
        text: str = "",
        created_by: int | None = None,
    ) -> int:
        async with self.ctx.db.session() as session:
            reminder_id = await self.add_in(session, guild_id, kind, due_at, ref_id=ref_id, channel_id=channel_id,
                                            role_id=role_id, text=text, created_by=created_by)
        self.arm(reminder_id, due_at)
        return reminder_id

    async def add_in(
        self,
        session: Session,
        guild_id: int,
        kind: str,
        due_at: datetime,
        *,
        ref_id: int | None = None,
        channel_id: int | None = None,
        role_id: int | None = None,
        text: str = "",
        created_by: int | None = None,
    ) -> int:
        """Add a reminder inside the caller's unit of work (so it commits with the change that needs it).
        Call ``arm(id, due_at)`` after the commit."""
        if due_at.tzinfo is None:
            raise ValueError("due_at must be timezone-aware")
        return await ReminderRepository(session, guild_id).add_pending(
            kind, due_at, self.ctx.clock.now(), ref_id=ref_id, channel_id=channel_id, role_id=role_id,
            text=text[:MAX_TEXT], created_by=created_by)

    async def cancel(self, guild_id: int, kinds: list[str], ref_id: int) -> int:
        """Cancel pending reminders of these kinds for one object (a meeting, a poll, an action)."""
        async with self.ctx.db.session() as session:
            ids = await ReminderRepository(session, guild_id).cancel(kinds, ref_id)
        for reminder_id in ids:
            self.disarm(reminder_id)
        return len(ids)

    async def pending(self, guild_id: int, kind: str | None = None,
                      ref_id: int | None = None) -> list[ReminderInfo]:
        async with self.ctx.db.reader() as session:
            return await ReminderRepository(session, guild_id).pending_for(kind, ref_id)

    # -- /remind ----------------------------------------------------------------------------------------------

    async def remind(self, guild_id: int, due_at: datetime, text: str, *, channel_id: int,
                     role_id: int | None = None, created_by: int | None = None) -> ReminderInfo:
        """A chair's one-off announcement (e.g. an issue-paper deadline), posted at ``due_at``."""
        now = self.ctx.clock.now()
        if due_at <= now:
            raise InvalidInput(_("{when} is in the past; pick a time in the future.", when=ts(due_at)))
        if due_at > now + MAX_AHEAD:
            raise InvalidInput(_("Reminders can be set at most one year ahead."))
        body = "\n".join(line.rstrip() for line in text.strip().splitlines()).strip()
        if not body:
            raise InvalidInput(_("The reminder text cannot be empty."))
        if len(body) > MAX_TEXT:
            raise InvalidInput(_("The reminder text is {length} characters long; at most {limit} are allowed.",
                                 length=len(body), limit=MAX_TEXT))
        reminder_id = await self.schedule(guild_id, "text", due_at, channel_id=channel_id, role_id=role_id,
                                          text=body, created_by=created_by)
        return ReminderInfo(reminder_id, guild_id, "text", due_at, None, channel_id, role_id, body, created_by)

    async def list_pending(self, guild_id: int, limit: int = 25,
                           kinds: Sequence[str] | None = None) -> list[ReminderInfo]:
        async with self.ctx.db.reader() as session:
            return await ReminderRepository(session, guild_id).list_pending(limit, kinds)

    async def cancel_one(self, guild_id: int, reminder_id: int) -> ReminderInfo:
        """Cancel one pending reminder of this guild (NotFound for another guild's id or a finished one)."""
        async with self.ctx.db.session() as session:
            info = await ReminderRepository(session, guild_id).cancel_one(reminder_id)
        if info is None:
            raise NotFound(_("There is no pending reminder #{id} in this server; see `/remind list`.", id=reminder_id))
        self.disarm(reminder_id)
        return info

    # -- the worker -------------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Apply the downtime policy, arm what is due soon and start the periodic sweep."""
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            skipped, examples = await ReminderQueue(session, self.shards).skip_missed(now - self.cfg.grace_period, now,
                                                                           self.catch_up)
        for row in examples:
            log.warning("reminder %s (%s, guild %s) was due %s, beyond the grace period: skipped",
                        row.id, row.kind, row.guild_id, row.due_at.isoformat())
        if skipped > len(examples):
            log.warning("%d more reminders missed beyond the grace period were skipped", skipped - len(examples))
        await self.sweep()
        if self.ctx.timer.running and not self._started:
            self.ctx.timer.call_every(SWEEP_JOB, self.cfg.poll_interval, self.sweep)
        self._started = True

    async def sweep(self) -> int:
        """Set the wake-up for the earliest reminder due before the next sweeps (plus a margin); returns how
        many are due in that window."""
        now = self.ctx.clock.now()
        async with self.ctx.db.reader() as session:
            due = await ReminderQueue(session, self.shards).due_before(self._horizon(now), now)
        if due:
            self.arm(due[0][0], due[0][1])
        return len(due)

    async def wake(self) -> int:
        """The timer's job: send everything due, then set the next wake-up from the table."""
        self._wake_at = None
        sent = await self.run_due()
        now = self.ctx.clock.now()
        async with self.ctx.db.reader() as session:
            upcoming = await ReminderQueue(session, self.shards).due_before(self._horizon(now), now, limit=1)
        if upcoming:
            self.arm(upcoming[0][0], upcoming[0][1])
        return sent

    async def run_due(self) -> int:
        """Fire everything due now, in batches (tests with an injected clock call this instead of waiting)."""
        sent = 0
        while True:
            now = self.ctx.clock.now()
            async with self.ctx.db.session() as session:
                jobs = await ReminderQueue(session, self.shards).claim_due(
                    self.ctx.worker_id, now, now + self.cfg.lease, CLAIM_BATCH)
            if not jobs:
                return sent
            sent += len(await self._run_batch(jobs))

    async def stop(self, grace: float = 5.0) -> None:
        """Before the scheduler shuts down: no new sweeps, and let in-flight sends finish (a send cut off here
        is not lost — its lease expires and another sweep sends it — but finishing is quicker and quieter)."""
        self.ctx.timer.cancel(SWEEP_JOB)
        self.ctx.timer.cancel(WAKE_JOB)
        self._wake_at = None
        self._started = False
        running = [t for t in self._inflight if not t.done()]
        if running:
            await asyncio.wait(running, timeout=grace)

    async def fire(self, reminder_id: int) -> bool:
        """Claim one reminder, run its handler, mark it. True when this worker sent it."""
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            job = await ReminderQueue(session, self.shards).claim(
                reminder_id, self.ctx.worker_id, now, now + self.cfg.lease, now + timedelta(seconds=1))
        if job is None:
            return False
        return reminder_id in await self._run_batch([job])

    async def _run_batch(self, jobs: list[ReminderJob]) -> set[int]:
        """Run claimed jobs: one guild's in due order (its meeting reminder before its start), different
        guilds' side by side up to ``send_concurrency``; then mark the sent ones in one transaction.
        Returns the ids marked sent by this worker."""
        task = asyncio.current_task()
        if task is not None:  # so that stop() can let it finish
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)
        by_guild: dict[int, list[ReminderJob]] = {}
        for job in sorted(jobs, key=lambda j: (j.due_at, j.id)):
            by_guild.setdefault(job.guild_id, []).append(job)
        gate = asyncio.Semaphore(max(1, self.cfg.send_concurrency))
        done: list[ReminderJob] = []

        async def one_guild(queue: list[ReminderJob]) -> None:
            async with gate:
                for job in queue:
                    if await self._run(job):
                        done.append(job)

        await asyncio.gather(*(one_guild(queue) for queue in by_guild.values()))
        if not done:
            return set()
        sent_at = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            marked = await ReminderQueue(session, self.shards).finish_sent(
                [(job.id, job.attempts) for job in done], self.ctx.worker_id, sent_at)
        for job in done:
            if job.id in marked:
                self.sent_log.append((job.id, sent_at))
                self.lateness.append((sent_at - job.due_at).total_seconds())
            else:
                log.warning("reminder %s: claim lost before it was marked sent (lease expired?)", job.id)
        return marked

    async def _run(self, job: ReminderJob) -> bool:
        """Run one handler; True when it succeeded (the caller marks it sent), skips and failures are marked
        here."""
        handler = self.handlers.get(job.kind)
        try:
            if handler is None:
                raise SkipReminder(f"no handler for kind {job.kind!r}")
            # Reminders post publicly (or to members): in the server's language.
            with using(await self.language_of(job.guild_id)):
                # A handler stuck past its lease would let another worker send a duplicate: give up before that.
                await asyncio.wait_for(handler(job), timeout=self.cfg.lease.total_seconds() * 0.8)
        except SkipReminder as exc:
            log.info("reminder %s (%s) skipped: %s", job.id, job.kind, exc)
            await self._finish(job, state="skipped", last_error=str(exc)[:500], lease_until=None)
            return False
        except Exception as exc:
            await self._failed(job, exc)
            return False
        return True

    async def _failed(self, job: ReminderJob, exc: Exception) -> None:
        if job.attempts >= self.cfg.max_attempts:
            log.error("reminder %s (%s) failed %s times, giving up: %r", job.id, job.kind, job.attempts, exc)
            await self._finish(job, state="failed", last_error=repr(exc)[:500], lease_until=None)
            return
        delay = min(timedelta(seconds=2 ** job.attempts), MAX_BACKOFF)
        retry_at = self.ctx.clock.now() + delay
        log.warning("reminder %s (%s) failed (attempt %s), retrying in %s: %r", job.id, job.kind, job.attempts,
                    delay, exc)
        if await self._finish(job, state="pending", due_at=retry_at, last_error=repr(exc)[:500], lease_until=None):
            self.arm(job.id, retry_at)

    async def _finish(self, job: ReminderJob, **values: object) -> bool:
        async with self.ctx.db.session() as session:
            done = await ReminderQueue(session, self.shards).finish(job.id, self.ctx.worker_id, job.attempts, **values)
        if not done:
            log.warning("reminder %s: claim lost before it was marked %s (lease expired?)", job.id,
                        values.get("state"))
        return done

    async def _post_text(self, job: ReminderJob) -> None:
        if job.channel_id is None:
            raise SkipReminder("no channel to post in")
        content = job.text
        if job.role_id and f"<@&{job.role_id}>" not in content:
            content = f"<@&{job.role_id}> {content}"
        await self.ctx.outbox.send(job.channel_id, content, mention_role_id=job.role_id)

    # -- the timer's in-memory mirror -------------------------------------------------------------------------

    def _horizon(self, now: datetime) -> datetime:
        if self.ctx.timer.horizon is None:
            return datetime.max.replace(tzinfo=now.tzinfo)
        return now + max(self.cfg.poll_interval * 2, self.ctx.timer.horizon)

    def arm(self, reminder_id: int, due_at: datetime) -> None:
        """A reminder was added or moved: wake up at ``due_at`` unless a wake-up is set earlier already (later
        ones are found by the wake-up itself or by a sweep). ``reminder_id`` is for the log only."""
        timer = self.ctx.timer
        now = self.ctx.clock.now()
        if not timer.running or due_at > self._horizon(now):
            return
        when = max(due_at, now)
        # A wake-up set in the past that has not cleared itself was lost (e.g. refused by the scheduler):
        # set it again rather than trust it.
        if self._wake_at is not None and now <= self._wake_at <= when:
            return
        log.debug("reminder %s due %s: wake-up set", reminder_id, when.isoformat())
        self._wake_at = when
        timer.call_at(WAKE_JOB, when, self.wake)

    def disarm(self, reminder_id: int) -> None:
        """A reminder was cancelled. Nothing to undo: a wake-up claims only rows still pending, so an early
        one finds nothing and sets the next."""
