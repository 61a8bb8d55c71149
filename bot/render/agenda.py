"""Agendas as text: the plain form chairs edit (and that parses back), and the posted Discord messages."""

from __future__ import annotations

from bot.domain.agenda import Agenda, AgendaItem, letter
from bot.domain.meeting import MeetingInfo
from bot.i18n import _, _n
from bot.render.discord_text import escape_md, jump_link, masked_link, ts
from bot.render.modes import mode_badge, tentative_badge

MESSAGE_LIMIT = 2000
SUB_INDENT = "    "
# Discord drops ordinary leading spaces in rendered messages; an em space keeps sub-items indented.
POSTED_INDENT = "\u2003"


def agenda_text(agenda: Agenda) -> str:
    """The editable form: ``1 - Intro`` / ``    a) Sub-item``; ``parse_agenda`` reads it back unchanged."""
    lines: list[str] = []
    for number, item in enumerate(agenda.items, 1):
        lines.append(f"{number} - {item.title}")
        lines.extend(f"{SUB_INDENT}{letter(i)}) {child.title}" for i, child in enumerate(item.children))
    return "\n".join(lines)


def _extras(item: AgendaItem, indent: str) -> list[str]:
    """An item's documents, one per line under it, as links."""
    return [f"{indent}📎 {masked_link(d.label, d.url)}" for d in item.documents]


def _closed(item: AgendaItem) -> str:
    return " " + _("🔒 closed session") if item.closed else ""


def agenda_blocks(agenda: Agenda, current_item_id: int | None = None) -> list[list[str]]:
    """One block of lines per top-level item (the item and its sub-items, their documents), as posted on Discord."""
    blocks: list[list[str]] = []
    for number, item in enumerate(agenda.items, 1):
        mark = " " + _("◀ now") if current_item_id is not None and item.id == current_item_id else ""
        block = [f"**{number} - {escape_md(item.title)}**{_closed(item)}{mark}", *_extras(item, POSTED_INDENT)]
        for i, child in enumerate(item.children):
            mark = " " + _("◀ now") if current_item_id is not None and child.id == current_item_id else ""
            block.append(f"{POSTED_INDENT}{letter(i)}) {escape_md(child.title)}{_closed(child)}{mark}")
            block += _extras(child, POSTED_INDENT * 2)
        blocks.append(block)
    return blocks


def agenda_header(meeting: MeetingInfo) -> str:
    where = []
    if meeting.voice_channel_id:
        where.append(f"<#{meeting.voice_channel_id}>")
    if meeting.link:
        where.append(meeting.link)
    place = f" · {' · '.join(where)}" if where else ""
    title = f"{meeting.title} #{meeting.number}" if meeting.number else meeting.title
    when = f"{ts(meeting.start)} ({ts(meeting.start, 'R')})"
    head = _("📋 **Agenda — {title}**", title=escape_md(title)) + f"\n{when}{place}"
    if meeting.tentative:
        head += f" · {tentative_badge()}"
    if (badge := mode_badge(meeting.mode)) is not None:
        head += f"\n{badge}"
    return head


def agenda_messages(meeting: MeetingInfo, agenda: Agenda, *, limit: int = MESSAGE_LIMIT) -> list[str]:
    """The agenda as Discord messages of at most ``limit`` characters, split between items (or, for an item
    too long for one message, between its sub-items) so no line is ever cut."""
    header = agenda_header(meeting)
    continued = _("*(agenda continued)*")
    if not agenda.items:
        return [f"{header}\n\n" + _("*No items yet: add some with `/agenda add` or `/agenda edit`.*")]
    lines_per_piece: list[list[str]] = []
    for block in agenda_blocks(agenda, meeting.current_item_id):
        if len("\n".join(block)) + len(continued) + 1 <= limit:
            lines_per_piece.append(block)
        else:
            lines_per_piece.extend([line] for line in block)
    messages: list[list[str]] = [[header, ""]]
    for piece in lines_per_piece:
        candidate = "\n".join(messages[-1] + piece)
        if len(candidate) > limit:
            messages.append([continued, *piece])
        else:
            messages[-1].extend(piece)
    return ["\n".join(lines) for lines in messages]


def posted_note(guild_id: int, channel_id: int, message_ids: list[int], *, fresh: bool, pinned: bool) -> str:
    """For the chair: where the agenda now is, posted anew or updated in place (and whether pinning failed)."""
    link = jump_link(guild_id, channel_id, message_ids[0])
    if fresh:
        note = _n("📌 Posted the agenda: {link}", "📌 Posted the agenda in {count} messages: {link}",
                  len(message_ids), link=link)
    else:
        note = _n("📌 Updated the agenda: {link}", "📌 Updated the agenda in {count} messages: {link}",
                  len(message_ids), link=link)
    if not pinned:
        note += " " + _("(I could not pin it: give convener the Manage Messages permission there.)")
    return note


def not_posted_note() -> str:
    return _("The agenda is not posted yet: run `/agenda post` in the channel where it belongs.")


def removed_note(title: str) -> str:
    return _("✅ Removed “{title}”.", title=escape_md(title))
