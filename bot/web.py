"""The calendar-feed server that `convener run` starts when ``[web] listen`` is set (aiohttp).

    GET /calendar/{token}.ics   the feed that token opens (404 for an unknown or replaced token)
    GET /healthz                "ok", for the reverse proxy's health check

Plain HTTP on the listen address; put it behind a reverse proxy that terminates TLS (see README). Requests
are not logged: their paths carry the members' secret tokens.
"""

from __future__ import annotations

import hashlib
import logging
import re

from aiohttp import web

from bot.config import WebConfig
from bot.services.feeds import FeedService

log = logging.getLogger(__name__)

TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
CACHE = "private, max-age=300"
UNKNOWN = "This calendar link is unknown or was replaced; ask convener for the current one with /profile calendar.\n"


def _etag(body: bytes) -> str:
    """Of the feed without its DTSTAMP lines (the time it was built), so an unchanged calendar keeps its tag."""
    stable = b"\n".join(line for line in body.splitlines() if not line.startswith(b"DTSTAMP"))
    return '"' + hashlib.sha256(stable).hexdigest()[:32] + '"'


class FeedServer:
    def __init__(self, feeds: FeedService, config: WebConfig) -> None:
        self.feeds = feeds
        self.config = config
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    @property
    def base_url(self) -> str:
        """Where members' calendar apps reach the feeds: the configured public URL, else the listen address."""
        if self.config.public_url:
            return self.config.public_url
        host = (self.config.host_port or ("127.0.0.1", 0))[0]
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '::', '') else host}:{self.port}"

    async def start(self) -> None:
        where = self.config.host_port
        assert where is not None, "start only when [web] listen is set"
        app = web.Application()
        app.router.add_get("/calendar/{token}.ics", self._feed)
        app.router.add_get("/healthz", self._health)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, where[0], where[1])
        try:
            await site.start()
        except OSError as exc:
            # The bot itself must come up: without the feed server, /profile calendar says feeds are off.
            log.error("calendar feeds are off: cannot listen on %s (web.listen): %s", self.config.listen, exc)
            await self.stop()
            return
        server = site._server
        sockets = getattr(server, "sockets", None) or ()
        self.port = sockets[0].getsockname()[1] if sockets else where[1]
        self.feeds.base_url = self.base_url
        log.info("calendar feeds served on %s:%s as %s", where[0], self.port, self.base_url)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _health(self, request: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def _feed(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        found = await self.feeds.render(token) if TOKEN.match(token) else None
        if found is None:
            return web.Response(status=404, text=UNKNOWN, headers={"Cache-Control": "no-store"})
        filename, body = found
        tag = _etag(body)
        headers = {"ETag": tag, "Cache-Control": CACHE, "Content-Disposition": f'inline; filename="{filename}"',
                   "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
        if tag in request.headers.get("If-None-Match", ""):
            return web.Response(status=304, headers=headers)
        return web.Response(body=body, content_type="text/calendar", charset="utf-8", headers=headers)
