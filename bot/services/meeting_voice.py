"""Enforcing a meeting's mode on its voice or stage channel for the meeting window, and putting the channel back.

Whenever a meeting goes live or ends, its mode changes, or the live meeting moves to or from a closed agenda
item, a ``meeting.voice`` job is queued in the same transaction. Its handler makes the channel what it should be
now (converging, like the Discord event sync): the mode's overwrites while the meeting is live, the original
overwrites otherwise. The originals are stored before anything is changed and dropped one by one once put back,
so a failure or a restart half-way is retried from the database and never loses the channel's own settings.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.domain.agenda_input import closed_ids
from bot.domain.meeting import MeetingInfo
from bot.domain.meeting_modes import CLOSED, Audience, Overwrite, effective_mode, must_leave, overwrites_for, targets
from bot.domain.permissions import Role, role_ids
from bot.errors import UserError
from bot.i18n import _, using
from bot.render.meeting import escape_md
from bot.services.reminders import ReminderJob, SkipReminder
from storage.db import Session
from storage.repositories.reminders import ReminderRepository
from storage.repositories.voice import VoiceBackupRepository

if TYPE_CHECKING:
    from bot.services.meetings import MeetingService

log = logging.getLogger(__name__)

VOICE_KIND = "meeting.voice"
PARTICIPANT_ROLES = (Role.MEMBER, Role.CHAIR, Role.SECRETARIAT)


@dataclass(frozen=True)
class Connected:
    """Someone in the voice channel: their role ids, and whether they administer the server."""

    user_id: int
    role_ids: frozenset[int]
    is_admin: bool = False


@dataclass(frozen=True)
class VoiceChannelState:
    """A voice or stage channel as Discord has it now."""

    stage: bool
    overwrites: Mapping[int, Overwrite]  # role overwrites by role id (@everyone's id is the server's)
    role_names: Mapping[int, str]  # every role of the server
    connected: Sequence[Connected] = field(default_factory=tuple)


class VoiceNotAllowed(Exception):
    """Discord refused to change the channel's permissions (convener lacks Manage Roles there)."""


class VoiceChannels(Protocol):
    """Discord voice channels, implemented by the meetings cog with discord.py."""

    async def state(self, guild_id: int, channel_id: int) -> VoiceChannelState | None:
        """None when the channel is gone or is no voice or stage channel."""
        ...

    async def put(self, guild_id: int, channel_id: int, overwrite: Overwrite) -> None: ...

    async def delete(self, guild_id: int, channel_id: int, target_id: int) -> None: ...

    async def disconnect(self, guild_id: int, user_id: int) -> None: ...


async def queue_voice(session: Session, service: MeetingService, guild_id: int, meeting_id: int,
                      now: datetime) -> int:
    """Queue a voice-channel sync for a meeting, or reuse the one already waiting; returns its reminder id."""
    waiting = await ReminderRepository(session, guild_id).pending_for(VOICE_KIND, meeting_id)
    if waiting:
        return waiting[0].id
    return await service.services.reminders.add_in(session, guild_id, VOICE_KIND, now, ref_id=meeting_id)


class VoiceEnforcer:
    """The ``meeting.voice`` handler."""

    def __init__(self, service: MeetingService, port: VoiceChannels | None) -> None:
        self.service = service
        self.port = port
        self._locks: dict[int, asyncio.Lock] = {}

    async def handle(self, job: ReminderJob) -> None:
        if job.ref_id is None:
            raise SkipReminder("no meeting")
        if self.port is None:
            raise RuntimeError("Discord voice channels are not connected yet")  # retried with backoff
        try:
            meeting = await self.service.get(job.guild_id, job.ref_id)
        except UserError as exc:
            raise SkipReminder(exc.message) from exc
        async with self._locks.setdefault(meeting.id, asyncio.Lock()):
            try:
                await self.converge(self.port, meeting)
            except VoiceNotAllowed as exc:
                await self._tell(meeting)
                raise SkipReminder(f"Discord refused the channel's permissions: {exc}") from exc

    async def wanted(self, meeting: MeetingInfo) -> str | None:
        """The mode the channel should have now (None: its own settings)."""
        if not meeting.is_live or meeting.voice_channel_id is None:
            return None
        item_closed = False
        if meeting.current_item_id is not None:
            agenda = await self.service.services.agendas.get(meeting.guild_id, meeting.id)
            item_closed = meeting.current_item_id in closed_ids(agenda)
        return effective_mode(meeting.mode, item_closed)

    async def converge(self, port: VoiceChannels, meeting: MeetingInfo) -> None:
        mode = await self.wanted(meeting)
        db = self.service.ctx.db
        async with db.reader() as session:
            kept = await VoiceBackupRepository(session, meeting.guild_id).of_meeting(meeting.id)
        backups = [(b.channel_id, b.target_id, b.existed, Overwrite(b.target_id, b.allow, b.deny)) for b in kept]
        for channel_id, target_id, existed, original in backups:
            if mode is None or channel_id != meeting.voice_channel_id:
                await self._restore(port, meeting, channel_id, target_id, original if existed else None)
        if mode is None or meeting.voice_channel_id is None:
            return
        channel = meeting.voice_channel_id
        state = await port.state(meeting.guild_id, channel)
        if state is None:
            raise SkipReminder(f"voice channel {channel} of meeting {meeting.id} is gone")
        audience = await self.audience(meeting.guild_id, state)
        originals = {t: o for c, t, existed, o in backups if c == channel and existed}
        known = {t for c, t, _, _ in backups if c == channel}
        new = [t for t in targets(audience) if t not in known]
        if new:
            # Kept before anything changes, so the channel's own settings can always be put back.
            async with db.session() as session:
                repo = VoiceBackupRepository(session, meeting.guild_id)
                for target in new:
                    before = state.overwrites.get(target)
                    repo.keep(meeting.id, channel, target, existed=before is not None,
                              allow=before.allow if before else 0, deny=before.deny if before else 0)
                    if before is not None:
                        originals[target] = before
        for overwrite in overwrites_for(mode, audience, originals, stage=state.stage):
            if state.overwrites.get(overwrite.target_id) != overwrite:
                await port.put(meeting.guild_id, channel, overwrite)
        if mode == CLOSED:
            for person in state.connected:
                if must_leave(mode, person.role_ids, audience, is_admin=person.is_admin):
                    await port.disconnect(meeting.guild_id, person.user_id)
        log.info("guild %s: voice channel %s of meeting %s is %s", meeting.guild_id, channel, meeting.id, mode)

    async def _tell(self, meeting: MeetingInfo) -> None:
        """Say in the meeting's channel that the mode could not be enforced, and what would fix it."""
        setup = await self.service.services.settings.get(meeting.guild_id)
        channel_id = meeting.channel_id or setup.announcements_channel_id
        if channel_id is None or meeting.voice_channel_id is None:
            return
        with using(await self.service.services.settings.language(meeting.guild_id)):
            text = _("⚠️ I could not change the permissions of <#{channel}> for **{title}**: give convener the "
                     "Manage Roles permission there (and Move Members, to clear a closed session).",
                     channel=meeting.voice_channel_id, title=escape_md(meeting.title))
        await self.service.ctx.outbox.send(channel_id, text)

    async def audience(self, guild_id: int, state: VoiceChannelState) -> Audience:
        setup = await self.service.services.settings.get(guild_id)
        names = self.service.ctx.config.roles
        defaults = {Role.CHAIR: names.chair, Role.SECRETARIAT: names.secretariat, Role.MEMBER: names.member,
                    Role.OBSERVER: names.observer}
        observers = role_ids(Role.OBSERVER, state.role_names, setup.role_map, defaults)
        participants = frozenset().union(*(role_ids(r, state.role_names, setup.role_map, defaults)
                                           for r in PARTICIPANT_ROLES))
        return Audience(guild_id, observers, participants)

    async def _restore(self, port: VoiceChannels, meeting: MeetingInfo, channel_id: int, target_id: int,
                       original: Overwrite | None) -> None:
        """Put one role's overwrite back as it was (or remove it), then forget the copy."""
        if original is None:
            await port.delete(meeting.guild_id, channel_id, target_id)
        else:
            await port.put(meeting.guild_id, channel_id, original)
        async with self.service.ctx.db.session() as session:
            await VoiceBackupRepository(session, meeting.guild_id).drop(meeting.id, channel_id, target_id)
