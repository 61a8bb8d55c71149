"""What a chair or the secretariat is told after /meeting recording, cancel, ics and start (the public
announcements of a meeting are in render/meeting)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.meeting import MeetingInfo
from bot.i18n import _, _n
from bot.render.discord_text import escape_md, ts
from bot.render.meeting import title_of


def recording_saved(meeting: MeetingInfo) -> str:
    return _("🎙️ The recording of **{title}** is <{url}>; the minutes drafted from now on say where it can be found.",
             title=escape_md(title_of(meeting)), url=meeting.recording_url)


def cancelled(first: MeetingInfo, cancelled: Sequence[MeetingInfo], whole_series: bool) -> str:
    """``first`` is the meeting named; ``cancelled`` every meeting that will not take place."""
    if whole_series:
        text = _n("❌ Cancelled the series **{title}**: {count} upcoming meeting will not take place.",
                  "❌ Cancelled the series **{title}**: {count} upcoming meetings will not take place.",
                  len(cancelled), title=escape_md(first.title))
    else:
        text = _("❌ Cancelled **{title}** — {start}.", title=escape_md(title_of(first)), start=ts(first.start))
    return text + " " + _("Calendars update from `/meeting ics`.")


def calendar_file() -> str:
    return _("📆 Open the file to add the meetings to your calendar; import it again after changes and your calendar "
             "updates them.")


def live(meeting: MeetingInfo) -> str:
    since = ts(meeting.live_started_at or meeting.start, "t")
    return _("🟢 **{title}** is live (since {since}). Roll call and minutes now follow this meeting; `/meeting end` "
             "closes it.", title=escape_md(title_of(meeting)), since=since)
