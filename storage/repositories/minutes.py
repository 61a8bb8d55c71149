"""Minutes entries, summary versions and action items, always within one guild."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update

from bot.domain.meeting import MeetingInfo
from bot.domain.minutes import ActionItem, ActionStatus, Entry, VersionInfo
from storage.models.minutes import ActionItemRow, MinutesEntry, MinutesPart, MinutesVersion
from storage.repositories.bound import GuildBound


def _entry(row: MinutesEntry) -> Entry:
    return Entry(row.id, row.meeting_id, row.item_id, row.kind, row.text, row.author_id, row.credit, row.owner_id,
                 row.owner_name, row.due, row.created_at)


def _action(row: ActionItemRow) -> ActionItem:
    return ActionItem(row.id, row.meeting_id, row.text, row.owner_id, row.owner_name, row.due, row.status,
                      row.series_id)


@dataclass(frozen=True)
class StoredVersion:
    """A version of a meeting's minutes as stored (``published_at`` set once it went out)."""

    id: int
    meeting_id: int
    number: int
    source: str
    markdown: str
    published_at: datetime | None
    channel_id: int | None


@dataclass(frozen=True)
class StoredPart:
    """One Discord message of a publication; ``message_id`` once it is posted."""

    id: int
    number: int
    content: str
    message_id: int | None


def _version(row: MinutesVersion) -> StoredVersion:
    return StoredVersion(row.id, row.meeting_id, row.number, row.source, row.markdown, row.published_at,
                         row.channel_id)


def _part(row: MinutesPart) -> StoredPart:
    return StoredPart(row.id, row.number, row.content, row.message_id)


class MinutesRepository(GuildBound):
    # -- entries ----------------------------------------------------------------------------------------------

    async def add_entry(self, meeting_id: int, item_id: int | None, kind: str, text: str, author_id: int,
                        now: datetime, *, owner_id: int | None = None, owner_name: str | None = None,
                        due: date | None = None, credit: str | None = None, credit_id: int | None = None,
                        source_message_id: int | None = None) -> Entry:
        row = MinutesEntry(guild_id=self.guild_id, meeting_id=meeting_id, item_id=item_id, kind=kind, text=text,
                           author_id=author_id, owner_id=owner_id, owner_name=owner_name, due=due, credit=credit,
                           credit_id=credit_id, source_message_id=source_message_id, created_at=now)
        self.session.add(row)
        await self.session.flush()
        return _entry(row)

    async def _entry_row(self, entry_id: int) -> MinutesEntry | None:
        return await self._own(MinutesEntry, entry_id)

    async def entry(self, entry_id: int) -> Entry | None:
        row = await self._entry_row(entry_id)
        return None if row is None else _entry(row)

    async def entries(self, meeting_id: int) -> list[Entry]:
        stmt = (
            select(MinutesEntry)
            .where(MinutesEntry.guild_id == self.guild_id, MinutesEntry.meeting_id == meeting_id)
            .order_by(MinutesEntry.id)
        )
        return [_entry(row) for row in (await self.session.scalars(stmt)).all()]

    async def entry_for_message(self, meeting_id: int, message_id: int) -> Entry | None:
        stmt = select(MinutesEntry).where(
            MinutesEntry.guild_id == self.guild_id,
            MinutesEntry.meeting_id == meeting_id,
            MinutesEntry.source_message_id == message_id,
        )
        row = (await self.session.scalars(stmt)).first()
        return None if row is None else _entry(row)

    async def edit_entry(self, entry_id: int, text: str, owner_id: int | None, owner_name: str | None,
                         due: date | None, now: datetime) -> Entry | None:
        """The entry as changed; None when it is gone."""
        row = await self._entry_row(entry_id)
        if row is None:
            return None
        row.text, row.owner_id, row.owner_name, row.due, row.updated_at = text, owner_id, owner_name, due, now
        return _entry(row)

    async def delete_entry(self, entry_id: int) -> None:
        row = await self._entry_row(entry_id)
        if row is not None:
            await self.session.delete(row)

    # -- versions ---------------------------------------------------------------------------------------------

    async def _latest_row(self, meeting_id: int, *, for_update: bool = False) -> MinutesVersion | None:
        stmt = (
            select(MinutesVersion)
            .where(MinutesVersion.guild_id == self.guild_id, MinutesVersion.meeting_id == meeting_id)
            .order_by(MinutesVersion.number.desc())
            .limit(1)
        )
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.scalars(stmt)).first()

    async def latest_version(self, meeting_id: int, *, for_update: bool = False) -> StoredVersion | None:
        row = await self._latest_row(meeting_id, for_update=for_update)
        return _version(row) if row is not None else None

    async def latest_info(self, meeting_id: int) -> VersionInfo | None:
        row = await self._latest_row(meeting_id)
        return None if row is None else VersionInfo(row.number, row.source, row.markdown, row.published_at)

    async def published_on(self, meeting_id: int) -> datetime | None:
        """When the meeting's minutes were published; None while they are not."""
        version = await self.published_version(meeting_id)
        return None if version is None else version.published_at

    async def published_version(self, meeting_id: int) -> StoredVersion | None:
        stmt = select(MinutesVersion).where(
            MinutesVersion.guild_id == self.guild_id,
            MinutesVersion.meeting_id == meeting_id,
            MinutesVersion.published_at.is_not(None),
        )
        row = (await self.session.scalars(stmt)).first()
        return _version(row) if row is not None else None

    async def add_version(self, meeting_id: int, source: str, markdown: str, created_by: int | None,
                          now: datetime) -> StoredVersion:
        latest = await self._latest_row(meeting_id)
        row = MinutesVersion(guild_id=self.guild_id, meeting_id=meeting_id, number=(latest.number + 1) if latest else 1,
                             source=source, markdown=markdown, created_by=created_by, created_at=now)
        self.session.add(row)
        await self.session.flush()
        return _version(row)

    async def _version_row(self, version_id: int) -> MinutesVersion | None:
        return await self._own(MinutesVersion, version_id)

    async def version(self, version_id: int) -> StoredVersion | None:
        row = await self._version_row(version_id)
        return _version(row) if row is not None else None

    async def publish(self, version_id: int, now: datetime, channel_id: int) -> None:
        """The version becomes the published minutes, posted in ``channel_id``."""
        row = await self._version_row(version_id)
        if row is None:
            raise LookupError(f"no minutes version {version_id} in guild {self.guild_id}")
        row.published_at, row.channel_id = now, channel_id

    # -- the parts of a publication (its outbox) --------------------------------------------------------------

    async def add_parts(self, version_id: int, contents: Iterable[str]) -> list[StoredPart]:
        rows = [MinutesPart(guild_id=self.guild_id, version_id=version_id, number=n, content=text)
                for n, text in enumerate(contents, 1)]
        self.session.add_all(rows)
        await self.session.flush()
        return [_part(r) for r in rows]

    async def parts(self, version_id: int) -> list[StoredPart]:
        stmt = (select(MinutesPart)
                .where(MinutesPart.guild_id == self.guild_id, MinutesPart.version_id == version_id)
                .order_by(MinutesPart.number))
        return [_part(r) for r in (await self.session.scalars(stmt)).all()]

    async def mark_part_posted(self, part_id: int, message_id: int, now: datetime) -> None:
        await self.session.execute(
            update(MinutesPart)
            .where(MinutesPart.guild_id == self.guild_id, MinutesPart.id == part_id)
            .values(message_id=message_id, posted_at=now))

    async def set_message_ids(self, version_id: int, message_ids: Iterable[int]) -> None:
        await self.session.execute(
            update(MinutesVersion)
            .where(MinutesVersion.guild_id == self.guild_id, MinutesVersion.id == version_id)
            .values(message_ids=",".join(str(i) for i in message_ids) or None))

    async def count_versions(self, meeting_id: int) -> int:
        stmt = select(func.count()).select_from(MinutesVersion).where(
            MinutesVersion.guild_id == self.guild_id, MinutesVersion.meeting_id == meeting_id
        )
        return int((await self.session.scalar(stmt)) or 0)

    # -- action items -----------------------------------------------------------------------------------------

    async def _action_row(self, action_id: int) -> ActionItemRow | None:
        return await self._own(ActionItemRow, action_id)

    async def action(self, action_id: int) -> ActionItem | None:
        row = await self._action_row(action_id)
        return None if row is None else _action(row)

    async def has_action_for_entry(self, entry_id: int) -> bool:
        stmt = select(ActionItemRow.id).where(ActionItemRow.guild_id == self.guild_id,
                                              ActionItemRow.entry_id == entry_id)
        return (await self.session.scalars(stmt)).first() is not None

    async def add_action(self, meeting: MeetingInfo, entry: Entry, now: datetime) -> ActionItem:
        """The tracked, open action item for an action entry of the meeting's minutes."""
        row = ActionItemRow(guild_id=self.guild_id, meeting_id=meeting.id, series_id=meeting.series_id,
                            entry_id=entry.id, text=entry.text, owner_id=entry.owner_id,
                            owner_name=entry.owner_name or "unassigned", due=entry.due,
                            status=ActionStatus.OPEN.value, created_at=now)
        self.session.add(row)
        await self.session.flush()
        return _action(row)

    async def mark_action_done(self, action_id: int, by: int, now: datetime) -> ActionItem:
        row = await self._action_row(action_id)
        assert row is not None
        row.status, row.done_at, row.done_by = ActionStatus.DONE.value, now, by
        return _action(row)

    async def actions(self, *, status: str | None = ActionStatus.OPEN.value, series_id: int | None = None,
                      owner_id: int | None = None, meeting_ids: Iterable[int] | None = None) -> list[ActionItem]:
        stmt = select(ActionItemRow).where(ActionItemRow.guild_id == self.guild_id)
        if status is not None:
            stmt = stmt.where(ActionItemRow.status == status)
        if series_id is not None:
            stmt = stmt.where(ActionItemRow.series_id == series_id)
        if owner_id is not None:
            stmt = stmt.where(ActionItemRow.owner_id == owner_id)
        if meeting_ids is not None:
            stmt = stmt.where(ActionItemRow.meeting_id.in_(list(meeting_ids)))
        stmt = stmt.order_by(ActionItemRow.due.is_(None), ActionItemRow.due, ActionItemRow.id)
        return [_action(row) for row in (await self.session.scalars(stmt)).all()]
