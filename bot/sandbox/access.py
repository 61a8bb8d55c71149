"""Channel permission overwrites, a member's permissions in a channel as Discord computes them, and the
INTERACTION_CREATE payload that carries them (guild channels and direct messages)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .objects import (
    ALL_PERMISSIONS,
    DM,
    PERM_ADMINISTRATOR,
    PERM_ATTACH_FILES,
    PERM_EMBED_LINKS,
    PERM_MENTION_EVERYONE,
    PERM_SEND_IN_THREADS,
    PERM_SEND_MESSAGES,
    PERM_VIEW_CHANNEL,
    PRIVATE_THREAD,
    Channel,
    Member,
    Message,
    Overwrite,
    Role,
)

if TYPE_CHECKING:
    from .server import StandIn
    from .webhooks import InteractionRecord

Json = dict[str, Any]
ROLE_TARGET, MEMBER_TARGET = 0, 1
# Without Send Messages these are implicitly denied too (topics-permissions.mdx, "Implicit Permissions").
_NEEDS_SEND = PERM_MENTION_EVERYONE | PERM_EMBED_LINKS | PERM_ATTACH_FILES


def visible_to(member: Member, channel: Channel) -> bool:
    """Private threads show only to members added to them and to those who can manage threads; other channels
    to those with View Channel there."""
    if channel.type == PRIVATE_THREAD and member.id not in channel.thread_members \
            and not member.permissions & PERM_ADMINISTRATOR:
        return False
    return channel.type == DM or bool(permissions_in(member, channel) & PERM_VIEW_CHANNEL)


def permissions_in(member: Member, channel: Channel) -> int:
    """Base permissions, then the @everyone, role and member overwrites of the channel (of a thread's parent)."""
    guild = member.guild
    base = member.permissions
    if base & PERM_ADMINISTRATOR or guild.owner_id == member.id:
        return ALL_PERMISSIONS
    source = guild.channels.get(channel.parent_id or 0, channel) if channel.is_thread else channel
    overwrites = {(o.type, o.id): o for o in source.overwrites}
    perms = base
    everyone = overwrites.get((ROLE_TARGET, guild.id))
    if everyone is not None:
        perms = (perms & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role in member.roles:
        found = overwrites.get((ROLE_TARGET, role.id))
        if found is not None:
            allow, deny = allow | found.allow, deny | found.deny
    perms = (perms & ~deny) | allow
    own = overwrites.get((MEMBER_TARGET, member.id))
    if own is not None:
        perms = (perms & ~own.deny) | own.allow
    if not perms & PERM_VIEW_CHANNEL:
        return 0
    sending = PERM_SEND_IN_THREADS if channel.is_thread else PERM_SEND_MESSAGES
    return perms if perms & sending else perms & ~_NEEDS_SEND


async def overwrite(st: StandIn, channel: Channel, target: Role | Member, *, allow: int = 0, deny: int = 0) -> None:
    """Set the channel's overwrite for a role (a guild's id is @everyone) or member; CHANNEL_UPDATE tells the bot."""
    kind = ROLE_TARGET if isinstance(target, Role) else MEMBER_TARGET
    channel.overwrites = [o for o in channel.overwrites if (o.type, o.id) != (kind, target.id)]
    if allow or deny:
        channel.overwrites.append(Overwrite(target.id, kind, allow, deny))
    await st.gateway.dispatch("CHANNEL_UPDATE", channel.to_json(), guild_id=channel.guild_id)
    st.changed()


def interaction_payload(st: StandIn, member: Member, rec: InteractionRecord, data: Json, channel: Channel,
                        message: Message | None, locale: str) -> Json:
    """What Discord sends: in a guild the member with their permissions in this channel; in a DM only the user."""
    payload: Json = {
        "id": str(rec.id), "application_id": str(st.application_id), "type": rec.type, "data": data,
        "token": rec.token, "version": 1, "locale": locale, "channel_id": str(channel.id),
        "entitlements": [], "attachment_size_limit": 10 * 1024 * 1024,
    }
    if channel.type == DM:
        payload |= {"channel": channel.to_json(), "user": member.user.to_json(), "context": 1,
                    "app_permissions": str(ALL_PERMISSIONS & ~PERM_ADMINISTRATOR),
                    "authorizing_integration_owners": {"0": "0"}}
    else:
        guild = member.guild
        bot = guild.members.get(st.bot_user.id)
        perms = str(permissions_in(member, channel))
        payload |= {
            "guild_id": str(guild.id), "guild": {"id": str(guild.id), "locale": guild.preferred_locale, "features": []},
            "guild_locale": guild.preferred_locale, "channel": channel.to_json() | {"permissions": perms},
            "member": member.to_json() | {"permissions": perms},
            "app_permissions": str(permissions_in(bot, channel) if bot else 0),
            "authorizing_integration_owners": {"0": str(guild.id)}, "context": 0,
        }
    if message is not None:
        payload["message"] = message.to_json()
    return payload


async def role_changed(st: StandIn, role: Role, guild_id: int, *, created: bool = False) -> None:
    """Tell the bot about a role added or edited in the state (GUILD_ROLE_CREATE / GUILD_ROLE_UPDATE)."""
    event = "GUILD_ROLE_CREATE" if created else "GUILD_ROLE_UPDATE"
    await st.gateway.dispatch(event, {"guild_id": str(guild_id), "role": role.to_json()}, guild_id=guild_id)
    st.changed()
