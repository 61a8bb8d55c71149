"""Polls, slots and ballots. Every query is limited to the repository's guild."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, distinct, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.polls import Poll, PollBallot, PollComment, PollSlot

UPSERT_CHUNK = 1000  # rows per INSERT … ON CONFLICT (6 parameters each; SQLite allows 32,766)


class PollRepository:
    def __init__(self, session: AsyncSession, guild_id: int) -> None:
        self.session = session
        self.guild_id = guild_id

    # -- polls and slots ------------------------------------------------------------------------------------

    async def add(self, poll: Poll, slots: Sequence[tuple[datetime, datetime]]) -> tuple[Poll, list[PollSlot]]:
        poll.guild_id = self.guild_id
        self.session.add(poll)
        await self.session.flush()
        return poll, await self.add_slots(poll.id, slots)

    async def add_slots(self, poll_id: int, slots: Sequence[tuple[datetime, datetime]]) -> list[PollSlot]:
        rows = [PollSlot(guild_id=self.guild_id, poll_id=poll_id, start=start, end=end) for start, end in slots]
        self.session.add_all(rows)
        await self.session.flush()
        await self.bump_ballot_version([poll_id])
        return rows

    async def bump_ballot_version(self, poll_ids: Sequence[int]) -> None:
        """The poll's answers or slots change in this transaction (see ``Poll.ballot_version``)."""
        if poll_ids:
            await self.session.execute(update(Poll).where(Poll.id.in_(list(poll_ids)), Poll.guild_id == self.guild_id)
                                       .values(ballot_version=Poll.ballot_version + 1))

    async def get(self, poll_id: int, *, lock: bool = False, share: bool = False) -> Poll | None:
        """The poll if it belongs to this guild. ``lock``/``share`` take a row lock on PostgreSQL so that a
        vote and a close of the same poll cannot interleave (SQLite serialises writers anyway)."""
        stmt = select(Poll).where(Poll.id == poll_id, Poll.guild_id == self.guild_id)
        if lock or share:
            stmt = stmt.with_for_update(read=share and not lock)
        return (await self.session.scalars(stmt)).first()

    async def slots(self, poll_id: int) -> list[PollSlot]:
        stmt = (select(PollSlot)
                .where(PollSlot.poll_id == poll_id, PollSlot.guild_id == self.guild_id)
                .order_by(PollSlot.start, PollSlot.id))
        return list((await self.session.scalars(stmt)).all())

    async def slot_ids(self, poll_id: int) -> set[int]:
        stmt = select(PollSlot.id).where(PollSlot.poll_id == poll_id, PollSlot.guild_id == self.guild_id)
        return set((await self.session.scalars(stmt)).all())

    async def delete_slot(self, poll_id: int, slot_id: int) -> int:
        result = await self.session.execute(
            delete(PollSlot).where(PollSlot.id == slot_id, PollSlot.poll_id == poll_id,
                                   PollSlot.guild_id == self.guild_id))
        await self.bump_ballot_version([poll_id])
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def delete(self, poll_id: int) -> None:
        await self.session.execute(delete(Poll).where(Poll.id == poll_id, Poll.guild_id == self.guild_id))

    async def search(self, text: str, statuses: Sequence[str], limit: int) -> list[Poll]:
        """Polls whose title contains ``text`` (any case), open ones first, newest first."""
        stmt = select(Poll).where(Poll.guild_id == self.guild_id, Poll.status.in_(statuses))
        if text.strip():
            stmt = stmt.where(func.lower(Poll.title).contains(text.strip().lower(), autoescape=True))
        stmt = stmt.order_by(case((Poll.status == "open", 0), else_=1), Poll.created_at.desc(), Poll.id.desc())
        return list((await self.session.scalars(stmt.limit(limit))).all())

    async def slot_counts(self, poll_ids: Sequence[int]) -> dict[int, int]:
        if not poll_ids:
            return {}
        stmt = (select(PollSlot.poll_id, func.count())
                .where(PollSlot.guild_id == self.guild_id, PollSlot.poll_id.in_(poll_ids))
                .group_by(PollSlot.poll_id))
        return {poll_id: int(n) for poll_id, n in (await self.session.execute(stmt)).all()}

    async def voter_counts(self, poll_ids: Sequence[int]) -> dict[int, int]:
        if not poll_ids:
            return {}
        stmt = (select(PollBallot.poll_id, func.count(distinct(PollBallot.user_id)))
                .where(PollBallot.guild_id == self.guild_id, PollBallot.poll_id.in_(poll_ids))
                .group_by(PollBallot.poll_id))
        return {poll_id: int(n) for poll_id, n in (await self.session.execute(stmt)).all()}

    async def claim_reminder(self, poll_id: int, now: datetime, cooldown: timedelta) -> bool:
        """Record a reminder unless one was sent within ``cooldown``; the check and the write are one
        statement, so two chairs clicking at once cannot both remind."""
        result = await self.session.execute(
            update(Poll)
            .where(Poll.id == poll_id, Poll.guild_id == self.guild_id,
                   or_(Poll.last_reminded_at.is_(None), Poll.last_reminded_at <= now - cooldown))
            .values(last_reminded_at=now))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def claim_quorum_notice(self, poll_id: int, now: datetime) -> bool:
        """True for exactly one caller: the one that records the quorum notice."""
        result = await self.session.execute(
            update(Poll)
            .where(Poll.id == poll_id, Poll.guild_id == self.guild_id, Poll.quorum_notified_at.is_(None))
            .values(quorum_notified_at=now))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # -- ballots -------------------------------------------------------------------------------------------

    async def upsert_ballots(self, poll_id: int, ballots: Mapping[int, Mapping[int, int]], now: datetime) -> int:
        """Insert or update several members' answers ({user: {slot: answer}}) in as few statements as possible."""
        rows: list[dict[str, Any]] = [
            {"poll_id": poll_id, "slot_id": slot_id, "user_id": user_id, "guild_id": self.guild_id,
             "answer": int(answer), "updated_at": now}
            for user_id, answers in ballots.items()
            for slot_id, answer in answers.items()
        ]
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        for i in range(0, len(rows), UPSERT_CHUNK):
            stmt = insert(PollBallot).values(rows[i:i + UPSERT_CHUNK])
            stmt = stmt.on_conflict_do_update(
                index_elements=[PollBallot.poll_id, PollBallot.slot_id, PollBallot.user_id],
                set_={"answer": stmt.excluded.answer, "updated_at": stmt.excluded.updated_at},
            )
            await self.session.execute(stmt)
        await self.bump_ballot_version([poll_id])
        return len(rows)

    async def ballot_of(self, poll_id: int, user_id: int) -> dict[int, int]:
        stmt = select(PollBallot.slot_id, PollBallot.answer).where(
            PollBallot.guild_id == self.guild_id, PollBallot.poll_id == poll_id, PollBallot.user_id == user_id)
        return {slot_id: answer for slot_id, answer in (await self.session.execute(stmt)).all()}

    async def tally(self, poll_id: int) -> tuple[int, dict[tuple[int, int], int]]:
        """(number of voters, {(slot id, answer): count}) computed in the database."""
        base = and_(PollBallot.guild_id == self.guild_id, PollBallot.poll_id == poll_id)
        voters = await self.session.scalar(select(func.count(distinct(PollBallot.user_id))).where(base))
        stmt = (select(PollBallot.slot_id, PollBallot.answer, func.count())
                .where(base).group_by(PollBallot.slot_id, PollBallot.answer))
        counts = {(slot_id, answer): int(n) for slot_id, answer, n in (await self.session.execute(stmt)).all()}
        return int(voters or 0), counts

    async def voters(self, poll_id: int) -> set[int]:
        stmt = select(PollBallot.user_id).distinct().where(PollBallot.guild_id == self.guild_id,
                                                           PollBallot.poll_id == poll_id)
        return set((await self.session.scalars(stmt)).all())

    async def rows(self, poll_id: int) -> list[tuple[int, int, int]]:
        """Every (slot id, user id, answer) of the poll, for building a ballot matrix."""
        stmt = select(PollBallot.slot_id, PollBallot.user_id, PollBallot.answer).where(
            PollBallot.guild_id == self.guild_id, PollBallot.poll_id == poll_id)
        result = await self.session.execute(stmt)
        return [(slot_id, user_id, answer) for slot_id, user_id, answer in result.all()]

    async def polls_voted(self, user_id: int) -> list[int]:
        stmt = select(PollBallot.poll_id).distinct().where(PollBallot.guild_id == self.guild_id,
                                                           PollBallot.user_id == user_id)
        return list((await self.session.scalars(stmt)).all())

    # -- comments ------------------------------------------------------------------------------------------

    async def comment_of(self, poll_id: int, user_id: int) -> str | None:
        row = await self.session.get(PollComment, (poll_id, user_id))
        return row.text if row is not None and row.guild_id == self.guild_id else None

    async def save_comment(self, poll_id: int, user_id: int, text: str | None, now: datetime) -> None:
        """Set (or, with ``None``, delete) a member's comment on a poll."""
        if text is None:
            await self.session.execute(delete(PollComment).where(
                PollComment.guild_id == self.guild_id, PollComment.poll_id == poll_id, PollComment.user_id == user_id))
            return
        insert = postgresql.insert if self.session.get_bind().dialect.name == "postgresql" else sqlite.insert
        stmt = insert(PollComment).values(poll_id=poll_id, user_id=user_id, guild_id=self.guild_id, text=text,
                                          updated_at=now)
        await self.session.execute(stmt.on_conflict_do_update(
            index_elements=[PollComment.poll_id, PollComment.user_id],
            set_={"text": stmt.excluded.text, "updated_at": stmt.excluded.updated_at}))

    async def comments(self, poll_id: int) -> list[tuple[int, str]]:
        """(user id, comment) of everyone who commented, oldest comment first."""
        stmt = (select(PollComment.user_id, PollComment.text)
                .where(PollComment.guild_id == self.guild_id, PollComment.poll_id == poll_id)
                .order_by(PollComment.updated_at, PollComment.user_id))
        return [(user_id, text) for user_id, text in (await self.session.execute(stmt)).all()]

