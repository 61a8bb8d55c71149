"""The roll-call message: posted once per meeting (a new post replaces the old one), then kept current through
the coalescer after every answer, voice move or correction."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.domain.meeting import MeetingInfo
from bot.domain.rollcall import RollCallBoard
from bot.i18n import using
from bot.render.attendance import rollcall_message
from bot.services.coalescer import Coalescer
from bot.services.ports import MessageGone, RollCallCard, RollCallMessages

if TYPE_CHECKING:
    from bot.services.rollcall import RollCallService

log = logging.getLogger("convener.rollcall")


class RollCallMessage:
    def __init__(self, service: RollCallService, messages: RollCallMessages) -> None:
        self.service = service
        self.messages = messages
        # The same pace as poll tallies: Discord allows about five edits per five seconds per message.
        self.coalescer: Coalescer[tuple[int, int]] = Coalescer(
            self._redraw, service.ctx.config.polls.tally_edit_interval)

    async def post(self, guild_id: int, meeting: MeetingInfo, channel_id: int, *, ask_consent: bool,
                   by: int | None, in_room: bool = False) -> tuple[RollCallBoard, int]:
        """Open the roll call and post its message in ``channel_id``; a message posted before is deleted, so
        each meeting has one live roll-call message. Returns the board and the new message's id."""
        previous = await self.service.message_of(guild_id, meeting.id)
        board = await self.service.begin(guild_id, meeting.id, channel_id=channel_id, ask_consent=ask_consent,
                                         by=by, in_room=in_room)
        message_id = await self.messages.post_rollcall(channel_id, await self._card(guild_id, meeting, board))
        await self.service.attach_message(guild_id, meeting.id, channel_id, message_id)
        if previous is not None:
            await self.messages.delete_rollcall(*previous)
        return board, message_id

    def refresh(self, guild_id: int, meeting_id: int) -> None:
        """Bring the posted message up to date soon (a burst of changes becomes one edit); returns at once."""
        self.coalescer.poke((guild_id, meeting_id))

    async def stop(self, grace: float = 5.0) -> None:
        cancelled = await self.coalescer.close(grace)
        if cancelled:
            log.warning("%d roll-call message refreshes were still pending at shutdown", cancelled)

    async def _card(self, guild_id: int, meeting: MeetingInfo, board: RollCallBoard) -> RollCallCard:
        language = await self.service.services.settings.language(guild_id)
        with using(language):  # a public message, whoever clicked
            text = rollcall_message(board, meeting.voice_channel_id)
        return RollCallCard(meeting.id, text, buttons=not board.closed, ask_consent=board.ask_consent,
                            in_room=board.in_room, language=language)

    async def _redraw(self, key: tuple[int, int]) -> None:
        guild_id, meeting_id = key
        where = await self.service.message_of(guild_id, meeting_id)
        if where is None:
            return
        meeting = await self.service.services.meetings.get(guild_id, meeting_id)
        card = await self._card(guild_id, meeting, await self.service.board(guild_id, meeting_id))
        try:
            await self.messages.edit_rollcall(*where, card)
        except MessageGone:
            log.info("roll-call message of meeting %s was deleted", meeting_id)
