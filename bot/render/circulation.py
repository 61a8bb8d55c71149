"""What members read about draft minutes sent round for comments (full sentences, named placeholders)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.circulation import Comment
from bot.i18n import N_, _
from bot.i18n.formatting import format_day, format_time
from bot.render.discord_text import escape_cell, escape_md, inside_code
from bot.render.minutes_text import Section

NOT_FOUND = N_("These draft minutes are no longer open for comments.")
CLOSED = N_("Comments on these draft minutes closed {when}.")
NO_SECTION = N_("That section is not in the draft that was sent round.")
TOO_LONG = N_("The comment is {length} characters long; at most {limit} are allowed.")
NO_COMMENTS = N_("Nobody has commented on the draft minutes of this meeting.")
BAD_PERIOD = N_("The comment period must be between 1 hour and 90 days, e.g. 7d or 48h.")
BAD_PERIOD_TEXT = N_("`{text}` is not a period; write it like 7d, 48h or 1d 12h.")
SENT = N_("📨 Draft minutes of **{meeting}** (version {version}) are open for comments until {closes}. " \
       "Click **Comment on a section**, pick the section, write your comment.")
SENT_TO_CHAIR = N_("✅ Sent round for comments until {closes}: {link}")
PICK_SECTION = N_("Which section of the draft is your comment about?")
THANKS = N_("✅ Thank you: your comment on “{section}” was recorded for the chair.")
PERIOD_CLOSED = N_("🗒️ The comment period on the draft minutes of {meeting} has closed with {count} comment(s). " \
                "A chair reviews them with `/minutes comments`, edits, then publishes.")
OVERDUE = N_("{mention}📝 The minutes of **{meeting}** are still not published, {days} days after the meeting. {next}")
OVERDUE_DRAFT = N_("A draft exists: send it round with `/minutes circulate` or publish it with `/minutes publish`.")
OVERDUE_NO_DRAFT = N_("Start with `/minutes draft`.")
COMMENTS_TITLE = N_("# Comments on the draft minutes of {meeting} (draft version {version})")
COMMENT_LINE = N_("> {text}\n> — {author}, {when}")
ORPHANS = N_("## Comments on sections no longer in the draft")


def bad_period(typed: str) -> str:
    return _(BAD_PERIOD_TEXT, text=inside_code(typed[:20]))


def thanks(section: str) -> str:
    return _(THANKS, section=escape_md(section))


def sent(meeting: str, version: int, closes: str) -> str:
    return _(SENT, meeting=escape_md(meeting), version=version, closes=closes)


def period_closed(meeting: str, count: int) -> str:
    return _(PERIOD_CLOSED, meeting=meeting, count=count)


def overdue(meeting: str, days: int, has_draft: bool, role_id: int | None) -> str:
    mention = f"<@&{role_id}> " if role_id else ""
    return _(OVERDUE, mention=mention, meeting=meeting, days=days,
                          next=_(OVERDUE_DRAFT) if has_draft else _(OVERDUE_NO_DRAFT))


def comments_markdown(meeting: str, version: int, beside: Sequence[tuple[Section, Sequence[Comment]]],
                      orphans: Sequence[Comment]) -> str:
    """Each commented section's heading with its comments under it (what the chair edits against). Headings come
    from the draft, which is Markdown already; the meeting's title and what members wrote are escaped."""
    lines = [_(COMMENTS_TITLE, meeting=escape_cell(meeting), version=version)]
    for section, remarks in beside:
        lines += ["", f"## {section.heading}", ""]
        lines += [_line(c) for c in remarks]
    if orphans:
        lines += ["", _(ORPHANS), ""]
        lines += [f"**{c.section_heading}**\n{_line(c)}" for c in orphans]
    return "\n".join(lines) + "\n"


def _line(comment: Comment) -> str:
    body = "\n> ".join(escape_md(line) for line in comment.text.splitlines())
    return _(COMMENT_LINE, text=body, author=escape_cell(comment.author_name),
                               when=f"{format_day(comment.created_at)} {format_time(comment.created_at)} UTC") + "\n"
