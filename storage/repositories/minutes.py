"""Minutes entries, summary versions and action items, always within one guild."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.minutes import ActionItemRow, MinutesEntry, MinutesVersion


class MinutesRepository:
    def __init__(self, session: AsyncSession, guild_id: int) -> None:
        self.session = session
        self.guild_id = guild_id

    # -- entries ----------------------------------------------------------------------------------------------

    async def add_entry(self, entry: MinutesEntry) -> MinutesEntry:
        entry.guild_id = self.guild_id
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def entry(self, entry_id: int) -> MinutesEntry | None:
        row = await self.session.get(MinutesEntry, entry_id)
        return row if row is not None and row.guild_id == self.guild_id else None

    async def entries(self, meeting_id: int) -> list[MinutesEntry]:
        stmt = (
            select(MinutesEntry)
            .where(MinutesEntry.guild_id == self.guild_id, MinutesEntry.meeting_id == meeting_id)
            .order_by(MinutesEntry.id)
        )
        return list((await self.session.scalars(stmt)).all())

    async def entry_for_message(self, meeting_id: int, message_id: int) -> MinutesEntry | None:
        stmt = select(MinutesEntry).where(
            MinutesEntry.guild_id == self.guild_id,
            MinutesEntry.meeting_id == meeting_id,
            MinutesEntry.source_message_id == message_id,
        )
        return (await self.session.scalars(stmt)).first()

    async def delete_entry(self, entry: MinutesEntry) -> None:
        await self.session.delete(entry)

    # -- versions ---------------------------------------------------------------------------------------------

    async def latest_version(self, meeting_id: int) -> MinutesVersion | None:
        stmt = (
            select(MinutesVersion)
            .where(MinutesVersion.guild_id == self.guild_id, MinutesVersion.meeting_id == meeting_id)
            .order_by(MinutesVersion.number.desc())
            .limit(1)
        )
        return (await self.session.scalars(stmt)).first()

    async def published_version(self, meeting_id: int) -> MinutesVersion | None:
        stmt = select(MinutesVersion).where(
            MinutesVersion.guild_id == self.guild_id,
            MinutesVersion.meeting_id == meeting_id,
            MinutesVersion.published_at.is_not(None),
        )
        return (await self.session.scalars(stmt)).first()

    async def add_version(self, meeting_id: int, source: str, markdown: str, created_by: int | None,
                          now: datetime) -> MinutesVersion:
        latest = await self.latest_version(meeting_id)
        row = MinutesVersion(guild_id=self.guild_id, meeting_id=meeting_id, number=(latest.number + 1) if latest else 1,
                             source=source, markdown=markdown, created_by=created_by, created_at=now)
        self.session.add(row)
        await self.session.flush()
        return row

    async def count_versions(self, meeting_id: int) -> int:
        stmt = select(func.count()).select_from(MinutesVersion).where(
            MinutesVersion.guild_id == self.guild_id, MinutesVersion.meeting_id == meeting_id
        )
        return int((await self.session.scalar(stmt)) or 0)

    # -- action items -----------------------------------------------------------------------------------------

    async def action(self, action_id: int) -> ActionItemRow | None:
        row = await self.session.get(ActionItemRow, action_id)
        return row if row is not None and row.guild_id == self.guild_id else None

    async def action_for_entry(self, entry_id: int) -> ActionItemRow | None:
        stmt = select(ActionItemRow).where(ActionItemRow.guild_id == self.guild_id, ActionItemRow.entry_id == entry_id)
        return (await self.session.scalars(stmt)).first()

    async def add_action(self, row: ActionItemRow) -> ActionItemRow:
        row.guild_id = self.guild_id
        self.session.add(row)
        await self.session.flush()
        return row

    async def actions(self, *, status: str | None = "open", series_id: int | None = None,
                      owner_id: int | None = None, meeting_ids: Iterable[int] | None = None) -> list[ActionItemRow]:
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
        return list((await self.session.scalars(stmt)).all())

    # -- forgetting a member ----------------------------------------------------------------------------------

    async def anonymise_member(self, user_id: int, placeholder: str) -> dict[str, int]:
        """Drop a member's identity from entries and actions; the minutes' substance stays."""
        authored = await self.session.execute(
            update(MinutesEntry)
            .where(MinutesEntry.guild_id == self.guild_id, MinutesEntry.author_id == user_id)
            .values(author_id=None)
        )
        credited = await self.session.execute(
            update(MinutesEntry)
            .where(MinutesEntry.guild_id == self.guild_id, MinutesEntry.credit_id == user_id)
            .values(credit_id=None, credit=None)
        )
        owned_entries = await self.session.execute(
            update(MinutesEntry)
            .where(MinutesEntry.guild_id == self.guild_id, MinutesEntry.owner_id == user_id)
            .values(owner_id=None, owner_name=placeholder)
        )
        owned_actions = await self.session.execute(
            update(ActionItemRow)
            .where(ActionItemRow.guild_id == self.guild_id, ActionItemRow.owner_id == user_id)
            .values(owner_id=None, owner_name=placeholder)
        )
        completed = await self.session.execute(
            update(ActionItemRow)
            .where(ActionItemRow.guild_id == self.guild_id, ActionItemRow.done_by == user_id)
            .values(done_by=None)
        )
        versions = await self.session.execute(
            update(MinutesVersion)
            .where(MinutesVersion.guild_id == self.guild_id, MinutesVersion.created_by == user_id)
            .values(created_by=None)
        )

        def n(result: object) -> int:
            return int(getattr(result, "rowcount", 0) or 0)

        return {
            "minutes_entries": n(authored) + n(credited) + n(owned_entries),
            "action_items": n(owned_actions) + n(completed),
            "minutes_versions": n(versions),
        }
