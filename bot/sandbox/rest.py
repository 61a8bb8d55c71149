"""REST handlers: users, gateway, commands, channels, messages, pins, DMs, members, events."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from multidict import MultiMapping

from .limits import check_commands
from .messages import ApiError, Upload, build_message, edit_message, not_found
from .state import DM, Channel, Guild, Message, emoji_json, snowflake_time

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
    return 200, [c.to_json() for c in guild_of(st, req).channels.values() if not c.is_thread]


NONCE_WINDOW = timedelta(minutes=5)


def _same_nonce(st: StandIn, ch: Channel, nonce: object) -> Message | None:
    """With ``enforce_nonce``, Discord returns the message already created with this nonce by the same
    author in the last few minutes instead of creating another."""
    if nonce is None:
        return None
    since = st.now() - NONCE_WINDOW
    for msg in reversed(st.world.transcripts.get(ch.id, [])):
        if msg.author.id == st.bot_user.id and str(msg.nonce) == str(nonce) and not msg.deleted \
                and snowflake_time(msg.id) >= since:
            return msg
    return None


@route("POST", "/channels/{channel_id}/messages")
async def create_message(st: StandIn, req: Req) -> Result:
    ch = channel_of(st, req)
    if ch.type == DM and any(u.id in st.world.closed_dms for u in ch.recipients if not u.bot):
        raise ApiError(403, 50007, "Cannot send messages to this user")
    if req.json.get("enforce_nonce") and (earlier := _same_nonce(st, ch, req.json.get("nonce"))) is not None:
        return 200, earlier.to_json()
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
    items = [{"pinned_at": m.edited_timestamp or m.to_json()["timestamp"], "message": m.to_json()}
             for m in reversed(pins)]
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


def _reaction_event(st: StandIn, msg: Message, emoji: str, user_id: int) -> Json:
    data: Json = {"user_id": str(user_id), "channel_id": str(msg.channel_id), "message_id": str(msg.id),
                  "emoji": emoji_json(emoji), "burst": False, "type": 0}
    if msg.guild_id is not None:
        data["guild_id"] = str(msg.guild_id)
    return data


async def react(st: StandIn, msg: Message, emoji: str, user_id: int, add: bool) -> None:
    """Add/remove one reaction and tell the bot (MESSAGE_REACTION_ADD/REMOVE)."""
    users = msg.reactions.setdefault(emoji, [])
    if add == (user_id in users):
        return
    users.append(user_id) if add else users.remove(user_id)
    event = "MESSAGE_REACTION_ADD" if add else "MESSAGE_REACTION_REMOVE"
    await st.gateway.dispatch(event, _reaction_event(st, msg, emoji, user_id), guild_id=msg.guild_id)
    st.changed()


@route("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me")
async def add_reaction(st: StandIn, req: Req) -> Result:
    await react(st, message_of(st, req, channel_of(st, req)), req.params["emoji"], st.bot_user.id, True)
    return 204, None


@route("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
       "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user_id}")
async def remove_reaction(st: StandIn, req: Req) -> Result:
    user_id = req.id("user_id") if "user_id" in req.params else st.bot_user.id
    await react(st, message_of(st, req, channel_of(st, req)), req.params["emoji"], user_id, False)
    return 204, None


@route("GET", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}")
async def list_reactions(st: StandIn, req: Req) -> Result:
    msg = message_of(st, req, channel_of(st, req))
    # Paginated by user id, like Discord (`after`, `limit` <= 100).
    after, limit = int(req.query.get("after", 0)), min(int(req.query.get("limit", 25)), 100)
    ids = sorted(u for u in msg.reactions.get(req.params["emoji"], []) if u > after)[:limit]
    return 200, [st.world.users[u].to_json() for u in ids]


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


@route("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
async def add_member_role(st: StandIn, req: Req) -> Result:
    return await _member_role(st, req, add=True)


@route("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
async def remove_member_role(st: StandIn, req: Req) -> Result:
    return await _member_role(st, req, add=False)


async def _member_role(st: StandIn, req: Req, *, add: bool) -> Result:
    guild = guild_of(st, req)
    member = guild.members.get(req.id("user_id"))
    role = guild.roles.get(req.id("role_id"))
    if member is None:
        raise not_found("Member", 10007)
    if role is None:
        raise not_found("Role", 10011)
    if add and role not in member.roles:
        member.roles.append(role)
    elif not add and role in member.roles:
        member.roles.remove(role)
    await st.gateway.dispatch("GUILD_MEMBER_UPDATE", member.to_json() | {"guild_id": str(guild.id)},
                              guild_id=guild.id)
    st.changed()
    return 204, None


@route("GET", "/guilds/{guild_id}/roles")
async def list_roles(st: StandIn, req: Req) -> Result:
    return 200, [r.to_json() for r in guild_of(st, req).roles.values()]


__all__ = ["ROUTES", "ApiError", "Req", "route"]
