"""Roll calls, their entries and voice sessions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.attendance import RollCall, RollCallEntry, VoiceSessionRow


class AttendanceRepository:
    def __init__(self, session: AsyncSession, guild_id: int) -> None:
        self.session = session
        self.guild_id = guild_id

    # -- roll calls ---------------------------------------------------------------------------------------------

    async def rollcall(self, meeting_id: int) -> RollCall | None:
        return await self.session.get(RollCall, (self.guild_id, meeting_id))

    async def rollcall_for_update(self, meeting_id: int, *, title: str, start: datetime,
                                  series_id: int | None) -> RollCall:
        """The meeting's roll call, created on first use; the meeting snapshot is refreshed each time."""
        row = await self.rollcall(meeting_id)
        if row is None:
            row = RollCall(guild_id=self.guild_id, meeting_id=meeting_id, ask_consent=False)
            self.session.add(row)
        row.meeting_title = title[:100]
        row.meeting_start = start
        row.series_id = series_id
        return row

    async def rollcalls_between(self, start: datetime, end: datetime) -> list[RollCall]:
        """Roll calls of meetings starting in [start, end), oldest first."""
        stmt = (select(RollCall)
                .where(RollCall.guild_id == self.guild_id, RollCall.meeting_start >= start,
                       RollCall.meeting_start < end)
                .order_by(RollCall.meeting_start, RollCall.meeting_id))
        return list((await self.session.scalars(stmt)).all())

    # -- entries --------------------------------------------------------------------------------------------------

    async def entries(self, meeting_ids: Sequence[int]) -> list[RollCallEntry]:
        if not meeting_ids:
            return []
        stmt = (select(RollCallEntry)
                .where(RollCallEntry.guild_id == self.guild_id, RollCallEntry.meeting_id.in_(list(meeting_ids)))
                .order_by(RollCallEntry.id))
        return list((await self.session.scalars(stmt)).all())

    async def entry(self, meeting_id: int, user_id: int) -> RollCallEntry | None:
        stmt = select(RollCallEntry).where(RollCallEntry.guild_id == self.guild_id,
                                           RollCallEntry.meeting_id == meeting_id, RollCallEntry.user_id == user_id)
        return (await self.session.scalars(stmt)).first()

    async def guest(self, meeting_id: int, name: str) -> RollCallEntry | None:
        """A person without a Discord account, by name (any case)."""
        stmt = select(RollCallEntry).where(RollCallEntry.guild_id == self.guild_id,
                                           RollCallEntry.meeting_id == meeting_id, RollCallEntry.user_id.is_(None))
        wanted = name.casefold()
        return next((row for row in (await self.session.scalars(stmt)).all() if row.name.casefold() == wanted), None)

    def add_entry(self, entry: RollCallEntry) -> RollCallEntry:
        entry.guild_id = self.guild_id
        self.session.add(entry)
        return entry

    # -- voice sessions -------------------------------------------------------------------------------------------

    async def sessions(self, meeting_ids: Sequence[int]) -> list[VoiceSessionRow]:
        if not meeting_ids:
            return []
        stmt = (select(VoiceSessionRow)
                .where(VoiceSessionRow.guild_id == self.guild_id, VoiceSessionRow.meeting_id.in_(list(meeting_ids)))
                .order_by(VoiceSessionRow.joined_at, VoiceSessionRow.id))
        return list((await self.session.scalars(stmt)).all())

    async def open_sessions(self, meeting_id: int) -> list[VoiceSessionRow]:
        stmt = select(VoiceSessionRow).where(VoiceSessionRow.guild_id == self.guild_id,
                                             VoiceSessionRow.meeting_id == meeting_id,
                                             VoiceSessionRow.left_at.is_(None))
        return list((await self.session.scalars(stmt)).all())

    def add_session(self, meeting_id: int, user_id: int, joined_at: datetime) -> None:
        self.session.add(VoiceSessionRow(guild_id=self.guild_id, meeting_id=meeting_id, user_id=user_id,
                                         joined_at=joined_at))
