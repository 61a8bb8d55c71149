"""The web client's API without a browser: what a member sees over the live socket, what the page may do on
their behalf, and `convener demo --web` starting, serving and stopping."""

from __future__ import annotations

import asyncio
import io
import json
import re
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.config import Config
from bot.sandbox.web.launch import opening_poll, run_web
from tests.e2e.test_demo import Console
from tests.web_support import Served, served

SLOTS = "2026-12-01 14:00, 2026-12-02 14:00"


@pytest.fixture
async def site(migrated_sqlite_url: str) -> AsyncIterator[Served]:
    async with served(migrated_sqlite_url) as running:
        yield running


async def act(site: Served, action: str, **body: Any) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as http, \
            http.post(f"{site.sandbox.standin.base_url}/web/api/{action}", json=body) as response:
        return response.status, await response.json()


async def view(site: Served, member: int, channel: int | None = None) -> dict[str, Any]:
    async with aiohttp.ClientSession() as http, http.ws_connect(f"{site.sandbox.standin.base_url}/web/live") as ws:
        await ws.send_str(json.dumps({"member": str(member), "channel": str(channel) if channel else None}))
        return json.loads((await ws.receive(timeout=5)).data)


async def test_each_member_sees_only_their_own_ephemeral_answers(site: Served) -> None:
    lynn, danko = site.member("lynn"), site.member("danko")
    status, answer = await act(site, "slash", member=str(lynn.id), channel=str(site.sandbox.general.id),
                               command="poll create", options={"title": "Plenary", "slots": SLOTS, "timezone": "UTC"})
    assert status == 200 and answer == {"ok": True}
    mine = await view(site, lynn.id)
    theirs = await view(site, danko.id)
    assert [m["ephemeral"] for m in mine["messages"]] == [True, False]
    assert mine["messages"][0]["used"] == "/poll create"
    assert [m["ephemeral"] for m in theirs["messages"]] == [False]
    assert theirs["me"] == {"id": str(danko.id), "zone": "Europe/Berlin", "locale": "en-US", "admin": False}


async def test_a_form_opened_for_one_member_cannot_be_submitted_by_another(site: Served) -> None:
    lynn, danko = site.member("lynn"), site.member("danko")
    _, answer = await act(site, "slash", member=str(lynn.id), channel=str(site.sandbox.general.id),
                          command="poll create", options={"title": "Long list"})
    modal = answer["modal"]
    assert modal["title"] == "New scheduling poll"
    assert [i["label"] for i in modal["inputs"]][:2] == ["Title", "Slots (commas, semicolons or new lines)"]
    slots_id = modal["inputs"][1]["custom_id"]
    status, refused = await act(site, "submit", member=str(danko.id), modal=modal["id"], values={slots_id: SLOTS})
    assert status == 422 and refused["error"] == "This form is closed; open it again."
    status, done = await act(site, "submit", member=str(lynn.id), modal=modal["id"], values={slots_id: SLOTS})
    assert status == 200 and done == {"ok": True}
    assert any("Long list" in (e.get("title") or "") for m in site.sandbox.standin.messages("general")
               for e in m.embeds)


async def test_refusals_read_like_a_discord_client(site: Served) -> None:
    danko = str(site.member("danko").id)
    general = str(site.sandbox.general.id)
    cases = [
        ("slash", {"member": danko, "channel": general, "command": "agenda show", "options": {"meeting": "budget"}},
         "“meeting” needs a whole number (pick one of the suggestions)."),
        ("say", {"member": danko, "channel": general, "text": "   "}, "The message is empty."),
        ("say", {"member": "1", "channel": general, "text": "hi"}, "That member is not in the server any more."),
        ("join", {"name": "Данко Јевтовић", "roles": ["Member"]}, "Данко Јевтовић is already a member; "
                                                                   "pick another name."),
        ("join", {"name": "Amina Diallo", "roles": ["Convener"]}, "Roles are some of Chair, Member, Observer, "
                                                                  "Secretariat."),
        ("join", {"name": "Amina Diallo", "zone": "Mars/Olympus"}, "Mars/Olympus is not a time zone "
                                                                   "(e.g. Europe/Berlin)."),
        ("time", {"step": "week"}, "Advance by an hour, a day, or to the next reminder."),
        ("time", {"step": "next"}, "Nothing is scheduled."),
    ]
    for action, body, error in cases:
        status, answer = await act(site, action, **body)
        assert (status, answer) == (422, {"ok": False, "error": error}), (action, body)


async def test_a_new_member_joins_with_roles_zone_and_language(site: Served) -> None:
    status, answer = await act(site, "join", name="Amina Diallo", roles=["Observer"], zone="Africa/Dakar", locale="fr")
    assert status == 200
    seen = await view(site, int(answer["member"]))
    me = next(m for m in seen["members"] if m["id"] == answer["member"])
    assert me["name"] == "Amina Diallo" and me["zone"] == "Africa/Dakar"
    assert [r["name"] for r in seen["roles"] if r["id"] in me["roles"]] == ["Observer"]
    assert seen["me"]["locale"] == "fr"
    profile = await site.bot.services.profiles.get(site.sandbox.guild.id, int(answer["member"]))
    assert profile.timezone == "Africa/Dakar"


async def test_voice_and_the_clock(site: Served) -> None:
    danko = site.member("danko")
    room = site.sandbox.channel("Meeting room")
    assert (await act(site, "voice", member=str(danko.id), channel=str(room.id)))[0] == 200
    members = (await view(site, danko.id))["members"]
    assert [m["name"] for m in members if m["voice"] == str(room.id)] == [danko.name]
    assert (await act(site, "voice", member=str(danko.id), channel=None))[0] == 200
    assert site.sandbox.guild.voice_states == {}
    status, moved = await act(site, "time", step="day")
    assert status == 200 and moved["now"] == "2026-11-24T09:00:00+00:00"


def test_the_opening_poll_is_next_week_and_closes_in_three_days() -> None:
    options = opening_poll(datetime(2026, 12, 2, 1, tzinfo=UTC))  # a Wednesday
    assert options["slots"] == "2026-12-08 14:00, 2026-12-09 14:00, 2026-12-10 16:00"
    assert options["deadline"] == "2026-12-05 01:00"


async def test_demo_web_serves_the_page_until_stopped(tmp_path: Path) -> None:
    console, stop = Console(), asyncio.Event()
    start = datetime(2026, 11, 23, 9, tzinfo=UTC)
    run = asyncio.create_task(run_web(Config(), out=str(tmp_path / "out"), port=0, stream=console, stop=stop,
                                      start=start))
    ready = asyncio.create_task(console.holding.wait())
    await asyncio.wait({run, ready}, timeout=60, return_when=asyncio.FIRST_COMPLETED)
    assert ready.done() and not run.done(), console.getvalue()
    url = re.search(r"open (http://127\.0\.0\.1:\d+/) in your browser", console.getvalue())
    assert url is not None, console.getvalue()
    async with aiohttp.ClientSession() as http:
        async with http.get(url[1]) as page:
            assert page.status == 200 and '<script type="module" src="/web/static/app.js">' in await page.text()
        async with http.get(url[1] + "web/static/app.js") as script:
            assert script.status == 200 and "javascript" in script.content_type
        async with http.ws_connect(url[1] + "web/live") as ws:
            await ws.send_str(json.dumps({"member": None, "channel": None}))
            seen = json.loads((await ws.receive(timeout=5)).data)
    assert seen["now"] == "2026-11-23T09:00:00+00:00"
    assert any(e.get("title") == "🗓️ WG-MWP 8th meeting" for m in seen["messages"] for e in m["embeds"])
    assert next(m for m in seen["members"] if m["name"] == "陶小峰")["zone"] == "Asia/Shanghai"
    stop.set()
    assert await asyncio.wait_for(run, 30) == 0
    assert "convener sandbox: stopped." in console.getvalue()


async def test_demo_web_on_a_port_in_use_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = await run_web(Config(), out=str(tmp_path / "out"), port=port, stream=io.StringIO())
    assert code == 2
    assert f"port {port} is in use; pick another with --port (0: any free port)" in capsys.readouterr().err
