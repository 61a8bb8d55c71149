"""Voice channels through REST: permission overwrites (PUT/DELETE /channels/{id}/permissions/{overwrite_id}) and
moving a member out of voice (PATCH /guilds/{id}/members/{id} with ``channel_id``), with Discord's permission
rules: Manage Roles to edit overwrites, only bits the bot holds itself, Move Members to disconnect someone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .access import MEMBER_TARGET, ROLE_TARGET, permissions_in
from .limits import FormErrors
from .messages import ApiError, not_found
from .objects import PERM_ADMINISTRATOR, PERM_MANAGE_ROLES, PERM_MOVE_MEMBERS, Channel, Member, Overwrite
from .routes import Req, Result, channel_of, guild_of, route
from .state import Guild

if TYPE_CHECKING:
    from .server import StandIn

Json = dict[str, Any]


def _missing_permissions() -> ApiError:
    return ApiError(403, 50013, "Missing Permissions")


def _bot(st: StandIn, guild: Guild) -> Member:
    bot = guild.members.get(st.bot_user.id)
    if bot is None:
        raise _missing_permissions()
    return bot


def _bits(err: FormErrors, key: str, value: Any) -> int:
    """Discord takes permission sets as integers or as strings of digits."""
    if value is None:
        return 0
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.isdecimal():
        return int(value)
    err.add([key], "NUMBER_TYPE_COERCE", f"Value \"{str(value)[:20]}\" is not int.")
    return 0


def _guild_channel(st: StandIn, req: Req) -> tuple[Channel, Guild]:
    """The channel of the path and its guild; permission overwrites exist only on a guild's own channels."""
    channel = channel_of(st, req)
    if channel.guild_id is None or channel.is_thread:
        raise ApiError(400, 50024, "Cannot execute action on this channel type")
    return channel, st.world.guilds[channel.guild_id]


async def _announce(st: StandIn, channel: Channel) -> None:
    await st.gateway.dispatch("CHANNEL_UPDATE", channel.to_json(), guild_id=channel.guild_id)
    st.changed()


@route("PUT", "/channels/{channel_id}/permissions/{overwrite_id}")
async def put_overwrite(st: StandIn, req: Req) -> Result:
    channel, guild = _guild_channel(st, req)
    target = req.id("overwrite_id")
    err = FormErrors()
    kind = req.json.get("type")
    if kind not in (ROLE_TARGET, MEMBER_TARGET):
        err.add(["type"], "BASE_TYPE_CHOICES", "Value must be one of {0, 1}.")
        kind = ROLE_TARGET
    allow, deny = _bits(err, "allow", req.json.get("allow")), _bits(err, "deny", req.json.get("deny"))
    if err:
        raise ApiError.form(err)
    if (kind == ROLE_TARGET and target not in guild.roles) or (kind == MEMBER_TARGET and target not in guild.members):
        raise not_found("Role" if kind == ROLE_TARGET else "Member", 10011 if kind == ROLE_TARGET else 10007)
    bot = _bot(st, guild)
    # Discord: Manage Roles in the channel, and only permissions the bot has in the server can be allowed or denied
    # (whatever the channel's own overwrites do to the bot there).
    if not permissions_in(bot, channel) & PERM_MANAGE_ROLES or (allow | deny) & ~bot.permissions:
        raise _missing_permissions()
    channel.overwrites = [o for o in channel.overwrites if (o.type, o.id) != (kind, target)]
    channel.overwrites.append(Overwrite(target, kind, allow, deny))
    await _announce(st, channel)
    return 204, None


@route("DELETE", "/channels/{channel_id}/permissions/{overwrite_id}")
async def delete_overwrite(st: StandIn, req: Req) -> Result:
    channel, guild = _guild_channel(st, req)
    if not permissions_in(_bot(st, guild), channel) & PERM_MANAGE_ROLES:
        raise _missing_permissions()
    target = req.id("overwrite_id")
    kept = [o for o in channel.overwrites if o.id != target]
    if len(kept) != len(channel.overwrites):
        channel.overwrites = kept
        await _announce(st, channel)
    return 204, None


@route("PATCH", "/guilds/{guild_id}/members/{user_id}")
async def edit_member(st: StandIn, req: Req) -> Result:
    """Only ``channel_id`` is modelled: null disconnects the member from voice, a voice channel's id moves them."""
    guild = guild_of(st, req)
    member = req.find(guild.members, "user_id", "Member", 10007)
    if "channel_id" in req.json:
        state = guild.voice_states.get(member.id)
        if state is None:
            raise ApiError(400, 40032, "Target user is not connected to voice.")
        bot = _bot(st, guild)
        if not (bot.permissions & PERM_ADMINISTRATOR or permissions_in(bot, state.channel) & PERM_MOVE_MEMBERS):
            raise _missing_permissions()
        wanted = req.json["channel_id"]
        if wanted is None:
            del guild.voice_states[member.id]
            data = state.to_json(guild_id=guild.id) | {"channel_id": None}
        else:
            try:
                state.channel = guild.channel(int(wanted))
            except (KeyError, ValueError):
                raise not_found("Channel", 10003) from None
            data = state.to_json(guild_id=guild.id)
        await st.gateway.dispatch("VOICE_STATE_UPDATE", data, guild_id=guild.id)
        st.changed()
    return 200, member.to_json()
