"""Minutes: what was captured during a meeting, tracked action items, and how they are written.

Pure code: no clock reads (``today``/``now`` come in as arguments), no storage, no Discord.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from bot.domain.agenda import Agenda, AgendaItem
from bot.errors import Conflict, InvalidInput
from bot.i18n import NP_, Names, _, formatting

NOTE = "note"
DECISION = "decision"
ACTION = "action"
ENTRY_KINDS = (NOTE, DECISION, ACTION)

MAX_ENTRY_TEXT = 4000
MAX_OWNER = 100
_LABEL_LIKE = re.compile(r"^\s*\d{1,3}\s*[.(]?\s*(?:[a-zA-Z]|\d{1,2})?\s*\)?\s*$")


@dataclass(frozen=True)
class VersionInfo:
    """One stored version of a meeting's minutes."""

    number: int
    source: str  # draft | edit | upload
    markdown: str
    published_at: datetime | None = None


@dataclass(frozen=True)
class Entry:
    """One thing captured during the meeting, filed under an agenda item (``item_id``; None = no item)."""

    id: int
    meeting_id: int
    item_id: int | None
    kind: str  # note | decision | action
    text: str
    author_id: int | None = None
    credit: str | None = None  # whose words these are, shown in the minutes ("Add to minutes")
    owner_id: int | None = None  # actions only
    owner_name: str | None = None
    due: date | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class Owner:
    """Who an action is for: a member (``user_id``) or free text such as "Drafting group"."""

    user_id: int | None
    name: str


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


@dataclass(frozen=True)
class ActionItem:
    """A tracked action, created when the minutes are published."""

    id: int
    meeting_id: int | None
    text: str
    owner_id: int | None
    owner_name: str
    due: date | None
    status: str  # open | done
    series_id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    def agenda_title(self, limit: int = 200) -> str:
        """How the action appears as a sub-item of "Review of action items" (stable, so carry-over is idempotent)."""
        due = f", due {format_day(self.due)}" if self.due else ""
        return clip(f"#{self.id} {single_line(self.text)} ({self.owner_name}{due})", limit)


def single_line(text: str) -> str:
    return " ".join(text.split())


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


# What a length or emptiness error is about, as a noun inside the sentence.
_entry_field = Names({
    "text": NP_("entry field", "text"),
    "comment": NP_("entry field", "comment"),
    "note's text": NP_("entry field", "note's text"),
    "decision's text": NP_("entry field", "decision's text"),
    "action's text": NP_("entry field", "action's text"),
    "message's text (messages with only attachments or embeds cannot be added)": NP_(
        "entry field", "message's text (messages with only attachments or embeds cannot be added)"),
})


def clean_entry_text(text: str, field: str = "text") -> str:
    """Trim, drop control characters except line breaks, squeeze blank-line runs; reject empty or too long."""
    lines = ["".join(ch for ch in line if ch.isprintable()).rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    cleaned = "\n".join(kept).strip()
    if not cleaned:
        raise InvalidInput(_("The {field} cannot be empty.", field=_entry_field(field)))
    if len(cleaned) > MAX_ENTRY_TEXT:
        raise InvalidInput(_("The {field} is {length} characters long; at most {limit} are allowed.",
                             field=_entry_field(field), length=len(cleaned), limit=MAX_ENTRY_TEXT))
    return cleaned


# -- formatting --------------------------------------------------------------------------------------------------

_SMALL = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
          "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
          "nineteenth")
_TENS = {2: "twent", 3: "thirt", 4: "fort", 5: "fift", 6: "sixt", 7: "sevent", 8: "eight", 9: "ninet"}


def ordinal(n: int) -> str:
    """'sixth', 'twenty-first'; numerals with a suffix from 100 on ('101st')."""
    if 0 <= n < 20:
        return _SMALL[n]
    if 20 <= n < 100:
        tens, unit = divmod(n, 10)
        return f"{_TENS[tens]}ieth" if unit == 0 else f"{_TENS[tens]}y-{_SMALL[unit]}"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_day(day: date) -> str:
    """'15 August 2018' (the secretariat's style, unambiguous in every locale); '15 août 2018' in French."""
    return formatting.format_day(day)


def format_span(start: datetime, end: datetime) -> str:
    """'15 August 2018, 15:00–16:00 UTC' from aware datetimes (shown in UTC, like the seed summaries)."""
    s, e = start.astimezone(UTC), end.astimezone(UTC)
    if s.date() == e.date():
        return _("{day}, {start}–{end} UTC", day=format_day(s.date()), start=formatting.format_time(s),
                 end=formatting.format_time(e))
    return _("{start_day}, {start} – {end_day}, {end} UTC", start_day=format_day(s.date()),
             start=formatting.format_time(s), end_day=format_day(e.date()), end=formatting.format_time(e))


# -- agenda positions ----------------------------------------------------------------------------------------------


def find_item(agenda: Agenda, ref: str) -> tuple[str, AgendaItem]:
    """An agenda item by label ("2", "2b") or by its title (exact, else the one title containing the text)."""
    numbered = agenda.numbered()
    if not numbered:
        raise Conflict(_("The agenda of this meeting is empty; a chair adds items with the agenda commands."))
    text = single_line(ref)
    try:
        wanted = agenda.find(text)
    except InvalidInput:
        if _LABEL_LIKE.match(text):
            raise
    else:
        return next((label, item) for label, item in numbered if item is wanted)
    folded = text.casefold()
    exact = [(label, item) for label, item in numbered if item.title.casefold() == folded]
    partial = [(label, item) for label, item in numbered if folded and folded in item.title.casefold()]
    found = exact or partial
    if len(found) == 1:
        return found[0]
    labels = ", ".join(label for label, _item in numbered)
    if found:
        raise InvalidInput(_("`{text}` matches several agenda items ({items}); give its number.", text=clip(text, 40),
                             items=", ".join(lbl for lbl, _item in found)))
    raise InvalidInput(_("The agenda has no item `{label}`. Items: {items}.", label=clip(text, 40), items=labels))


def step(agenda: Agenda, current_id: int | None) -> tuple[str, AgendaItem]:
    """The item after ``current_id`` in agenda order (sub-items included); the first when there is none."""
    numbered = agenda.numbered()
    if not numbered:
        raise Conflict(_("The agenda of this meeting is empty; a chair adds items with the agenda commands."))
    position = next((i for i, (_, item) in enumerate(numbered) if item.id == current_id), None)
    if position is None:
        return numbered[0]
    if position + 1 >= len(numbered):
        label, item = numbered[position]
        raise Conflict(_("Item {label} ({title}) is the last one on the agenda.", label=label,
                         title=clip(item.title, 60)))
    return numbered[position + 1]


def item_choices(agenda: Agenda, typed: str, current_id: int | None = None) -> list[tuple[str, str]]:
    """(name, value) pairs for an agenda-item autocomplete: labels first matching, then titles."""
    folded = single_line(typed).casefold()
    choices = []
    for label, item in agenda.numbered():
        if folded and not (label.startswith(folded) or folded in item.title.casefold()):
            continue
        marker = "▶ " if current_id is not None and item.id == current_id else ""
        choices.append((clip(f"{marker}{label} · {item.title}", 100), label))
    return choices[:25]
