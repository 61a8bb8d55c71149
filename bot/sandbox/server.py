"""The StandIn: an aiohttp server speaking Discord's REST v10 and gateway v10 on 127.0.0.1."""

# The harness API takes `timeout=` on purpose (tests read better than `async with timeout`).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web

from .dispatch import RequestLog, Stats, cdn, serve_api, unknown
from .gateway import Gateway
from .limits import Faults, RateLimitConfig, RateLimiter
from .objects import (
    PERM_ADMINISTRATOR,
    PERM_MANAGE_EVENTS,
    PERM_MANAGE_GUILD,
    PERM_MANAGE_MESSAGES,
    PERM_MANAGE_ROLES,
    PERM_MENTION_EVERYONE,
    PERM_MOVE_MEMBERS,
    Channel,
    Message,
    User,
)
from .state import Guild, World
from .webhooks import InteractionRecord

T = TypeVar("T")
Json = dict[str, Any]


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

    # -- HTTP (see dispatch.py) ---------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        return await serve_api(self, request)

    async def _cdn(self, request: web.Request) -> web.Response:
        return await cdn(self, request)

    async def _unknown(self, request: web.Request) -> web.Response:
        return await unknown(self, request)

    def assert_clean(self) -> None:
        """Raise AssertionError if the bot hit unknown routes or sent bodies the spec rejects."""
        problems = [f"unknown route {m} {p}" for m, p in self.unknown_routes]
        problems += [f"schema violation {r}: {msg}" for r, msg in self.schema_violations]
        if problems:
            raise AssertionError("sandbox problems:\n  " + "\n  ".join(problems))
