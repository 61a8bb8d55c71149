"""Reminders and every other deferred action (poll close, last calls, action-item due dates).

The ``reminders`` table is the source of truth. APScheduler only holds in-memory jobs for what is due
soon; a sweep job re-reads the table every ``poll_interval`` so jobs survive restarts, pick up rows
written by other processes and recover claims whose worker died (expired lease).

Exactly once: a worker claims a row in the database (``SELECT … FOR UPDATE SKIP LOCKED`` then a state
change) before calling the handler and marks it sent after. A failing handler is retried with backoff.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.jobstores.base import JobLookupError

from bot.services.context import ServiceContext
from storage.models.reminders import Reminder
from storage.repositories.reminders import ReminderQueue, ReminderRepository

log = logging.getLogger(__name__)

SWEEP_JOB = "reminders:sweep"
MAX_TEXT = 1800


@dataclass(frozen=True)
class ReminderJob:
    """What a handler gets: a snapshot of the claimed row."""

    id: int
    guild_id: int
    kind: str
    ref_id: int | None
    channel_id: int | None
    role_id: int | None
    text: str
    due_at: datetime
    attempts: int
    late_by: timedelta


class SkipReminder(Exception):
    """Raised by a handler when the reminder no longer applies (e.g. its meeting was cancelled)."""


Handler = Callable[[ReminderJob], Awaitable[None]]


class ReminderService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.handlers: dict[str, Handler] = {"text": self._post_text}
        self.cfg = ctx.config.reminders
        self.sent_log: list[tuple[int, datetime]] = []  # (id, sent_at) for benchmarks/diagnostics
        self._started = False

    def register(self, kind: str, handler: Handler) -> None:
        self.handlers[kind] = handler

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
    ) -> int:
        if due_at.tzinfo is None:
            raise ValueError("due_at must be timezone-aware")
        async with self.ctx.db.session() as session:
            row = await ReminderRepository(session, guild_id).add(
                Reminder(kind=kind, ref_id=ref_id, channel_id=channel_id, role_id=role_id, text=text[:MAX_TEXT],
                         due_at=due_at, state="pending", attempts=0, created_at=self.ctx.clock.now())
            )
            reminder_id = row.id
        self._arm(reminder_id, due_at)
        return reminder_id

    async def cancel(self, guild_id: int, kinds: list[str], ref_id: int) -> int:
        """Cancel pending reminders of these kinds for one object (a meeting, a poll, an action)."""
        async with self.ctx.db.session() as session:
            ids = await ReminderRepository(session, guild_id).cancel(kinds, ref_id)
        for reminder_id in ids:
            self._disarm(reminder_id)
        return len(ids)

    async def pending(self, guild_id: int, kind: str | None = None, ref_id: int | None = None) -> list[Reminder]:
        async with self.ctx.db.reader() as session:
            return await ReminderRepository(session, guild_id).pending_for(kind, ref_id)

    # -- the worker -------------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Apply the downtime policy, arm what is due soon and start the periodic sweep."""
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            skipped = await ReminderQueue(session).skip_older_than(now - self.cfg.grace_period)
        for row in skipped:
            log.warning("reminder %s (%s, guild %s) was due %s, beyond the grace period: skipped",
                        row.id, row.kind, row.guild_id, row.due_at.isoformat())
        await self.sweep()
        if self.ctx.scheduler.running and not self._started:
            self.ctx.scheduler.add_job(self.sweep, "interval", seconds=self.cfg.poll_interval.total_seconds(),
                                       id=SWEEP_JOB, replace_existing=True, coalesce=True, max_instances=1)
        self._started = True

    async def sweep(self) -> int:
        """Arm jobs for everything due before the next sweep (plus a margin); returns how many."""
        now = self.ctx.clock.now()
        horizon = now + self.cfg.poll_interval * 2
        async with self.ctx.db.reader() as session:
            due = await ReminderQueue(session).due_before(horizon, now)
        for reminder_id, due_at in due:
            self._arm(reminder_id, due_at)
        return len(due)

    async def run_due(self) -> int:
        """Fire everything due now (tests with an injected clock call this instead of waiting)."""
        now = self.ctx.clock.now()
        async with self.ctx.db.reader() as session:
            due = await ReminderQueue(session).due_before(now, now)
        fired = 0
        for reminder_id, _ in due:
            fired += await self.fire(reminder_id)
        return fired

    async def fire(self, reminder_id: int) -> bool:
        """Claim, run the handler, mark. True when this worker sent it."""
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            row = await ReminderQueue(session).claim(reminder_id, self.ctx.worker_id, now, now + self.cfg.lease)
            if row is None:
                return False
            if row.due_at > now + timedelta(seconds=1):
                # Armed early (e.g. rescheduled later); put it back.
                row.state, row.attempts, row.lease_until = "pending", row.attempts - 1, None
                return False
            job = ReminderJob(row.id, row.guild_id, row.kind, row.ref_id, row.channel_id, row.role_id, row.text,
                              row.due_at, row.attempts, now - row.due_at)
        handler = self.handlers.get(job.kind)
        try:
            if handler is None:
                raise SkipReminder(f"no handler for kind {job.kind!r}")
            await handler(job)
        except SkipReminder as exc:
            await self._mark(job.id, state="skipped", last_error=str(exc)[:500], lease_until=None)
            return False
        except Exception as exc:
            await self._failed(job, exc)
            return False
        sent_at = self.ctx.clock.now()
        await self._mark(job.id, state="sent", sent_at=sent_at, lease_until=None, last_error=None)
        self.sent_log.append((job.id, sent_at))
        return True

    async def _failed(self, job: ReminderJob, exc: Exception) -> None:
        if job.attempts >= self.cfg.max_attempts:
            log.error("reminder %s failed %s times, giving up: %r", job.id, job.attempts, exc)
            await self._mark(job.id, state="failed", last_error=repr(exc)[:500], lease_until=None)
            return
        delay = timedelta(seconds=min(2 ** job.attempts, 300))
        retry_at = self.ctx.clock.now() + delay
        log.warning("reminder %s failed (attempt %s), retrying in %s: %r", job.id, job.attempts, delay, exc)
        await self._mark(job.id, state="pending", due_at=retry_at, last_error=repr(exc)[:500], lease_until=None)
        self._arm(job.id, retry_at)

    async def _mark(self, reminder_id: int, **values: object) -> None:
        async with self.ctx.db.session() as session:
            await ReminderQueue(session).mark(reminder_id, **values)

    async def _post_text(self, job: ReminderJob) -> None:
        if job.channel_id is None:
            raise SkipReminder("no channel to post in")
        await self.ctx.outbox.send(job.channel_id, job.text, mention_role_id=job.role_id)

    # -- APScheduler mirror -----------------------------------------------------------------------------------

    def _arm(self, reminder_id: int, due_at: datetime) -> None:
        scheduler = self.ctx.scheduler
        if not scheduler.running:
            return
        run_at = max(due_at, self.ctx.clock.now())
        scheduler.add_job(self.fire, "date", run_date=run_at, args=[reminder_id], id=f"reminder:{reminder_id}",
                          replace_existing=True, misfire_grace_time=None, coalesce=True)

    def _disarm(self, reminder_id: int) -> None:
        try:
            self.ctx.scheduler.remove_job(f"reminder:{reminder_id}")
        except JobLookupError:
            pass
