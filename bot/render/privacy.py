"""What `/privacy forget` says: what it will do, and what it did."""

from __future__ import annotations

from bot.i18n import N_, _
from bot.render.discord_text import escape_md

# Labels for the kinds bot.services.privacy reports, in the order they are listed.
LABELS = {
    "profile": N_("profile (name in minutes, time zone, stakeholder group)"),
    "diversity_declarations": N_("diversity declarations"),
    "reminder_preferences": N_("reminder choices"),
    "calendar_feeds": N_("personal calendar feeds"),
    "reminder_deliveries": N_("personal reminder deliveries"),
    "poll_answers": N_("poll answers"),
    "poll_comments": N_("poll comments"),
    "rollcall_entries": N_("roll-call entries"),
    "voice_records": N_("voice-channel attendance records"),
    "group_memberships": N_("drafting-group memberships"),
    "minutes_comments": N_("comments on draft minutes"),
    "captured_messages": N_("messages added to the minutes"),
    "unlinked": N_("records kept without the name (as creator, author, owner or editor)"),
    "rewritten": N_("texts where the name or words were replaced by “a former participant” (drafts, published "
                    "minutes, actions, agendas, reminders)"),
}
NOT_EDITED = (N_("Messages convener already posted in Discord (published minutes, announcements) stay as posted; "
              "a chair can edit or delete them there."))


def forget_question(name: str | None) -> str:
    """``name``: the other member's display name when a chair forgets them; None when members forget themselves."""
    member = escape_md(name) if name is not None else None
    if member is None:
        question = _("This deletes your profile and everything else that is your own in this server (poll answers, "
                     "roll-call entries, comments, reminder choices, messages added to the minutes), and replaces "
                     "your name in meetings, minutes (drafts and published copies), action items, agendas and "
                     "reminders by “a former participant”.")
    else:
        question = _("This deletes {member}'s profile and everything else that is {member}'s own in this server (poll "
                     "answers, roll-call entries, comments, reminder choices, messages added to the minutes), and "
                     "replaces {member}'s name in meetings, minutes (drafts and published copies), action items, "
                     "agendas and reminders by “a former participant”.", member=member)
    return f"{question} {_(NOT_EDITED)} " + _("Continue?")


def forget_done(removed: dict[str, int], name: str | None) -> str:
    member = escape_md(name) if name is not None else None
    if not removed:
        if member is None:
            return _("convener held no data of yours; nothing was removed.")
        return _("convener held no data of {member}; nothing was removed.", member=member)
    lines = [_("🧹 Removed your data:") if member is None else _("🧹 Removed {member}'s data:", member=member)]
    known = [kind for kind in LABELS if kind in removed]
    others = sorted(kind for kind in removed if kind not in LABELS)
    lines += [f"• {_(LABELS[kind]) if kind in LABELS else kind.replace('_', ' ')}: {removed[kind]}"
              for kind in known + others]
    lines.append(_(NOT_EDITED))
    return "\n".join(lines)
