"""Polls, slots and ballots. Every query is limited to the repository's guild."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, distinct, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.domain.poll import PollInfo, PollStatus, Slot
from storage.models.polls import Poll, PollBallot, PollComment, PollSlot
from storage.repositories.bound import GuildBound

UPSERT_CHUNK = 1000  # rows per INSERT … ON CONFLICT (6 parameters each; SQLite allows 32,766)


def _info(row: Poll, slots: Sequence[Slot]) -> PollInfo:
    return PollInfo(
        id=row.id, guild_id=row.guild_id, title=row.title, timezone=row.timezone, status=PollStatus(row.status),
        slots=tuple(sorted(slots, key=lambda s: (s.start, s.id))), created_at=row.created_at, deadline=row.deadline,
        channel_id=row.channel_id, message_id=row.message_id, expected_role_id=row.expected_role_id,
        anonymous=row.anonymous, created_by=row.created_by, chosen_slot_id=row.chosen_slot_id,
        meeting_id=row.meeting_id, last_reminded_at=row.last_reminded_at, quorum_notified_at=row.quorum_notified_at)


class PollRepository(GuildBound):
    # -- polls and slots ------------------------------------------------------------------------------------

    async def create(self, *, title: str, timezone: str, deadline: datetime | None, channel_id: int,
                     expected_role_id: int | None, anonymous: bool, created_by: int, created_at: datetime,
                     slots: Sequence[tuple[datetime, datetime]]) -> PollInfo:
        """A new open poll with its slots."""
        row = Poll(guild_id=self.guild_id, title=title, timezone=timezone, status=PollStatus.OPEN.value,
                   deadline=deadline, channel_id=channel_id, expected_role_id=expected_role_id, anonymous=anonymous,
                   created_by=created_by, created_at=created_at)
        self.session.add(row)
        await self.session.flush()
        return _info(row, await self.add_slots(row.id, slots))

    async def add_slots(self, poll_id: int, slots: Sequence[tuple[datetime, datetime]]) -> list[Slot]:
        rows = [PollSlot(guild_id=self.guild_id, poll_id=poll_id, start=start, end=end) for start, end in slots]
        self.session.add_all(rows)
        await self.session.flush()
        await self.bump_ballot_version([poll_id])
        return [Slot(r.id, r.start, r.end) for r in rows]

    async def bump_ballot_version(self, poll_ids: Sequence[int]) -> None:
        """The poll's answers or slots change in this transaction (see ``Poll.ballot_version``)."""
        if poll_ids:
            await self.session.execute(update(Poll).where(Poll.id.in_(list(poll_ids)), Poll.guild_id == self.guild_id)
                                       .values(ballot_version=Poll.ballot_version + 1))

    async def _row(self, poll_id: int, *, lock: bool = False, share: bool = False) -> Poll | None:
        """The poll if it belongs to this guild. ``lock``/``share`` take a row lock on PostgreSQL so that a
        vote and a close of the same poll cannot interleave (SQLite serialises writers anyway)."""
        stmt = select(Poll).where(Poll.id == poll_id, Poll.guild_id == self.guild_id)
        if lock or share:
            stmt = stmt.with_for_update(read=share and not lock)
        return (await self.session.scalars(stmt)).first()

    async def get(self, poll_id: int, *, lock: bool = False, share: bool = False,
                  with_slots: bool = True) -> PollInfo | None:
        """The poll (with its slots unless ``with_slots`` is false) if it belongs to this guild; see ``_row``."""
        row = await self._row(poll_id, lock=lock, share=share)
        if row is None:
            return None
        return _info(row, await self.slots(poll_id) if with_slots else ())

    async def versioned(self, poll_id: int) -> tuple[PollInfo, int] | None:
        """The poll with its slots, and its ``ballot_version``."""
        row = await self._row(poll_id)
        if row is None:
            return None
        return _info(row, await self.slots(poll_id)), row.ballot_version

    async def slots(self, poll_id: int) -> list[Slot]:
        stmt = (select(PollSlot.id, PollSlot.start, PollSlot.end)
                .where(PollSlot.poll_id == poll_id, PollSlot.guild_id == self.guild_id)
                .order_by(PollSlot.start, PollSlot.id))
        return [Slot(slot_id, start, end) for slot_id, start, end in (await self.session.execute(stmt)).all()]

    async def _move(self, poll_id: int, target: PollStatus, **values: object) -> bool:
        """Change the poll's status to ``target`` if its current status allows it (one statement, so two
        callers cannot both make the same change)."""
        result = await self.session.execute(
            update(Poll)
            .where(Poll.id == poll_id, Poll.guild_id == self.guild_id,
                   Poll.status.in_([s.value for s in PollStatus.sources_of(target)]))
            .values(status=target.value, **values))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def close(self, poll_id: int, now: datetime) -> bool:
        return await self._move(poll_id, PollStatus.CLOSED, closed_at=now)

    async def reopen(self, poll_id: int, deadline: datetime | None) -> bool:
        return await self._move(poll_id, PollStatus.OPEN, closed_at=None, deadline=deadline)

    async def finalize(self, poll_id: int, slot_id: int, meeting_id: int, now: datetime) -> bool:
        return await self._move(poll_id, PollStatus.FINALIZED, chosen_slot_id=slot_id, meeting_id=meeting_id,
                                closed_at=func.coalesce(Poll.closed_at, now))

    async def set_message(self, poll_id: int, message_id: int | None) -> None:
        await self.session.execute(update(Poll).where(Poll.id == poll_id, Poll.guild_id == self.guild_id)
                                   .values(message_id=message_id))

    async def set_reminded(self, poll_id: int, at: datetime | None) -> None:
        await self.session.execute(update(Poll).where(Poll.id == poll_id, Poll.guild_id == self.guild_id)
                                   .values(last_reminded_at=at))

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

    async def search(self, text: str, statuses: Sequence[str], limit: int) -> list[PollInfo]:
        """Polls (without their slots) whose title contains ``text`` (any case), open ones first, newest first."""
        stmt = select(Poll).where(Poll.guild_id == self.guild_id, Poll.status.in_(statuses))
        if text.strip():
            stmt = stmt.where(func.lower(Poll.title).contains(text.strip().lower(), autoescape=True))
        stmt = stmt.order_by(case((Poll.status == PollStatus.OPEN.value, 0), else_=1), Poll.created_at.desc(),
                             Poll.id.desc())
        return [_info(row, ()) for row in (await self.session.scalars(stmt.limit(limit))).all()]

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

