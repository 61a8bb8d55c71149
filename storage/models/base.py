"""Declarative base and column types shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, DateTime, Index, Integer, MetaData, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Deterministic constraint names make SQLite batch migrations and downgrades possible.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Snowflakes exceed 2**53 and need 64 bits; SQLite only autoincrements INTEGER primary keys.
Snowflake = BigInteger().with_variant(Integer(), "sqlite")
IntPK = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and always returns aware UTC datetimes (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; attach a time zone first")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Personal data, declared on the columns that hold a member's id (``/privacy forget`` reads these):
#   owned(...)  the row is the member's own (their profile, ballot, roll-call entry, captured message): deleted;
#   ref(...)    the row is shared and only points at the member (creator, author, owner): the id is cleared.
# ``name`` names the column that holds the member's name next to the id: rows with no id whose name is theirs
# are treated the same way (a guest entry under their name, an action owner typed as text), and a shared row
# keeps the placeholder instead of the name. ``words`` names the column that holds what they wrote.
MEMBER = "member"
# Text columns that hold codes, not anybody's words (time zones, states, uids): never rewritten when forgetting.
TECHNICAL: dict[str, Any] = {"technical": True}


def owned(*, name: str | None = None, words: str | None = None) -> dict[str, Any]:
    return {MEMBER: "owned", "name": name, "words": words}


def ref(*, name: str | None = None) -> dict[str, Any]:
    return {MEMBER: "ref", "name": name}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class MeetingRow:
    """Columns of a row that belongs to one meeting of one server: its id, the server, the meeting.

    Such rows are read by meeting, so the mixin indexes (guild_id, meeting_id) as ``ix_<table>_meeting``; a class
    that needs other constraints declares its own ``__table_args__``, index included.
    """

    if TYPE_CHECKING:
        __tablename__: str  # each mapped class names its table

    # Mixin columns would otherwise come after the class's own; the tables keep these three first.
    id: Mapped[int] = mapped_column(IntPK, primary_key=True, autoincrement=True, sort_order=-1)
    guild_id: Mapped[int] = mapped_column(Snowflake, sort_order=-1)
    meeting_id: Mapped[int] = mapped_column(IntPK, sort_order=-1)

    @declared_attr.directive
    @classmethod
    def __table_args__(cls) -> tuple[Any, ...]:
        return (Index(f"ix_{cls.__tablename__}_meeting", "guild_id", "meeting_id"),)
