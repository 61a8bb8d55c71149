"""Subscribable calendar feeds (pure): the server's meetings, or one member's meetings plus their deadlines —
polls to vote in, action items, deliverables — and what `/profile calendar` says.

Meetings keep their UID and SEQUENCE from ``ics`` so calendar apps move and cancel them in place. A member's
deadlines get stable UIDs of their own; one that no longer concerns them (voted, done) leaves the feed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from icalendar import Event

from bot.domain.deliverables import stage_name
from bot.domain.minutes import single_line
from bot.domain.schedule import Schedule
from bot.i18n import N_, _
from bot.render.discord_text import escape_md, poll_link

POLL_SUMMARY = N_("🗳️ Vote: {title}")
POLL_DESCRIPTION = N_("Voting on “{title}” closes now. Vote: {link}")
ACTION_SUMMARY = N_("✅ Action #{number} due: {text}")
ACTION_DESCRIPTION = N_("Your action item #{number}: {text}\nMark it with /actions done when it is finished.")
DELIVERABLE_SUMMARY = N_("📄 {stage} due: {title}")
DELIVERABLE_DESCRIPTION = N_("“{title}” must reach the {stage} stage.")
PERSONAL_NAME = N_("{group} — {member}")

DEADLINE_LENGTH = timedelta(minutes=15)

NOT_ENABLED = (N_("📅 Calendar feeds are not enabled for this convener: its operator sets `[web] listen` (and "
               "`public_url`) in the configuration. Meanwhile `/meeting ics` gives a calendar file."))
FEEDS = (N_("📅 **Your calendar feed** — the meetings that concern you, your polls to vote in, your action items and "
         "deliverables:\n<{personal}>\n**The server's feed** — every meeting of {group}:\n<{server}>\n"
         "Subscribe in Google Calendar (*Other calendars → From URL*), Outlook (*Add calendar → Subscribe from "
         "web*) or Apple Calendar (*File → New Calendar Subscription*); moved and cancelled meetings update by "
         "themselves. Anyone with a link can read that calendar: keep yours to yourself. "
         "`/profile calendar rotate:mine` makes a new link and the old one stops working."))
# `/profile calendar rotate:` — (what the member picks, the value)
ROTATE_CHOICES = (("My link", "mine"), ("The server's link (chairs)", "server"))
ROTATED_MINE = N_("🔁 Your old feed link no longer works; subscribe to the new one above.")
ROTATED_SERVER = N_("🔁 The server's old feed link no longer works; share the new one above with the members.")


def _event(uid: str, summary: str, start: datetime, *, now: datetime, url: str | None,
           description: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", start + DEADLINE_LENGTH)
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    if url:
        event.add("url", url)
    event.add("description", description)
    return event


def personal_events(schedule: Schedule, *, now: datetime, channel_link: str | None = None) -> list[Event]:
    """The member's deadlines as short events at the moment they fall due."""
    guild = schedule.guild_id
    events = []
    for poll in schedule.polls:
        if poll.deadline is not None:
            events.append(_event(f"poll-{poll.id}-{guild}@convener", _(POLL_SUMMARY, title=poll.title),
                                 poll.deadline, now=now, url=poll_link(poll),
                                 description=_(POLL_DESCRIPTION, title=poll.title, link=poll_link(poll) or "")))
    for due in schedule.actions:
        if due.due_at is not None:
            text = single_line(due.action.text)[:200]
            events.append(_event(f"action-{due.action.id}-{guild}@convener",
                                 _(ACTION_SUMMARY, number=due.action.id, text=text), due.due_at, now=now,
                                 url=channel_link, description=_(ACTION_DESCRIPTION, number=due.action.id,
                                                                                         text=text)))
    for item in schedule.deliverables:
        if item.due_at is not None and item.stage is not None:
            stage = stage_name(item.stage)
            events.append(_event(f"deliverable-{item.item.id}-{item.stage}-{guild}@convener",
                                 _(DELIVERABLE_SUMMARY, stage=stage.capitalize(), title=item.item.title),
                                 item.due_at, now=now, url=None,
                                 description=_(DELIVERABLE_DESCRIPTION, title=item.item.title, stage=stage)))
    return events


def feed_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}/calendar/{token}.ics"


def feeds_text(personal: str, server: str, *, group: str, rotated: Sequence[str] = ()) -> str:
    lines = [_(FEEDS, personal=personal, server=server, group=escape_md(group))]
    lines += [_(ROTATED_MINE) if which == "mine" else _(ROTATED_SERVER) for which in rotated]
    return "\n".join(lines)
