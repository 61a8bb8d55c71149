"""Per-guild settings, members' profiles and process-wide state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import TECHNICAL, Base, Snowflake, UTCDateTime, owned


class GuildSettings(Base):
    __tablename__ = "guild_settings"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    timezone: Mapped[str | None] = mapped_column(String(64), info=TECHNICAL)
    # convener role -> list of Discord role ids, e.g. {"chair": [123], "secretariat": [456]}
    role_map: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    announcements_channel_id: Mapped[int | None] = mapped_column(Snowflake)
    minutes_channel_id: Mapped[int | None] = mapped_column(Snowflake)
    # reminder offsets in seconds before a meeting, overriding config
    meeting_offsets: Mapped[list[int] | None] = mapped_column(JSON)
    group_name: Mapped[str | None] = mapped_column(String(200))
    # language of public posts ("fr"); NULL follows the guild's preferred locale
    language: Mapped[str | None] = mapped_column(String(8), info=TECHNICAL)
    # The Discord server's own name as last seen: minutes fall back to it until /setup group names the group,
    # and the command line (which has no Discord connection) can show it.
    server_name: Mapped[str | None] = mapped_column(String(100))


class MemberProfile(Base):
    __tablename__ = "member_profiles"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, info=owned(name="display_name"))
    timezone: Mapped[str | None] = mapped_column(String(64), info=TECHNICAL)
    display_name: Mapped[str | None] = mapped_column(String(100))
    stakeholder_group: Mapped[str | None] = mapped_column(String(100))
    # language of the member's replies ("ar"); NULL follows their Discord client
    language: Mapped[str | None] = mapped_column(String(8), info=TECHNICAL)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AppState(Base):
    """Process-wide key/value state, e.g. the hash of the last synced command tree."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(2000))
