"""Drafting groups and their members."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import TECHNICAL, Base, IntPK, Snowflake, UTCDateTime, owned, ref


class DraftingGroup(Base):
    __tablename__ = "drafting_groups"
    __table_args__ = (Index("ix_drafting_groups_thread", "guild_id", "thread_id"),)

    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake, index=True)
    name: Mapped[str] = mapped_column(String(80))
    # The balance rule as typed and normalised, e.g. "5 Government, 5 non-Government"; None: no rule.
    rule: Mapped[str | None] = mapped_column(String(500), info=TECHNICAL)
    parent_channel_id: Mapped[int | None] = mapped_column(Snowflake)
    thread_id: Mapped[int | None] = mapped_column(Snowflake)  # the group's private thread
    status: Mapped[str] = mapped_column(String(12), default="active", info=TECHNICAL)  # active | closed
    created_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DraftingGroupMember(Base):
    __tablename__ = "drafting_group_members"

    group_id: Mapped[int] = mapped_column(ForeignKey("drafting_groups.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, info=owned())
    guild_id: Mapped[int] = mapped_column(Snowflake, index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
