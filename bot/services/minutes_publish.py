"""`/minutes publish`: one unit of work records the publication; its messages are then posted from what was stored.

The unit of work marks the version published, stores the messages to post (its parts), marks the meeting done,
tracks the action items with their due-date reminders, carries open actions to the next agenda and queues the
posting job — all of it or nothing. Posting follows from the stored parts: each part gets its Discord message id
as soon as it is posted, and is sent with a nonce from which Discord recognises a repeat, so a retry, another
process or a restart after a crash posts exactly the parts still missing. The command posts them itself right
after the commit; the posting job (a reminder of kind ``minutes.post``, due one lease later) is the safety net:
it finishes what a crash or a Discord refusal left undone, retried with backoff and run again after downtime.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.meeting import MeetingInfo
from bot.domain.minutes import ActionItem
from bot.errors import Conflict, UserError
from bot.i18n import _
from bot.i18n.formatting import format_day
from bot.render.minutes import filename
from bot.render.minutes_text import for_discord, markdown_to_text, split_messages
from bot.services.ports import OutFile
from bot.services.reminders import ReminderJob, SkipReminder
from storage.db import Session
from storage.repositories.minutes import MinutesRepository
from storage.repositories.reminders import ReminderRepository

if TYPE_CHECKING:
    from bot.services.minutes import MinutesService

log = logging.getLogger(__name__)

POST_KIND = "minutes.post"


@dataclass(frozen=True)
class Publication:
    meeting: MeetingInfo
    version: int
    channel_id: int
    message_ids: list[int]
    actions: list[ActionItem]
    reminders: int
    next_meeting: MeetingInfo | None
    carried: list[ActionItem]
    carry_problem: str | None = None  # why open actions could not be added to the next agenda
    parts: int = 0  # messages the publication consists of; message_ids holds those posted so far
    resumed: bool = False  # an earlier publish of this version had not posted every part; this one went on

    @property
    def complete(self) -> bool:
        return len(self.message_ids) >= self.parts


@dataclass
class _Recorded:
    version_id: int
    version: int
    channel_id: int
    post: bool  # whether this command posts the missing parts (no live worker is posting them already)
    actions: list[ActionItem]
    reminders: int = 0
    next_meeting: MeetingInfo | None = None
    carried: list[ActionItem] | None = None
    carry_problem: str | None = None
    resumed: bool = False


def nonce(version_id: int, part: int) -> str:
    """Discord keeps a nonce a few minutes and answers a repeat with the message already posted (≤ 25 chars)."""
    return f"m{version_id}.{part}"


class Publisher:
    def __init__(self, minutes: MinutesService) -> None:
        self.minutes = minutes
        self.ctx = minutes.ctx
        self.services = minutes.services
        self._posting: dict[int, asyncio.Lock] = {}

    async def start(self) -> None:
        # catch_up: a publication interrupted by downtime is finished whenever convener comes back.
        self.services.reminders.register(POST_KIND, self.handle, catch_up=True)

    async def publish(self, guild_id: int, meeting_id: int, user_id: int) -> Publication:
        meeting = await self.services.meetings.get(guild_id, meeting_id)
        if meeting.is_live:
            raise Conflict(_("{meeting} is still live; end it with `/meeting end` before publishing.",
                             meeting=meeting.label()))
        if meeting.is_cancelled:
            raise Conflict(_("{meeting} was cancelled; there are no minutes to publish.", meeting=meeting.label()))
        channel_id = await self.minutes.minutes_channel(guild_id, meeting)
        async with self.ctx.db.session() as session:
            done = await self._record(session, guild_id, meeting, channel_id, user_id)
        if done.post:
            try:
                await self.post_missing(guild_id, done.version_id)
            except Exception:  # the posting job finishes it; the member is told how far it got
                log.warning("guild %s: posting minutes version %s stopped; the posting job will go on", guild_id,
                            done.version_id, exc_info=True)
        else:  # a worker of this process is posting: let it finish before reporting
            async with self._posting.setdefault(done.version_id, asyncio.Lock()):
                pass
        async with self.ctx.db.reader() as session:
            parts = await MinutesRepository(session, guild_id).parts(done.version_id)
        return Publication(meeting, done.version, done.channel_id, [p.message_id for p in parts if p.message_id],
                           done.actions, done.reminders, done.next_meeting, done.carried or [],
                           done.carry_problem, len(parts), done.resumed)

    async def _record(self, session: Session, guild_id: int, meeting: MeetingInfo, channel_id: int,
                      user_id: int) -> _Recorded:
        """Everything the publication changes in the database, in the caller's unit of work."""
        repo = MinutesRepository(session, guild_id)
        now = self.ctx.clock.now()
        version = await repo.latest_version(meeting.id, for_update=True)
        if version is not None and version.published_at is not None:
            return await self._resume(session, guild_id, version.id, version.number, version.channel_id or channel_id)
        if version is None:
            version = await repo.add_version(meeting.id, "draft", await self.minutes.compose(guild_id, meeting),
                                             user_id, now)
        await repo.publish(version.id, now, channel_id)
        await repo.add_parts(version.id, split_messages(for_discord(version.markdown)))
        await self.services.meetings.mark_done(guild_id, meeting.id)
        entries = await self.minutes.capture.entries(guild_id, meeting.id)
        actions, reminders = await self.minutes.actions.create(guild_id, meeting, entries, channel_id)
        done = _Recorded(version.id, version.number, channel_id, True, actions, reminders)
        try:
            done.next_meeting, done.carried = await self.minutes.actions.carry_forward(guild_id, meeting)
        except UserError as exc:
            # The minutes go out and the actions are tracked; a full next agenda must not undo that.
            log.warning("guild %s meeting %s: open actions not carried forward: %s", guild_id, meeting.id, exc)
            done.carry_problem = exc.message
        await self._queue_job(session, guild_id, version.id, channel_id)
        return done

    async def _queue_job(self, session: Session, guild_id: int, version_id: int, channel_id: int) -> None:
        # Due one lease later: the command posts first; the job only finishes what it could not.
        due = self.ctx.clock.now() + self.ctx.config.reminders.lease
        await self.services.reminders.add_in(session, guild_id, POST_KIND, due, ref_id=version_id,
                                             channel_id=channel_id)

    async def _resume(self, session: Session, guild_id: int, version_id: int, number: int,
                      channel_id: int) -> _Recorded:
        """Publish again on a version already published: go on posting its missing parts, or refuse."""
        parts = await MinutesRepository(session, guild_id).parts(version_id)
        if all(p.message_id is not None for p in parts):
            version = await MinutesRepository(session, guild_id).version(version_id)
            assert version is not None and version.published_at is not None
            raise Conflict(_("The minutes of this meeting were published on {day}; they can no longer be changed.",
                             day=format_day(version.published_at.date())))
        reminders = ReminderRepository(session, guild_id)
        if await reminders.in_progress(POST_KIND, version_id, self.ctx.clock.now()):
            return _Recorded(version_id, number, channel_id, False, [], resumed=True)
        for old in await reminders.cancel([POST_KIND], version_id):
            self.services.reminders.disarm(old)
        await self._queue_job(session, guild_id, version_id, channel_id)
        return _Recorded(version_id, number, channel_id, True, [], resumed=True)

    # -- posting --------------------------------------------------------------------------------------------------

    async def handle(self, job: ReminderJob) -> None:
        if job.ref_id is None:
            raise SkipReminder("no minutes version")
        await self.post_missing(job.guild_id, job.ref_id)

    async def post_missing(self, guild_id: int, version_id: int) -> None:
        """Post the parts of a published version that have no message yet, in order."""
        async with self._posting.setdefault(version_id, asyncio.Lock()):
            async with self.ctx.db.reader() as session:
                repo = MinutesRepository(session, guild_id)
                version = await repo.version(version_id)
                parts = await repo.parts(version_id)
            if version is None or version.published_at is None or version.channel_id is None:
                raise SkipReminder(f"minutes version {version_id} is not being published")
            meeting = await self.services.meetings.get(guild_id, version.meeting_id)
            posted = [p.message_id for p in parts if p.message_id is not None]
            for part in parts:
                if part.message_id is not None:
                    continue
                files = [OutFile(filename(meeting, "md"), version.markdown.encode()),
                         OutFile(filename(meeting, "txt"), markdown_to_text(version.markdown).encode())] \
                    if part.number == len(parts) else []
                message_id = await self.ctx.outbox.send(version.channel_id, part.content, files=files,
                                                        nonce=nonce(version_id, part.number))
                posted.append(message_id)
                async with self.ctx.db.session() as session:
                    repo = MinutesRepository(session, guild_id)
                    await repo.mark_part_posted(part.id, message_id, self.ctx.clock.now())
                    await repo.set_message_ids(version_id, posted)
