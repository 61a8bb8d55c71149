"""Fan-out of one reminder to many members, exactly once each, within Discord's rate limits.

The reminder's handler (already holding the reminder's claim) gives the recipients and the texts. The first
attempt records one ``reminder_deliveries`` row per recipient; every attempt then claims rows, sends, and
marks them, so a crash or a failure part-way resumes with the members not reached yet:

- direct messages go out a few at a time, paced by a token bucket below Discord's global limit, each in its
  member's /profile language (else the server's, which channel messages always use);
- a member whose DMs are closed (Discord 50007) is moved to the channel route, once;
- channel mentions (members who chose the channel, and fallbacks) are posted in as few messages as fit;
- a row left ``sending`` by a process that died is *in doubt*: before sending it again, the DM channel is
  checked for a message sent since that claim, and sends carry a per-row nonce that Discord deduplicates.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.reach import ClaimedDelivery, Recipients
from bot.i18n import current, using
from bot.services.context import ServiceContext
from bot.services.ports import RecipientUnreachable
from bot.services.reminders import ReminderJob, SkipReminder
from storage.repositories.reach import DeliveryRepository

if TYPE_CHECKING:
    from bot.services.profiles import ProfileService

log = logging.getLogger(__name__)

DM_BATCH = 20
CLOSED_DMS = "direct messages closed"


@dataclass(frozen=True)
class Audience:
    """Who gets one reminder and what they read.

    ``dm_text()`` renders the direct message in the current language (called once per language needed).
    ``channel_texts(ids)`` gives the channel messages that mention ``ids`` (text, ids mentioned). When the
    members to mention in the channel are exactly ``role_members``, ``role_text`` (mentioning ``role_id``) is
    posted instead, as one message.
    """

    recipients: Recipients
    dm_text: Callable[[], str]
    channel_id: int | None
    channel_texts: Callable[[Sequence[int]], list[tuple[str, list[int]]]]
    role_id: int | None = None
    role_text: str | None = None
    role_members: frozenset[int] = frozenset()


class Pacer:
    """A token bucket shared by every fan-out of the process: at most ``rate`` sends per second on average,
    ``burst`` at once after a quiet spell."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self._tokens = float(burst)
        self._last: float | None = None
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            loop = asyncio.get_running_loop()
            now = loop.time()
            if self._last is not None:
                self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
            self._last = now
            if self._tokens < 1:
                await asyncio.sleep((1 - self._tokens) / self.rate)
                self._tokens, self._last = 0.0, loop.time()
            else:
                self._tokens -= 1


class DirectTexts:
    """One reminder's direct message in each recipient's language, each language rendered once."""

    def __init__(self, render: Callable[[], str], languages: dict[int, str], fallback: str) -> None:
        self.render, self.languages, self.fallback = render, languages, fallback
        self._texts: dict[str, str] = {}

    def missing(self, user_ids: Iterable[int]) -> list[int]:
        return [u for u in user_ids if u not in self.languages]

    def text_for(self, user_id: int) -> str:
        language = self.languages.get(user_id, self.fallback)
        if language not in self._texts:
            with using(language):
                self._texts[language] = self.render()
        return self._texts[language]


class FanOut:
    def __init__(self, ctx: ServiceContext, profiles: ProfileService) -> None:
        self.ctx = ctx
        self.profiles = profiles
        cfg = ctx.config.reminders
        # A small burst: a first DM costs two requests, and another second's worth on top of a full window
        # would cross Discord's 50 requests per second.
        self.pacer = Pacer(cfg.dm_per_second, burst=max(1, round(cfg.dm_per_second / 3)))
        self.slots = asyncio.Semaphore(cfg.dm_concurrency)

    async def deliver(self, job: ReminderJob, audience: Audience) -> None:
        """Send ``job`` to its audience; raises (so the reminder is retried) if some could not be reached yet."""
        await self._plan(job, audience.recipients)
        # Handlers run in the server's language (see ReminderService._run): the fallback for members without one.
        fallback = current()
        languages = await self.profiles.languages(job.guild_id, sorted(audience.recipients.dm), fallback)
        failed = await self._direct(job, DirectTexts(audience.dm_text, languages, fallback))
        await self._channel(job, audience)
        if failed:
            raise RuntimeError(f"{failed} direct message(s) failed; they will be retried")

    async def _plan(self, job: ReminderJob, recipients: Recipients) -> None:
        async with self.ctx.db.session() as session:
            repo = DeliveryRepository(session, job.id)
            if await repo.planned():
                # A resumed fan-out: whoever is no longer concerned (voted meanwhile, sent apologies) is skipped.
                await repo.drop_pending(recipients.everyone, "no longer concerned")
                return
            if not recipients:
                raise SkipReminder("nobody to remind")
            await repo.plan(job.guild_id, [(u, "dm") for u in recipients.dm] +
                            [(u, "channel") for u in recipients.channel])

    async def _claim(self, job: ReminderJob, route: str, limit: int,
                     exclude: Collection[int] = ()) -> list[ClaimedDelivery]:
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            return await DeliveryRepository(session, job.id).claim(
                route, self.ctx.worker_id, now, now + self.ctx.config.reminders.lease, limit, exclude)

    async def _direct(self, job: ReminderJob, texts: DirectTexts) -> int:
        """Send the direct messages; returns how many failed for reasons worth retrying (they stay pending
        for the reminder's next attempt; on its last attempt they are mentioned in the channel instead)."""
        failed: set[int] = set()
        while rows := await self._claim(job, "dm", DM_BATCH, exclude=failed):
            # A fan-out resumed after its audience changed may hold rows planned for members not looked up yet.
            if missing := texts.missing(row.user_id for row in rows):
                texts.languages |= await self.profiles.languages(job.guild_id, missing, texts.fallback)
            outcomes = await asyncio.gather(*(self._one_dm(job, row, texts.text_for(row.user_id))
                                              for row in rows))
            failed |= {row.id for row, ok in zip(rows, outcomes, strict=True) if not ok}
        return len(failed)

    async def _one_dm(self, job: ReminderJob, row: ClaimedDelivery, text: str) -> bool:
        """Send one direct message and record the outcome at once; False when it failed and may be retried."""
        user_id = row.user_id
        values: dict[str, object]
        try:
            async with self.slots:
                if row.in_doubt and row.since is not None \
                        and await self.ctx.outbox.dm_sent_since(user_id, row.since):
                    log.info("reminder %s: member %s had the DM before a restart; not sent again", job.id, user_id)
                    message_id = None
                else:
                    await self.pacer.wait()
                    message_id = await self.ctx.outbox.dm(user_id, text, nonce=f"cv{row.id}")
            values = {"state": "sent", "sent_at": self.ctx.clock.now(), "message_id": message_id}
        except RecipientUnreachable:
            log.info("reminder %s: member %s does not accept DMs; mentioning them in the channel", job.id, user_id)
            values = {"route": "channel", "state": "pending", "note": CLOSED_DMS}
        except Exception as exc:
            log.warning("reminder %s: DM to member %s failed: %r", job.id, user_id, exc)
            if job.attempts < self.ctx.config.reminders.max_attempts:
                await self._finish(job, [row.id], state="pending", note=repr(exc)[:200])
                return False
            values = {"route": "channel", "state": "pending", "note": "the direct message kept failing"}
        await self._finish(job, [row.id], **values)
        return True

    async def _channel(self, job: ReminderJob, audience: Audience) -> None:
        rows = await self._claim(job, "channel", 100_000)
        if not rows:
            return
        by_user = {r.user_id: r.id for r in rows}
        if audience.channel_id is None:
            await self._finish(job, list(by_user.values()), state="failed", note="no channel to post in")
            log.warning("reminder %s: %d member(s) could not be reached: no channel", job.id, len(rows))
            return
        posts: list[tuple[str, list[int], int | None]]
        # One role mention covers everyone only when there is a role to mention (a server without /setup roles
        # has none): otherwise each member is mentioned.
        if audience.role_text and audience.role_id is not None and set(by_user) == audience.role_members:
            posts = [(audience.role_text, [], audience.role_id)]
        else:
            posts = [(text, ids, None) for text, ids in audience.channel_texts(sorted(by_user))]
        try:
            for text, mentioned, role in posts:
                # The role's message (mentioning the role, or nobody when no role is mapped) reaches them all.
                done = [by_user[u] for u in mentioned] if mentioned else list(by_user.values())
                message_id = await self.ctx.outbox.send(audience.channel_id, text, mention_role_id=role,
                                                        mention_user_ids=mentioned, nonce=f"cv{job.id}c{min(done)}")
                await self._finish(job, done, state="sent", sent_at=self.ctx.clock.now(), message_id=message_id)
        except Exception:
            await self._finish(job, list(by_user.values()), state="pending")
            raise

    async def _finish(self, job: ReminderJob, ids: Sequence[int], **values: object) -> None:
        async with self.ctx.db.session() as session:
            await DeliveryRepository(session, job.id).finish(ids, self.ctx.worker_id, lease_until=None, **values)
