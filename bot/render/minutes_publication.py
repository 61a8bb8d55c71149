"""What the chair is told after /minutes publish: what went out, what is still being posted, what was tracked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.i18n import _, _n
from bot.render.discord_text import ts

if TYPE_CHECKING:
    from bot.services.minutes import Publication


def publication_note(result: Publication) -> str:
    channel = f"<#{result.channel_id}>"
    posted = len(result.message_ids)
    if result.resumed:
        lines = [_("📣 Version {version} was already published; its missing messages are posted now: {posted} of "
                   "{parts} are in {channel}.", version=result.version, posted=posted, parts=result.parts,
                   channel=channel)]
    else:
        lines = [_n("📣 Published version {version} in {channel} ({count} message); the meeting is marked done.",
                    "📣 Published version {version} in {channel} ({count} messages); the meeting is marked done.",
                    result.parts, version=result.version, channel=channel)]
    if not result.complete:
        lines.append(_("⚠️ Only {posted} of {parts} messages could be posted so far; convener keeps trying on its "
                       "own (check that it may post in that channel), or run `/minutes publish` again. Nothing will "
                       "be posted twice.", posted=posted, parts=result.parts))
    if result.actions:
        lines.append(_n("📌 {count} action item is now tracked (`/actions list`);",
                        "📌 {count} action items are now tracked (`/actions list`);", len(result.actions)) + " "
                     + _n("{count} due-date reminder set.", "{count} due-date reminders set.", result.reminders))
    if result.carry_problem:
        lines.append(_("⚠️ Open actions could not be added to the next agenda: {problem} Add them with `/agenda add` "
                       "(they are listed in `/actions list`).", problem=result.carry_problem))
    elif result.next_meeting is not None and result.carried:
        lines.append(_n("↪️ {count} open action carried to the next meeting's agenda ({start}) under “Review of "
                        "action items”.", "↪️ {count} open actions carried to the next meeting's agenda ({start}) "
                        "under “Review of action items”.", len(result.carried),
                        start=ts(result.next_meeting.start)))
    elif result.next_meeting is None:
        lines.append(_("No next meeting in this series: open actions stay in `/actions list`."))
    return "\n".join(lines)
