"""Threads: starting one without a message, and adding or removing its members (private threads)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .limits import FormErrors
from .messages import ApiError, not_found
from .objects import GUILD_TEXT, PRIVATE_THREAD, THREAD_TYPES, Channel
from .routes import Req, Result, channel_of, route
from .snowflakes import iso

if TYPE_CHECKING:
    from .server import StandIn


def thread_of(st: StandIn, req: Req) -> Channel:
    channel = channel_of(st, req)
    if not channel.is_thread:
        raise ApiError(400, 50024, "Cannot execute action on this channel type")
    return channel


@route("POST", "/channels/{channel_id}/threads")
async def start_thread(st: StandIn, req: Req) -> Result:
    parent = channel_of(st, req)
    if parent.type != GUILD_TEXT or parent.guild_id is None:
        raise ApiError(400, 50024, "Cannot execute action on this channel type")
    body = req.json
    err = FormErrors()
    name = body.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 100:
        err.add(["name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
    kind = body.get("type", PRIVATE_THREAD)
    if kind not in THREAD_TYPES:
        err.add(["type"], "BASE_TYPE_CHOICES", "Value must be one of {11, 12}.")
    if err:
        raise ApiError.form(err)
    guild = st.world.guilds[parent.guild_id]
    thread = Channel(id=st.world.ids.next(), name=str(name), type=kind, guild_id=guild.id, parent_id=parent.id,
                     owner_id=st.bot_user.id, thread_members=[st.bot_user.id],
                     invitable=bool(body.get("invitable", True)), created_at=iso(st.now().timestamp()))
    guild.channels[thread.id] = thread
    st.world.channels[thread.id] = thread
    await st.gateway.dispatch("THREAD_CREATE", thread.to_json() | {"newly_created": True}, guild_id=guild.id)
    st.changed()
    return 201, thread.to_json()


@route("PUT", "/channels/{channel_id}/thread-members/{user_id}")
async def add_thread_member(st: StandIn, req: Req) -> Result:
    thread = thread_of(st, req)
    user_id = req.id("user_id")
    if user_id not in st.world.guilds[thread.guild_id or 0].members:
        raise not_found("Member", 10007)
    if user_id not in thread.thread_members:
        thread.thread_members.append(user_id)
        st.changed()
    return 204, None


@route("DELETE", "/channels/{channel_id}/thread-members/{user_id}")
async def remove_thread_member(st: StandIn, req: Req) -> Result:
    thread = thread_of(st, req)
    user_id = req.id("user_id")
    if user_id in thread.thread_members:
        thread.thread_members.remove(user_id)
        st.changed()
    return 204, None


@route("GET", "/channels/{channel_id}/thread-members")
async def list_thread_members(st: StandIn, req: Req) -> Result:
    thread = thread_of(st, req)
    return 200, [{"id": str(thread.id), "user_id": str(u), "join_timestamp": thread.created_at, "flags": 0}
                 for u in thread.thread_members]
