"""Calendar feeds over HTTP: `convener run` serves a server feed and per-member feeds at secret links; a real
HTTP client fetches them and icalendar parses them; moved and cancelled meetings update (SEQUENCE,
STATUS:CANCELLED); links rotate and die with `/privacy forget`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from icalendar import Calendar
from multidict import CIMultiDict

from bot.sandbox import SimMember
from tests.e2e.conftest import Convener
from tests.e2e.polls_support import create, vote

LINK = re.compile(r"<(http://127\.0\.0\.1:\d+/calendar/[A-Za-z0-9_-]+\.ics)>")


@pytest.fixture
def convener_config() -> dict[str, dict[str, Any]]:
    return {"web": {"listen": "127.0.0.1:0"}}


async def links(member: SimMember, **options: str) -> tuple[str, str]:
    reply = await member.slash("profile calendar", **options)
    assert reply.ephemeral, reply.content
    found = LINK.findall(reply.content)
    assert len(found) == 2, reply.content
    return found[0], found[1]


async def fetch(url: str, **headers: str) -> tuple[int, Mapping[str, str], bytes]:
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as response:
        return response.status, CIMultiDict(response.headers), await response.read()


async def events(url: str) -> dict[str, Any]:
    """SUMMARY -> VEVENT of the feed (the master event for a series)."""
    status, headers, body = await fetch(url)
    assert status == 200 and headers["Content-Type"] == "text/calendar; charset=utf-8", (status, body[:200])
    calendar = Calendar.from_ical(body)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e}


async def test_feeds_follow_meetings_and_deadlines(convener: Convener) -> None:
    await convener.seed_profiles()
    lynn, jutta, pradeep = convener.chair, convener.member("jutta"), convener.member("pradeep")
    await lynn.slash("setup roles", role="member", discord_role="Member")
    await lynn.slash("meeting schedule", title="WG-MWP 7", start="2026-12-01 15:00 UTC")
    await lynn.slash("meeting schedule", title="Plenary", start="2026-12-03 15:00 UTC", repeat="every 2 weeks")
    meeting_id = (await convener.bot.services.meetings.search(convener.guild.id, "WG-MWP"))[0].id
    mine, server = await links(jutta)
    assert (await links(jutta)) == (mine, server)  # stable until rotated

    first = await events(server)
    assert set(first) == {"WG-MWP 7", "Plenary"}
    meeting = first["WG-MWP 7"]
    uid = str(meeting["UID"])
    assert meeting["SEQUENCE"] == 0 and str(meeting["STATUS"]) == "CONFIRMED"
    assert meeting.decoded("DTSTART") == datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    assert "FREQ=WEEKLY;INTERVAL=2" in first["Plenary"]["RRULE"].to_ical().decode()

    # Jutta's own feed: the meetings (she holds the Member role) and the poll she has to vote in.
    _, poll = await create(convener, title="December plenary", deadline="2026-12-01 18:00",
                           expected_role=convener.guild.role("Member"))
    own = await events(mine)
    assert {"WG-MWP 7", "Plenary", "🗳️ Vote: December plenary"} <= set(own)
    assert own["🗳️ Vote: December plenary"].decoded("DTSTART") == datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    await vote(jutta, poll, yes=[0])
    assert "🗳️ Vote: December plenary" not in await events(mine)
    # An observer's feed holds only the meetings they answered the roll call for.
    observer, _ = await links(pradeep)
    assert set(await events(observer)) == set()
    await pradeep.slash("rollcall apologies", meeting=meeting_id)
    assert set(await events(observer)) == {"WG-MWP 7"}

    # Moved, then cancelled: the same event, a higher SEQUENCE, then STATUS:CANCELLED.
    await lynn.slash("meeting reschedule", meeting=meeting_id, start="2026-12-02 16:00 UTC")
    moved = (await events(server))["WG-MWP 7"]
    assert str(moved["UID"]) == uid and moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    await lynn.slash("meeting cancel", meeting=meeting_id)
    cancelled = (await events(mine))["WG-MWP 7"]
    assert str(cancelled["UID"]) == uid and cancelled["SEQUENCE"] == 2 and str(cancelled["STATUS"]) == "CANCELLED"

    # Calendar apps that ask again get "not modified" while nothing changed.
    status, headers, _ = await fetch(server)
    assert headers["Cache-Control"] == "private, max-age=300"
    status, _, body = await fetch(server, **{"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


async def test_links_rotate_and_die_with_the_member_data(convener: Convener) -> None:
    jutta, danko = convener.member("jutta"), convener.member("danko")
    mine, server = await links(jutta)
    rotated, same_server = await links(jutta, rotate="mine")
    assert rotated != mine and same_server == server
    assert (await fetch(mine))[0] == 404 and (await fetch(rotated))[0] == 200
    refused = await danko.slash("profile calendar", rotate="server")
    assert refused.ephemeral and refused.content.startswith("❌ Only chairs can replace the server's calendar link")
    _, new_server = await links(convener.chair, rotate="server")
    assert new_server != server and (await fetch(server))[0] == 404 and (await fetch(new_server))[0] == 200

    done = await jutta.click(await jutta.slash("privacy forget"), "Forget")
    assert "calendar feeds: 1" in done.content, done.content
    assert (await fetch(rotated))[0] == 404
    base = rotated.rsplit("/", 1)[0]
    for path in ("guessed-but-not-a-token.ics", "short.ics", "%2e%2e%2fconvener.db.ics"):
        assert (await fetch(f"{base}/{path}"))[0] == 404
    assert (await fetch(base.replace("/calendar", "/healthz")))[0] == 200


async def test_without_a_web_section_the_command_explains(convener: Convener) -> None:
    convener.bot.services.feeds.base_url = None  # as when [web] is not configured
    reply = await convener.member("jutta").slash("profile calendar")
    assert reply.ephemeral and "Calendar feeds are not enabled" in reply.content and "/meeting ics" in reply.content
