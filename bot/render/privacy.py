"""What `/privacy forget` says: what it will do, and what it did."""

from __future__ import annotations

from bot.i18n import N_, _

# Labels for the kinds bot.services.privacy reports, in the order they are listed.
LABELS = {
    "profile": "profile (name in minutes, time zone, stakeholder group)",
    "diversity_declarations": "diversity declarations",
    "reminder_preferences": "reminder choices",
    "calendar_feeds": "personal calendar feeds",
    "reminder_deliveries": "personal reminder deliveries",
    "poll_answers": "poll answers",
    "poll_comments": "poll comments",
    "rollcall_entries": "roll-call entries",
    "voice_records": "voice-channel attendance records",
    "group_memberships": "drafting-group memberships",
    "minutes_comments": "comments on draft minutes",
    "captured_messages": "messages added to the minutes",
    "unlinked": "records kept without the name (as creator, author, owner or editor)",
    "rewritten": "texts where the name or words were replaced by “a former participant” (drafts, published "
                 "minutes, actions, agendas, reminders)",
}
NOT_EDITED = (N_("Messages convener already posted in Discord (published minutes, announcements) stay as posted; "
              "a chair can edit or delete them there."))


def forget_question(whose: str) -> str:
    """``whose``: "your" or "Jutta Croll's"."""
    return (f"This deletes {whose} profile and everything else that is {whose} own in this server (poll answers, "
            "roll-call entries, comments, reminder choices, messages added to the minutes), and replaces "
            f"{whose} name in meetings, minutes (drafts and published copies), action items, agendas and reminders "
            f"by “a former participant”. {_(NOT_EDITED)} Continue?")


def forget_done(removed: dict[str, int], whose: str) -> str:
    if not removed:
        holder = "yours" if whose == "your" else whose.removesuffix("'s")
        return f"convener held no data of {holder}; nothing was removed."
    lines = [f"🧹 Removed {whose} data:"]
    known = [kind for kind in LABELS if kind in removed]
    others = sorted(kind for kind in removed if kind not in LABELS)
    lines += [f"• {LABELS.get(kind, kind.replace('_', ' '))}: {removed[kind]}" for kind in known + others]
    lines.append(_(NOT_EDITED))
    return "\n".join(lines)
