"""REST handlers: users, gateway, commands, channels, messages, pins, DMs, members, events."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from multidict import MultiMapping

from .limits import FormErrors, check_commands
from .messages import ApiError, Upload, build_message, edit_message, not_found
from .state import GUILD_VOICE, Channel, Guild, Message, ScheduledEvent

if TYPE_CHECKING:
    from .server import StandIn

Json = dict[str, Any]


@dataclass
class Req:
    method: str
    path: str
    route: str
    params: dict[str, str]
    query: MultiMapping[str]
    body: Any = None
    uploads: list[Upload] = field(default_factory=list)

    def id(self, name: str) -> int:
        try:
            return int(self.params[name])
        except ValueError:
            raise ApiError(400, 50035, "Invalid Form Body",
                           {name: {"_errors": [{"code": "NUMBER_TYPE_COERCE",
                                                "message": "Value is not snowflake."}]}}) from None

    @property
    def json(self) -> Json:
        return self.body if isinstance(self.body, dict) else {}


Result = tuple[int, Any]
Handler = Callable[["StandIn", Req], Awaitable[Result]]
ROUTES: list[tuple[str, str, Handler]] = []


def route(method: str, *templates: str) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        for t in templates:
            ROUTES.append((method, t, fn))
        return fn
    return deco


# -- identity / gateway -------------------------------------------------------------------------------
@route("GET", "/users/@me")
async def get_me(st: StandIn, req: Req) -> Result:
    return 200, st.bot_user.to_json() | {"verified": True, "mfa_enabled": False, "flags": 0, "locale": "en-US"}


@route("GET", "/users/{user_id}")
async def get_user(st: StandIn, req: Req) -> Result:
    user = st.world.users.get(req.id("user_id"))
    if user is None:
        raise not_found("User", 10013)
    return 200, user.to_json()


@route("GET", "/oauth2/applications/@me", "/applications/@me")
async def get_application(st: StandIn, req: Req) -> Result:
    return 200, {
        "id": str(st.application_id), "name": st.bot_user.username, "icon": None,
        "description": "convener sandbox application", "summary": "", "type": None,
        "bot_public": False, "bot_require_code_grant": False, "verify_key": "0" * 64,
        "flags": st.application_flags, "owner": st.owner.to_json(), "team": None,
        "bot": st.bot_user.to_json(), "interactions_endpoint_url": None, "rpc_origins": [],
        "redirect_uris": [], "tags": [],
        "approximate_guild_count": len(st.world.guilds), "integration_types_config": {},
        "flags_new": str(st.application_flags), "role_connections_verification_url": None,
        "approximate_user_install_count": 0, "approximate_user_authorization_count": 0,
        "explicit_content_filter": 0, "eligible_oauth2_scopes": ["bot", "applications.commands"],
    }


@route("GET", "/gateway")
async def get_gateway(st: StandIn, req: Req) -> Result:
    return 200, {"url": st.gateway_url}


@route("GET", "/gateway/bot")
async def get_gateway_bot(st: StandIn, req: Req) -> Result:
    return 200, {"url": st.gateway_url, "shards": st.recommended_shards,
                 "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 86_400_000,
                                         "max_concurrency": 1}}


# -- application commands -----------------------------------------------------------------------------
def _command_json(st: StandIn, cmd: Json, guild_id: int | None) -> Json:
    out = {"id": cmd.get("id") or str(st.world.ids.next()), "application_id": str(st.application_id),
           "version": str(st.world.ids.next()), "type": cmd.get("type", 1), "name": cmd["name"],
           "description": cmd.get("description", ""), "options": cmd.get("options") or [],
           "default_member_permissions": cmd.get("default_member_permissions"),
           "dm_permission": cmd.get("dm_permission", True), "nsfw": cmd.get("nsfw", False),
           "contexts": cmd.get("contexts"), "integration_types": cmd.get("integration_types") or [0]}
    for key in ("name_localizations", "description_localizations"):
        if cmd.get(key):
            out[key] = cmd[key]
    if guild_id is not None:
        out["guild_id"] = str(guild_id)
    return out


def _commands(st: StandIn, req: Req) -> tuple[list[Json], int | None]:
    if req.id("application_id") != st.application_id:
        raise not_found("Application", 10002)
    if "guild_id" in req.params:
        gid = req.id("guild_id")
        if gid not in st.world.guilds:
            raise not_found("Guild", 10004)
        return st.guild_commands.setdefault(gid, []), gid
    return st.global_commands, None


@route("GET", "/applications/{application_id}/commands", "/applications/{application_id}/guilds/{guild_id}/commands")
async def list_commands(st: StandIn, req: Req) -> Result:
    return 200, _commands(st, req)[0]


@route("PUT", "/applications/{application_id}/commands", "/applications/{application_id}/guilds/{guild_id}/commands")
async def bulk_overwrite_commands(st: StandIn, req: Req) -> Result:
    store, gid = _commands(st, req)
    body = req.body if isinstance(req.body, list) else []
    err = check_commands(body)
    if err:
        raise ApiError.form(err)
    old = {(c["type"], c["name"]): c["id"] for c in store}
    new = [_command_json(st, c | {"id": old.get((c.get("type", 1), c["name"]))}, gid) for c in body]
    store[:] = new
    st.syncs.append((gid, [c["name"] for c in new]))
    st.changed()
    return 200, new


@route("POST", "/applications/{application_id}/commands", "/applications/{application_id}/guilds/{guild_id}/commands")
async def upsert_command(st: StandIn, req: Req) -> Result:
    store, gid = _commands(st, req)
    err = check_commands([req.json])
    if err:
        raise ApiError.form(err)
    for i, c in enumerate(store):
        if c["name"] == req.json.get("name") and c["type"] == req.json.get("type", 1):
            store[i] = _command_json(st, req.json | {"id": c["id"]}, gid)
            return 200, store[i]
    cmd = _command_json(st, req.json, gid)
    store.append(cmd)
    return 201, cmd


@route("GET", "/applications/{application_id}/commands/{command_id}",
       "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}")
async def get_command(st: StandIn, req: Req) -> Result:
    for c in _commands(st, req)[0]:
        if c["id"] == req.params["command_id"]:
            return 200, c
    raise not_found("application command", 10063)


@route("DELETE", "/applications/{application_id}/commands/{command_id}",
       "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}")
async def delete_command(st: StandIn, req: Req) -> Result:
    store = _commands(st, req)[0]
    for c in list(store):
        if c["id"] == req.params["command_id"]:
            store.remove(c)
            return 204, None
    raise not_found("application command", 10063)


# -- channels and messages ----------------------------------------------------------------------------
def channel_of(st: StandIn, req: Req) -> Channel:
    ch = st.world.channels.get(req.id("channel_id"))
    if ch is None:
        raise not_found("Channel", 10003)
    return ch


def message_of(st: StandIn, req: Req, channel: Channel) -> Message:
    msg = st.world.messages.get(req.id("message_id"))
    if msg is None or msg.deleted or msg.channel_id != channel.id or msg.ephemeral:
        raise not_found("Message", 10008)
    return msg


@route("GET", "/channels/{channel_id}")
async def get_channel(st: StandIn, req: Req) -> Result:
    return 200, channel_of(st, req).to_json()


@route("GET", "/guilds/{guild_id}/channels")
async def list_channels(st: StandIn, req: Req) -> Result:
    return 200, [c.to_json() for c in guild_of(st, req).channels.values()]


@route("POST", "/channels/{channel_id}/messages")
async def create_message(st: StandIn, req: Req) -> Result:
    ch = channel_of(st, req)
    msg = build_message(st.world, st.base_url, channel_id=ch.id, guild_id=ch.guild_id, author=st.bot_user,
                        payload=req.json, uploads=req.uploads)
    await st.announce_message(msg)
    return 200, msg.to_json()


@route("GET", "/channels/{channel_id}/messages")
async def list_messages(st: StandIn, req: Req) -> Result:
    ch = channel_of(st, req)
    msgs = [m for m in st.world.transcripts.get(ch.id, []) if not m.deleted and not m.ephemeral]
    limit = min(int(req.query.get("limit", 50)), 100)
    if "before" in req.query:
        msgs = [m for m in msgs if m.id < int(req.query["before"])]
    if "after" in req.query:
        msgs = [m for m in msgs if m.id > int(req.query["after"])][:limit]
    if "around" in req.query:
        around = int(req.query["around"])
        idx = next((i for i, m in enumerate(msgs) if m.id >= around), len(msgs))
        msgs = msgs[max(0, idx - limit // 2): idx + (limit + 1) // 2]
    return 200, [m.to_json() for m in reversed(msgs[-limit:])]


@route("GET", "/channels/{channel_id}/messages/{message_id}")
async def get_message(st: StandIn, req: Req) -> Result:
    return 200, message_of(st, req, channel_of(st, req)).to_json()


@route("PATCH", "/channels/{channel_id}/messages/{message_id}")
async def patch_message(st: StandIn, req: Req) -> Result:
    msg = message_of(st, req, channel_of(st, req))
    if msg.author.id != st.bot_user.id:
        raise ApiError(403, 50005, "Cannot edit a message authored by another user")
    edit_message(st.world, st.base_url, msg, req.json, req.uploads)
    await st.announce_edit(msg)
    return 200, msg.to_json()


@route("DELETE", "/channels/{channel_id}/messages/{message_id}")
async def delete_message(st: StandIn, req: Req) -> Result:
    msg = message_of(st, req, channel_of(st, req))
    await st.announce_delete(msg)
    return 204, None


@route("GET", "/channels/{channel_id}/pins")
async def list_pins_old(st: StandIn, req: Req) -> Result:
    ch = channel_of(st, req)
    pins = [m for m in st.world.transcripts.get(ch.id, []) if m.pinned and not m.deleted]
    return 200, [m.to_json() for m in reversed(pins)]


@route("GET", "/channels/{channel_id}/messages/pins")
async def list_pins(st: StandIn, req: Req) -> Result:
    ch = channel_of(st, req)
    pins = [m for m in st.world.transcripts.get(ch.id, []) if m.pinned and not m.deleted]
    items = [{"pinned_at": m.edited_timestamp or m.timestamp, "message": m.to_json()} for m in reversed(pins)]
    return 200, {"items": items, "has_more": False}


@route("PUT", "/channels/{channel_id}/pins/{message_id}", "/channels/{channel_id}/messages/pins/{message_id}")
async def pin(st: StandIn, req: Req) -> Result:
    msg = message_of(st, req, channel_of(st, req))
    if not msg.pinned and sum(m.pinned for m in st.world.transcripts.get(msg.channel_id, [])) >= 250:
        raise ApiError(400, 30003, "Maximum number of pins reached (250)")
    msg.pinned = True
    st.pins.append(("pin", msg.channel_id, msg.id))
    st.changed()
    return 204, None


@route("DELETE", "/channels/{channel_id}/pins/{message_id}", "/channels/{channel_id}/messages/pins/{message_id}")
async def unpin(st: StandIn, req: Req) -> Result:
    msg = message_of(st, req, channel_of(st, req))
    msg.pinned = False
    st.pins.append(("unpin", msg.channel_id, msg.id))
    st.changed()
    return 204, None


@route("POST", "/users/@me/channels")
async def create_dm(st: StandIn, req: Req) -> Result:
    try:
        user = st.world.users[int(req.json.get("recipient_id", 0))]
    except (KeyError, ValueError):
        raise not_found("User", 10013) from None
    return 200, st.world.dm_channel(st.bot_user, user).to_json()


# -- guilds, members, roles ---------------------------------------------------------------------------
def guild_of(st: StandIn, req: Req) -> Guild:
    guild = st.world.guilds.get(req.id("guild_id"))
    if guild is None:
        raise not_found("Guild", 10004)
    return guild


@route("GET", "/guilds/{guild_id}")
async def get_guild(st: StandIn, req: Req) -> Result:
    data = guild_of(st, req).to_json()
    for key in ("members", "channels", "voice_states", "threads", "presences", "guild_scheduled_events",
                "stage_instances", "soundboard_sounds", "joined_at", "large", "unavailable", "member_count"):
        data.pop(key, None)
    return 200, data


@route("GET", "/guilds/{guild_id}/members")
async def list_members(st: StandIn, req: Req) -> Result:
    members = sorted(guild_of(st, req).members.values(), key=lambda m: m.id)
    after = int(req.query.get("after", 0))
    limit = min(int(req.query.get("limit", 1)), 1000)
    return 200, [m.to_json() for m in members if m.id > after][:limit]


@route("GET", "/guilds/{guild_id}/members/search")
async def search_members(st: StandIn, req: Req) -> Result:
    q = req.query.get("query", "").lower()
    found = [m for m in guild_of(st, req).members.values()
             if m.user.username.lower().startswith(q) or (m.nick or "").lower().startswith(q)]
    return 200, [m.to_json() for m in found[: int(req.query.get("limit", 1))]]


@route("GET", "/guilds/{guild_id}/members/{user_id}")
async def get_member(st: StandIn, req: Req) -> Result:
    member = guild_of(st, req).members.get(req.id("user_id"))
    if member is None:
        raise not_found("Member", 10007)
    return 200, member.to_json()


@route("GET", "/guilds/{guild_id}/roles")
async def list_roles(st: StandIn, req: Req) -> Result:
    return 200, [r.to_json() for r in guild_of(st, req).roles.values()]


# -- scheduled events ---------------------------------------------------------------------------------
def _parse_time(err: FormErrors, key: str, value: Any) -> datetime | None:
    if value is None:
        return None
    try:
        ts = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        err.add([key], "DATE_TIME_TYPE_PARSE", "Could not parse the date/time.")
        return None
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


def _validate_event(guild: Guild, data: Json, *, creating: bool) -> Json:
    err = FormErrors()
    name = data.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 100:
        err.add(["name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
    err.max_len(["description"], data.get("description"), 1000)
    if data.get("privacy_level", 2) != 2:
        err.add(["privacy_level"], "BASE_TYPE_CHOICES", "Value must be one of {2}.")
    entity_type = data.get("entity_type")
    start = _parse_time(err, "scheduled_start_time", data.get("scheduled_start_time"))
    end = _parse_time(err, "scheduled_end_time", data.get("scheduled_end_time"))
    if start is None and "scheduled_start_time" not in err.errors:
        err.add(["scheduled_start_time"], "BASE_TYPE_REQUIRED", "This field is required")
    elif start is not None and creating and start <= datetime.now(UTC):
        err.add(["scheduled_start_time"], "GUILD_SCHEDULED_EVENT_SCHEDULED_START_TIME_IN_PAST",
                "Cannot schedule event in the past.")
    if start is not None and end is not None and end <= start:
        err.add(["scheduled_end_time"], "GUILD_SCHEDULED_EVENT_END_BEFORE_START",
                "Cannot schedule event to end before starting.")
    if entity_type in (1, 2):
        ch = guild.channels.get(int(data.get("channel_id") or 0))
        if ch is None:
            err.add(["channel_id"], "BASE_TYPE_REQUIRED", "This field is required")
        elif ch.type not in (GUILD_VOICE, 13):
            err.add(["channel_id"], "GUILD_SCHEDULED_EVENT_INVALID_CHANNEL_TYPE", "Invalid channel type")
    elif entity_type == 3:
        location = (data.get("entity_metadata") or {}).get("location")
        if not isinstance(location, str) or not 1 <= len(location) <= 100:
            err.add(["entity_metadata", "location"], "BASE_TYPE_REQUIRED", "This field is required")
        if end is None:
            err.add(["scheduled_end_time"], "BASE_TYPE_REQUIRED", "This field is required")
        if data.get("channel_id") is not None:
            err.add(["channel_id"], "GUILD_SCHEDULED_EVENT_CHANNEL_NOT_ALLOWED",
                    "External events must not have a channel")
    else:
        err.add(["entity_type"], "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3}.")
    if err:
        raise ApiError.form(err)
    if data.get("channel_id") is not None:
        data["channel_id"] = str(data["channel_id"])  # clients may send ints; Discord answers strings
    return data


EVENT_FIELDS = ("name", "description", "channel_id", "entity_type", "entity_metadata", "privacy_level",
                "scheduled_start_time", "scheduled_end_time", "status", "recurrence_rule")


@route("GET", "/guilds/{guild_id}/scheduled-events")
async def list_events(st: StandIn, req: Req) -> Result:
    return 200, [e.to_json() for e in guild_of(st, req).scheduled_events.values()]


@route("POST", "/guilds/{guild_id}/scheduled-events")
async def create_event(st: StandIn, req: Req) -> Result:
    guild = guild_of(st, req)
    data = {k: req.json[k] for k in EVENT_FIELDS if k in req.json and k != "status"}
    data.setdefault("privacy_level", 2)
    _validate_event(guild, data, creating=True)
    ev = ScheduledEvent(id=st.world.ids.next(), guild_id=guild.id, creator=st.bot_user, data=data)
    guild.scheduled_events[ev.id] = ev
    st.event_log.append(("create", ev.to_json()))
    await st.gateway.dispatch("GUILD_SCHEDULED_EVENT_CREATE", ev.to_json(), guild_id=guild.id)
    st.changed()
    return 200, ev.to_json()


def event_of(st: StandIn, req: Req) -> tuple[Guild, ScheduledEvent]:
    guild = guild_of(st, req)
    ev = guild.scheduled_events.get(req.id("guild_scheduled_event_id"))
    if ev is None:
        raise not_found("Guild Scheduled Event", 10070)
    return guild, ev


@route("GET", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}")
async def get_event(st: StandIn, req: Req) -> Result:
    return 200, event_of(st, req)[1].to_json()


_STATUS_MOVES = {1: {2, 4}, 2: {3}}


@route("PATCH", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}")
async def patch_event(st: StandIn, req: Req) -> Result:
    guild, ev = event_of(st, req)
    current = ev.to_json()
    patch = {k: req.json[k] for k in EVENT_FIELDS if k in req.json}
    status = patch.pop("status", None)
    if status is not None and status != current["status"] and status not in _STATUS_MOVES.get(current["status"], ()):
        raise ApiError(400, 180000, "Cannot update event status")
    merged = {k: current.get(k) for k in EVENT_FIELDS if k != "status"} | patch
    if merged.get("entity_type") == 3 and "channel_id" not in patch:
        merged["channel_id"] = None
    _validate_event(guild, merged, creating="scheduled_start_time" in patch)
    ev.data.update(patch | {"channel_id": merged.get("channel_id")})
    if status is not None:
        ev.data["status"] = status
    st.event_log.append(("update", ev.to_json()))
    await st.gateway.dispatch("GUILD_SCHEDULED_EVENT_UPDATE", ev.to_json(), guild_id=guild.id)
    st.changed()
    return 200, ev.to_json()


@route("DELETE", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}")
async def delete_event(st: StandIn, req: Req) -> Result:
    guild, ev = event_of(st, req)
    del guild.scheduled_events[ev.id]
    st.event_log.append(("delete", ev.to_json()))
    await st.gateway.dispatch("GUILD_SCHEDULED_EVENT_DELETE", ev.to_json(), guild_id=guild.id)
    st.changed()
    return 204, None


__all__ = ["ROUTES", "ApiError", "Req", "route"]
