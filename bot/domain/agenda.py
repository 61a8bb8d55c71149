"""Agendas: numbered items with lettered sub-items, parsed from what chairs paste from e-mail.

Accepted item markers (indented or not, numbers are renumbered in order):
``1 - Intro``, ``1. Intro``, ``1) Intro``, ``1: Intro``, ``(1) Intro``, ``1 Intro``; sub-items
``a) …``, ``a. …``, ``(a) …``, ``2.1 …``, or any numbered or bulleted line indented under an item.
Unmarked lines continue the previous item (e-mail clients wrap long lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.errors import InvalidInput
from bot.i18n import _

MAX_TITLE = 200
MAX_ITEMS = 30
MAX_CHILDREN = 26  # a) … z)
LETTERS = "abcdefghijklmnopqrstuvwxyz"
TAB_WIDTH = 4

# Items a new agenda keeps at its end: added items go before these.
CLOSING_PREFIXES = ("next steps", "future agenda", "future meeting", "aob", "any other business")


@dataclass(frozen=True)
class Document:
    """A document an item is about: a link, or a file attached on Discord (its address and file name)."""

    id: int | None
    label: str
    url: str


@dataclass(frozen=True)
class AgendaItem:
    id: int | None
    title: str
    children: tuple[AgendaItem, ...] = ()
    # Held in closed session: observers leave the meeting's voice channel while it is discussed.
    closed: bool = False
    documents: tuple[Document, ...] = ()


@dataclass(frozen=True)
class Agenda:
    items: tuple[AgendaItem, ...]

    def numbered(self) -> list[tuple[str, AgendaItem]]:
        """Every item with its label, in order: "1", "2", "2a", "2b", "3" …"""
        labelled: list[tuple[str, AgendaItem]] = []
        for number, item in enumerate(self.items, 1):
            labelled.append((str(number), item))
            labelled.extend((f"{number}{LETTERS[i]}", child) for i, child in enumerate(item.children))
        return labelled

    def find(self, label: str) -> AgendaItem:
        index, child = parse_label(label)
        self._check(label, index, child)
        item = self.items[index]
        return item if child is None else item.children[child]

    def _check(self, label: str, index: int, child: int | None) -> None:
        shown = ", ".join(lbl for lbl, _item in self.numbered()) or _("none")
        if index >= len(self.items) or (child is not None and child >= len(self.items[index].children)):
            raise InvalidInput(_("The agenda has no item `{label}`. Items: {items}.", label=label.strip()[:20],
                                 items=shown))


class AgendaParseError(InvalidInput):
    """The pasted agenda has a problem on one line; nothing is saved."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(_("Line {line}: {problem} Nothing was saved.", line=line, problem=problem))
        self.line = line
        self.problem = problem


def letter(index: int) -> str:
    return LETTERS[index]


def clean_title(text: str) -> str:
    """One line of printable text with single spaces (what every stored title looks like)."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(printable.split())


_LABEL = re.compile(r"^\s*([0-9]{1,3})\s*(?:[.(\s]\s*)?([a-zA-Z]|[0-9]{1,2})?\s*\)?\s*$")


def parse_label(label: str) -> tuple[int, int | None]:
    """"2" -> (1, None); "2b", "2 b", "2.b", "2(b)", "2.2" -> (1, 1). Zero-based indexes."""
    match = _LABEL.match(label)
    if not match or int(match.group(1)) < 1:
        raise InvalidInput(_("`{label}` is not an agenda item number; use labels such as `2` or `2b` as shown by "
                             "`/agenda show`.", label=label.strip()[:20]))
    index = int(match.group(1)) - 1
    sub = match.group(2)
    if sub is None:
        return index, None
    child = int(sub) - 1 if sub.isdecimal() else LETTERS.index(sub.lower())
    if child < 0:
        raise InvalidInput(_("`{label}` is not an agenda item number; sub-items start at `a` (or `.1`).",
                             label=label.strip()[:20]))
    return index, child


# -- parsing ----------------------------------------------------------------------------------------------------

_SEPARATOR = r"(?:[-–—.):]+[ \t]*|[ \t]+|$)"
_DOTTED_SUB = re.compile(r"^\(?[0-9]{1,2}\.[0-9]{1,2}\.?\)?" + r"(?:[-–—):]+[ \t]*|[ \t]+|$)" + r"(?P<title>.*)$")
_NUMBER = re.compile(r"^\(?[0-9]{1,2}[ \t]*" + _SEPARATOR + r"(?P<title>.*)$")
_LETTER = re.compile(r"^\(?[a-zA-Z](?:\)|\.(?=\s|$))[ \t]*(?P<title>.*)$")
_BULLET = re.compile(r"^[-*•·▪◦][ \t]+(?P<title>.*)$")
_QUOTE = re.compile(r"^(?:[ \t]*>)+")


def _indent(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += TAB_WIDTH
        else:
            break
    return width


class _Builder:
    """Collects items while parsing; keeps the line each item started on for error messages."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, list[str], list[tuple[int, list[str]]]]] = []

    def top(self, line_no: int, indent: int, title: str) -> None:
        if len(self.items) >= MAX_ITEMS:
            raise AgendaParseError(line_no, _("an agenda can have at most {limit} items.", limit=MAX_ITEMS))
        self.items.append((line_no, indent, [title], []))

    def sub(self, line_no: int, title: str) -> None:
        children = self.items[-1][3]
        if len(children) >= MAX_CHILDREN:
            raise AgendaParseError(line_no, _("an item can have at most {limit} sub-items (a to z).",
                                              limit=MAX_CHILDREN))
        children.append((line_no, [title]))

    def more(self, text: str) -> None:
        _line, _label, title, children = self.items[-1]
        (children[-1][1] if children else title).append(text)

    def build(self) -> Agenda:
        items = []
        for line_no, _label, parts, children in self.items:
            kids = tuple(AgendaItem(None, _title(no, kid)) for no, kid in children)
            items.append(AgendaItem(None, _title(line_no, parts), kids))
        return Agenda(tuple(items))


def _title(line_no: int, parts: list[str]) -> str:
    title = clean_title(" ".join(parts))
    if not title:
        raise AgendaParseError(line_no, _("this item has no title; write it after the number, e.g. `1 - Intro`."))
    if len(title) > MAX_TITLE:
        raise AgendaParseError(line_no, _("this item's title is {length} characters long; at most {limit} are "
                                          "allowed.", length=len(title), limit=MAX_TITLE))
    return title


def _looks_like_heading(text: str) -> bool:
    return "agenda" in text.casefold() and len(text) <= 60


def parse_agenda(text: str) -> Agenda:
    """Parse a pasted agenda. Raises AgendaParseError naming the line of the first problem."""
    builder = _Builder()
    for line_no, raw in enumerate(text.splitlines(), 1):
        line = _QUOTE.sub("", raw).rstrip()
        if not line.strip():
            continue
        indent = _indent(line)
        body = line.strip()
        if len(body) > 4 and body.startswith("**") and body.endswith("**"):
            body = body[2:-2].strip()
        under_item = bool(builder.items) and indent > builder.items[-1][1]
        if match := _DOTTED_SUB.match(body) or _LETTER.match(body):
            if not builder.items:
                raise AgendaParseError(line_no, _("the sub-item `{text}` comes before any numbered item; start with "
                                                  "an item such as `1 - Intro`.", text=body[:40]))
            builder.sub(line_no, match.group("title"))
        elif match := _NUMBER.match(body) or _BULLET.match(body):
            if under_item:
                builder.sub(line_no, match.group("title"))
            else:
                builder.top(line_no, indent, match.group("title"))
        elif builder.items:
            builder.more(body)
        elif not _looks_like_heading(body):
            raise AgendaParseError(line_no, _("`{text}` is not an agenda item; start items with a number "
                                              "(`1 - …`, `1.`, `1)`) and sub-items with a letter (`a) …`).",
                                              text=body[:40]))
    if not builder.items:
        raise AgendaParseError(1, _("no agenda items found; write one item per line, e.g. "
                                    "`1 - Intro/Logistics/Admin`."))
    return builder.build()


def from_titles(titles: list[str] | tuple[str, ...]) -> Agenda:
    """An agenda from a template: one top-level item per title."""
    return Agenda(tuple(AgendaItem(None, clean_title(t)[:MAX_TITLE]) for t in titles if clean_title(t)))


# -- editing ----------------------------------------------------------------------------------------------------

def checked_title(title: str) -> str:
    cleaned = clean_title(title)
    if not cleaned:
        raise InvalidInput(_("The item's title cannot be empty."))
    if len(cleaned) > MAX_TITLE:
        raise InvalidInput(_("The item's title is {length} characters long; at most {limit} are allowed.",
                             length=len(cleaned), limit=MAX_TITLE))
    return cleaned


def is_closing(item: AgendaItem) -> bool:
    return item.title.casefold().startswith(CLOSING_PREFIXES)


def insertion_index(items: tuple[AgendaItem, ...]) -> int:
    """Where a new top-level item goes: before the trailing "Next steps…" / "AOB" items."""
    index = len(items)
    while index > 0 and is_closing(items[index - 1]):
        index -= 1
    return index


def _put(items: tuple[AgendaItem, ...], index: int, item: AgendaItem) -> tuple[AgendaItem, ...]:
    return (*items[:index], item, *items[index + 1:])


def add_item(agenda: Agenda, title: str, parent: str | None = None) -> tuple[Agenda, str]:
    """Add an item (before the closing items) or a sub-item (last under ``parent``); returns its label."""
    title = checked_title(title)
    if parent is None:
        if len(agenda.items) >= MAX_ITEMS:
            raise InvalidInput(_("The agenda already has {limit} items, the most allowed.", limit=MAX_ITEMS))
        at = insertion_index(agenda.items)
        items = (*agenda.items[:at], AgendaItem(None, title), *agenda.items[at:])
        return Agenda(items), str(at + 1)
    index, child = parse_label(parent)
    agenda._check(parent, index, None)
    if child is not None:
        raise InvalidInput(_("`{label}` is a sub-item; sub-items cannot have sub-items of their own.",
                             label=parent.strip()))
    owner = agenda.items[index]
    if len(owner.children) >= MAX_CHILDREN:
        raise InvalidInput(_("Item {item} already has {limit} sub-items, the most allowed.", item=index + 1,
                             limit=MAX_CHILDREN))
    updated = replace(owner, children=(*owner.children, AgendaItem(None, title)))
    return Agenda(_put(agenda.items, index, updated)), f"{index + 1}{letter(len(owner.children))}"


def _move(seq: tuple[AgendaItem, ...], src: int, position: int, parent: int | None) -> tuple[tuple[AgendaItem, ...],
                                                                                          int]:
    if not 1 <= position <= len(seq):
        if parent is None:
            raise InvalidInput(_("Position {position} is out of range; the agenda has positions 1 to {last}.",
                                 position=position, last=len(seq)))
        raise InvalidInput(_("Position {position} is out of range; item {item} has positions 1 to {last}.",
                             position=position, item=parent, last=len(seq)))
    rest = seq[:src] + seq[src + 1:]
    dest = position - 1
    return (*rest[:dest], seq[src], *rest[dest:]), dest


def move_item(agenda: Agenda, label: str, position: int) -> tuple[Agenda, str]:
    """Move an item (or a sub-item, among its siblings) to ``position`` (1-based); returns its new label."""
    index, child = parse_label(label)
    agenda._check(label, index, child)
    if child is None:
        items, dest = _move(agenda.items, index, position, None)
        return Agenda(items), str(dest + 1)
    owner = agenda.items[index]
    children, dest = _move(owner.children, child, position, index + 1)
    return Agenda(_put(agenda.items, index, replace(owner, children=children))), f"{index + 1}{letter(dest)}"


def remove_item(agenda: Agenda, label: str) -> tuple[Agenda, AgendaItem]:
    """Remove an item (with its sub-items) or one sub-item."""
    index, child = parse_label(label)
    agenda._check(label, index, child)
    owner = agenda.items[index]
    if child is None:
        return Agenda(agenda.items[:index] + agenda.items[index + 1:]), owner
    updated = replace(owner, children=owner.children[:child] + owner.children[child + 1:])
    return Agenda(_put(agenda.items, index, updated)), owner.children[child]


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def ensure_item(agenda: Agenda, title: str, children: list[str]) -> tuple[Agenda, int]:
    """Find a top-level item by title (any case) or insert it before the closing items, then append the
    sub-items it lacks. Returns the agenda and the item's index. Idempotent."""
    title = checked_title(title)
    index = next((i for i, item in enumerate(agenda.items) if _same(item.title, title)), None)
    items = list(agenda.items)
    if index is None:
        index = insertion_index(agenda.items)
        items.insert(index, AgendaItem(None, title))
    owner = items[index]
    kids = list(owner.children)
    for child in children:
        cleaned = clean_title(child)[:MAX_TITLE]
        if cleaned and len(kids) < MAX_CHILDREN and not any(_same(k.title, cleaned) for k in kids):
            kids.append(AgendaItem(None, cleaned))
    items[index] = replace(owner, children=tuple(kids))
    return Agenda(tuple(items)), index


# -- keeping ids across edits --------------------------------------------------------------------------------------

def _by_title(new: list[AgendaItem], old: list[AgendaItem], ids: list[int | None], used: set[int]) -> None:
    for i, item in enumerate(new):
        if ids[i] is None:
            match = next((o.id for o in old if o.id is not None and o.id not in used and _same(o.title, item.title)),
                         None)
            if match is not None:
                ids[i] = match
                used.add(match)


def _by_position(new: list[AgendaItem], old: list[AgendaItem], ids: list[int | None], used: set[int]) -> None:
    for i in range(min(len(new), len(old))):
        candidate = old[i].id
        if ids[i] is None and candidate is not None and candidate not in used:
            ids[i] = candidate
            used.add(candidate)


def merge_ids(old: Agenda, new: Agenda) -> Agenda:
    """Give the items of an edited agenda the ids of the items they continue, so notes and the meeting's
    current item stay attached when a chair re-pastes the agenda, moves a sub-item or fixes a typo.

    Same title wins over same position, everywhere, before any position is used."""
    used: set[int] = set()
    new_top, old_top = list(new.items), list(old.items)
    top_ids: list[int | None] = [None] * len(new_top)
    _by_title(new_top, old_top, top_ids, used)
    _by_position(new_top, old_top, top_ids, used)

    old_by_id = {item.id: item for item in old_top}
    old_children = [child for item in old_top for child in item.children]
    kids = [list(item.children) for item in new_top]
    previous = [list(old_by_id[i].children) if i in old_by_id else [] for i in top_ids]
    kid_ids: list[list[int | None]] = [[None] * len(k) for k in kids]
    for k, p, ids in zip(kids, previous, kid_ids, strict=True):
        _by_title(k, p, ids, used)
    for k, ids in zip(kids, kid_ids, strict=True):
        _by_title(k, old_children, ids, used)  # a sub-item moved under another item
    for k, p, ids in zip(kids, previous, kid_ids, strict=True):
        _by_position(k, p, ids, used)
    items = tuple(
        AgendaItem(item_id, item.title, tuple(replace(c, id=cid) for c, cid in zip(item.children, ids, strict=True)))
        for item, item_id, ids in zip(new_top, top_ids, kid_ids, strict=True)
    )
    return Agenda(items)
