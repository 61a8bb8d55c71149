"""The permission overwrites a meeting's voice channel had before its mode was enforced, to put back afterwards."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, IntPK, Snowflake


class VoiceOverwriteBackup(Base):
    """One role's overwrite on one channel before a meeting changed it (``existed`` False: there was none)."""

    __tablename__ = "voice_overwrite_backups"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(IntPK, primary_key=True)
    channel_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    target_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    existed: Mapped[bool] = mapped_column()
    allow: Mapped[int] = mapped_column(BigInteger, default=0)
    deny: Mapped[int] = mapped_column(BigInteger, default=0)
