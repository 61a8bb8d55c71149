"""Minutes: entries captured during a meeting, every version of the summary, and tracked action items.

Meeting ids are plain columns, not foreign keys: meetings are cancelled, never deleted, and the minutes
(an official record) must outlive any clean-up of the meetings tables.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import TECHNICAL, Base, IntPK, MeetingRow, Snowflake, UTCDateTime, owned, ref


class MinutesEntry(MeetingRow, Base):
    """A note, decision or action captured live, filed under an agenda item (no FK: agendas get re-pasted)."""

    __tablename__ = "minutes_entries"
    __table_args__ = (Index("ix_minutes_entries_meeting", "guild_id", "meeting_id", "id"),)

    item_id: Mapped[int | None] = mapped_column(IntPK)
    kind: Mapped[str] = mapped_column(String(10), info=TECHNICAL)  # note | decision | action
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(Snowflake, info=ref())  # who captured it
    credit: Mapped[str | None] = mapped_column(String(100))  # whose words (messages added to the minutes)
    # A message added to the minutes is its writer's own words: forgetting them removes the entry.
    credit_id: Mapped[int | None] = mapped_column(Snowflake, info=owned(name="credit", words="text"))
    source_message_id: Mapped[int | None] = mapped_column(Snowflake)
    owner_id: Mapped[int | None] = mapped_column(Snowflake, info=ref(name="owner_name"))
    owner_name: Mapped[str | None] = mapped_column(String(100))
    due: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MinutesVersion(MeetingRow, Base):
    """One version of a meeting's summary (drafted, edited or uploaded); the highest number is current."""

    __tablename__ = "minutes_versions"
    __table_args__ = (
        UniqueConstraint("meeting_id", "number", name="uq_minutes_versions_meeting_number"),
        Index("ix_minutes_versions_guild_meeting", "guild_id", "meeting_id"),
    )

    number: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(10), info=TECHNICAL)  # draft | edit | upload
    markdown: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    channel_id: Mapped[int | None] = mapped_column(Snowflake)
    message_ids: Mapped[str | None] = mapped_column(Text, info=TECHNICAL)  # comma-separated, in posting order


class MinutesPart(Base):
    """One message of a publication, in posting order: the outbox of `/minutes publish`.

    The parts are stored in the same transaction that marks the version published; each gets its Discord
    message id once posted, so a retry or a restart posts exactly the parts that are still missing.
    """

    __tablename__ = "minutes_parts"
    __table_args__ = (UniqueConstraint("version_id", "number", name="uq_minutes_parts_version_number"),)

    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    version_id: Mapped[int] = mapped_column(ForeignKey("minutes_versions.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 1-based; the last part carries the .md and .txt files
    content: Mapped[str] = mapped_column(Text)
    message_id: Mapped[int | None] = mapped_column(Snowflake)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ActionItemRow(Base):
    """An action item tracked after publication until its owner (or a chair) marks it done."""

    __tablename__ = "action_items"
    __table_args__ = (
        Index("ix_action_items_guild_status", "guild_id", "status"),
        UniqueConstraint("entry_id", name="uq_action_items_entry_id"),
    )

    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    meeting_id: Mapped[int | None] = mapped_column(IntPK)
    series_id: Mapped[int | None] = mapped_column(IntPK)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("minutes_entries.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(Snowflake, info=ref(name="owner_name"))
    owner_name: Mapped[str] = mapped_column(String(100))
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open", info=TECHNICAL)  # open | done
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
