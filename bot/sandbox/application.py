"""REST handlers of the application: identity, gateway discovery and application commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .limits import check_commands
from .messages import ApiError, not_found
from .routes import Req, Result, route

if TYPE_CHECKING:
    from .server import StandIn

Json = dict[str, Any]


# -- identity / gateway -------------------------------------------------------------------------------
@route("GET", "/users/@me")
async def get_me(st: StandIn, req: Req) -> Result:
    return 200, st.bot_user.to_json() | {"verified": True, "mfa_enabled": False, "flags": 0, "locale": "en-US"}


@route("GET", "/users/{user_id}")
async def get_user(st: StandIn, req: Req) -> Result:
    return 200, req.find(st.world.users, "user_id", "User", 10013).to_json()


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
