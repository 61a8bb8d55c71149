"""Short texts for reviewing minutes in Discord: entry lists, one entry, action lists, publication notes.

User text is escaped for Discord (these are messages and embeds, not the minutes document itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain.minutes import ACTION, DECISION, ActionItem, Entry, clip, format_day, single_line
from bot.i18n import _, _n
from bot.render.discord_text import escape_md
from bot.render.labels import entry_kind

ENTRIES_PER_PAGE = 20
ACTIONS_PER_PAGE = 20
ICONS = {"note": "📝", DECISION: "✅", ACTION: "📌"}



def _owner_due(entry: Entry | ActionItem) -> str:
    owner = escape_md(entry.owner_name or _("unassigned"))
    if entry.due:
        return " " + _("— {owner}, due {day}", owner=owner, day=format_day(entry.due))
    return f" — {owner}"


def entry_line(entry: Entry, label: str | None, width: int = 140) -> str:
    where = f"**{label}**" if label else _("*no item*")
    extra = _owner_due(entry) if entry.kind == ACTION else ""
    credit = f" ({escape_md(entry.credit)})" if entry.credit else ""
    return f"`#{entry.id}` {where} {ICONS.get(entry.kind, '•')} {escape_md(clip(single_line(entry.text), width))}" \
           f"{credit}{extra}"


def entry_option(entry: Entry, label: str | None) -> tuple[str, str]:
    """(label, description) for a select option: each at most 100 characters."""
    name = f"#{entry.id} {label or '—'} {entry_kind(entry.kind)}: {single_line(entry.text)}"
    if entry.kind == ACTION and entry.due:
        detail = _("{owner}, due {day}", owner=entry.owner_name or "", day=format_day(entry.due))
    else:
        detail = entry.owner_name or entry.credit or ""
    return clip(name, 100), clip(detail, 100)


def pages(count: int, per_page: int) -> int:
    return max(1, -(-count // per_page))


def entries_page(rows: Sequence[tuple[Entry, str | None]], page: int, meeting_label: str) -> str:
    total = pages(len(rows), ENTRIES_PER_PAGE)
    shown = rows[page * ENTRIES_PER_PAGE:(page + 1) * ENTRIES_PER_PAGE]
    if not rows:
        return _("Nothing was captured for {meeting} yet.", meeting=escape_md(meeting_label))
    head = _n("**{count} entry** for {meeting} — page {page}/{pages}. Pick one to edit or drop it.",
              "**{count} entries** for {meeting} — page {page}/{pages}. Pick one to edit or drop it.", len(rows),
              meeting=escape_md(meeting_label), page=page + 1, pages=total)
    return "\n".join([head, "", *(entry_line(e, label) for e, label in shown)])


def entry_detail(entry: Entry, label: str | None) -> str:
    kind = entry_kind(entry.kind)
    if label:
        lines = [_("**{kind} #{id}** under item **{label}**", kind=kind, id=entry.id, label=label)]
    else:
        lines = [_("**{kind} #{id}** under no agenda item", kind=kind, id=entry.id)]
    if entry.kind == ACTION:
        lines.append(_("Owner: {owner} · due {day}", owner=escape_md(entry.owner_name or _("unassigned")),
                       day=format_day(entry.due) if entry.due else "—"))
    if entry.credit:
        lines.append(_("Said by: {name}", name=escape_md(entry.credit)))
    lines += ["", escape_md(entry.text)]
    return "\n".join(lines)


def action_line(action: ActionItem, today: date) -> str:
    late = " " + _("⚠️ overdue") if action.due and action.due < today else ""
    return f"`#{action.id}` {escape_md(clip(single_line(action.text), 150))}{_owner_due(action)}{late}"


def actions_page(actions: Sequence[ActionItem], today: date, page: int, whose: str | None) -> str:
    if not actions:
        if whose:
            return _("No open action items for {owner}. 🎉", owner=escape_md(whose))
        return _("No open action items. 🎉")
    total = pages(len(actions), ACTIONS_PER_PAGE)
    shown = actions[page * ACTIONS_PER_PAGE:(page + 1) * ACTIONS_PER_PAGE]
    if whose:
        head = _n("**{count} open action item for {owner}**", "**{count} open action items for {owner}**",
                  len(actions), owner=escape_md(whose))
    else:
        head = _n("**{count} open action item**", "**{count} open action items**", len(actions))
    if total > 1:
        head += " " + _("— page {page}/{pages}", page=page + 1, pages=total)
    return "\n".join([head, *(action_line(a, today) for a in shown)])


def action_done(action: ActionItem) -> str:
    return _("✅ Action #{id} is done: {text}", id=action.id, text=escape_md(clip(single_line(action.text), 300)))
