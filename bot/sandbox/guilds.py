"""REST handlers of guilds: the guild itself, its members and their roles, its roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .messages import not_found
from .routes import Req, Result, guild_of, route

if TYPE_CHECKING:
    from .server import StandIn

Json = dict[str, Any]


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
    return 200, req.find(guild_of(st, req).members, "user_id", "Member", 10007).to_json()


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
