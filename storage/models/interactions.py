"""Interactions already taken on, so that one delivered twice (a resumed gateway session, a second process on
the same shard) runs once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Snowflake, UTCDateTime


class SeenInteraction(Base):
    __tablename__ = "seen_interactions"

    interaction_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
