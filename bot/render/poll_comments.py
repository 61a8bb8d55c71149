"""Comments on polls (pure): the chairs' list, the results file and the member's own view.

Whole sentences with named placeholders, ready for the message catalog; comments are member text, so
Markdown is escaped and CSV cells are neutralised against spreadsheet formulas.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.domain.poll import Answer, PollInfo
from bot.i18n import N_, NP_, Names, _
from bot.render.attendance import csv_bytes, csv_cell
from bot.render.discord_text import escape_md
from bot.render.poll import DESCRIPTION_LIMIT

MAX_COMMENT = 200

TOO_LONG = N_("The comment is {length} characters long; at most {limit} are allowed.")
VOTING_CLOSED = N_("Voting on “{title}” is closed; comments can no longer change.")
SAVED = N_("💬 Your comment on **{title}** is saved: “{comment}”. Only the chairs read it, with the results.")
REMOVED = N_("💬 Your comment on **{title}** is removed.")
MINE = N_("💬 Your comment: “{comment}”")
COMMENTS_TITLE = N_("💬 Comments ({count})")
COMMENT_LINE = N_("**{name}**: {comment}")
MORE = N_("… and {count} more in the results file.")
NONE = N_("No comments yet.")

# The results file goes to the member who asked for it, in their language (a spreadsheet for people to read).
csv_word = Names({
    "name": NP_("poll results file", "Name"),
    "comment": NP_("poll results file", "Comment"),
    "yes": NP_("poll results file", "yes"),
    "maybe": NP_("poll results file", "if need be"),
    "no": NP_("poll results file", "no"),
})
ANSWER_KEYS = {Answer.YES: "yes", Answer.MAYBE: "maybe", Answer.NO: "no"}


def voting_closed(poll: PollInfo) -> str:
    return "❌ " + _(VOTING_CLOSED, title=escape_md(poll.title))


def stored(poll: PollInfo, saved: str | None) -> str:
    """What the member is told after saving a comment, or removing it (``saved`` empty)."""
    title = escape_md(poll.title)
    return _(SAVED, title=title, comment=escape_md(saved)) if saved else _(REMOVED, title=title)


def mine(comment: str | None) -> str:
    """The line `My votes` adds when the member commented."""
    return "\n" + _(MINE, comment=escape_md(comment)) if comment else ""


def comments_text(entries: Sequence[tuple[str, str]], limit: int = DESCRIPTION_LIMIT) -> str:
    """The chairs' view of the comments: one line each, as many as fit."""
    if not entries:
        return _(NONE)
    lines: list[str] = []
    used = 0
    for index, (name, comment) in enumerate(entries):
        line = _(COMMENT_LINE, name=escape_md(name), comment=escape_md(comment))
        more = _(MORE, count=len(entries) - index)
        if used + len(line) + len(more) + 2 > limit:
            lines.append(more)
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def results_csv(poll: PollInfo, ballots: Mapping[int, Mapping[int, Answer]], comments: Mapping[int, str],
                names: Mapping[int, str]) -> bytes:
    """One row per voter or commenter: name, the answer for each slot (UTC start in the header), comment."""
    header = [csv_word("name"), *(f"{s.start:%Y-%m-%d %H:%M} UTC" for s in poll.slots), csv_word("comment")]
    people = sorted(set(ballots) | set(comments), key=lambda u: (names.get(u, "").casefold(), u))
    rows = []
    for user_id in people:
        ballot = ballots.get(user_id, {})
        answers = [_answer(ballot.get(s.id, Answer.NONE)) if ballot else "" for s in poll.slots]
        rows.append([csv_cell(names.get(user_id, str(user_id))), *answers, csv_cell(comments.get(user_id, ""))])
    return csv_bytes(header, rows)


def _answer(answer: Answer) -> str:
    key = ANSWER_KEYS.get(answer)
    return "" if key is None else csv_word(key)
