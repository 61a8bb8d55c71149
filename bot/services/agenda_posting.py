"""The posted agenda: one or more messages in the meeting's channel, the first pinned, edited in place when the
agenda changes. Chairs' edits update it at once (the chair is told where it is); changes made by other services
(open actions carried forward, deliverables and group reports added) refresh it through the coalescer."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.i18n import using
from bot.render.agenda import agenda_messages
from bot.services.coalescer import Coalescer
from bot.services.ports import AgendaBoard, MessageGone

if TYPE_CHECKING:
    from bot.services.agendas import AgendaService

log = logging.getLogger("convener.agenda")


@dataclass(frozen=True)
class PostedAgenda:
    channel_id: int
    message_ids: list[int]
    fresh: bool  # posted anew (the first time, or because a message was deleted by hand), not edited in place
    pinned: bool  # False when pinning the new first message was refused


class AgendaPosting:
    def __init__(self, service: AgendaService, board: AgendaBoard) -> None:
        self.service = service
        self.board = board
        self.coalescer: Coalescer[tuple[int, int]] = Coalescer(
            self._refresh, service.ctx.config.polls.tally_edit_interval)
        # One posting at a time per meeting in this process: a chair's edit and a background refresh must not
        # both post the agenda anew.
        self._locks: dict[tuple[int, int], asyncio.Lock] = {}

    async def publish(self, guild_id: int, meeting_id: int, fallback_channel_id: int | None) -> PostedAgenda | None:
        """Post the agenda, or update the messages already posted; None when it was never posted and neither
        the meeting nor the caller says where it belongs."""
        async with self._locks.setdefault((guild_id, meeting_id), asyncio.Lock()):
            return await self._publish(guild_id, meeting_id, fallback_channel_id)

    async def republish(self, guild_id: int, meeting_id: int) -> PostedAgenda | None:
        """Update the posted agenda after a change made elsewhere; None (and nothing posted) if it is not posted."""
        meeting = await self.service.services.meetings.get(guild_id, meeting_id)
        if not meeting.agenda_message_ids:
            return None
        return await self.publish(guild_id, meeting_id, None)

    def refresh(self, guild_id: int, meeting_id: int) -> None:
        """Republish soon, if the agenda is posted (several changes in a row become one update); returns at once."""
        self.coalescer.poke((guild_id, meeting_id))

    async def stop(self, grace: float = 5.0) -> None:
        cancelled = await self.coalescer.close(grace)
        if cancelled:
            log.warning("%d posted agenda refreshes were still pending at shutdown", cancelled)

    async def _refresh(self, key: tuple[int, int]) -> None:
        await self.republish(*key)

    async def _publish(self, guild_id: int, meeting_id: int, fallback_channel_id: int | None) -> PostedAgenda | None:
        meeting = await self.service.services.meetings.get(guild_id, meeting_id)
        agenda = await self.service.get(guild_id, meeting_id)
        posted_in = await self.service.posted_channel(guild_id, meeting_id) if meeting.agenda_message_ids else None
        target = await self._target(guild_id, (posted_in, meeting.channel_id, fallback_channel_id))
        if target is None:
            return None
        if target != posted_in:
            posted_in = None
        with using(await self.service.services.settings.language(guild_id)):  # a public post
            texts = agenda_messages(meeting, agenda)
        old = list(meeting.agenda_message_ids) if posted_in else []
        ids = await self._edit_all(target, old, texts)
        fresh = ids is None
        if ids is None:  # something was deleted by hand: post everything again so the order stays right
            for message_id in old:
                await self.board.delete_text(target, message_id)
            ids = [await self.board.post_text(target, text) for text in texts]
        pinned = await self.board.pin(target, ids[0]) if fresh else True
        await self.service.set_posted(guild_id, meeting_id, target, ids)
        return PostedAgenda(target, ids, fresh, pinned)

    async def _target(self, guild_id: int, choices: tuple[int | None, ...]) -> int | None:
        """The first of ``choices`` that is still a channel: one deleted on Discord (with the agenda in it) is
        passed over, so edits and refreshes do not fail on it for ever."""
        for channel_id in dict.fromkeys(c for c in choices if c is not None):
            try:
                await self.board.check_channel(guild_id, channel_id)
            except MessageGone:
                log.info("agenda channel %s was deleted", channel_id)
                continue
            return channel_id
        return None

    async def _edit_all(self, channel_id: int, old: list[int], texts: list[str]) -> list[int] | None:
        """Edit the posted messages in place, adding or deleting the surplus; None if one has gone missing."""
        if not old:
            return None
        ids: list[int] = []
        for i, text in enumerate(texts):
            if i < len(old):
                try:
                    await self.board.edit_text(channel_id, old[i], text)
                except MessageGone:
                    return None
                ids.append(old[i])
            else:
                ids.append(await self.board.post_text(channel_id, text))
        for message_id in old[len(texts):]:
            await self.board.delete_text(channel_id, message_id)
        return ids
