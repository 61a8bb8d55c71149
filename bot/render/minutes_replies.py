"""What the secretariat and chair are told after /minutes draft, edit, upload and comments, and after an entry is
edited or dropped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.domain.dates import stamp_day
from bot.domain.minutes import Entry, clip, format_day
from bot.i18n import NATIVE_NAMES, _, _n
from bot.i18n.formatting import format_number
from bot.render.discord_text import escape_md
from bot.render.labels import entry_kind

if TYPE_CHECKING:
    from bot.domain.circulation import Comment
    from bot.render.minutes_text import Section
    from bot.services.minutes import Draft


def draft_title(draft: Draft) -> str:
    """The preview embed's title, cut to Discord's 256 characters."""
    return clip(_("Draft v{version} — {meeting}", version=draft.version, meeting=draft.meeting.label()), 256)


def draft_notes(draft: Draft, language: str | None, truncated: bool) -> str:
    """What a new draft is, what it replaced, and what to do next; ``language`` when one was asked for."""
    notes = [_("📄 Draft **version {version}** of the minutes (earlier versions are kept).", version=draft.version)]
    if language:
        notes.append(_("It is written in {language}.", language=NATIVE_NAMES[language]))
    if draft.replaced == "edit":
        notes.append(_("It replaces your edited version as the current one; that one is kept too."))
    elif draft.replaced:
        notes.append(_("It replaces your uploaded version as the current one; that one is kept too."))
    if truncated:
        notes.append(_("The preview shows the beginning; the attached files hold the whole text."))
    notes.append(_("Change a section with `/minutes edit`, or edit the .md file and `/minutes upload` it; then "
                   "`/minutes publish`."))
    return "\n".join(notes)


def upload_too_large(filename: str, size: int, limit: int) -> str:
    return _("`{file}` is {size} bytes; at most {limit} are accepted.", file=filename[:60],
             size=format_number(size), limit=format_number(limit))


def uploaded(filename: str, version: int) -> str:
    return _("📥 `{file}` is now draft **version {version}**. Publish it with `/minutes publish`.",
             file=escape_md(filename[:60]), version=version)


def section_saved(version: int) -> str:
    return _("✏️ Saved as version {version}.", version=version)


def entry_saved(entry: Entry, due_changed: bool) -> str:
    """After an entry was edited; its due date is repeated when it was changed."""
    text = _("✏️ Saved {kind} #{entry}.", kind=entry_kind(entry.kind), entry=entry.id)
    if entry.due and due_changed:
        text += " " + _("Due {day} ({stamp}).", day=format_day(entry.due), stamp=stamp_day(entry.due))
    return text + " " + _("Redraft with `/minutes draft` to see it.")


def entry_dropped(entry: Entry) -> str:
    return _("🗑️ Dropped {kind} #{entry}.", kind=entry_kind(entry.kind), entry=entry.id)


def comments_summary(beside: Sequence[tuple[Section, Sequence[Comment]]], orphans: Sequence[Comment]) -> str:
    """How many comments came in, and how many on each section."""
    count = sum(len(c) for _section, c in beside) + len(orphans)
    summary = "\n".join(f"• {escape_md(s.heading)}: {len(c)}" for s, c in beside)
    return (_n("💬 {count} comment:", "💬 {count} comments:", count) + f"\n{summary}\n"
            + _("Edit with `/minutes edit`, then `/minutes publish`."))
