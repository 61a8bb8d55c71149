"""A Discord scheduled event whose creation Discord carried out but whose answer never reached convener (the
sync timed out, or the process died) is adopted by the retry, never created twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.services.meeting_events import SYNC_KIND
from tests.e2e.conftest import Convener
from tests.e2e.security_support import ok


@pytest.fixture
def convener_config() -> dict[str, dict[str, Any]]:
    # A short lease: a handler still waiting after 80 % of it is given up and retried.
    return {"reminders": {"lease": "2s"}}


async def test_an_event_created_without_its_answer_is_adopted_by_the_retry(
        convener: Convener, caplog: pytest.LogCaptureFixture) -> None:
    standin, services, gid = convener.standin, convener.bot.services, convener.guild.id
    # Discord creates the event at once, but answers after the sync has given up.
    lost = standin.faults.inject(f"POST /guilds/{gid}/scheduled-events", status=None, delay=3.0, late_answer=True)
    ok(await convener.chair.slash("meeting schedule", title="Adopted plenary", start="2026-12-10 15:00",
                                  timezone="UTC"))
    (meeting,) = await services.meetings.upcoming(gid)
    await standin.wait_until(lambda: lost.hits == 1 and len(convener.guild.scheduled_events) == 1, 10,
                             "Discord to create the event")
    await standin.wait_until(lambda: f"({SYNC_KIND}) failed (attempt 1)" in caplog.text, 10,
                             "the sync to give up waiting for Discord's answer")
    assert (await services.meetings.get(gid, meeting.id)).event_id is None, "convener never heard the event id"

    await convener.advance(timedelta(minutes=1))  # the retry, with backoff
    await services.reminders.run_due()
    (event,) = convener.guild.scheduled_events.values()
    assert (await services.meetings.get(gid, meeting.id)).event_id == event.id, "the retry adopted the event"
    # A change is pushed to that one event, still without a second one.
    ok(await convener.chair.slash("meeting reschedule", meeting=meeting.id, title="Adopted plenary (room B)"))
    await services.reminders.run_due()

    def names() -> list[object]:
        return [e.data.get("name") for e in convener.guild.scheduled_events.values()]

    await standin.wait_until(lambda: names() == ["Adopted plenary (room B)"], 10, "the change on the one event")
