"""Gateway v10 over aiohttp websockets: sessions, sharding, resume, intents."""

# The harness API takes `timeout=` on purpose (tests read better than `async with timeout`).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import secrets
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from .server import StandIn

log = logging.getLogger(__name__)
Json = dict[str, Any]

# Intent bits (events-gateway.mdx).
GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_VOICE_STATES = 1 << 7
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
GUILD_SCHEDULED_EVENTS = 1 << 16

EVENT_INTENTS: dict[str, int] = {
    "GUILD_CREATE": GUILDS, "GUILD_UPDATE": GUILDS, "GUILD_DELETE": GUILDS,
    "CHANNEL_CREATE": GUILDS, "CHANNEL_UPDATE": GUILDS, "CHANNEL_DELETE": GUILDS,
    "GUILD_ROLE_CREATE": GUILDS, "GUILD_ROLE_UPDATE": GUILDS, "GUILD_ROLE_DELETE": GUILDS,
    "GUILD_MEMBER_ADD": GUILD_MEMBERS, "GUILD_MEMBER_UPDATE": GUILD_MEMBERS,
    "GUILD_MEMBER_REMOVE": GUILD_MEMBERS,
    "VOICE_STATE_UPDATE": GUILD_VOICE_STATES,
    "MESSAGE_REACTION_ADD": 1 << 10, "MESSAGE_REACTION_REMOVE": 1 << 10,
    "GUILD_SCHEDULED_EVENT_CREATE": GUILD_SCHEDULED_EVENTS,
    "GUILD_SCHEDULED_EVENT_UPDATE": GUILD_SCHEDULED_EVENTS,
    "GUILD_SCHEDULED_EVENT_DELETE": GUILD_SCHEDULED_EVENTS,
}
MESSAGE_EVENTS = {"MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE"}


class Conn:
    """One websocket; sends are serialised because the zlib stream must stay in order."""

    def __init__(self, ws: web.WebSocketResponse, compress: bool) -> None:
        self.ws = ws
        self.compressor: Any = zlib.compressobj() if compress else None
        self._lock = asyncio.Lock()

    async def send(self, text: str) -> bool:
        async with self._lock:
            if self.ws.closed:
                return False
            try:
                if self.compressor is not None:
                    data = self.compressor.compress(text.encode()) + self.compressor.flush(zlib.Z_SYNC_FLUSH)
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_str(text)
            except (ConnectionError, RuntimeError):
                return False
            return True

    async def send_frame(self, op: int, d: Any) -> bool:
        return await self.send(json.dumps({"op": op, "d": d, "s": None, "t": None}, separators=(",", ":")))


@dataclass
class Session:
    """One identified gateway session; survives disconnects until invalidated."""

    id: str
    intents: int
    shard: tuple[int, int] | None
    identify: Json
    seq: int = 0
    delivered: int = 0  # last seq written to the current connection
    buffer: deque[tuple[int, str]] = field(default_factory=lambda: deque(maxlen=5000))
    conn: Conn | None = None
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def ws(self) -> web.WebSocketResponse | None:
        return self.conn.ws if self.conn is not None else None

    @property
    def compressor(self) -> Any:
        return self.conn.compressor if self.conn is not None else None

    def wants(self, guild_id: int | None) -> bool:
        """Shard routing: guild events by (guild_id >> 22) % n, DMs to shard 0."""
        if self.shard is None:
            return True
        shard_id, count = self.shard
        if guild_id is None:
            return shard_id == 0
        return (guild_id >> 22) % count == shard_id


class Gateway:
    """Accepts connections and routes dispatches to sessions."""

    def __init__(self, standin: StandIn, heartbeat_interval_ms: int = 41_250) -> None:
        self.standin = standin
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.sessions: dict[str, Session] = {}
        self.identifies: list[Json] = []
        self.resumes: list[Json] = []
        self._rr = itertools.count()
        self._sockets: set[web.WebSocketResponse] = set()
        self.listeners: list[Callable[[str, Json, Session], None]] = []

    # -- connection handling ----------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        self._sockets.add(ws)
        # discord.py asks for ?compress=zlib-stream; honour it (one zlib context per connection).
        conn = Conn(ws, request.query.get("compress") == "zlib-stream")
        session: Session | None = None
        try:
            await conn.send_frame(10, {"heartbeat_interval": self.heartbeat_interval_ms})
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    if msg.type == WSMsgType.BINARY:
                        await ws.close(code=4002, message=b"Error while decoding payload.")
                    break
                try:
                    frame = json.loads(msg.data)
                except ValueError:
                    await ws.close(code=4002, message=b"Error while decoding payload.")
                    break
                op, d = frame.get("op"), frame.get("d")
                if op == 1:
                    await conn.send_frame(11, None)
                elif op == 2:
                    if session is not None:
                        await ws.close(code=4005, message=b"Already authenticated.")
                        break
                    session = await self._identify(conn, d or {})
                elif op == 6:
                    session = await self._resume(conn, d or {})
                elif op == 8:
                    await self._request_members(conn, session, d or {})
                elif op in (3, 4):
                    pass  # presence / voice state updates from the bot: accepted, ignored
                else:
                    await ws.close(code=4001, message=b"Unknown opcode.")
                    break
        finally:
            self._sockets.discard(ws)
            if session is not None and session.conn is conn:
                session.conn = None
                session.connected.clear()
                if ws.close_code in (1000, 1001):
                    # A clean close by the client ends the session, as on Discord.
                    self.sessions.pop(session.id, None)
        return ws

    async def _identify(self, conn: Conn, d: Json) -> Session | None:
        shard = d.get("shard")
        shard_t = (int(shard[0]), int(shard[1])) if shard else None
        if shard_t is not None and not 0 <= shard_t[0] < shard_t[1]:
            await conn.ws.close(code=4010, message=b"Invalid shard.")
            return None
        if "intents" not in d:
            await conn.ws.close(code=4013, message=b"Invalid intent(s).")
            return None
        self.identifies.append(d)
        session = Session(id=secrets.token_hex(16), intents=int(d["intents"]), shard=shard_t, identify=d)
        self.sessions[session.id] = session
        session.conn = conn
        session.connected.set()
        st = self.standin
        guilds = [g for g in st.world.guilds.values() if session.wants(g.id)]
        ready: Json = {
            "v": 10,
            "user": st.bot_user.to_json() | {"verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": st.gateway_url,
            "application": {"id": str(st.application_id), "flags": st.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "_trace": ["convener-sandbox"],
        }
        if shard_t is not None:
            ready["shard"] = list(shard_t)
        await self._dispatch_to(session, "READY", ready)
        for g in guilds:
            if session.intents & GUILDS:
                await self._dispatch_to(session, "GUILD_CREATE",
                                        g.to_json(full_members=bool(session.intents & GUILD_MEMBERS)))
        return session

    async def _resume(self, conn: Conn, d: Json) -> Session | None:
        self.resumes.append(d)
        session = self.sessions.get(str(d.get("session_id")))
        seq = int(d.get("seq") or 0)
        oldest = session.buffer[0][0] if session is not None and session.buffer else 1
        if session is None or seq > session.seq or seq < oldest - 1:
            # Unknown session or missed events already evicted: the client must IDENTIFY again.
            if session is not None:
                self.sessions.pop(session.id, None)
            await conn.send_frame(9, False)
            return None
        old = session.conn
        async with session.lock:
            session.conn = conn
            session.delivered = seq
            session.connected.set()
        if old is not None and old is not conn:
            with contextlib.suppress(Exception):
                await old.ws.close(code=4000)
        await self._deliver(session)  # replay what the client missed, in order
        await self._dispatch_to(session, "RESUMED", {"_trace": ["convener-sandbox"]})
        return session

    async def _request_members(self, conn: Conn, session: Session | None, d: Json) -> None:
        if session is None:
            await conn.ws.close(code=4003, message=b"Not authenticated.")
            return
        guild = self.standin.world.guilds.get(int(d.get("guild_id", 0)))
        if guild is None:
            return
        members = list(guild.members.values())
        if d.get("user_ids"):
            wanted = {int(u) for u in (d["user_ids"] if isinstance(d["user_ids"], list) else [d["user_ids"]])}
            members = [m for m in members if m.id in wanted]
        elif d.get("query"):
            q = str(d["query"]).lower()
            members = [m for m in members if m.user.username.lower().startswith(q)]
        if d.get("limit"):
            members = members[: int(d["limit"])]
        chunk: Json = {"guild_id": str(guild.id), "members": [m.to_json() for m in members],
                       "chunk_index": 0, "chunk_count": 1, "not_found": []}
        if d.get("nonce") is not None:
            chunk["nonce"] = d["nonce"]
        await self._dispatch_to(session, "GUILD_MEMBERS_CHUNK", chunk)

    # -- sending ----------------------------------------------------------------------------------
    async def _deliver(self, session: Session) -> None:
        """Write every buffered frame the current connection has not had yet, in seq order."""
        async with session.lock:
            conn = session.conn
            pending = session.seq - session.delivered
            if conn is None or pending <= 0:
                return
            frames = list(itertools.islice(reversed(session.buffer), pending))[::-1]
            for seq, text in frames:
                if session.conn is not conn or not await conn.send(text):
                    return
                session.delivered = seq

    async def _dispatch_to(self, session: Session, event: str, data: Json) -> None:
        session.seq += 1
        text = json.dumps({"op": 0, "t": event, "s": session.seq, "d": data}, separators=(",", ":"))
        session.buffer.append((session.seq, text))
        for listener in self.listeners:
            listener(event, data, session)
        await self._deliver(session)

    def _filtered(self, session: Session, event: str, data: Json) -> Json | None:
        needed = EVENT_INTENTS.get(event)
        if needed is not None and not session.intents & needed:
            return None
        if event in MESSAGE_EVENTS:
            is_dm = "guild_id" not in data
            if not session.intents & (DIRECT_MESSAGES if is_dm else GUILD_MESSAGES):
                return None
            bot_id = str(self.standin.bot_user.id)
            mentioned = any(u.get("id") == bot_id for u in data.get("mentions", []))
            if not session.intents & MESSAGE_CONTENT and not is_dm and not mentioned \
                    and (data.get("author") or {}).get("id") != bot_id:
                # Without the privileged intent Discord blanks these fields.
                data = data | {"content": "", "embeds": [], "attachments": [], "components": []}
        return data

    async def dispatch(self, event: str, data: Json, *, guild_id: int | None = None,
                       exclusive: bool = False) -> list[Session]:
        """Send an event to every session that wants it (one only if `exclusive`).

        Disconnected sessions buffer it and get it on RESUME.
        """
        targets = [s for s in self.sessions.values() if s.wants(guild_id)]
        if exclusive and targets:
            connected = [s for s in targets if s.ws is not None] or targets
            targets = [connected[next(self._rr) % len(connected)]]
        sent = []
        for session in targets:
            filtered = self._filtered(session, event, data)
            if filtered is not None:
                await self._dispatch_to(session, event, filtered)
                sent.append(session)
        return sent

    # -- faults -----------------------------------------------------------------------------------
    def _select(self, shard_id: int | None) -> list[Session]:
        return [s for s in self.sessions.values()
                if s.conn is not None and (shard_id is None or (s.shard or (0, 1))[0] == shard_id)]

    async def drop(self, code: int, *, shard_id: int | None = None) -> int:
        sessions = self._select(shard_id)
        for s in sessions:
            conn, s.conn = s.conn, None
            s.connected.clear()
            if conn is not None:
                await conn.ws.close(code=code)
            if code in (4007, 4009):  # invalid seq / session timed out: not resumable
                self.sessions.pop(s.id, None)
        return len(sessions)

    async def send_reconnect(self, *, shard_id: int | None = None) -> int:
        sessions = self._select(shard_id)
        for s in sessions:
            if s.conn is not None:
                await s.conn.send_frame(7, None)
        return len(sessions)

    async def invalidate(self, resumable: bool, *, shard_id: int | None = None) -> int:
        sessions = self._select(shard_id)
        for s in sessions:
            if not resumable:
                self.sessions.pop(s.id, None)
            if s.conn is not None:
                await s.conn.send_frame(9, resumable)
        return len(sessions)

    async def wait_connected(self, timeout: float = 5.0) -> None:
        """Until every known session has a live connection again (after a drop)."""
        async with asyncio.timeout(timeout):
            for s in list(self.sessions.values()):
                await s.connected.wait()

    async def close(self) -> None:
        for ws in list(self._sockets):
            with contextlib.suppress(Exception):
                await ws.close(code=1001)
        self._sockets.clear()
