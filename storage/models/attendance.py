"""Roll call and attendance: one roll call per meeting, one entry per participant, and voice sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import TECHNICAL, Base, IntPK, MeetingRow, Snowflake, UTCDateTime, owned, ref


class RollCall(Base):
    """A meeting's roll call. Created on the first thing recorded (apologies may come before the start).

    The meeting's title and start are copied here so attendance reports over a date range need no other
    feature's tables and still read right if the meeting is later renamed.
    """

    __tablename__ = "rollcalls"
    __table_args__ = (Index("ix_rollcalls_guild_start", "guild_id", "meeting_start"),)

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(IntPK, primary_key=True)
    meeting_title: Mapped[str] = mapped_column(String(100))
    meeting_start: Mapped[datetime] = mapped_column(UTCDateTime)
    series_id: Mapped[int | None] = mapped_column(IntPK)
    channel_id: Mapped[int | None] = mapped_column(Snowflake)
    message_id: Mapped[int | None] = mapped_column(Snowflake)
    ask_consent: Mapped[bool] = mapped_column(default=False)
    in_room: Mapped[bool] = mapped_column(default=False)  # some take part in a meeting room: an "In the room" button
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())


class RollCallEntry(MeetingRow, Base):
    """One participant of one meeting: a Discord member (user_id) or a person added by name (user_id None)."""

    __tablename__ = "rollcall_entries"
    __table_args__ = (
        UniqueConstraint("guild_id", "meeting_id", "user_id", name="uq_rollcall_entries_member"),
        Index("ix_rollcall_entries_meeting", "guild_id", "meeting_id"),
        Index("ix_rollcall_entries_user", "guild_id", "user_id"),
    )

    user_id: Mapped[int | None] = mapped_column(Snowflake, info=owned(name="name"))
    # Discord display name when captured (the profile's "Last, First" wins when set), or the guest's name.
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(12), info=TECHNICAL)
    role_overridden: Mapped[bool] = mapped_column(default=False)
    # Set for guests and by chairs' corrections; otherwise the profile's group is used.
    stakeholder_group: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12), info=TECHNICAL)
    consent: Mapped[bool | None] = mapped_column()
    # room | online | phone (by phone or other means); None: not said (voice data then means online)
    took_part: Mapped[str | None] = mapped_column(String(8), info=TECHNICAL)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())


class VoiceSessionRow(MeetingRow, Base):
    """Time spent in the meeting's voice channel; a rejoin starts a new row."""

    __tablename__ = "voice_sessions"
    __table_args__ = (Index("ix_voice_sessions_meeting", "guild_id", "meeting_id", "user_id"),)

    user_id: Mapped[int] = mapped_column(Snowflake, info=owned())
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
