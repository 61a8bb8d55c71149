"""`convener run` serves the calendar feeds when [web] is configured, and their links outlive a crash."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import aiohttp
from icalendar import Calendar

from bot.sandbox import Sandbox
from bot.sandbox.process import BotProcess

LINK = re.compile(r"<(https://cal\.example\.org/calendar/([A-Za-z0-9_-]+)\.ics)>")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def fetch(url: str) -> tuple[int, bytes]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.read()


async def test_convener_run_serves_feeds_across_a_kill(sandbox: Sandbox, tmp_path: Path,
                                                       processes: list[BotProcess]) -> None:
    port = free_port()
    bot = BotProcess(sandbox.standin, f"sqlite+aiosqlite:///{tmp_path / 'convener.db'}", tmp_path,
                     guild_ids=[sandbox.guild.id],
                     config={"web": {"listen": f"127.0.0.1:{port}", "public_url": "https://cal.example.org"}})
    processes.append(bot)
    await bot.start()
    lynn = sandbox.member("Lynn St.Amour")
    await lynn.slash("meeting schedule", title="WG-MWP 7", start="in 10 days", timeout=15)
    shown = await sandbox.member("Jutta Croll").slash("profile calendar", timeout=15)
    mine, server = LINK.findall(shown.content)
    local = f"http://127.0.0.1:{port}/calendar/{server[1]}.ics"  # what the reverse proxy forwards to
    status, body = await fetch(local)
    assert status == 200
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT")] == ["WG-MWP 7"]
    assert (await fetch(f"http://127.0.0.1:{port}/healthz"))[0] == 200

    await bot.kill()  # no shutdown code runs; the links live in the database
    await bot.start()
    assert (await fetch(local))[0] == 200
    assert (await fetch(f"http://127.0.0.1:{port}/calendar/{mine[1]}.ics"))[0] == 200
