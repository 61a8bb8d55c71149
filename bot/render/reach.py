"""Texts of personal reminders (direct messages) and of `/profile reminders` (pure functions).

Whole sentences with named placeholders, ready for the message catalog. Direct messages name the working
group: a member may be in several servers that use convener.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.domain.meeting import MeetingInfo
from bot.domain.poll import PollInfo
from bot.domain.reach import Delivery, ReminderPrefs
from bot.render.meeting import agenda_link, title_of
from bot.render.poll import MESSAGE_LIMIT, escape_md, ts

FOOTER = "You get this by direct message; change how convener reminds you with `/profile reminders`."

# `/profile reminders how:` — (what the member picks, the stored value)
REMINDER_CHOICES = (("By direct message", "dm"), ("With a mention in the channel", "channel"),
                    ("Not at all", "off"), ("As the server does", "default"))

DELIVERY_NAMES = {
    Delivery.DM: "by direct message",
    Delivery.CHANNEL: "with a mention in the channel",
    Delivery.OFF: "not at all",
}


def span_text(offset: timedelta) -> str:
    """``1 day``, ``2 h``, ``1 h 30 min``, ``45 min``."""
    minutes = int(offset.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} day" + ("s" if days != 1 else ""))
    if hours:
        parts.append(f"{hours} h")
    if mins:
        parts.append(f"{mins} min")
    return " ".join(parts) or "0 min"


def spans_text(offsets: Sequence[timedelta]) -> str:
    return ", ".join(span_text(o) for o in offsets) if offsets else "no reminders"


def _cut(text: str) -> str:
    return text if len(text) <= MESSAGE_LIMIT else text[:MESSAGE_LIMIT - 1] + "…"


def meeting_dm(meeting: MeetingInfo, *, group: str, agenda_channel_id: int | None) -> str:
    if meeting.status == "live":
        title, group = escape_md(title_of(meeting)), escape_md(group)
        lines = [f"⏰ **{title}** ({group}) is live now — it started {ts(meeting.start)}."]
    else:
        lines = ["⏰ **{title}** ({group}) starts {relative} — {start}.".format(
            title=escape_md(title_of(meeting)), group=escape_md(group), relative=ts(meeting.start, "R"),
            start=ts(meeting.start))]
    agenda = agenda_link(meeting, agenda_channel_id)
    if agenda:
        lines.append(f"📋 Agenda: {agenda}")
    if meeting.link:
        lines.append(f"🔗 Join: <{meeting.link}>")
    if meeting.voice_channel_id:
        lines.append(f"🔊 Voice channel: <#{meeting.voice_channel_id}>")
    lines.append(FOOTER)
    return _cut("\n".join(lines))


def poll_dm(poll: PollInfo, *, group: str, last_call: bool) -> str:
    link = poll.jump_url() or ""
    if last_call and poll.deadline is not None:
        text = "📣 Last call: please vote on **{title}** ({group}); voting closes {relative} ({deadline}). {link}"
    elif poll.deadline is not None:
        text = "⏰ Reminder: please vote on **{title}** ({group}); voting closes {relative} ({deadline}). {link}"
    else:
        text = "⏰ Reminder: please vote on **{title}** ({group}). {link}"
    deadline = poll.deadline or poll.created_at
    body = text.format(title=escape_md(poll.title), group=escape_md(group), relative=ts(deadline, "R"),
                       deadline=ts(deadline, "f"), link=link).rstrip()
    return _cut(f"{body}\n{FOOTER}")


def action_dm(action_id: int, text: str, due: datetime | None, *, group: str) -> str:
    if due is not None:
        body = "⏰ Your action #{number} ({group}) is due {relative}, on {day}: {text}".format(
            number=action_id, group=escape_md(group), relative=ts(due, "R"), day=ts(due, "D"), text=text)
    else:
        body = f"⏰ Your action #{action_id} ({escape_md(group)}) is due soon: {text}"
    return _cut(f"{body}\nMark it with `/actions done` when it is finished.\n{FOOTER}")


def test_dm_text(group: str) -> str:
    group = escape_md(group)
    return (f"🔔 This is how convener will remind you about {group}: meetings, polls to vote on and your "
            "action items. Change it any time with `/profile reminders`.")


def prefs_text(prefs: ReminderPrefs, *, default_delivery: Delivery, meeting_offsets: Sequence[timedelta],
               poll_offset: timedelta, action_offset: timedelta, dm_closed: bool | None = None) -> str:
    """What `/profile reminders` answers: the member's effective choices, and which are the server's."""
    delivery = prefs.delivery_or(default_delivery)
    how = DELIVERY_NAMES[delivery]
    lines = ["🔔 **Your reminders**"]
    if prefs.delivery is None:
        lines.append(f"How: {how} (the server's default).")
    else:
        lines.append(f"How: {how}.")
    if delivery is Delivery.OFF:
        lines.append("You will not be reminded of meetings, poll deadlines or your action items.")
    elif prefs.offsets is not None:
        lines.append(f"When: {spans_text(prefs.offsets)} before each meeting, poll deadline and action due date.")
    else:
        meetings, poll, action = spans_text(meeting_offsets), span_text(poll_offset), span_text(action_offset)
        lines.append(f"When (the server's defaults): {meetings} before meetings, {poll} before a poll closes, "
                     f"{action} before an action item is due.")
    if delivery is Delivery.DM and dm_closed:
        lines.append("⚠️ Your direct messages are closed to convener, so you will be mentioned in the channel "
                     "instead. To get DMs, allow direct messages from server members in this server's privacy "
                     "settings.")
    elif delivery is Delivery.DM and dm_closed is False:
        lines.append("✉️ convener just sent you a direct message to check that it reaches you.")
    lines.append("Change it with `/profile reminders how:… before:…` (`before:default` follows the server again).")
    return "\n".join(lines)


MENTIONS_PER_MESSAGE = 90  # Discord accepts at most 100 users in allowed_mentions


def mention_chunks(head: str, user_ids: Sequence[int]) -> list[tuple[str, list[int]]]:
    """``head`` followed by mentions of ``user_ids``, split over as few messages as Discord's limits allow."""
    messages: list[tuple[str, list[int]]] = []
    text, ids = head + "\n", list[int]()
    for user_id in user_ids:
        mention = f"<@{user_id}> "
        if len(text) + len(mention) > MESSAGE_LIMIT - 10 or len(ids) >= MENTIONS_PER_MESSAGE:
            messages.append((text.rstrip(), ids))
            text, ids = "(continued) ", []
        text += mention
        ids.append(user_id)
    messages.append((text.rstrip(), ids))
    return messages
