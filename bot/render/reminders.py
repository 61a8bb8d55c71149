"""What /remind says: the pending reminders of a server, and what was set or cancelled."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.reminders import ReminderInfo
from bot.i18n import NP_, Names, _
from bot.render.discord_text import escape_md, ts

LIST_LIMIT = 1900


# What a pending reminder is, for /remind list.
kind_label = Names({
    "text": NP_("reminder kind", "announcement"),
    "meeting": NP_("reminder kind", "meeting reminder"),
    "meeting.start": NP_("reminder kind", "meeting auto-start"),
    "poll.last_call": NP_("reminder kind", "poll last call"),
    "poll.close": NP_("reminder kind", "poll closes"),
    "action.due": NP_("reminder kind", "action item due"),
})


# Bookkeeping jobs are not reminders anyone asked for; listing them would only confuse.
LISTED_KINDS = ("text", "meeting", "meeting.start", "poll.last_call", "poll.close", "action.due")


def excerpt(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _described(r: ReminderInfo) -> str:
    kind = kind_label(r.kind)
    channel = f"<#{r.channel_id}>" if r.channel_id else None
    role = f"<@&{r.role_id}>" if r.role_id else None
    if channel and role:
        return _("{kind} in {channel} for {role}", kind=kind, channel=channel, role=role)
    if channel:
        return _("{kind} in {channel}", kind=kind, channel=channel)
    if role:
        return _("{kind} for {role}", kind=kind, role=role)
    return kind


def reminders_list(reminders: Sequence[ReminderInfo]) -> str:
    if not reminders:
        return _("No pending reminders. A chair can add one with `/remind set`.")
    lines = [_("**Pending reminders**")]
    for r in reminders:
        what = f": {escape_md(excerpt(r.text))}" if r.text else ""
        line = f"`{r.id}` {ts(r.due_at)} ({ts(r.due_at, 'R')}) — {_described(r)}{what}"
        if sum(len(x) + 1 for x in lines) + len(line) > LIST_LIMIT:
            lines.append("…")
            break
        lines.append(line)
    return "\n".join(lines)


def reminder_set(info: ReminderInfo, channel_id: int, notes: Sequence[str]) -> str:
    values = {"id": info.id, "when": ts(info.due_at), "relative": ts(info.due_at, "R"), "channel": f"<#{channel_id}>"}
    if info.role_id:
        text = _("⏰ Reminder `{id}` set for {when} ({relative}) in {channel}, mentioning {role}. Cancel it with "
                 "`/remind cancel`.", role=f"<@&{info.role_id}>", **values)
    else:
        text = _("⏰ Reminder `{id}` set for {when} ({relative}) in {channel}. Cancel it with `/remind cancel`.",
                 **values)
    return text + "".join(f"\nℹ️ {note}" for note in notes[:3])


def reminder_cancelled(info: ReminderInfo) -> str:
    if info.text:
        return _("🗑️ Cancelled reminder `{id}` ({when}): {text}.", id=info.id, when=ts(info.due_at),
                 text=escape_md(excerpt(info.text)))
    return _("🗑️ Cancelled reminder `{id}` ({when}).", id=info.id, when=ts(info.due_at))
