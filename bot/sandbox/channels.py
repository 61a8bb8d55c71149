"""REST handlers of channels: messages, pins, reactions and direct messages."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from .messages import ApiError, build_message, edit_message, not_found
from .objects import DM, Channel, Message, emoji_json
from .routes import Req, Result, channel_of, guild_of, message_of, route
from .snowflakes import snowflake_time

if TYPE_CHECKING:
    from .server import StandIn

Json = dict[str, Any]


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
