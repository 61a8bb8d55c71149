"""Deliverables and their versions, within one guild; they come out as bot.domain.deliverables values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import func, select

from bot.domain import deliverables as dl
from bot.domain.deliverables import Deliverable, Version
from storage.models.deliverables import DeliverableRow, DeliverableVersionRow
from storage.repositories.bound import GuildBound


def _version(row: DeliverableVersionRow) -> Version:
    return Version(row.number, row.stage, row.link, row.filename, row.note, row.added_at)


def _deliverable(row: DeliverableRow, versions: list[DeliverableVersionRow]) -> Deliverable:
    deadlines = {s: date.fromisoformat(d) for s, d in (row.deadlines or {}).items() if s in dl.STAGES}
    return Deliverable(row.id, row.guild_id, row.title, row.kind, row.stage, row.owner_id, row.group_id,
                       row.owner_name, deadlines, row.channel_id, tuple(_version(v) for v in versions))


class DeliverableRepository(GuildBound):
    async def add(self, title: str, kind: str, owner_id: int | None, owner_name: str, group_id: int | None,
                  deadlines: Mapping[str, date], channel_id: int | None, created_by: int,
                  now: datetime) -> Deliverable:
        """A new deliverable at its first stage (no versions yet)."""
        row = DeliverableRow(guild_id=self.guild_id, title=title, kind=kind, stage=dl.OUTLINE, owner_id=owner_id,
                             owner_name=owner_name, group_id=group_id,
                             deadlines={s: d.isoformat() for s, d in deadlines.items()}, channel_id=channel_id,
                             created_by=created_by, created_at=now, updated_at=now)
        self.session.add(row)
        await self.session.flush()
        return _deliverable(row, [])

    async def _row(self, deliverable_id: int) -> DeliverableRow | None:
        return await self._own(DeliverableRow, deliverable_id)

    async def get(self, deliverable_id: int) -> Deliverable | None:
        row = await self._row(deliverable_id)
        return None if row is None else _deliverable(row, await self._versions([row.id]))

    async def update(self, deliverable_id: int, now: datetime, *, stage: str | None = None,
                     deadlines: Mapping[str, date] | None = None) -> Deliverable | None:
        """The deliverable with a new stage and/or deadlines; None when it is gone."""
        row = await self._row(deliverable_id)
        if row is None:
            return None
        if stage is not None:
            row.stage = stage
        if deadlines is not None:
            row.deadlines = {s: d.isoformat() for s, d in deadlines.items()}
        row.updated_at = now
        return _deliverable(row, await self._versions([row.id]))

    async def search(self, text: str = "", *, open_only: bool = False, group_id: int | None = None,
                     limit: int = 100) -> list[Deliverable]:
        stmt = select(DeliverableRow).where(DeliverableRow.guild_id == self.guild_id).order_by(DeliverableRow.id)
        if open_only:
            stmt = stmt.where(DeliverableRow.stage != "final")
        if group_id is not None:
            stmt = stmt.where(DeliverableRow.group_id == group_id)
        wanted = text.casefold().strip()
        rows = [r for r in (await self.session.scalars(stmt)).all() if wanted in r.title.casefold()][:limit]
        versions = await self._versions([r.id for r in rows])
        return [_deliverable(r, [v for v in versions if v.deliverable_id == r.id]) for r in rows]

    async def _versions(self, deliverable_ids: list[int]) -> list[DeliverableVersionRow]:
        if not deliverable_ids:
            return []
        stmt = (select(DeliverableVersionRow)
                .where(DeliverableVersionRow.guild_id == self.guild_id,
                       DeliverableVersionRow.deliverable_id.in_(deliverable_ids))
                .order_by(DeliverableVersionRow.deliverable_id, DeliverableVersionRow.number))
        return list((await self.session.scalars(stmt)).all())

    async def add_version(self, deliverable_id: int, stage: str, link: str, filename: str | None,
                          note: str | None, added_by: int, now: datetime) -> Version:
        latest = await self.session.scalar(select(func.max(DeliverableVersionRow.number)).where(
            DeliverableVersionRow.deliverable_id == deliverable_id))
        row = DeliverableVersionRow(guild_id=self.guild_id, deliverable_id=deliverable_id, number=int(latest or 0) + 1,
                                    stage=stage, link=link, filename=filename, note=note, added_by=added_by,
                                    added_at=now)
        self.session.add(row)
        await self.session.flush()
        return _version(row)
