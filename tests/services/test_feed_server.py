"""The calendar-feed server on its own: a real HTTP client against it, and a busy port that leaves the bot up."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import aiohttp
import pytest

from bot.config import WebConfig
from bot.web import FeedServer

TOKEN = "A" * 32


@dataclass
class Feeds:
    """What the server needs from the feed service."""

    base_url: str | None = None
    asked: list[str] = field(default_factory=list)

    async def render(self, token: str) -> tuple[str, bytes] | None:
        self.asked.append(token)
        body = b"BEGIN:VCALENDAR\r\nDTSTAMP:20261202T000000Z\r\nEND:VCALENDAR\r\n"
        return ("wg.ics", body) if token == TOKEN else None


async def get(url: str, **headers: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as response:
        return response.status, response.headers.get("ETag", ""), await response.text()


async def test_feeds_tags_and_refusals() -> None:
    feeds = Feeds()
    server = FeedServer(feeds, WebConfig(listen="127.0.0.1:0", public_url=None))  # type: ignore[arg-type]
    await server.start()
    try:
        assert feeds.base_url == f"http://127.0.0.1:{server.port}"
        status, tag, body = await get(f"{feeds.base_url}/calendar/{TOKEN}.ics")
        assert status == 200 and body.startswith("BEGIN:VCALENDAR") and tag
        assert (await get(f"{feeds.base_url}/calendar/{TOKEN}.ics", **{"If-None-Match": tag}))[0] == 304
        assert (await get(f"{feeds.base_url}/calendar/{'B' * 32}.ics"))[0] == 404
        assert (await get(f"{feeds.base_url}/calendar/..%2F..%2Fetc.ics"))[0] == 404
        assert feeds.asked == [TOKEN, TOKEN, "B" * 32]  # a malformed token never reaches the database
    finally:
        await server.stop()


async def test_a_busy_port_turns_feeds_off_but_not_the_bot(caplog: pytest.LogCaptureFixture) -> None:
    first_feeds, second_feeds = Feeds(), Feeds()
    first = FeedServer(first_feeds, WebConfig(listen="127.0.0.1:0"))  # type: ignore[arg-type]
    await first.start()
    try:
        second = FeedServer(second_feeds, WebConfig(listen=f"127.0.0.1:{first.port}"))  # type: ignore[arg-type]
        with caplog.at_level(logging.ERROR, "bot.web"):
            await second.start()
        assert "calendar feeds are off: cannot listen on" in caplog.text
        assert second_feeds.base_url is None and first_feeds.base_url is not None
    finally:
        await first.stop()
