"""Short texts for reviewing minutes in Discord: entry lists, one entry, action lists, publication notes.

User text is escaped for Discord (these are messages and embeds, not the minutes document itself).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from bot.domain.minutes import ACTION, DECISION, ActionItem, Entry, clip, format_day, single_line

ENTRIES_PER_PAGE = 20
ACTIONS_PER_PAGE = 20
ICONS = {"note": "📝", DECISION: "✅", ACTION: "📌"}
_DISCORD_SPECIAL = re.compile(r"([\\*_~`|>#\[\]-])")


def inert(text: str) -> str:
    """User text that shows as typed in a Discord message (no markup, no headings, no links); mentions are
    harmless because every reply is sent with mentions disabled."""
    return _DISCORD_SPECIAL.sub(r"\\\1", text)


def _owner_due(entry: Entry | ActionItem) -> str:
    owner = inert(entry.owner_name or "unassigned")
    return f" — {owner}, due {format_day(entry.due)}" if entry.due else f" — {owner}"


def entry_line(entry: Entry, label: str | None, width: int = 140) -> str:
    where = f"**{label}**" if label else "*no item*"
    extra = _owner_due(entry) if entry.kind == ACTION else ""
    credit = f" ({inert(entry.credit)})" if entry.credit else ""
    return f"`#{entry.id}` {where} {ICONS.get(entry.kind, '•')} {inert(clip(single_line(entry.text), width))}" \
           f"{credit}{extra}"


def entry_option(entry: Entry, label: str | None) -> tuple[str, str]:
    """(label, description) for a select option: each at most 100 characters."""
    name = f"#{entry.id} {label or '—'} {entry.kind}: {single_line(entry.text)}"
    detail = f"{entry.owner_name}, due {format_day(entry.due)}" if entry.kind == ACTION and entry.due else \
        (entry.owner_name or entry.credit or "")
    return clip(name, 100), clip(detail, 100)


def pages(count: int, per_page: int) -> int:
    return max(1, -(-count // per_page))


def entries_page(rows: Sequence[tuple[Entry, str | None]], page: int, meeting_label: str) -> str:
    total = pages(len(rows), ENTRIES_PER_PAGE)
    shown = rows[page * ENTRIES_PER_PAGE:(page + 1) * ENTRIES_PER_PAGE]
    if not rows:
        return f"Nothing was captured for {inert(meeting_label)} yet."
    head = f"**{len(rows)} entries** for {inert(meeting_label)} — page {page + 1}/{total}. " \
           "Pick one to edit or drop it."
    return "\n".join([head, "", *(entry_line(e, label) for e, label in shown)])


def entry_detail(entry: Entry, label: str | None) -> str:
    lines = [f"**{entry.kind.title()} #{entry.id}** under {f'item **{label}**' if label else 'no agenda item'}"]
    if entry.kind == ACTION:
        lines.append(f"Owner: {inert(entry.owner_name or 'unassigned')} · due "
                     f"{format_day(entry.due) if entry.due else '—'}")
    if entry.credit:
        lines.append(f"Said by: {inert(entry.credit)}")
    lines += ["", inert(entry.text)]
    return "\n".join(lines)


def action_line(action: ActionItem, today: date) -> str:
    late = " ⚠️ overdue" if action.due and action.due < today else ""
    return f"`#{action.id}` {inert(clip(single_line(action.text), 150))}{_owner_due(action)}{late}"


def actions_page(actions: Sequence[ActionItem], today: date, page: int, whose: str | None) -> str:
    scope = f" for {inert(whose)}" if whose else ""
    if not actions:
        return f"No open action items{scope}. 🎉"
    total = pages(len(actions), ACTIONS_PER_PAGE)
    shown = actions[page * ACTIONS_PER_PAGE:(page + 1) * ACTIONS_PER_PAGE]
    head = f"**{len(actions)} open action items{scope}**" + (f" — page {page + 1}/{total}" if total > 1 else "")
    return "\n".join([head, *(action_line(a, today) for a in shown)])
