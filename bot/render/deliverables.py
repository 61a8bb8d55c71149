"""What members read about deliverables (full sentences with named placeholders, for the message catalog)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.deliverables import STAGES, Deliverable, Version, stage_name
from bot.domain.minutes import format_day
from bot.i18n import N_, NP_, Names, _, _p
from bot.render.discord_text import escape_cell, escape_md

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
NEXT_DEADLINE = N_("{stage} by {day}")
CARD_TITLE = N_("**#{id} {title}** ({kind}) — owner: {owner}")
CARD_STAGE = N_("Stage: {stage} ({stages})")
CARD_DEADLINES = N_("Deadlines: {deadlines}")
CARD_NEXT = N_("Next: {next}")
CARD_VERSION = N_("• v{number} ({stage}, {day}): {document}")
LIST_LINE = N_("#{id} {title} — {owner} — {stage}; next: {next}")


def _status_header() -> tuple[str, str]:
    cells = (_p("deliverables table", "Deliverable"), _p("deliverables table", "Owner"),
             _p("deliverables table", "Stage"), _p("deliverables table", "Next deadline"),
             _p("deliverables table", "Latest version"))
    return "| " + " | ".join(cells) + " |", "|---|---|---|---|---|"


# A deliverable's kind as readers say it ("issue paper", "document de réflexion").
kind_name = Names({
    "issue paper": NP_("deliverable kind", "issue paper"),
    "report": NP_("deliverable kind", "report"),
    "proposal": NP_("deliverable kind", "proposal"),
    "other": NP_("deliverable kind", "other"),
})


# One word per stage, for the line of all four ("outline → DRAFT → review → final").
_short_stage = Names({
    "outline": NP_("deliverable stage, one word", "outline"),
    "draft": NP_("deliverable stage, one word", "draft"),
    "review": NP_("deliverable stage, one word", "review"),
    "final": NP_("deliverable stage, one word", "final"),
})


def created(item: Deliverable) -> str:
    return _(CREATED, id=item.id, title=escape_md(item.title), owner=escape_md(item.owner_name)) + "\n" + card(item)


def moved(item: Deliverable) -> str:
    return _(MOVED, title=escape_md(item.title), stage=stage_name(item.stage))


def deadline_set(item: Deliverable) -> str:
    return _(DEADLINE_SET, title=escape_md(item.title), deadlines=deadlines_text(item))


def version_added(item: Deliverable, added: Version) -> str:
    return _(VERSION_ADDED, number=added.number, title=escape_md(item.title), stage=stage_name(added.stage),
             link=added.link)


def deadlines_text(item: Deliverable) -> str:
    parts = [f"{stage_name(s)} {format_day(item.deadlines[s])}" for s in STAGES if s in item.deadlines]
    return ", ".join(parts) or _p("no deadlines", "none")


def next_text(item: Deliverable) -> str:
    upcoming = item.next_deadline()
    return "—" if upcoming is None else _(NEXT_DEADLINE, stage=stage_name(upcoming[0]), day=format_day(upcoming[1]))


def card(item: Deliverable) -> str:
    stages = " → ".join(_short_stage(s).upper() if s == item.stage else _short_stage(s) for s in STAGES)
    lines = [_(CARD_TITLE, id=item.id, title=escape_md(item.title), kind=kind_name(item.kind),
               owner=escape_md(item.owner_name)),
             _(CARD_STAGE, stage=stage_name(item.stage), stages=stages),
             _(CARD_DEADLINES, deadlines=deadlines_text(item)), _(CARD_NEXT, next=next_text(item))]
    for v in item.versions[-5:]:
        note = f" — {escape_md(v.note)}" if v.note else ""
        lines.append(_(CARD_VERSION, number=v.number, stage=stage_name(v.stage), day=format_day(v.added_at.date()),
                       document=escape_md(v.filename) if v.filename else v.link) + note)
    return "\n".join(lines)


def list_line(item: Deliverable) -> str:
    return _(LIST_LINE, id=item.id, title=escape_md(item.title), owner=escape_md(item.owner_name),
             stage=stage_name(item.stage),
             next=next_text(item))


def reminder(item: Deliverable, stage: str, users: Sequence[int]) -> str:
    return _(REMINDER, mentions=" ".join(f"<@{u}>" for u in users[:50]), stage=stage_name(stage),
             title=escape_md(item.title), id=item.id, day=format_day(item.deadlines[stage]),
             current=stage_name(item.stage))


def status_table(items: Sequence[Deliverable]) -> list[str]:
    """The minutes' table: one row per deliverable reviewed at the meeting."""
    rows = list(_status_header())
    for item in items:
        latest = item.versions[-1] if item.versions else None
        version = f"v{latest.number} ({format_day(latest.added_at.date())})" if latest else "—"
        rows.append(f"| {escape_cell(item.title)} | {escape_cell(item.owner_name)} | {stage_name(item.stage)} | "
                    f"{next_text(item)} | {version} |")
    return rows
