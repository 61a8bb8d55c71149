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
from bot.i18n import N_, NP_, Names, _, _n
from bot.render.discord_text import escape_md, poll_link, ts
from bot.render.meeting import agenda_link, title_of
from bot.render.poll import MESSAGE_LIMIT

FOOTER = N_("You get this by direct message; change how convener reminds you with `/profile reminders`.")
MEETING_SOON = N_("⏰ **{title}** ({group}) starts {relative} — {start}.")
MEETING_LIVE = N_("⏰ **{title}** ({group}) is live now — it started {start}.")
AGENDA_LINE = N_("📋 Agenda: {link}")
JOIN_LINE = N_("🔗 Join: <{link}>")
VOICE_LINE = N_("🔊 Voice channel: <#{channel}>")
POLL_LAST_CALL = N_("📣 Last call: please vote on **{title}** ({group}); voting closes {relative} ({deadline}). {link}")
POLL_CHASE = N_("⏰ Reminder: please vote on **{title}** ({group}); voting closes {relative} ({deadline}). {link}")
POLL_CHASE_OPEN = N_("⏰ Reminder: please vote on **{title}** ({group}). {link}")
ACTION_DUE = N_("⏰ Your action #{number} ({group}) is due {relative}, on {day}: {text}")
ACTION_SOON = N_("⏰ Your action #{number} ({group}) is due soon: {text}")
ACTION_DONE_HINT = N_("Mark it with `/actions done` when it is finished.")
TEST_DM = (N_("🔔 This is how convener will remind you about {group}: meetings, polls to vote on and your action "
           "items. Change it any time with `/profile reminders`."))
CONTINUED = N_("(continued)")

PREFS_TITLE = N_("🔔 **Your reminders**")
PREFS_HOW_DEFAULT = N_("How: {how} (the server's default).")
PREFS_HOW = N_("How: {how}.")
PREFS_OFF = N_("You will not be reminded of meetings, poll deadlines or your action items.")
PREFS_WHEN = N_("When: {spans} before each meeting, poll deadline and action due date.")
PREFS_WHEN_DEFAULT = (N_("When (the server's defaults): {meetings} before meetings, {poll} before a poll closes, "
                      "{action} before an action item is due."))
PREFS_DM_CLOSED = (N_("⚠️ Your direct messages are closed to convener, so you will be mentioned in the channel "
                   "instead. To get DMs, allow direct messages from server members in this server's privacy "
                   "settings."))
PREFS_DM_OK = N_("✉️ convener just sent you a direct message to check that it reaches you.")
PREFS_HINT = N_("Change it with `/profile reminders how:… before:…` (`before:default` follows the server again).")

# `/profile reminders how:` — (what the member picks, the stored value)
REMINDER_CHOICES = (("By direct message", "dm"), ("With a mention in the channel", "channel"),
                    ("Not at all", "off"), ("As the server does", "default"))

delivery_name = Names({
    Delivery.DM: NP_("reminders how", "by direct message"),
    Delivery.CHANNEL: NP_("reminders how", "with a mention in the channel"),
    Delivery.OFF: NP_("reminders how", "not at all"),
})
HOURS = N_("{count} h")
MINUTES = N_("{count} min")


def span_text(offset: timedelta) -> str:
    """``1 day``, ``2 h``, ``1 h 30 min``, ``45 min``."""
    minutes = int(offset.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_n("{count} day", "{count} days", days))
    if hours:
        parts.append(_(HOURS, count=hours))
    if mins or not parts:
        parts.append(_(MINUTES, count=mins))
    return " ".join(parts)


def spans_text(offsets: Sequence[timedelta]) -> str:
    return ", ".join(span_text(o) for o in offsets)


def _cut(text: str) -> str:
    return text if len(text) <= MESSAGE_LIMIT else text[:MESSAGE_LIMIT - 1] + "…"


def meeting_dm(meeting: MeetingInfo, *, group: str, agenda_channel_id: int | None) -> str:
    template = _(MEETING_LIVE) if meeting.is_live else _(MEETING_SOON)
    lines = [template.format(title=escape_md(title_of(meeting)), group=escape_md(group),
                             relative=ts(meeting.start, "R"), start=ts(meeting.start))]
    agenda = agenda_link(meeting, agenda_channel_id)
    if agenda:
        lines.append(_(AGENDA_LINE, link=agenda))
    if meeting.link:
        lines.append(_(JOIN_LINE, link=meeting.link))
    if meeting.voice_channel_id:
        lines.append(_(VOICE_LINE, channel=meeting.voice_channel_id))
    lines.append(_(FOOTER))
    return _cut("\n".join(lines))


def poll_dm(poll: PollInfo, *, group: str, last_call: bool) -> str:
    template = _(POLL_CHASE_OPEN) if poll.deadline is None else _(POLL_LAST_CALL) if last_call else _(POLL_CHASE)
    deadline = poll.deadline or poll.created_at
    body = template.format(title=escape_md(poll.title), group=escape_md(group), relative=ts(deadline, "R"),
                           deadline=ts(deadline, "f"), link=poll_link(poll) or "").rstrip()
    return _cut(f"{body}\n{_(FOOTER)}")


def action_dm(action_id: int, text: str, due: datetime | None, *, group: str) -> str:
    if due is None:
        body = _(ACTION_SOON, number=action_id, group=escape_md(group), text=text)
    else:
        body = _(ACTION_DUE, number=action_id, group=escape_md(group), text=text, relative=ts(due, "R"),
                                 day=ts(due, "D"))
    return _cut(f"{body}\n{_(ACTION_DONE_HINT)}\n{_(FOOTER)}")


def test_dm_text(group: str) -> str:
    return _(TEST_DM, group=escape_md(group))


def prefs_text(prefs: ReminderPrefs, *, default_delivery: Delivery, meeting_offsets: Sequence[timedelta],
               poll_offset: timedelta, action_offset: timedelta, dm_closed: bool | None = None) -> str:
    """What `/profile reminders` answers: the member's effective choices, and which are the server's."""
    delivery = prefs.delivery_or(default_delivery)
    how = delivery_name(delivery)
    lines = [_(PREFS_TITLE), (_(PREFS_HOW_DEFAULT) if prefs.delivery is None else _(PREFS_HOW)).format(how=how)]
    if delivery is Delivery.OFF:
        lines.append(_(PREFS_OFF))
    elif prefs.offsets is not None:
        lines.append(_(PREFS_WHEN, spans=spans_text(prefs.offsets)))
    else:
        lines.append(_(PREFS_WHEN_DEFAULT, meetings=spans_text(meeting_offsets), poll=span_text(poll_offset),
                                               action=span_text(action_offset)))
    if delivery is Delivery.DM and dm_closed:
        lines.append(_(PREFS_DM_CLOSED))
    elif delivery is Delivery.DM and dm_closed is False:
        lines.append(_(PREFS_DM_OK))
    lines.append(_(PREFS_HINT))
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
            text, ids = _(CONTINUED) + " ", []
        text += mention
        ids.append(user_id)
    messages.append((text.rstrip(), ids))
    return messages
