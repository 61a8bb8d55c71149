"""The StandIn: an aiohttp server speaking Discord's REST v10 and gateway v10 on 127.0.0.1."""

# The harness API takes `timeout=` on purpose (tests read better than `async with timeout`).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web

from . import events, schema, threads, voice, webhooks
from .gateway import Gateway
from .limits import Faults, RateLimitConfig, RateLimiter, retry_after_header, too_many_requests_body
from .messages import ApiError, Upload
from .rest import ROUTES, Handler, Req
from .state import (
    PERM_ADMINISTRATOR,
    PERM_MANAGE_EVENTS,
    PERM_MANAGE_GUILD,
    PERM_MANAGE_MESSAGES,
    PERM_MANAGE_ROLES,
    PERM_MENTION_EVERYONE,
    PERM_MOVE_MEMBERS,
    Channel,
    Guild,
    Message,
    User,
    World,
)
from .webhooks import InteractionRecord

log = logging.getLogger(__name__)
T = TypeVar("T")
Json = dict[str, Any]
_WEBHOOK_ROUTE = re.compile(r"^/(webhooks|interactions)/")


@dataclass
class Stats:
    requests: int = 0
    rate_limited: int = 0
    errors: int = 0
    by_route: Counter[str] = field(default_factory=Counter)


@dataclass
class RequestLog:
    method: str
    path: str
    route: str
    status: int
    body: Any


def _compile(template: str) -> re.Pattern[str]:
    parts = [f"(?P<{seg[1:-1]}>[^/]+)" if seg.startswith("{") else re.escape(seg) for seg in template.split("/")]
    return re.compile("^" + "/".join(parts) + "$")


# Literal segments win over parameters (/messages/pins vs /messages/{message_id}).
_TABLE: list[tuple[str, str, re.Pattern[str], Handler]] = sorted(
    ((m, t, _compile(t), h) for m, t, h in ROUTES), key=lambda r: r[1].count("{"))
_ = (events, threads, voice, webhooks)  # importing them registers their routes


def _route(method: str, path: str) -> tuple[str, re.Match[str], Handler] | None:
    for m, template, regex, handler in _TABLE:
        if m == method and (match := regex.match(path)):
            return template, match, handler
    return None


class StandIn:
    """A local Discord: `async with StandIn() as st: ...` or `await st.start()` / `await st.stop()`."""

    def __init__(self, *, validate: bool = True, validate_responses: bool = False,
                 rate_limits: RateLimitConfig | None = None, ack_deadline: float = 3.0,
                 heartbeat_interval_ms: int = 41_250, recommended_shards: int = 1,
                 bot_name: str = "Convener", now: Callable[[], datetime] | None = None,
                 port: int = 0) -> None:
        # Wall clock unless a sandbox clock is passed (now=clock.now): "in the past" checks, message
        # timestamps and snowflake times all follow it.
        self.now: Callable[[], datetime] = now or (lambda: datetime.now(UTC))
        self.world = World(lambda: self.now())
        self.application_id = self.world.ids.next()
        self.bot_user = User(id=self.application_id, username=bot_name.lower(), global_name=bot_name, bot=True)
        self.owner = User(id=self.world.ids.next(), username="sandbox_owner", global_name="Sandbox Owner")
        self.world.users[self.bot_user.id] = self.bot_user
        # GATEWAY_GUILD_MEMBERS | GATEWAY_MESSAGE_CONTENT: privileged intents are granted.
        self.application_flags = (1 << 15) | (1 << 19)
        self.recommended_shards = recommended_shards
        self.ack_deadline = ack_deadline
        self.validate = validate
        self.validate_responses = validate_responses
        self.limiter = RateLimiter(rate_limits or RateLimitConfig())
        self.faults = Faults()
        self.gateway = Gateway(self, heartbeat_interval_ms)
        self.faults._gateway = self.gateway
        self.stats = Stats()
        self.global_commands: list[Json] = []
        self.guild_commands: dict[int, list[Json]] = {}
        self.syncs: list[tuple[int | None, list[str]]] = []
        self.interactions: dict[int, InteractionRecord] = {}
        self.by_token: dict[str, InteractionRecord] = {}
        self.callbacks: list[InteractionRecord] = []
        self.pins: list[tuple[str, int, int]] = []
        self.event_log: list[tuple[str, Json]] = []
        self.unknown_routes: list[tuple[str, str]] = []
        self.schema_violations: list[tuple[str, str]] = []
        self.requests: list[RequestLog] = []
        self._runner: web.AppRunner | None = None
        self._wanted_port, self._port = port, 0  # 0: any free port
        self._changed = asyncio.Event()
        # Extensions (the web client): routes added before the catch-all, callbacks run on every change.
        self._mounts: list[Callable[[web.Application], None]] = []
        self._listeners: list[Callable[[], None]] = []

    # -- lifecycle --------------------------------------------------------------------------------
    async def start(self) -> StandIn:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/gateway/", self.gateway.handle)
        app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self._cdn)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._api)
        for mount in self._mounts:
            mount(app)
        app.router.add_route("*", "/{tail:.*}", self._unknown)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self._wanted_port)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self._port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def stop(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> StandIn:
        return await self.start()

    async def __aexit__(self, et: type[BaseException] | None, e: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.stop()

    def mount(self, add_routes: Callable[[web.Application], None]) -> None:
        """Serve more routes from this server (call before `start`); the Discord routes keep precedence."""
        if self._runner is not None:
            raise RuntimeError("mount routes before the stand-in starts")
        self._mounts.append(add_routes)

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` (synchronously, so keep it cheap) after every change of the stand-in's state."""
        self._listeners.append(listener)

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/gateway"

    # -- seeding ----------------------------------------------------------------------------------
    def add_guild(self, name: str, *, shard: tuple[int, int] | None = None) -> Guild:
        """A new guild with the bot as a member (with its managed role); see `World.add_guild`."""
        guild = self.world.add_guild(name, shard)
        # Manage Roles and Move Members: convener sets a meeting's voice permissions and clears a closed session.
        bot_role = guild.add_role(self.bot_user.global_name or "bot", PERM_MANAGE_EVENTS | PERM_MANAGE_MESSAGES
                                  | PERM_MENTION_EVERYONE | PERM_MANAGE_ROLES | PERM_MOVE_MEMBERS, managed=True)
        guild.add_member(self.bot_user.username, roles=[bot_role], user=self.bot_user)
        return guild

    def add_default_guild(self) -> Guild:
        """"Working Group": Chair, Secretariat, Member, Observer; #general #announcements #minutes; 🔊."""
        g = self.add_guild("Working Group")
        g.add_role("Chair", PERM_ADMINISTRATOR, color=0xC0392B)
        g.add_role("Secretariat", PERM_MANAGE_GUILD | PERM_MANAGE_EVENTS | PERM_MANAGE_MESSAGES, color=0x2980B9)
        g.add_role("Member", color=0x27AE60)
        g.add_role("Observer", color=0x7F8C8D)
        g.add_text_channel("general")
        g.add_text_channel("announcements")
        g.add_text_channel("minutes")
        g.add_voice_channel("Meeting room")
        return g

    # -- queries ----------------------------------------------------------------------------------
    @property
    def guild(self) -> Guild:
        """The first guild (most tests have one)."""
        return next(iter(self.world.guilds.values()))

    def channel_by_name(self, name: str, guild: Guild | None = None) -> Channel:
        for ch in self.world.channels.values():
            if ch.name == name and (guild is None or ch.guild_id == guild.id):
                return ch
        raise KeyError(f"no channel named {name!r}")

    def messages(self, channel: Channel | int | str | None = None, *, include_deleted: bool = False,
                 include_ephemeral: bool = False) -> list[Message]:
        """The transcript of one channel (all channels if None), oldest first."""
        if isinstance(channel, str):
            channel = self.channel_by_name(channel)
        cid = channel.id if isinstance(channel, Channel) else channel
        msgs = (self.world.transcripts.get(cid, []) if cid is not None
                else sorted(self.world.messages.values(), key=lambda m: m.id))
        return [m for m in msgs if (include_deleted or not m.deleted) and (include_ephemeral or not m.ephemeral)]

    def message(self, message_id: int) -> Message:
        return self.world.messages[message_id]

    def commands(self, guild: Guild | int | None = None) -> list[Json]:
        """Registered commands visible in `guild` (guild commands first, then global)."""
        gid = guild.id if isinstance(guild, Guild) else guild
        return [*(self.guild_commands.get(gid, []) if gid else []), *self.global_commands]

    def dms(self, user: User | int) -> list[Message]:
        uid = user if isinstance(user, int) else user.id
        channel = self.world.dm_channel(self.bot_user, self.world.users[uid])
        return self.messages(channel)

    # -- waiting ----------------------------------------------------------------------------------
    def changed(self) -> None:
        """Wake every waiter; called after each mutation."""
        event, self._changed = self._changed, asyncio.Event()
        event.set()
        for listener in self._listeners:
            listener()

    async def wait_until(self, predicate: Callable[[], T | None], timeout: float = 5.0,
                         what: str = "condition", poll: float = 0.01) -> T:
        """Return the first truthy `predicate()`; re-checked after every stand-in change.

        Also re-checked every `poll` seconds, so predicates on the bot's own state work too.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"sandbox: timed out after {timeout}s waiting for {what}")
            event = self._changed
            try:
                await asyncio.wait_for(event.wait(), min(remaining, poll))
            except TimeoutError:
                continue

    async def wait_for_message(self, channel: Channel | int | str | None = None,
                               predicate: Callable[[Message], bool] | None = None, *, timeout: float = 5.0,
                               after: int = 0, include_ephemeral: bool = False) -> Message:
        """The first (non-deleted) message in `channel` newer than id `after` matching `predicate`."""
        def find() -> Message | None:
            for m in self.messages(channel, include_ephemeral=include_ephemeral):
                if m.id > after and not m.loading and (predicate is None or predicate(m)):
                    return m
            return None
        return await self.wait_until(find, timeout, f"a message in {channel}")

    async def wait_for_edit(self, message: Message | int, predicate: Callable[[Message], bool] | None = None,
                            *, edits: int | None = None, timeout: float = 5.0) -> Message:
        """Until `message` has been edited (beyond `edits` edits; default: one more than now)."""
        msg = message if isinstance(message, Message) else self.world.messages[message]
        target = msg.edits + 1 if edits is None else edits
        return await self.wait_until(
            lambda: msg if msg.edits >= target and (predicate is None or predicate(msg)) else None,
            timeout, f"an edit of message {msg.id}")

    # -- announcing changes to the bot ------------------------------------------------------------
    def _gateway_message(self, msg: Message) -> Json:
        data = msg.to_json()
        if msg.guild_id is not None:
            guild = self.world.guilds[msg.guild_id]
            member = guild.members.get(msg.author.id)
            if member is not None and msg.webhook_id is None:
                data["member"] = member.to_json(with_user=False)
        return data

    async def announce_message(self, msg: Message) -> None:
        if not msg.ephemeral and not msg.loading:
            await self.gateway.dispatch("MESSAGE_CREATE", self._gateway_message(msg), guild_id=msg.guild_id)
        self.changed()

    async def announce_edit(self, msg: Message) -> None:
        if not msg.ephemeral:
            await self.gateway.dispatch("MESSAGE_UPDATE", self._gateway_message(msg), guild_id=msg.guild_id)
        self.changed()

    async def announce_delete(self, msg: Message) -> None:
        msg.deleted = True
        if not msg.ephemeral:
            data: Json = {"id": str(msg.id), "channel_id": str(msg.channel_id)}
            if msg.guild_id is not None:
                data["guild_id"] = str(msg.guild_id)
            await self.gateway.dispatch("MESSAGE_DELETE", data, guild_id=msg.guild_id)
        self.changed()

    # -- HTTP plumbing ----------------------------------------------------------------------------
    @staticmethod
    def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> web.Response:
        # discord.py checks for exactly "application/json"; Via marks answers as Discord's own.
        hdrs = {"Via": "1.1 google"} | (headers or {})
        if body is None:
            return web.Response(status=status, headers=hdrs)
        return web.Response(status=status, body=json.dumps(body), content_type="application/json", headers=hdrs)

    async def _unknown(self, request: web.Request) -> web.Response:
        self.unknown_routes.append((request.method, request.path))
        return self._json(404, {"message": "404: Not Found", "code": 0})

    async def _cdn(self, request: web.Request) -> web.Response:
        att = self.world.uploads.get(int(request.match_info["attachment_id"]))
        if att is None:
            return web.Response(status=404, text="not found")
        return web.Response(body=att.data, content_type=att.content_type or "application/octet-stream")

    async def _parse_body(self, request: web.Request) -> tuple[Any, list[Upload]]:
        ctype = request.content_type
        if ctype == "multipart/form-data":
            body: Any = None
            uploads: list[Upload] = []
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                name = getattr(part, "name", None) or ""
                data = await part.read()  # type: ignore[union-attr]
                if name == "payload_json":
                    body = json.loads(data)
                elif m := re.fullmatch(r"files\[(\d+)\]|file(\d*)", name):
                    index = int(m.group(1) or m.group(2) or 0)
                    uploads.append(Upload(index, getattr(part, "filename", None) or f"file{index}", bytes(data),
                                          part.headers.get("Content-Type")))
            return body, uploads
        raw = await request.read()
        if not raw:
            return None, []
        try:
            return json.loads(raw), []
        except ValueError:
            raise ApiError(400, 50109, "The request body contains invalid JSON.") from None

    async def _api(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        method = request.method
        found = _route(method, path)
        if found is None:
            self.unknown_routes.append((method, path))
            return self._json(404, {"message": "404: Not Found", "code": 0})
        template, match, handler = found
        self.stats.requests += 1
        self.stats.by_route[f"{method} {template}"] += 1
        params = match.groupdict()
        if not _WEBHOOK_ROUTE.match(path) and not request.headers.get("Authorization", "").startswith("Bot "):
            return self._finish(method, path, template, 401, {"message": "401: Unauthorized", "code": 0})
        fault = self.faults.take(method, template, path)
        if fault is not None:
            if fault.delay and not fault.late_answer:
                await asyncio.sleep(fault.delay)
            if fault.status == 429:
                self.stats.rate_limited += 1
                headers = {"Retry-After": retry_after_header(fault.retry_after),
                           "X-RateLimit-Scope": "global" if fault.is_global else "user"}
                if fault.is_global:
                    headers["X-RateLimit-Global"] = "true"
                return self._finish(method, path, template, 429,
                                    too_many_requests_body(fault.retry_after, fault.is_global), headers)
            if fault.status is not None:
                return self._finish(method, path, template, fault.status,
                                    {"message": f"{fault.status}: injected fault", "code": 0})
        major = params.get("channel_id") or params.get("guild_id") or (
            f"{params.get('webhook_id')}:{params.get('webhook_token')}" if "webhook_id" in params
            else params.get("interaction_id", ""))
        verdict = self.limiter.check(method, template, major or "")
        if not verdict.allowed:
            self.stats.rate_limited += 1
            headers = verdict.headers | {"Retry-After": retry_after_header(verdict.retry_after)}
            return self._finish(method, path, template, 429,
                                too_many_requests_body(verdict.retry_after, verdict.is_global), headers)
        try:
            body, uploads = await self._parse_body(request)
            if self.validate and body is not None:
                self._check_schema("request", method, path, lambda api: api.validate_request(method, path, body))
            req = Req(method, path, template, params, request.query, body, uploads)
            status, out = await handler(self, req)
        except ApiError as exc:
            status, out = exc.status, exc.body
        if fault is not None and fault.late_answer and fault.delay:
            await asyncio.sleep(fault.delay)
        if self.validate_responses and out is not None and 200 <= status < 300:
            self._check_schema("response", method, path,
                               lambda api: api.validate_response(method, path, status, out))
        return self._finish(method, path, template, status, out, verdict.headers)

    def _finish(self, method: str, path: str, template: str, status: int, body: Any,
                headers: dict[str, str] | None = None) -> web.Response:
        if status >= 400:
            self.stats.errors += 1
        self.requests.append(RequestLog(method, path, template, status, body))
        return self._json(status, body, headers)

    def _check_schema(self, kind: str, method: str, path: str,
                      check: Callable[[schema.OpenAPI], list[str]]) -> None:
        api = schema.load()
        if api is None:
            return
        for problem in check(api):
            log.warning("sandbox schema violation (%s) %s %s: %s", kind, method, path, problem)
            self.schema_violations.append((f"{kind} {method} {path}", problem))

    def assert_clean(self) -> None:
        """Raise AssertionError if the bot hit unknown routes or sent bodies the spec rejects."""
        problems = [f"unknown route {m} {p}" for m, p in self.unknown_routes]
        problems += [f"schema violation {r}: {msg}" for r, msg in self.schema_violations]
        if problems:
            raise AssertionError("sandbox problems:\n  " + "\n  ".join(problems))
