"""What members read about draft minutes sent round for comments (full sentences, named placeholders)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.circulation import Comment
from bot.render.minutes_text import Section

NOT_FOUND = "These draft minutes are no longer open for comments."
CLOSED = "Comments on these draft minutes closed {when}."
NO_SECTION = "That section is not in the draft that was sent round."
TOO_LONG = "The comment is {length} characters long; at most {limit} are allowed."
NO_COMMENTS = "Nobody has commented on the draft minutes of this meeting."
BAD_PERIOD = "The comment period must be between 1 hour and 90 days, e.g. 7d or 48h."
BAD_PERIOD_TEXT = "`{text}` is not a period; write it like 7d, 48h or 1d 12h."
SENT = "📨 Draft minutes of **{meeting}** (version {version}) are open for comments until {closes}. " \
       "Click **Comment on a section**, pick the section, write your comment."
SENT_TO_CHAIR = "✅ Sent round for comments until {closes}: {link}"
PICK_SECTION = "Which section of the draft is your comment about?"
THANKS = "✅ Thank you: your comment on “{section}” was recorded for the chair."
PERIOD_CLOSED = "🗒️ The comment period on the draft minutes of {meeting} has closed with {count} comment(s). " \
                "A chair reviews them with `/minutes comments`, edits, then publishes."
OVERDUE = "{mention}📝 The minutes of **{meeting}** are still not published, {days} days after the meeting. {next}"
OVERDUE_DRAFT = "A draft exists: send it round with `/minutes circulate` or publish it with `/minutes publish`."
OVERDUE_NO_DRAFT = "Start with `/minutes draft`."
COMMENTS_TITLE = "# Comments on the draft minutes of {meeting} (draft version {version})"
COMMENT_LINE = "> {text}\n> — {author}, {when}"
ORPHANS = "## Comments on sections no longer in the draft"


def period_closed(meeting: str, count: int) -> str:
    return PERIOD_CLOSED.format(meeting=meeting, count=count)


def overdue(meeting: str, days: int, has_draft: bool, role_id: int | None) -> str:
    mention = f"<@&{role_id}> " if role_id else ""
    return OVERDUE.format(mention=mention, meeting=meeting, days=days,
                          next=OVERDUE_DRAFT if has_draft else OVERDUE_NO_DRAFT)


def comments_markdown(meeting: str, version: int, beside: Sequence[tuple[Section, Sequence[Comment]]],
                      orphans: Sequence[Comment]) -> str:
    """Each commented section's heading with its comments under it (what the chair edits against)."""
    lines = [COMMENTS_TITLE.format(meeting=meeting, version=version)]
    for section, remarks in beside:
        lines += ["", f"## {section.heading}", ""]
        lines += [_line(c) for c in remarks]
    if orphans:
        lines += ["", ORPHANS, ""]
        lines += [f"**{c.section_heading}**\n{_line(c)}" for c in orphans]
    return "\n".join(lines) + "\n"


def _line(comment: Comment) -> str:
    body = "\n> ".join(comment.text.splitlines())
    return COMMENT_LINE.format(text=body, author=comment.author_name,
                               when=f"{comment.created_at:%d %B %Y %H:%M} UTC") + "\n"
