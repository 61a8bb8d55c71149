"""What members read about deliverables (full sentences with named placeholders, for the message catalog)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.deliverables import STAGE_NAMES, STAGES, Deliverable
from bot.domain.minutes import format_day
from bot.i18n import N_, _
from bot.render.discord_text import escape_cell

NOT_FOUND = N_("There is no deliverable #{id} in this server; `/deliverable list` shows them.")
BAD_KIND = N_("The kind must be one of: {kinds}.")
ONE_OWNER = N_("Give either an owner or a drafting group, not both.")
A_MEMBER = N_("a member")
FORMER_OWNER = N_("former member")
OWNERS_ONLY = N_("Only the owner of “{title}” ({owner}), its drafting group or a chair can change it.")
VERSION_NEEDS_LINK = N_("Give a `link` to the document or attach the `file`.")
CREATED = N_("✅ Deliverable #{id} “{title}” created, owned by {owner}.")
MOVED = N_("✅ “{title}” is now at the {stage} stage.")
DEADLINE_SET = N_("✅ Deadlines of “{title}”: {deadlines}.")
VERSION_ADDED = N_("✅ Version {number} of “{title}” ({stage}) recorded: {link}")
LIST_EMPTY = N_("There are no deliverables yet; a chair adds one with `/deliverable create`.")
REMINDER = (N_("⏰ {mentions} The {stage} of “{title}” (deliverable #{id}) is due {day}; it is at the "
            "{current} stage now. Record a version with `/deliverable version` and move it on with "
            "`/deliverable stage`."))
STATUS_HEADING = N_("Status of deliverables")
STATUS_HEADER = ("| Deliverable | Owner | Stage | Next deadline | Latest version |", "|---|---|---|---|---|")


def deadlines_text(item: Deliverable) -> str:
    parts = [f"{STAGE_NAMES[s]} {format_day(item.deadlines[s])}" for s in STAGES if s in item.deadlines]
    return ", ".join(parts) or "none"


def next_text(item: Deliverable) -> str:
    upcoming = item.next_deadline()
    return "—" if upcoming is None else f"{STAGE_NAMES[upcoming[0]]} by {format_day(upcoming[1])}"


def card(item: Deliverable) -> str:
    lines = [f"**#{item.id} {item.title}** ({item.kind}) — owner: {item.owner_name}",
             f"Stage: {STAGE_NAMES[item.stage]} ({' → '.join(s.upper() if s == item.stage else s for s in STAGES)})",
             f"Deadlines: {deadlines_text(item)}", f"Next: {next_text(item)}"]
    for v in item.versions[-5:]:
        note = f" — {v.note}" if v.note else ""
        lines.append(f"• v{v.number} ({v.stage}, {format_day(v.added_at.date())}): {v.filename or v.link}{note}")
    return "\n".join(lines)


def list_line(item: Deliverable) -> str:
    return f"#{item.id} {item.title} — {item.owner_name} — {STAGE_NAMES[item.stage]}; next: {next_text(item)}"


def reminder(item: Deliverable, stage: str, users: Sequence[int]) -> str:
    return _(REMINDER, mentions=" ".join(f"<@{u}>" for u in users[:50]), stage=STAGE_NAMES[stage],
                           title=item.title, id=item.id, day=format_day(item.deadlines[stage]),
                           current=STAGE_NAMES[item.stage])


def status_table(items: Sequence[Deliverable]) -> list[str]:
    """The minutes' table: one row per deliverable reviewed at the meeting."""
    rows = list(STATUS_HEADER)
    for item in items:
        latest = item.versions[-1] if item.versions else None
        version = f"v{latest.number} ({format_day(latest.added_at.date())})" if latest else "—"
        rows.append(f"| {escape_cell(item.title)} | {escape_cell(item.owner_name)} | {STAGE_NAMES[item.stage]} | "
                    f"{next_text(item)} | {version} |")
    return rows
