"""What happened versus what was planned: the held span of a meeting and when it ends on its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.domain.meeting import MeetingInfo, automatic_end, end_check_at
from bot.render.meeting import ended_text, live_text

START = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
PLANNED = MeetingInfo(id=1, guild_id=1, title="WG-MWP", start=START, end=START + timedelta(hours=1),
                      timezone="UTC", status="scheduled", number=3, voice_channel_id=77)


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


def test_a_meeting_that_never_went_live_is_held_as_scheduled() -> None:
    assert (PLANNED.held_start, PLANNED.held_end, PLANNED.held_as_scheduled) == (START, at(60), True)


def test_the_held_span_is_what_happened() -> None:
    late = replace(PLANNED, status="ended", live_started_at=at(7), live_ended_at=at(72))
    assert (late.held_start, late.held_end, late.held_as_scheduled) == (at(7), at(72), False)
    running = replace(PLANNED, status="live", live_started_at=at(75))
    assert running.held_end == at(75)  # started after its planned end: never ends before it began


def test_the_end_is_checked_after_the_planned_length_plus_grace() -> None:
    grace = timedelta(minutes=15)
    assert end_check_at(START, at(60), START, grace) == at(75)
    assert end_check_at(START, at(60), at(20), grace) == at(95)  # started 20 min late: runs its hour
    assert end_check_at(START, at(60), at(-30), grace) == at(75)  # opened early: still the planned end


def test_an_automatic_end_is_the_last_leave_else_the_planned_length() -> None:
    live = replace(PLANNED, status="live", live_started_at=at(3))
    assert automatic_end(live, at(68), now=at(75)) == at(68)  # the last person left the voice channel
    assert automatic_end(live, None, now=at(75)) == at(63)  # no voice data: its hour after it went live
    assert automatic_end(live, None, now=at(50)) == at(50)  # never in the future
    assert automatic_end(live, at(1), now=at(75)) == at(63)  # a leave before it began says nothing
    # Notes taken after the planned end show it went on (on an outside platform there is no voice data).
    assert automatic_end(live, None, now=at(95), last_note=at(80)) == at(80)
    assert automatic_end(live, None, now=at(95), last_note=at(40)) == at(63)
    assert automatic_end(live, at(68), now=at(95), last_note=at(70)) == at(70)


def test_notices_name_the_real_times_and_the_next_meeting() -> None:
    ended = replace(PLANNED, status="ended", live_started_at=at(0), live_ended_at=at(65))
    following = replace(PLANNED, id=2, number=4, start=START + timedelta(days=14),
                        end=START + timedelta(days=14, hours=1))
    text = ended_text(ended, following, automatic=True)
    assert text.startswith(f"⏹️ **WG-MWP #3** is over: it ran <t:{int(at(0).timestamp())}:t>–"
                           f"<t:{int(at(65).timestamp())}:t> (65 min)")
    assert text.endswith(f"📅 Next meeting: **WG-MWP #4** — <t:{int(following.start.timestamp())}:F> "
                         f"(<t:{int(following.start.timestamp())}:R>).")
    assert ended_text(ended, None, automatic=False) == "⏹️ **WG-MWP #3** ended after 65 min."
    live = replace(PLANNED, status="live", live_started_at=START)
    assert live_text(live).startswith(f"🟢 **WG-MWP #3** is live now (<t:{int(START.timestamp())}:t>).")
    assert "🔊 <#77>" in live_text(live)
