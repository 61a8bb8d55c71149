"""Scheduling polls: the poll, its slots and one ballot row per (poll, slot, member)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import TECHNICAL, Base, IntPK, Snowflake, UTCDateTime, owned, ref


class Poll(Base):
    __tablename__ = "polls"
    __table_args__ = (Index("ix_polls_guild_status", "guild_id", "status"),)

    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    title: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), info=TECHNICAL)
    # open -> closed -> finalized ; closed -> open (reopen)
    status: Mapped[str] = mapped_column(String(12), default="open", info=TECHNICAL)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    channel_id: Mapped[int | None] = mapped_column(Snowflake)
    message_id: Mapped[int | None] = mapped_column(Snowflake)
    expected_role_id: Mapped[int | None] = mapped_column(Snowflake)
    anonymous: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    chosen_slot_id: Mapped[int | None] = mapped_column(IntPK)
    meeting_id: Mapped[int | None] = mapped_column(IntPK)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    quorum_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Moves in the same transaction as every change to the poll's answers or slots: results computed from the
    # ballots (the ranking, the heatmap) are reused while it stays the same, in any process.
    ballot_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0", info=TECHNICAL)


class PollSlot(Base):
    __tablename__ = "poll_slots"
    __table_args__ = (UniqueConstraint("poll_id", "start", name="uq_poll_slots_poll_start"),)

    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)


class PollBallot(Base):
    """One member's answer to one slot; upserted on (poll_id, slot_id, user_id)."""

    __tablename__ = "poll_ballots"
    __table_args__ = (
        Index("ix_poll_ballots_poll_user", "poll_id", "user_id"),
        Index("ix_poll_ballots_guild_user", "guild_id", "user_id"),
    )

    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("poll_slots.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, info=owned())
    guild_id: Mapped[int] = mapped_column(Snowflake)
    answer: Mapped[int] = mapped_column(SmallInteger)  # bot.domain.poll.Answer
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)



class PollComment(Base):
    """A member's short comment on a poll ("can only stay 30 min"), shown to the chairs with the results."""

    __tablename__ = "poll_comments"
    __table_args__ = (Index("ix_poll_comments_guild_user", "guild_id", "user_id"),)

    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, info=owned(words="text"))
    guild_id: Mapped[int] = mapped_column(Snowflake)
    text: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
