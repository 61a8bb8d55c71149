"""Meeting texts: lists, confirmations, reminders and Discord scheduled-event fields (pure functions).

Times are always Discord timestamps (``<t:…:F>``) so that every reader sees their own zone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.domain.meeting import MeetingInfo
from bot.domain.poll import PollInfo
from bot.i18n import N_, _, _n
from bot.render.discord_text import escape_md, jump_link, ts
from bot.render.modes import mode_badge, tentative_badge, tentative_name, tentative_note

MESSAGE_LIMIT = 2000
EVENT_NAME_LIMIT = 100
EVENT_DESCRIPTION_LIMIT = 1000
EVENT_LOCATION_LIMIT = 100
STATUS_BADGES = {"live": N_("🟢 live"), "ended": N_("ended"), "done": N_("minutes published"),
                 "cancelled": N_("❌ cancelled")}



def agenda_link(meeting: MeetingInfo, channel_id: int | None) -> str | None:
    """Jump link to the first posted agenda message, if the agenda has been posted."""
    if not meeting.agenda_message_ids or channel_id is None:
        return None
    return jump_link(meeting.guild_id, channel_id, meeting.agenda_message_ids[0])


def minutes_of(meeting: MeetingInfo) -> int:
    return int((meeting.end - meeting.start).total_seconds() // 60)


def title_of(meeting: MeetingInfo) -> str:
    number = f" #{meeting.number}" if meeting.number else ""
    return f"{meeting.title}{number}"


def where(meeting: MeetingInfo) -> str:
    parts = []
    if meeting.voice_channel_id:
        parts.append(f"🔊 <#{meeting.voice_channel_id}>")
    if meeting.link:
        parts.append(f"🔗 <{meeting.link}>")
    return " · ".join(parts)


def meeting_line(meeting: MeetingInfo, repeat: str | None = None) -> str:
    bits = [f"`{meeting.id}` **{escape_md(title_of(meeting))}** — {ts(meeting.start)} ({ts(meeting.start, 'R')})",
            _("{minutes} min", minutes=minutes_of(meeting))]
    if repeat:
        bits.append(f"🔁 {repeat}")
    place = where(meeting)
    if place:
        bits.append(place)
    if meeting.status in STATUS_BADGES:
        bits.append(_(STATUS_BADGES[meeting.status]))
    if meeting.tentative and meeting.is_scheduled:
        bits.append(tentative_badge())
    if (badge := mode_badge(meeting.mode)) is not None:
        bits.append(badge)
    return " · ".join(bits)


def meeting_list(meetings: Sequence[MeetingInfo], repeats: Mapping[int, str]) -> str:
    """`/meeting list`: upcoming meetings, soonest first, within one message."""
    if not meetings:
        return _("No upcoming meetings. A chair can add one with `/meeting schedule`.")
    lines = [_("**Upcoming meetings**")]
    for shown, meeting in enumerate(meetings):
        line = meeting_line(meeting, repeats.get(meeting.series_id) if meeting.series_id else None)
        more = "\n" + _("… and {count} more.", count=len(meetings) - shown)
        if sum(len(x) + 1 for x in lines) + len(line) + len(more) > MESSAGE_LIMIT:
            lines.append(more.strip())
            break
        lines.append(line)
    return "\n".join(lines)


def scheduled_text(first: MeetingInfo, following: Sequence[MeetingInfo], repeat: str | None,
                   verb: str = "Scheduled", notes: Sequence[str] = ()) -> str:
    """Confirmation after scheduling or rescheduling; ``notes`` say what was assumed in the typed start."""
    values = {"title": escape_md(title_of(first)), "start": ts(first.start), "relative": ts(first.start, "R"),
              "minutes": minutes_of(first)}
    if verb == "Rescheduled":
        lines = [_("📅 Rescheduled **{title}** — {start} ({relative}), {minutes} min.", **values)]
    else:
        lines = [_("📅 Scheduled **{title}** — {start} ({relative}), {minutes} min.", **values)]
    lines += [f"ℹ️ {note}" for note in notes[:3]]
    if repeat:
        lines.append(_("🔁 Repeats {rule}, in {zone} time.", rule=repeat, zone=first.timezone))
    place = where(first)
    if place:
        lines.append(place)
    if (badge := mode_badge(first.mode)) is not None:
        lines.append(badge)
    if first.tentative:
        lines.append(tentative_note())
    if following:
        lines.append(_("Next: {starts}", starts=", ".join(ts(m.start, "f") for m in following[:5])))
    lines.append(_("Add it to your calendar with `/meeting ics`."))
    return "\n".join(lines)[:MESSAGE_LIMIT]


def reminder_text(meeting: MeetingInfo, *, agenda_channel_id: int | None, role_id: int | None) -> str:
    """A meeting reminder, built when it is sent so it shows the meeting as it is now."""
    head = f"<@&{role_id}> " if role_id else ""
    title = escape_md(title_of(meeting))
    if meeting.is_live:
        lines = [head + _("⏰ **{title}** is live now — {start}.", title=title, start=ts(meeting.start))]
    else:
        lines = [head + _("⏰ **{title}** starts {relative} — {start}.", title=title, relative=ts(meeting.start, "R"),
                          start=ts(meeting.start))]
    link = agenda_link(meeting, agenda_channel_id)
    if link:
        lines.append(_("📋 Agenda: {link}", link=link))
    if meeting.link:
        lines.append(_("🔗 Join: <{link}>", link=meeting.link))
    if meeting.voice_channel_id:
        lines.append(_("🔊 Voice: <#{channel}>", channel=meeting.voice_channel_id))
    if (badge := mode_badge(meeting.mode)) is not None:
        lines.append(badge)
    return "\n".join(lines)[:MESSAGE_LIMIT]


def confirmed_text(meeting: MeetingInfo) -> str:
    """Announced when a tentative date is confirmed."""
    return _announcement(_("📅 Confirmed: **{title}** will take place on {when} ({relative}).",
                           title=escape_md(title_of(meeting)), when=ts(meeting.start),
                           relative=ts(meeting.start, "R")), meeting)


def _announcement(headline: str, meeting: MeetingInfo) -> str:
    """A public post about a meeting: the headline, then where it takes place and how, when known."""
    lines = [headline]
    place = where(meeting)
    if place:
        lines.append(place)
    if (badge := mode_badge(meeting.mode)) is not None:
        lines.append(badge)
    return "\n".join(lines)[:MESSAGE_LIMIT]


# Full sentences with named placeholders, for the message catalog.
LIVE_ON_TIME = N_("🟢 **{title}** is live now ({time}). Roll call and minutes follow this meeting until it ends.")
ENDED_AFTER = N_("⏹️ **{title}** ended after {minutes} min.")
ENDED_ON_ITS_OWN = (N_("⏹️ **{title}** is over: it ran {start}–{end} ({minutes} min), and nobody is left in the voice "
                    "channel. Chairs can draft the minutes with `/minutes draft`."))
NEXT_MEETING = N_("📅 Next meeting: **{title}** — {when} ({relative}).")


def live_text(meeting: MeetingInfo) -> str:
    """Posted when a meeting goes live on its own at its scheduled time."""
    return _announcement(_(LIVE_ON_TIME, title=escape_md(title_of(meeting)), time=ts(meeting.held_start, "t")),
                         meeting)


def held_minutes(meeting: MeetingInfo) -> int:
    return int((meeting.held_end - meeting.held_start).total_seconds() // 60)


def next_meeting_line(following: MeetingInfo) -> str:
    return _(NEXT_MEETING, title=escape_md(title_of(following)), when=ts(following.start),
                               relative=ts(following.start, "R"))


def ended_text(meeting: MeetingInfo, following: MeetingInfo | None, *, automatic: bool) -> str:
    """After a meeting ended: by `/meeting end` (short), or on its own (with what really happened)."""
    title = escape_md(title_of(meeting))
    if automatic:
        head = _(ENDED_ON_ITS_OWN, title=title, start=ts(meeting.held_start, "t"), end=ts(meeting.held_end, "t"),
                                       minutes=held_minutes(meeting))
    else:
        head = _(ENDED_AFTER, title=title, minutes=held_minutes(meeting))
    lines = [head] + ([next_meeting_line(following)] if following is not None else [])
    return "\n".join(lines)[:MESSAGE_LIMIT]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def event_name(meeting: MeetingInfo) -> str:
    number = f" #{meeting.number}" if meeting.number else ""
    if not meeting.tentative:
        return _cut(meeting.title, EVENT_NAME_LIMIT - len(number)) + number
    room = EVENT_NAME_LIMIT - len(tentative_name(number))
    return tentative_name(_cut(meeting.title, room) + number)


def event_location(meeting: MeetingInfo) -> str:
    """Location of an external event (1–100 characters); long links go to the description instead."""
    if meeting.link and len(meeting.link) <= EVENT_LOCATION_LIMIT:
        return meeting.link
    return _("Online — see the description") if meeting.link else _("Online")


def event_description(meeting: MeetingInfo, *, group_name: str, repeat: str | None,
                      agenda_channel_id: int | None) -> str:
    lines = [_("{group} meeting #{number}.", group=group_name, number=meeting.number) if meeting.number
             else _("{group} meeting.", group=group_name)]
    if meeting.tentative:
        lines.append(tentative_note())
    if (badge := mode_badge(meeting.mode)) is not None:
        lines.append(badge)
    if meeting.description:
        lines.append(meeting.description)
    if repeat:
        lines.append(_("Repeats {rule} ({zone}).", rule=repeat, zone=meeting.timezone))
    if meeting.link:
        lines.append(_("Join: {link}", link=meeting.link))
    link = agenda_link(meeting, agenda_channel_id)
    if link:
        lines.append(_("Agenda: {link}", link=link))
    lines.append(_("Calendar file: /meeting ics"))
    return _cut("\n".join(lines), EVENT_DESCRIPTION_LIMIT)


def mode_text(changed: Sequence[MeetingInfo]) -> str:
    """After `/meeting mode`: what the meeting (and the rest of its series) now is."""
    first = changed[0]
    badge = mode_badge(first.mode)
    title = escape_md(title_of(first))
    if badge is None:
        return _("**{title}** has no mode now: its voice channel keeps its own permissions.", title=title)
    if len(changed) > 1:
        return _n("**{title}** and the {count} meeting after it: {mode}.",
                  "**{title}** and the {count} meetings after it: {mode}.", len(changed) - 1, title=title, mode=badge)
    return _("**{title}**: {mode}.", title=title, mode=badge)


def calendar_text(poll: PollInfo, meetings: Sequence[MeetingInfo]) -> str:
    """After a poll extended the calendar: each new meeting with its number."""
    lines = [_n("📅 The poll “{poll}” is finalized: {count} meeting is scheduled.",
                "📅 The poll “{poll}” is finalized: {count} meetings are scheduled.", len(meetings),
                poll=escape_md(poll.title))]
    lines += [_("**{meeting}** — {when} ({relative})", meeting=escape_md(title_of(m)), when=ts(m.start),
                relative=ts(m.start, "R")) for m in meetings]
    lines.append(_("Add them to your calendar with `/meeting ics`."))
    return "\n".join(lines)[:MESSAGE_LIMIT]
