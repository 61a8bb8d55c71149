"""Minutes sent round for comments, their comments, and overdue-minutes notices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.circulation import Comment, Round
from bot.domain.meeting import MeetingStatus
from storage.models.circulation import Circulation, MinutesComment, OverdueNotice
from storage.models.meetings import Meeting
from storage.models.minutes import MinutesVersion
from storage.repositories.bound import GuildBound


class CirculationRepository(GuildBound):
    async def add(self, meeting_id: int, version: int, channel_id: int, closes_at: datetime, by: int,
                  now: datetime) -> int:
        row = Circulation(guild_id=self.guild_id, meeting_id=meeting_id, version=version, channel_id=channel_id,
                          closes_at=closes_at, created_by=by, created_at=now)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def _row(self, circulation_id: int) -> Circulation | None:
        return await self._own(Circulation, circulation_id)

    async def get(self, circulation_id: int) -> Round | None:
        row = await self._row(circulation_id)
        return None if row is None else Round(row.id, row.meeting_id, row.version, row.closes_at, row.channel_id)

    async def set_message(self, circulation_id: int, message_id: int) -> None:
        """The message that announced the round (ignored when the round is gone)."""
        row = await self._row(circulation_id)
        if row is not None:
            row.message_id = message_id

    async def version_text(self, meeting_id: int, number: int) -> str | None:
        stmt = select(MinutesVersion.markdown).where(MinutesVersion.guild_id == self.guild_id,
                                                     MinutesVersion.meeting_id == meeting_id,
                                                     MinutesVersion.number == number)
        return (await self.session.scalars(stmt)).first()

    def add_comment(self, circulation_id: int, section_index: int, comment: Comment, author_id: int) -> None:
        self.session.add(MinutesComment(
            guild_id=self.guild_id, circulation_id=circulation_id, section_index=section_index,
            section_heading=comment.section_heading, text=comment.text, author_id=author_id,
            author_name=comment.author_name, created_at=comment.created_at))

    async def comments(self, meeting_id: int) -> list[Comment]:
        """Every comment on every circulation of the meeting, oldest first."""
        stmt = (select(MinutesComment).join(Circulation, Circulation.id == MinutesComment.circulation_id)
                .where(MinutesComment.guild_id == self.guild_id, Circulation.meeting_id == meeting_id)
                .order_by(MinutesComment.id))
        return [Comment(r.section_heading, r.text, r.author_name, r.created_at)
                for r in (await self.session.scalars(stmt)).all()]

    async def count_comments(self, circulation_id: int) -> int:
        stmt = select(MinutesComment.id).where(MinutesComment.guild_id == self.guild_id,
                                               MinutesComment.circulation_id == circulation_id)
        return len((await self.session.scalars(stmt)).all())

class OverdueQueue:
    """Across guilds: meetings that ended long enough ago without published minutes, noticed once each."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def unnoticed(self, ended_after: datetime, ended_before: datetime,
                        limit: int = 200) -> list[tuple[int, int]]:
        """(guild id, meeting id) of each such meeting, soonest ended first."""
        published = select(MinutesVersion.meeting_id).where(MinutesVersion.published_at.is_not(None))
        noticed = select(OverdueNotice.meeting_id)
        stmt = (select(Meeting.guild_id, Meeting.id)
                .where(Meeting.end > ended_after, Meeting.end <= ended_before,
                       Meeting.status.not_in([s.value for s in MeetingStatus if s.is_over]),
                       Meeting.id.not_in(published),
                       Meeting.id.not_in(noticed))
                .order_by(Meeting.end).limit(limit))
        return [(int(g), int(m)) for g, m in (await self.session.execute(stmt)).all()]

    async def mark(self, guild_id: int, meeting_id: int, now: datetime) -> bool:
        if await self.session.get(OverdueNotice, (guild_id, meeting_id)) is not None:
            return False
        self.session.add(OverdueNotice(guild_id=guild_id, meeting_id=meeting_id, noticed_at=now))
        return True
