"""What a meeting's voice channel looked like before its mode was enforced, per role."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from storage.models.voice import VoiceOverwriteBackup
from storage.repositories.bound import GuildBound


@dataclass(frozen=True)
class KeptOverwrite:
    """One role's or member's overwrite on a channel before a meeting's mode changed it (``existed`` false: there
    was none, so putting it back means deleting it)."""

    channel_id: int
    target_id: int
    existed: bool
    allow: int
    deny: int


class VoiceBackupRepository(GuildBound):
    async def of_meeting(self, meeting_id: int) -> list[KeptOverwrite]:
        stmt = (select(VoiceOverwriteBackup)
                .where(VoiceOverwriteBackup.guild_id == self.guild_id, VoiceOverwriteBackup.meeting_id == meeting_id)
                .order_by(VoiceOverwriteBackup.channel_id, VoiceOverwriteBackup.target_id))
        return [KeptOverwrite(r.channel_id, r.target_id, r.existed, r.allow, r.deny)
                for r in (await self.session.scalars(stmt)).all()]

    def keep(self, meeting_id: int, channel_id: int, target_id: int, *, existed: bool, allow: int, deny: int) -> None:
        self.session.add(VoiceOverwriteBackup(guild_id=self.guild_id, meeting_id=meeting_id, channel_id=channel_id,
                                              target_id=target_id, existed=existed, allow=allow, deny=deny))

    async def drop(self, meeting_id: int, channel_id: int, target_id: int) -> None:
        await self.session.execute(delete(VoiceOverwriteBackup).where(
            VoiceOverwriteBackup.guild_id == self.guild_id, VoiceOverwriteBackup.meeting_id == meeting_id,
            VoiceOverwriteBackup.channel_id == channel_id, VoiceOverwriteBackup.target_id == target_id))
