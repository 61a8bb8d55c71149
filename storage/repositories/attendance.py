"""Roll calls, their entries and voice sessions, read and written as plain records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.domain.rollcall import ABSENT
from storage.models.attendance import RollCall, RollCallEntry, VoiceSessionRow
from storage.repositories.bound import GuildBound


@dataclass(frozen=True)
class RollCallRecord:
    """A meeting's roll call as stored, with the copy of the meeting's title and start it keeps."""

    meeting_id: int
    meeting_title: str
    meeting_start: datetime
    series_id: int | None
    channel_id: int | None
    message_id: int | None
    ask_consent: bool
    in_room: bool
    started_at: datetime | None
    closed_at: datetime | None


@dataclass(frozen=True)
class EntryRecord:
    """One participant of one meeting as stored (``user_id`` None: someone added by name)."""

    id: int
    meeting_id: int
    user_id: int | None
    name: str
    role: str
    role_overridden: bool
    stakeholder_group: str | None
    status: str
    consent: bool | None
    took_part: str | None


@dataclass(frozen=True)
class SessionRecord:
    """Time one member spent in the meeting's voice channel (``left_at`` None: still there)."""

    meeting_id: int
    user_id: int
    joined_at: datetime
    left_at: datetime | None


_ROLLCALL_FIELDS = frozenset({"channel_id", "message_id", "ask_consent", "in_room", "started_at", "started_by",
                              "closed_at", "closed_by"})
_ENTRY_FIELDS = frozenset({"name", "role", "role_overridden", "stakeholder_group", "status", "consent", "took_part",
                           "updated_at", "updated_by"})


def _rollcall(row: RollCall) -> RollCallRecord:
    return RollCallRecord(row.meeting_id, row.meeting_title, row.meeting_start, row.series_id, row.channel_id,
                          row.message_id, bool(row.ask_consent), bool(row.in_room), row.started_at, row.closed_at)


def _entry(row: RollCallEntry) -> EntryRecord:
    return EntryRecord(row.id, row.meeting_id, row.user_id, row.name, row.role, row.role_overridden,
                       row.stakeholder_group, row.status, row.consent, row.took_part)


def _set(row: object, allowed: frozenset[str], values: dict[str, object]) -> None:
    if unknown := set(values) - allowed:
        raise ValueError(f"not a field that changes: {sorted(unknown)}")
    for name, value in values.items():
        setattr(row, name, value)


class AttendanceRepository(GuildBound):
    # -- roll calls ---------------------------------------------------------------------------------------------

    async def _rollcall_row(self, meeting_id: int) -> RollCall | None:
        return await self.session.get(RollCall, (self.guild_id, meeting_id))

    async def rollcall(self, meeting_id: int) -> RollCallRecord | None:
        row = await self._rollcall_row(meeting_id)
        return _rollcall(row) if row is not None else None

    async def rollcall_for_update(self, meeting_id: int, *, title: str, start: datetime,
                                  series_id: int | None) -> RollCallRecord:
        """The meeting's roll call, created on first use; the meeting snapshot is refreshed each time."""
        row = await self._rollcall_row(meeting_id)
        if row is None:
            row = RollCall(guild_id=self.guild_id, meeting_id=meeting_id, ask_consent=False, in_room=False)
            self.session.add(row)
        row.meeting_title = title[:100]
        row.meeting_start = start
        row.series_id = series_id
        return _rollcall(row)

    async def update_rollcall(self, meeting_id: int, **values: object) -> bool:
        """Change fields of the meeting's roll call; False when it has none."""
        row = await self._rollcall_row(meeting_id)
        if row is None:
            return False
        _set(row, _ROLLCALL_FIELDS, values)
        return True

    async def rollcalls_between(self, start: datetime, end: datetime) -> list[RollCallRecord]:
        """Roll calls of meetings starting in [start, end), oldest first."""
        stmt = (select(RollCall)
                .where(RollCall.guild_id == self.guild_id, RollCall.meeting_start >= start,
                       RollCall.meeting_start < end)
                .order_by(RollCall.meeting_start, RollCall.meeting_id))
        return [_rollcall(row) for row in (await self.session.scalars(stmt)).all()]

    # -- entries --------------------------------------------------------------------------------------------------

    async def entries(self, meeting_ids: Sequence[int]) -> list[EntryRecord]:
        if not meeting_ids:
            return []
        stmt = (select(RollCallEntry)
                .where(RollCallEntry.guild_id == self.guild_id, RollCallEntry.meeting_id.in_(list(meeting_ids)))
                .order_by(RollCallEntry.id))
        return [_entry(row) for row in (await self.session.scalars(stmt)).all()]

    async def member_entry(self, meeting_id: int, user_id: int, *, name: str, role: str, status: str,
                           now: datetime, updated_by: int | None = None) -> EntryRecord:
        """The member's entry, created with ``status`` if new; name and role follow what is given unless a chair
        overrode the role."""
        stmt = select(RollCallEntry).where(RollCallEntry.guild_id == self.guild_id,
                                           RollCallEntry.meeting_id == meeting_id, RollCallEntry.user_id == user_id)
        row = (await self.session.scalars(stmt)).first()
        if row is None:
            row = RollCallEntry(guild_id=self.guild_id, meeting_id=meeting_id, user_id=user_id, name=name, role=role,
                                role_overridden=False, status=status, updated_at=now, updated_by=updated_by)
            self.session.add(row)
            await self.session.flush()
            return _entry(row)
        row.name = name
        if not row.role_overridden:
            row.role = role
        return _entry(row)

    async def guest_entry(self, meeting_id: int, name: str, *, role: str, status: str, now: datetime) -> EntryRecord:
        """A person without a Discord account, by name (any case); created (role as given) if new."""
        stmt = select(RollCallEntry).where(RollCallEntry.guild_id == self.guild_id,
                                           RollCallEntry.meeting_id == meeting_id, RollCallEntry.user_id.is_(None))
        wanted = name.casefold()
        row = next((r for r in (await self.session.scalars(stmt)).all() if r.name.casefold() == wanted), None)
        if row is None:
            row = RollCallEntry(guild_id=self.guild_id, meeting_id=meeting_id, user_id=None, name=name, role=role,
                                role_overridden=True, status=status, updated_at=now)
            self.session.add(row)
            await self.session.flush()
        return _entry(row)

    def add_absent(self, meeting_id: int, members: Sequence[tuple[int, str, str]], now: datetime,
                   by: int | None) -> None:
        """Entries for members (user id, name, role) who did nothing before the roll call closed."""
        self.session.add_all([RollCallEntry(guild_id=self.guild_id, meeting_id=meeting_id, user_id=user_id, name=name,
                                            role=role, role_overridden=False, status=ABSENT, updated_at=now,
                                            updated_by=by) for user_id, name, role in members])

    async def update_entry(self, entry_id: int, **values: object) -> None:
        row = await self.session.get(RollCallEntry, entry_id)
        if row is None or row.guild_id != self.guild_id:
            raise LookupError(f"no roll-call entry {entry_id} in guild {self.guild_id}")
        _set(row, _ENTRY_FIELDS, values)

    # -- voice sessions -------------------------------------------------------------------------------------------

    async def sessions(self, meeting_ids: Sequence[int]) -> list[SessionRecord]:
        if not meeting_ids:
            return []
        stmt = (select(VoiceSessionRow)
                .where(VoiceSessionRow.guild_id == self.guild_id, VoiceSessionRow.meeting_id.in_(list(meeting_ids)))
                .order_by(VoiceSessionRow.joined_at, VoiceSessionRow.id))
        return [SessionRecord(r.meeting_id, r.user_id, r.joined_at, r.left_at)
                for r in (await self.session.scalars(stmt)).all()]

    async def _open_sessions(self, meeting_id: int) -> list[VoiceSessionRow]:
        stmt = select(VoiceSessionRow).where(VoiceSessionRow.guild_id == self.guild_id,
                                             VoiceSessionRow.meeting_id == meeting_id,
                                             VoiceSessionRow.left_at.is_(None))
        return list((await self.session.scalars(stmt)).all())

    async def in_voice(self, meeting_id: int) -> set[int]:
        """Members with a voice session still open."""
        return {row.user_id for row in await self._open_sessions(meeting_id)}

    async def end_sessions(self, meeting_id: int, at: datetime, user_id: int | None = None) -> int:
        """End the open voice sessions (of one member, or everyone's) at ``at``, never before they began; returns
        how many were open."""
        rows = [r for r in await self._open_sessions(meeting_id) if user_id is None or r.user_id == user_id]
        for row in rows:
            row.left_at = max(at, row.joined_at)
        return len(rows)

    def add_session(self, meeting_id: int, user_id: int, joined_at: datetime) -> None:
        self.session.add(VoiceSessionRow(guild_id=self.guild_id, meeting_id=meeting_id, user_id=user_id,
                                         joined_at=joined_at))
