"""What one member sees of the stand-in's server, as the JSON the web client renders.

Only what Discord would show that member: channels they can view (private threads only once added), their
own direct messages with the bot, and ephemeral answers only to the member whose interaction caused them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..access import visible_to
from ..objects import DM, GUILD_VOICE, PERM_ADMINISTRATOR, Channel, Member, Message
from ..state import Guild

if TYPE_CHECKING:
    from ..server import StandIn

Json = dict[str, Any]
HISTORY = 100  # messages of the open channel sent to the page, newest last (Discord loads about 50 at a time)


@dataclass
class Viewer:
    """Who the page acts as, how their Discord client is set up (time zone, language), and where they look."""

    member: Member
    zone: str
    locale: str
    channel_id: int | None = None


def top_color(member: Member) -> int:
    roles = sorted((r for r in member.roles if r.color), key=lambda r: r.position, reverse=True)
    return roles[0].color if roles else 0


def member_json(member: Member, zone: str | None, voice: int | None) -> Json:
    return {"id": str(member.id), "name": member.name, "username": member.user.username, "bot": member.user.bot,
            "roles": [str(r.id) for r in member.roles], "color": top_color(member), "zone": zone,
            "voice": str(voice) if voice else None}


def visible_channels(st: StandIn, guild: Guild, member: Member) -> list[Channel]:
    """Text and voice channels and threads the member can view, then their direct messages with the bot."""
    chans = sorted((c for c in guild.channels.values() if visible_to(member, c)), key=lambda c: (c.position, c.id))
    dm = st.world.dm_channel(st.bot_user, member.user)
    return [*chans, dm]


def channel_json(st: StandIn, ch: Channel) -> Json:
    name = ch.name if ch.type != DM else (st.bot_user.global_name or st.bot_user.username)
    return {"id": str(ch.id), "name": name, "type": ch.type, "topic": ch.topic,
            "parent_id": str(ch.parent_id) if ch.parent_id else None,
            "last_message_id": str(ch.last_message_id) if ch.last_message_id else None}


def shown_to(msg: Message, member: Member) -> bool:
    if msg.deleted:
        return False
    return not msg.ephemeral or (msg.interaction_user is not None and msg.interaction_user.id == member.id)


def command_used(st: StandIn, msg: Message) -> str | None:
    """"/poll create" for an answer to that slash command, as Discord shows above the answer."""
    rec = st.interactions.get(msg.interaction_id or 0)
    if rec is None or rec.type != 2:
        return None
    data = rec.payload.get("data") or {}
    words = [str(data.get("name", ""))]
    opts = data.get("options") or []
    while opts and opts[0].get("type") in (1, 2):
        words.append(str(opts[0]["name"]))
        opts = opts[0].get("options") or []
    return ("/" if data.get("type", 1) == 1 else "") + " ".join(words)


def message_json(st: StandIn, guild: Guild | None, msg: Message) -> Json:
    data = msg.to_json()
    base = st.base_url
    for att in data["attachments"]:
        att["url"] = att["proxy_url"] = str(att["url"]).removeprefix(base)
    author = guild.members.get(msg.author.id) if guild is not None else None
    data["author_name"] = author.name if author else (msg.author.global_name or msg.author.username)
    data["author_color"] = top_color(author) if author else 0
    data["ephemeral"] = msg.ephemeral
    data["loading"] = msg.loading
    data["used"] = command_used(st, msg)
    return data


def commands_key(st: StandIn, guild: Guild) -> str:
    return ",".join(str(c.get("version", c.get("id"))) for c in st.commands(guild))


def visible_commands(st: StandIn, guild: Guild, member: Member) -> list[Json]:
    """The commands this member's command picker lists: Discord hides those whose default permissions they lack."""
    perms = member.permissions
    out = []
    for cmd in st.commands(guild):
        needed = cmd.get("default_member_permissions")
        if needed is not None and not perms & PERM_ADMINISTRATOR and int(needed) & perms != int(needed):
            continue
        out.append(cmd)
    return out


def build_view(st: StandIn, guild: Guild, viewer: Viewer, zones: dict[int, str], now: datetime,
               next_due: datetime | None) -> Json:
    me = viewer.member
    channels = visible_channels(st, guild, me)
    ids = {c.id for c in channels}
    current = viewer.channel_id if viewer.channel_id in ids else next(
        (c.id for c in channels if c.type == 0), channels[0].id)
    msgs = [m for m in st.world.transcripts.get(current, []) if shown_to(m, me)]
    pinned = [m for m in msgs if m.pinned]
    shown = msgs[-HISTORY:]
    voice = {uid: vs.channel.id for uid, vs in guild.voice_states.items()}
    current_channel = st.world.channels[current]
    return {
        "guild": {"id": str(guild.id), "name": guild.name},
        "now": now.isoformat(), "next_due": next_due.isoformat() if next_due else None,
        "me": {"id": str(me.id), "zone": viewer.zone, "locale": viewer.locale,
               "admin": bool(me.permissions & PERM_ADMINISTRATOR)},
        "members": [member_json(m, zones.get(m.id), voice.get(m.id)) for m in guild.members.values()],
        "roles": [{"id": str(r.id), "name": r.name, "color": r.color, "position": r.position,
                   "managed": r.managed} for r in guild.roles.values()],
        "channels": [channel_json(st, c) for c in channels],
        "voice_channels": [str(c.id) for c in channels if c.type == GUILD_VOICE],
        "channel": str(current),
        "messages": [message_json(st, guild if current_channel.type != DM else None, m) for m in shown],
        "older": len(msgs) - len(shown),
        "pinned": [message_json(st, guild, m) for m in pinned],
        "events": [e.to_json() for e in guild.scheduled_events.values()],
        "commands_key": commands_key(st, guild),
    }
