"""A poll's slot list: entries separated by commas, semicolons or new lines, each a start or a range.

Every start and end is read by the date language (``read_moment``), so a slot accepts exactly the phrases every
other command accepts. An entry that is only a time of day (``11:00``, ``17:30-18:30``) reuses the date of the
entry before it. Every problem is collected and reported at once, naming the entries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from bot.domain.dates.messages import DateProblem, message, quote
from bot.domain.dates.reading import DEFAULT_LANGUAGES, Reading, read_moment, stamp
from bot.domain.dates.spans import MAX_LENGTH
from bot.errors import InvalidInput
from bot.i18n import _
from bot.i18n.formatting import format_number

MAX_SHOWN_ERRORS = 5

_MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
_YEAR_FIRST = re.compile(r"^\d{4}(?![-/.:\d])")
_HAS_TIME = re.compile(r"\d:\d|\d\s*[ap]\.?m\b", re.IGNORECASE)
_FOUR_DIGITS = re.compile(r"\b\d{4}\b")
_WEEKDAY_ONLY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$", re.IGNORECASE)
_ISO_T = re.compile(r"\d{4}-\d{2}-\d{2}T\d")
# Range separators: "–", "—", " to ", " until ", " - " and a bare "-" right after a time ("17:30-18:30").
_RANGE_SEP = re.compile(r"\s*(?:[–—]|\bto\b|\buntil\b|\s-\s|(?<=\d:\d\d)-|(?<=[ap]m)-|(?<=\dh)-)\s*",
                        re.IGNORECASE)


@dataclass(frozen=True)
class SlotSpec:
    """One parsed slot: aware UTC start and end, and the text it came from."""

    start: datetime
    end: datetime
    source: str


@dataclass
class ParsedSlots:
    slots: list[SlotSpec]
    notes: list[str] = field(default_factory=list)  # what was assumed: a year, a repeated hour


@dataclass(frozen=True)
class SlotRules:
    """What a list is read against: the poll's zone, now, the length of slots without an end, and limits."""

    zone: tzinfo
    now: datetime
    length: timedelta
    max_slots: int
    existing: tuple[datetime, ...] = ()  # starts the poll already has (duplicates are refused)
    languages: Sequence[str] = DEFAULT_LANGUAGES


class _EntryError(Exception):
    def __init__(self, problem: str, *, unknown: bool = False) -> None:
        super().__init__(problem)
        self.problem = problem
        self.unknown = unknown


def split_entries(text: str) -> list[str]:
    """Split a slot list on commas, semicolons and new lines.

    Commas that belong to a date are kept: ``Dec 4, 2026 9am`` and ``Thu, Dec 3 15:00`` stay one entry.
    """
    pieces = [p.strip() for p in re.split(r"[,;\n]", text)]
    merged: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        year_after_month = bool(_YEAR_FIRST.match(piece) and merged and _MONTH_NAME.search(merged[-1])
                                and not _FOUR_DIGITS.search(merged[-1]) and not _HAS_TIME.search(merged[-1]))
        if year_after_month or (merged and _WEEKDAY_ONLY.match(merged[-1])):
            merged[-1] = f"{merged[-1]}, {piece}"
        else:
            merged.append(piece)
    return merged


def _split_range(entry: str) -> tuple[str, str | None]:
    if _ISO_T.search(entry):
        # "2026-12-03T15:00-05:00" is an offset, not a range; only spaced separators count here.
        candidates = [m for m in _RANGE_SEP.finditer(entry) if m.group(0).strip() in {"–", "—", "to", "until"}
                      or " - " in m.group(0)]
    else:
        candidates = list(_RANGE_SEP.finditer(entry))
    if not candidates:
        return entry, None
    sep = candidates[-1]
    return entry[: sep.start()].strip(), entry[sep.end():].strip()


def _point(text: str, rules: SlotRules, day: date | None, zone: tzinfo) -> Reading:
    try:
        return read_moment(text, now=rules.now, zone=zone, languages=rules.languages, day=day)
    except DateProblem as exc:
        if exc.key == "unknown":  # the list of accepted forms is said once, after all the entries
            raise _EntryError(message("unknown_short", text=quote(text)), unknown=True) from exc
        raise _EntryError(exc.message) from exc


def _parse_entry(entry: str, rules: SlotRules, previous: date | None, notes: list[str]) -> tuple[SlotSpec, date]:
    start_text, end_text = _split_range(entry)
    if not start_text or end_text == "":
        raise _EntryError(_("{text} is an incomplete range; write e.g. `2026-12-03 17:30-18:30`.", text=quote(entry)))
    start = _point(start_text, rules, previous, rules.zone)
    start_day = start.at.astimezone(start.zone).date()
    notes.extend(start.notes)
    if end_text is None:
        return SlotSpec(start.at, start.at + rules.length, entry), start_day
    end = _point(end_text, rules, start_day, start.zone)
    notes.extend(end.notes)
    if end.at <= start.at:
        raise _EntryError(DateProblem("range_end_before_start", text=quote(entry)).message)
    if end.at - start.at > MAX_LENGTH:
        raise _EntryError(_("{text} is longer than 24 hours.", text=quote(entry)))
    return SlotSpec(start.at, end.at, entry), start_day


def read_slots(text: str, rules: SlotRules) -> ParsedSlots:
    """Parse a slot list; every problem is collected and reported together, naming the bad entries."""
    entries = split_entries(text)
    if not entries:
        raise InvalidInput(_("No slots given. List them separated by commas, semicolons or new lines, "
                             "e.g. `2026-12-03 15:00, 2026-12-03 17:30-18:30, Dec 4 9am`."))
    total = len(entries) + len(rules.existing)
    if total > rules.max_slots:
        raise InvalidInput(_("That makes {total} slots; a poll can have at most {limit}.", total=format_number(total),
                             limit=format_number(rules.max_slots)))
    notes: list[str] = []
    errors: list[str] = []
    slots: list[SlotSpec] = []
    seen: dict[datetime, str] = {start: _("a slot the poll already has") for start in rules.existing}
    previous: date | None = None
    unknown = False
    for entry in entries:
        try:
            spec, previous = _parse_entry(entry, rules, previous, notes)
        except _EntryError as exc:
            errors.append(exc.problem)
            unknown = unknown or exc.unknown
            continue
        if spec.start in seen:
            errors.append(_("{text} ({when}) duplicates {other}.", text=quote(entry), when=stamp(spec.start),
                            other=seen[spec.start]))
        else:
            seen[spec.start] = quote(entry)
            slots.append(spec)
    if errors:
        shown = "\n".join(f"• {e}" for e in errors[:MAX_SHOWN_ERRORS])
        more = "\n" + _("… and {count} more.", count=len(errors) - MAX_SHOWN_ERRORS) \
            if len(errors) > MAX_SHOWN_ERRORS else ""
        forms = "\n" + message("examples") if unknown else ""
        head = _("{failed} of {total} slots could not be used (times read in {zone}):", failed=len(errors),
                 total=len(entries), zone=_zone_name(rules.zone))
        raise InvalidInput(f"{head}\n{shown}{more}{forms}")
    slots.sort(key=lambda s: s.start)
    return ParsedSlots(slots, notes)


def _zone_name(zone: tzinfo) -> str:
    return str(getattr(zone, "key", zone))
