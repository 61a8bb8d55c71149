"""`/my schedule`: one member's polls to answer, meetings ahead, action items and deliverables (pure).

Every time is a Discord timestamp, so each member reads it in their own time zone; every line links to where
the thing lives on Discord. Whole sentences with named placeholders, ready for the message catalog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.domain.deliverables import stage_name
from bot.domain.minutes import single_line
from bot.domain.poll import PollInfo
from bot.domain.schedule import ActionDue, DeliverableDue, MeetingAhead, Schedule
from bot.i18n import N_, _
from bot.render.discord_text import escape_md, jump_link, poll_link, ts
from bot.render.labels import status_name
from bot.render.meeting import agenda_link, title_of
from bot.render.poll import MESSAGE_LIMIT

T = TypeVar("T")

TITLE = N_("🗓️ **Your schedule in {group}** — times are shown in your own time zone; due dates fall at 09:00 {zone}.")
NOTHING = N_("🎉 Nothing waits for you in {group}: no poll to answer, no meeting ahead, no open action item.")
POLLS = N_("**🗳️ Polls waiting for your vote ({count})**")
POLL_LINE = N_("• **{title}** — voting closes {relative} ({deadline}) · {link}")
POLL_LINE_OPEN = N_("• **{title}** — open until a chair closes it · {link}")
MEETINGS = N_("**📅 Meetings ahead ({count})**")
MEETING_LINE = N_("• **{title}** — {start} ({relative}) · roll call: {answer}{where}")
MEETING_LIVE = N_("• **{title}** — 🟢 live now · roll call: {answer}{where}")
NOT_ANSWERED = N_("not answered yet (`/rollcall apologies` if you cannot come)")
ACTIONS = N_("**✅ Your open action items ({count})**")
ACTION_LINE = N_("• #{number} {text} — due {day} ({relative}){where}")
ACTION_UNDATED = N_("• #{number} {text} — no due date{where}")
DELIVERABLES = N_("**📄 Your deliverables ({count})**")
DELIVERABLE_LINE = N_("• **{title}** ({stage}) — {next} due {day} ({relative}){where}")
DELIVERABLE_UNDATED = N_("• **{title}** ({stage}) — no deadline set{where}")
MORE = N_("… and {count} more.")
WHERE = " · {link}"

SHOWN = 8  # per section


def _where(link: str | None) -> str:
    return WHERE.format(link=link) if link else ""


def _poll(poll: PollInfo) -> str:
    link = poll_link(poll) or ""
    if poll.deadline is None:
        return _(POLL_LINE_OPEN, title=escape_md(poll.title), link=link).rstrip(" ·")
    return _(POLL_LINE, title=escape_md(poll.title), relative=ts(poll.deadline, "R"),
                            deadline=ts(poll.deadline, "f"), link=link).rstrip(" ·")


def _meeting(item: MeetingAhead) -> str:
    meeting = item.meeting
    link = agenda_link(meeting, item.channel_id) or (
        jump_link(meeting.guild_id, item.channel_id) if item.channel_id else None)
    where = _where(link) + (_where(f"<{meeting.link}>") if meeting.link else "")
    answer = status_name(item.rollcall) if item.rollcall else _(NOT_ANSWERED)
    template = MEETING_LIVE if meeting.is_live else MEETING_LINE
    return _(template, title=escape_md(title_of(meeting)), start=ts(meeting.start), relative=ts(meeting.start, "R"),
             answer=answer, where=where)


def _action(item: ActionDue, guild_id: int) -> str:
    text = escape_md(single_line(item.action.text))[:200]
    where = _where(jump_link(guild_id, item.channel_id) if item.channel_id else None)
    if item.due_at is None:
        return _(ACTION_UNDATED, number=item.action.id, text=text, where=where)
    return _(ACTION_LINE, number=item.action.id, text=text, day=ts(item.due_at, "D"),
                              relative=ts(item.due_at, "R"), where=where)


def _deliverable(item: DeliverableDue, guild_id: int) -> str:
    deliverable = item.item
    latest = next((v.link for v in reversed(deliverable.versions) if v.link), None)
    link = latest or (jump_link(guild_id, deliverable.channel_id) if deliverable.channel_id else None)
    stage = stage_name(deliverable.stage)
    if item.due_at is None or item.stage is None:
        return _(DELIVERABLE_UNDATED, title=escape_md(deliverable.title), stage=stage, where=_where(link))
    return _(DELIVERABLE_LINE, title=escape_md(deliverable.title), stage=stage,
                                   next=stage_name(item.stage), day=ts(item.due_at, "D"),
                                   relative=ts(item.due_at, "R"), where=_where(link))


def _section(head: str, items: Sequence[T], line: Callable[[T], str]) -> list[str]:
    if not items:
        return []
    lines = ["", _(head, count=len(items)), *(line(i) for i in items[:SHOWN])]
    if len(items) > SHOWN:
        lines.append(_(MORE, count=len(items) - SHOWN))
    return lines


def schedule_text(schedule: Schedule, *, group: str) -> str:
    if schedule.empty:
        return _(NOTHING, group=escape_md(group))
    guild = schedule.guild_id
    lines = [_(TITLE, group=escape_md(group), zone=schedule.zone)]
    lines += _section(POLLS, schedule.polls, _poll)
    lines += _section(MEETINGS, schedule.meetings, _meeting)
    lines += _section(ACTIONS, schedule.actions, lambda a: _action(a, guild))
    lines += _section(DELIVERABLES, schedule.deliverables, lambda d: _deliverable(d, guild))
    text = "\n".join(lines)
    if len(text) <= MESSAGE_LIMIT:
        return text
    # Too long for one message: keep whole lines.
    kept: list[str] = []
    for line in lines:
        if sum(len(x) + 1 for x in kept) + len(line) + 2 > MESSAGE_LIMIT:
            kept.append("…")
            break
        kept.append(line)
    return "\n".join(kept)
