"""Diversity of participation: the server's list of stakeholder groups and members' opt-in self-declarations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Snowflake, UTCDateTime, owned


class ParticipationSettings(Base):
    """Per-server list of stakeholder groups members choose from (None: free text, normalised)."""

    __tablename__ = "participation_settings"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    stakeholder_groups: Mapped[list[Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MemberDiversity(Base):
    """What a member chose to declare about themselves; every field is optional and the row is deleted on
    /privacy forget. ``named`` records consent to appear with these values in person-level lists."""

    __tablename__ = "member_diversity"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, info=owned())
    region: Mapped[str | None] = mapped_column(String(100))
    developing: Mapped[bool | None] = mapped_column()
    gender: Mapped[str | None] = mapped_column(String(40))
    youth: Mapped[bool | None] = mapped_column()
    named: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
