"""The web client: a page served by the stand-in's own aiohttp server where a visitor acts as any member.

`GET /` is the page (plain HTML, CSS and JavaScript modules from `static/`, nothing from elsewhere);
`/web/live` is a WebSocket that pushes what the chosen member sees whenever the stand-in changes;
`POST /web/api/<action>` performs one member action (see `actions.Actions`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from ..options import SandboxError
from .actions import LOCALES, Actions, Refused, refuse
from .view import Viewer, build_view, visible_commands

if TYPE_CHECKING:
    from ..harness import SimMember
    from ..runner import Sandbox

log = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")
Json = dict[str, Any]
NO_CACHE = {"Cache-Control": "no-store"}
REFRESH = 1.0  # seconds between looks at what the stand-in's changes do not announce


@dataclass(eq=False)
class Watcher:
    """One open page: whom it shows, where it looks, and the last view it was sent."""

    socket: web.WebSocketResponse
    member_id: int | None = None
    channel_id: int | None = None
    last: str = ""
    ready: bool = False  # the page said whom it shows


class WebClient:
    """Mount on a sandbox before it starts: ``WebClient(sandbox, zones=...).mount()``; the page is then at
    ``sandbox.standin.base_url + "/"``."""

    def __init__(self, sandbox: Sandbox, *, zones: dict[int, str] | None = None, default_zone: str = "UTC",
                 on_join: Callable[[SimMember, str], Awaitable[None]] | None = None) -> None:
        self.sandbox = sandbox
        self.standin = sandbox.standin
        self.zones: dict[int, str] = dict(zones or {})
        self.default_zone = default_zone
        self.actions = Actions(sandbox, self.zones, on_join)
        self._watchers: set[Watcher] = set()
        self._dirty = asyncio.Event()
        self._pusher: asyncio.Task[None] | None = None

    def mount(self) -> WebClient:
        self.standin.mount(self._routes)
        self.standin.on_change(self._dirty.set)
        return self

    @property
    def url(self) -> str:
        return self.standin.base_url + "/"

    def _routes(self, app: web.Application) -> None:
        app.router.add_get("/", self._index)
        app.router.add_get("/web/live", self._live)
        app.router.add_get("/web/api/commands", self._commands)
        app.router.add_post("/web/api/{action}", self._act)
        app.router.add_static("/web/static/", STATIC, append_version=False)
        app.on_shutdown.append(self._close)

    # -- page and data -------------------------------------------------------------------------------------
    async def _index(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "index.html", headers=NO_CACHE)

    def viewer(self, member_id: int | None, channel_id: int | None) -> Viewer:
        guild = self.sandbox.guild
        member = guild.members.get(member_id or 0)
        if member is None or member.user.bot:
            member = next(m for m in guild.members.values() if not m.user.bot)
        sim = self.sandbox.member(member.name)
        return Viewer(member, self.zones.get(member.id, self.default_zone), sim.locale, channel_id)

    def view(self, member_id: int | None, channel_id: int | None) -> Json:
        clock = self.sandbox.clock
        now = clock.now() if clock is not None else self.standin.now()
        due = clock.next_due() if clock is not None else None
        out = build_view(self.standin, self.sandbox.guild, self.viewer(member_id, channel_id), self.zones, now, due)
        out["clock"] = clock is not None
        out["locales"] = list(LOCALES)
        return out

    async def _commands(self, request: web.Request) -> web.Response:
        viewer = self.viewer(_int(request.query.get("member")), None)
        return web.json_response(visible_commands(self.standin, self.sandbox.guild, viewer.member),
                                 headers=NO_CACHE)

    async def _act(self, request: web.Request) -> web.Response:
        handler = {"slash": self.actions.slash, "autocomplete": self.actions.autocomplete,
                   "click": self.actions.click, "select": self.actions.select, "submit": self.actions.submit,
                   "app-command": self.actions.app_command, "say": self.actions.say, "voice": self.actions.voice,
                   "time": self.actions.time, "join": self.actions.join,
                   "settings": self.actions.settings}.get(request.match_info["action"])
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown action"}, status=404)
        try:
            body = await request.json()
            if not isinstance(body, dict):
                raise Refused("The request is not a JSON object.")
            return web.json_response(await handler(body))
        except (Refused, SandboxError, ValueError) as exc:
            return web.json_response({"ok": False, "error": refuse(exc)}, status=422)

    # -- live updates --------------------------------------------------------------------------------------
    async def _live(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(heartbeat=30.0)
        await socket.prepare(request)
        watcher = Watcher(socket)
        self._watchers.add(watcher)
        self._ensure_pusher()
        try:
            async for msg in socket:
                if msg.type != WSMsgType.TEXT:
                    continue
                with contextlib.suppress(ValueError, AttributeError):
                    data = json.loads(msg.data)
                    watcher.member_id = _int(data.get("member"))
                    watcher.channel_id = _int(data.get("channel"))
                    watcher.ready = True
                    watcher.last = ""
                    await self._send(watcher)
        finally:
            self._watchers.discard(watcher)
        return socket

    def _ensure_pusher(self) -> None:
        if self._pusher is None or self._pusher.done():
            self._pusher = asyncio.get_running_loop().create_task(self._push(), name="web-client-push")

    async def _push(self) -> None:
        while True:
            # The bot also arms jobs without touching the stand-in ("next reminder" moves): look every second.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._dirty.wait(), REFRESH)
            # Bursts (a poll edit, its follow-up and the interaction record) go out as one update.
            await asyncio.sleep(0.02)
            self._dirty.clear()
            for watcher in list(self._watchers):
                await self._send(watcher)

    async def _send(self, watcher: Watcher) -> None:
        if not watcher.ready or watcher.socket.closed:
            return
        try:
            text = json.dumps(self.view(watcher.member_id, watcher.channel_id), ensure_ascii=False)
        except Exception:
            log.exception("web client: cannot build the view")
            return
        if text != watcher.last:
            watcher.last = text
            with contextlib.suppress(ConnectionError, RuntimeError):
                await watcher.socket.send_str(text)

    async def _close(self, app: web.Application) -> None:
        if self._pusher is not None:
            self._pusher.cancel()
        for watcher in list(self._watchers):
            await watcher.socket.close()


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None
