"""Agenda input: documents an item is about, items held in closed session, and items members propose."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.agenda import Agenda, Document, clean_title, letter
from bot.domain.meeting import MeetingInfo
from bot.errors import InvalidInput
from bot.i18n import _

MAX_DOCUMENT_LABEL = 200


def checked_document(url: str, label: str | None) -> tuple[str, str]:
    """A document's address (a full https:// link) and what to call it (default: the link's last part)."""
    value = url.strip()
    if not value.startswith(("https://", "http://")) or any(ch.isspace() for ch in value) or len(value) < 10:
        raise InvalidInput(_("`{link}` is not a link to a document; give a full https:// address or attach the file.",
                             link=value[:60]))
    if len(value) > 500:
        raise InvalidInput(_("The link is {length} characters long; at most 500 are allowed.", length=len(value)))
    name = clean_title(label or "") or clean_title(value.split("?")[0].rstrip("/").rsplit("/", 1)[-1]) or value
    return value, name[:MAX_DOCUMENT_LABEL]


# -- closed session ------------------------------------------------------------------------------------------------

def closed_ids(agenda: Agenda) -> frozenset[int]:
    """Items held in closed session: those marked closed and every sub-item of a closed item."""
    found: set[int] = set()
    for item in agenda.items:
        for node in (item, *item.children):
            if node.id is not None and (item.closed or node.closed):
                found.add(node.id)
    return frozenset(found)


def closed_labels(agenda: Agenda) -> list[str]:
    """Labels of the closed items as a reader names them: "3" for a closed item (not its sub-items), "2b"."""
    labels = []
    for number, item in enumerate(agenda.items, 1):
        if item.closed:
            labels.append(str(number))
            continue
        labels += [f"{number}{letter(i)}" for i, child in enumerate(item.children) if child.closed]
    return labels


# -- proposals ---------------------------------------------------------------------------------------------------

PENDING, ACCEPTED, DECLINED = "pending", "accepted", "declined"


@dataclass(frozen=True)
class Proposal:
    id: int
    meeting: MeetingInfo
    title: str
    parent_label: str | None  # "2": proposed as a sub-item of item 2
    document: Document | None
    status: str
    proposed_by: int | None
    channel_id: int | None = None
    message_id: int | None = None
    label: str | None = None  # once accepted: where it went on the agenda
