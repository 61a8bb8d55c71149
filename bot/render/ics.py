"""iCalendar (.ics) export of meetings and recurring series, built with the icalendar library; the words it adds
(how to join) are in the current language: the reader's for a downloaded file, the server's or the member's for a
feed.

UIDs are stored with each meeting/series so they never change; SEQUENCE grows with every change so that
calendar apps replace what they have. A series is one VEVENT with an RRULE (DTSTART in the series' zone,
so DST is the calendar app's job) plus one override per changed occurrence (RECURRENCE-ID). Cancellations
are STATUS:CANCELLED, dates still to be confirmed STATUS:TENTATIVE.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDuration, vRecur

from bot.domain.meeting import MeetingInfo, MeetingStatus, SeriesInfo
from bot.i18n import _
from bot.render.discord_text import jump_link

PRODID = "-//convener//meetings//EN"


def _where(guild_id: int, link: str | None, voice_channel_id: int | None) -> tuple[str | None, str]:
    """(LOCATION, DESCRIPTION) for a meeting place."""
    lines = []
    if link:
        lines.append(_("Join: {link}", link=link))
    voice = jump_link(guild_id, voice_channel_id) if voice_channel_id else None
    if voice:
        lines.append(_("Discord voice channel: {link}", link=voice))
    return link or voice, "\n".join(lines)


def _status(status: str, tentative: bool) -> str:
    if status == MeetingStatus.CANCELLED:
        return "CANCELLED"
    return "TENTATIVE" if tentative and status == MeetingStatus.SCHEDULED else "CONFIRMED"


def _event(uid: str, title: str, start: datetime, end: datetime, *, now: datetime, sequence: int, status: str,
           guild_id: int, link: str | None, voice_channel_id: int | None, description: str | None = None,
           tentative: bool = False) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("summary", title)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("sequence", sequence)
    event.add("status", _status(status, tentative))
    location, details = _where(guild_id, link, voice_channel_id)
    if location:
        event.add("location", location)
    if link:
        event.add("url", link)
    text = "\n".join(part for part in (description, details) if part)
    if text:
        event.add("description", text)
    return event


def meeting_event(meeting: MeetingInfo, *, now: datetime) -> Event:
    zone = ZoneInfo(meeting.timezone)
    return _event(meeting.ics_uid, meeting.title, meeting.start.astimezone(zone), meeting.end.astimezone(zone),
                  now=now, sequence=meeting.sequence, status=meeting.status, guild_id=meeting.guild_id,
                  link=meeting.link, voice_channel_id=meeting.voice_channel_id, description=meeting.description,
                  tentative=meeting.tentative)


def series_events(series: SeriesInfo, occurrences: Sequence[MeetingInfo], *, now: datetime) -> list[Event]:
    """The master event with its RRULE, then overrides for occurrences that differ from the rule. A series without
    a rule (meetings added one by one, e.g. from a poll) is its meetings, each an event of its own."""
    if not series.rule:
        return [meeting_event(occurrence, now=now) for occurrence in occurrences]
    zone = ZoneInfo(series.timezone)
    start = series.dtstart_local.replace(tzinfo=zone)
    master = _event(series.ics_uid, series.title, start, start + timedelta(minutes=series.duration_minutes),
                    now=now, sequence=series.sequence,
                    status=MeetingStatus.CANCELLED if series.cancelled else MeetingStatus.SCHEDULED,
                    guild_id=series.guild_id, link=series.link, voice_channel_id=series.voice_channel_id)
    master.add("rrule", vRecur.from_ical(series.rule))
    events = [master]
    for occurrence in occurrences:
        if occurrence.recurrence_id is None or occurrence.sequence == 0:
            continue  # exactly as the rule says: the master covers it
        override = meeting_event(occurrence, now=now)
        override.add("recurrence-id", occurrence.recurrence_id.astimezone(zone))
        events.append(override)
    return events


def build_calendar(singles: Sequence[MeetingInfo], series: Sequence[tuple[SeriesInfo, Sequence[MeetingInfo]]], *,
                   now: datetime, name: str, extra: Sequence[Event] = (), refresh: timedelta | None = None) -> bytes:
    """``extra``: more events (a member's deadlines in their feed); ``refresh``: how often subscribed calendar
    apps should fetch it again (REFRESH-INTERVAL, and Outlook's X-PUBLISHED-TTL)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if refresh is not None:
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(refresh))
    for event in extra:
        calendar.add_component(event)
    for meeting in singles:
        calendar.add_component(meeting_event(meeting, now=now))
    for info, occurrences in series:
        for event in series_events(info, occurrences, now=now):
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def filename_for(title: str) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in title.casefold()).strip("-")
    slug = "-".join(part for part in slug.split("-") if part)[:40]
    return f"{slug or 'meetings'}.ics"
