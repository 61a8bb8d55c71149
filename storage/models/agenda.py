"""Agendas: one row per meeting that has an agenda, and its items (sub-items point at their parent)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import TECHNICAL, Base, IntPK, MeetingRow, Snowflake, UTCDateTime, owned, ref


class AgendaRecord(Base):
    """Marks that a meeting's agenda exists (even if every item was removed) and where it was posted."""

    __tablename__ = "agendas"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(IntPK, primary_key=True)
    posted_channel_id: Mapped[int | None] = mapped_column(Snowflake)
    updated_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AgendaItemRow(MeetingRow, Base):
    __tablename__ = "agenda_items"

    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    # Held in closed session; set by `/agenda closed`, kept across edits of the agenda's text (rows keep their ids).
    closed: Mapped[bool] = mapped_column(default=False)


class AgendaDocument(MeetingRow, Base):
    """A document an agenda item is about: a link, or the address of a file attached on Discord."""

    __tablename__ = "agenda_documents"

    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))
    added_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AgendaProposal(MeetingRow, Base):
    """An item a member proposed for a meeting's agenda, waiting for a chair (then accepted or declined)."""

    __tablename__ = "agenda_proposals"

    title: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"))
    document_label: Mapped[str | None] = mapped_column(String(200))
    document_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(10), default="pending", info=TECHNICAL)  # pending|accepted|declined
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"))
    channel_id: Mapped[int | None] = mapped_column(Snowflake)  # where the chair's buttons are
    message_id: Mapped[int | None] = mapped_column(Snowflake)
    # The proposal is theirs (forgetting deletes it); an item a chair accepted stays on the agenda, the group's.
    proposed_by: Mapped[int | None] = mapped_column(Snowflake, info=owned())
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by: Mapped[int | None] = mapped_column(Snowflake, info=ref())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
