"""What a member or chair is told after each /poll command and after submitting the voting panel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.domain.poll import PollInfo, Slot
from bot.i18n import _, _n
from bot.i18n.formatting import format_number
from bot.render.discord_text import escape_md, poll_link, ts
from bot.render.poll import understood_text

if TYPE_CHECKING:
    from bot.domain.meeting import MeetingInfo
    from bot.services.poll_ports import VoteReceipt


def not_saved(error_id: str) -> str:
    """A failed Submit: the ballot is one transaction, so none of it was stored."""
    return _("⚠️ Sorry, something went wrong on our side (error id `{error_id}`). Your vote was **not** saved. Your "
             "picks are still on this panel: press **Submit** again in a moment.", error_id=error_id)


def created(poll: PollInfo, expected: Sequence[str], notes: Sequence[str]) -> str:
    """The new poll, who it chases (``expected``, already written) and how its slots were read."""
    lines = [_n("✅ Poll **#{poll} {title}** is up with {count} slot (typed in {zone}): {link}",
                "✅ Poll **#{poll} {title}** is up with {count} slots (typed in {zone}): {link}", len(poll.slots),
                poll=poll.id, title=escape_md(poll.title), zone=poll.timezone, link=poll_link(poll) or "")]
    lines += expected
    lines.append(understood_text(poll.slots, poll.deadline, notes))
    return "\n".join(lines)


def slots_added(poll: PollInfo, new: Sequence[Slot], notes: Sequence[str]) -> str:
    return (_n("✅ Added {count} slot to **{title}** (now {total}).",
               "✅ Added {count} slots to **{title}** (now {total}).", len(new), title=escape_md(poll.title),
               total=format_number(len(poll.slots)))
            + "\n" + understood_text(new, None, notes))


def slot_removed(poll: PollInfo, removed: Slot) -> str:
    return _n("🗑️ Removed {start} from **{title}** ({count} slot left).",
              "🗑️ Removed {start} from **{title}** ({count} slots left).", len(poll.slots),
              start=ts(removed.start), title=escape_md(poll.title))


def closed(poll: PollInfo) -> str:
    return _("🔒 Closed **{title}**; the results are posted in the channel. A chair picks the slot with "
             "`/poll finalize`.", title=escape_md(poll.title))


def reopened(poll: PollInfo) -> str:
    if poll.deadline:
        return _("🔓 Reopened **{title}** until {deadline} ({relative}).", title=escape_md(poll.title),
                 deadline=ts(poll.deadline), relative=ts(poll.deadline, "R"))
    return _("🔓 Reopened **{title}** with no deadline.", title=escape_md(poll.title))


def reminded(count: int) -> str:
    if count:
        return _n("📣 Reminded {count} member who has not voted.", "📣 Reminded {count} members who have not voted.",
                  count)
    return _("🎉 Everyone expected has voted; no reminder was sent.")


def finalized(poll: PollInfo, meeting: MeetingInfo, repeats: str | None) -> str:
    """The slot picked and the meeting scheduled; ``repeats`` describes the series' rule when it repeats."""
    text = _("📅 **{title}** is set for {start} ({relative}): meeting #{meeting} is scheduled.",
             title=escape_md(poll.title), start=ts(meeting.start), relative=ts(meeting.start, "R"), meeting=meeting.id)
    if repeats is not None:
        text += "\n" + _("🔁 It repeats {rule}, in {zone} time; `/meeting list` shows the next ones.", rule=repeats,
                         zone=meeting.timezone)
    return text


def vote_saved(receipt: VoteReceipt) -> str:
    content = _("✅ Your vote on **{title}** is saved: ✅ {yes} · 🟨 {maybe} · ❌ {no}.",
                title=escape_md(receipt.title), yes=format_number(receipt.yes),
                maybe=format_number(receipt.maybe), no=format_number(receipt.no))
    if receipt.skipped:
        content += " " + _n("({count} answer was for a slot removed meanwhile.)",
                            "({count} answers were for slots removed meanwhile.)", receipt.skipped)
    return content + " " + _("Press **Vote** again to change it until the poll closes.")


def results_title(poll: PollInfo) -> str:
    """The results embed's title, cut to Discord's 256 characters."""
    return _("📊 Results — {title}", title=escape_md(poll.title))[:256]
