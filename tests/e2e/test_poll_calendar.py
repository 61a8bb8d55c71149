"""A poll that extends the calendar (seed 000): /poll finalize schedules several slots as the next numbered meetings
of the group's series, so the minutes read "The seventh meeting of …" and list the meetings still to come with the
scheduling poll still open."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from icalendar import Calendar

from tests.e2e.conftest import Convener
from tests.e2e.polls_support import create, poll_id

SLOTS = "2026-11-24 15:00, 2026-12-01 15:00, 2026-12-08 15:00, 2026-12-15 15:00"
SEVENTH = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


@pytest.fixture
def convener_config() -> dict[str, dict[str, Any]]:
    return {"meetings": {"auto_start": True}, "polls": {"tally_edit_interval": 0}}


async def test_three_slots_become_the_seventh_eighth_and_ninth_meetings(convener: Convener) -> None:
    lynn, guild = convener.chair, convener.guild
    await lynn.slash("setup group", name="MAG WG – Multi-year Strategic Work Programme")
    _reply, message = await create(convener, title="MAG WG-MWP", slots=SLOTS, timezone="UTC")
    pid = poll_id(message)
    slots = await convener.bot.services.polls.get(guild.id, pid)
    first, *_rest = sorted(slots.slots, key=lambda s: s.start)
    bad = await lynn.slash("poll finalize", poll=pid, slot=first.id, more_slots="2, 9")
    assert bad.ephemeral and "`9` is not a slot of this poll" in bad.content
    both = await lynn.slash("poll finalize", poll=pid, slot=first.id, more_slots="2", repeat="weekly")
    assert both.ephemeral and "leave `repeat` out" in both.content
    done = await lynn.slash("poll finalize", poll=pid, slot=first.id, more_slots="2, 3", first_number=7)
    assert "3 meetings are scheduled" in done.content
    for number in (7, 8, 9):
        assert f"**MAG WG-MWP #{number}**" in done.content
    meetings = await convener.bot.services.meetings.upcoming(guild.id)
    assert [(m.number, m.start.day) for m in meetings] == [(7, 24), (8, 1), (9, 8)]
    assert len({m.series_id for m in meetings}) == 1 and meetings[0].series_id is not None
    # Another poll joins the same series, numbered after it; the calendar file lists every meeting on its own.
    _later, later_message = await create(convener, title="Q1 dates", slots="2027-01-12 15:00, 2027-01-19 15:00",
                                        timezone="UTC")
    later_id = poll_id(later_message)
    [choice] = await lynn.autocomplete("poll finalize", "series", "wg", poll=later_id)
    assert choice == {"name": "MAG WG-MWP — 3 meetings so far", "value": meetings[0].series_id}
    slot = min((await convener.bot.services.polls.get(guild.id, later_id)).slots, key=lambda s: s.start)
    joined = await lynn.slash("poll finalize", poll=later_id, slot=slot.id, series=meetings[0].series_id)
    assert "**MAG WG-MWP #10**" in joined.content
    ics = Calendar.from_ical((await lynn.slash("meeting ics")).attachments[0].data)
    assert sorted(str(e["SUMMARY"]) for e in ics.walk("VEVENT")) == ["MAG WG-MWP"] * 4
    assert len({str(e["UID"]) for e in ics.walk("VEVENT")}) == 4
    # A third poll is still open when the seventh meeting is held.
    await create(convener, title="Extra session", slots="2027-02-02 15:00", timezone="UTC")
    await convener.advance_to(SEVENTH)
    await lynn.slash("meeting end", meeting=meetings[0].id)
    draft = await lynn.slash("minutes draft", meeting=meetings[0].id)
    markdown = draft.attachments[0].data.decode()
    assert "The seventh meeting of the MAG WG-MWP was held on 24 November 2026" in markdown
    future = markdown[markdown.index("**Future meetings:**"):]
    assert future.split("\n")[2:8] == [
        "1 December 2026, 15:00–16:00 UTC", "8 December 2026, 15:00–16:00 UTC", "12 January 2027, 15:00–16:00 UTC",
        "", "A scheduling poll is open to set the next meeting: “Extra session”.", ""]
