"""The Discord objects of the stand-in (users, roles, channels, members, messages, events) and the numbers
that describe them; every object renders itself as the JSON Discord would send (`to_json`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .snowflakes import iso, snowflake_iso

if TYPE_CHECKING:
    from .state import Guild

Json = dict[str, Any]

# Permission bits used by the default roles (topics-permissions.mdx).
PERM_ADMINISTRATOR = 1 << 3
PERM_VIEW_CHANNEL = 1 << 10
PERM_SEND_MESSAGES = 1 << 11
PERM_EMBED_LINKS = 1 << 14
PERM_ATTACH_FILES = 1 << 15
PERM_READ_HISTORY = 1 << 16
PERM_MENTION_EVERYONE = 1 << 17
PERM_CONNECT = 1 << 20
PERM_SPEAK = 1 << 21
PERM_MOVE_MEMBERS = 1 << 24
PERM_MANAGE_ROLES = 1 << 28
PERM_REQUEST_TO_SPEAK = 1 << 32
PERM_MANAGE_MESSAGES = 1 << 13
PERM_MANAGE_GUILD = 1 << 5
PERM_MANAGE_EVENTS = 1 << 33
PERM_CREATE_EVENTS = 1 << 44
PERM_USE_APP_COMMANDS = 1 << 31
PERM_SEND_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 51) - 1
BASIC = PERM_VIEW_CHANNEL | PERM_SEND_MESSAGES | PERM_READ_HISTORY | PERM_CONNECT | PERM_SPEAK
BASIC |= PERM_USE_APP_COMMANDS | PERM_EMBED_LINKS | PERM_ATTACH_FILES | PERM_SEND_IN_THREADS

# Channel types.
GUILD_TEXT, DM, GUILD_VOICE, GUILD_STAGE_VOICE = 0, 1, 2, 13
VOICE_TYPES = (GUILD_VOICE, GUILD_STAGE_VOICE)
PUBLIC_THREAD, PRIVATE_THREAD = 11, 12
THREAD_TYPES = (PUBLIC_THREAD, PRIVATE_THREAD)

# Message flags.
FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7
FLAG_COMPONENTS_V2 = 1 << 15


@dataclass
class User:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False

    def to_json(self) -> Json:
        data: Json = {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": None,
            "public_flags": 0,
            "flags": 0,
            "primary_guild": None,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass
class Role:
    id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    managed: bool = False
    mentionable: bool = False

    def to_json(self) -> Json:
        return {
            "id": str(self.id),
            "name": self.name,
            "color": self.color,
            "colors": {"primary_color": self.color, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": self.mentionable,
            "flags": 0,
        }


@dataclass
class Overwrite:
    """A channel permission overwrite for a role (type 0; the guild's id is @everyone) or a member (type 1)."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0

    def to_json(self) -> Json:
        return {"id": str(self.id), "type": self.type, "allow": str(self.allow), "deny": str(self.deny)}


@dataclass
class Channel:
    id: int
    name: str
    type: int = GUILD_TEXT
    guild_id: int | None = None
    position: int = 0
    topic: str | None = None
    recipients: list[User] = field(default_factory=list)
    last_message_id: int | None = None
    # Threads only: the channel they hang off, who started them, who was added (private threads), invitable.
    parent_id: int | None = None
    owner_id: int | None = None
    thread_members: list[int] = field(default_factory=list)
    invitable: bool = True
    created_at: str = ""
    overwrites: list[Overwrite] = field(default_factory=list)  # see access.py

    @property
    def is_thread(self) -> bool:
        return self.type in THREAD_TYPES

    def to_json(self) -> Json:
        data: Json = {"id": str(self.id), "type": self.type, "flags": 0,
                      "last_message_id": str(self.last_message_id) if self.last_message_id else None}
        if self.type == DM:
            data["recipients"] = [u.to_json() for u in self.recipients]
            return data
        if self.is_thread:
            data.update(guild_id=str(self.guild_id), name=self.name, parent_id=str(self.parent_id),
                        owner_id=str(self.owner_id), rate_limit_per_user=0, message_count=0,
                        member_count=len(self.thread_members), total_message_sent=0,
                        thread_metadata={"archived": False, "auto_archive_duration": 10080,
                                         "archive_timestamp": self.created_at, "locked": False,
                                         "invitable": self.invitable, "create_timestamp": self.created_at})
            return data
        data.update(guild_id=str(self.guild_id), name=self.name, position=self.position,
                    permission_overwrites=[o.to_json() for o in self.overwrites], nsfw=False, parent_id=None,
                    rate_limit_per_user=0)
        if self.type in VOICE_TYPES:
            data.update(bitrate=64000, user_limit=0, rtc_region=None)
        else:
            data["topic"] = self.topic
        return data


@dataclass
class Member:
    user: User
    guild: Guild
    roles: list[Role] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso)

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def name(self) -> str:
        return self.nick or self.user.global_name or self.user.username

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    @property
    def permissions(self) -> int:
        perms = self.guild.everyone.permissions
        for role in self.roles:
            perms |= role.permissions
        return ALL_PERMISSIONS if perms & PERM_ADMINISTRATOR or self.guild.owner_id == self.id else perms

    def to_json(self, *, with_user: bool = True) -> Json:
        data: Json = {
            "roles": [str(r.id) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.to_json()
        return data


@dataclass
class VoiceState:
    member: Member
    channel: Channel
    session_id: str

    def to_json(self, *, guild_id: int | None = None) -> Json:
        data: Json = {
            "channel_id": str(self.channel.id),
            "user_id": str(self.member.id),
            "session_id": self.session_id,
            "deaf": False, "mute": False, "self_deaf": False, "self_mute": False,
            "self_video": False, "suppress": False, "request_to_speak_timestamp": None,
            "member": self.member.to_json(),
        }
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        return data


@dataclass
class Attachment:
    id: int
    filename: str
    data: bytes
    content_type: str | None = None
    description: str | None = None
    url: str = ""

    @property
    def size(self) -> int:
        return len(self.data)

    def to_json(self) -> Json:
        out: Json = {"id": str(self.id), "filename": self.filename, "size": self.size,
                     "url": self.url, "proxy_url": self.url}
        if self.content_type:
            out["content_type"] = self.content_type
        if self.description:
            out["description"] = self.description
        return out


@dataclass
class Message:
    """A recorded message; `history` keeps every previous version (as JSON)."""

    id: int
    channel_id: int
    guild_id: int | None
    author: User
    content: str = ""
    embeds: list[Json] = field(default_factory=list)
    components: list[Json] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    allowed_mentions: Json | None = None
    flags: int = 0
    type: int = 0
    pinned: bool = False
    deleted: bool = False
    timestamp: str = ""  # empty: the time in the id, as Discord's own messages have it
    edited_timestamp: str | None = None
    webhook_id: int | None = None
    application_id: int | None = None
    interaction_id: int | None = None
    interaction_user: User | None = None
    message_reference: Json | None = None
    mentions: list[User] = field(default_factory=list)
    mention_roles: list[int] = field(default_factory=list)
    mention_everyone: bool = False
    history: list[Json] = field(default_factory=list)
    # Wall-clock instants (time.monotonic) of each edit: Discord's rate limits count real seconds even when
    # the sandbox clock stands still.
    edit_wall_times: list[float] = field(default_factory=list)
    nonce: str | int | None = None
    reactions: dict[str, list[int]] = field(default_factory=dict)  # emoji -> user ids, in order

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & FLAG_EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & FLAG_LOADING)

    @property
    def edits(self) -> int:
        return len(self.history)

    def buttons(self) -> list[Json]:
        """Every button (type 2) in the message, rows and v2 containers included."""
        return [c for c in walk_components(self.components) if c.get("type") == 2]

    def to_json(self) -> Json:
        data: Json = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "author": self.author.to_json(),
            "content": self.content,
            "timestamp": self.timestamp or snowflake_iso(self.id),
            "edited_timestamp": self.edited_timestamp,
            "tts": False,
            "mention_everyone": self.mention_everyone,
            "mentions": [u.to_json() for u in self.mentions],
            "mention_roles": [str(r) for r in self.mention_roles],
            "attachments": [a.to_json() for a in self.attachments],
            "embeds": self.embeds,
            "components": self.components,
            "pinned": self.pinned,
            "type": self.type,
            "flags": self.flags,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
        if self.application_id is not None:
            data["application_id"] = str(self.application_id)
        if self.interaction_id is not None and self.interaction_user is not None:
            data["interaction_metadata"] = {
                "id": str(self.interaction_id), "type": 2,
                "user": self.interaction_user.to_json(), "authorizing_integration_owners": {},
            }
        if self.message_reference is not None:
            data["message_reference"] = self.message_reference
        if self.nonce is not None:
            data["nonce"] = self.nonce
        if self.reactions:
            data["reactions"] = [
                {"emoji": emoji_json(e), "count": len(u), "count_details": {"burst": 0, "normal": len(u)},
                 "me": self.author.bot and self.author.id in u, "me_burst": False, "burst_colors": []}
                for e, u in self.reactions.items() if u]
        return data


@dataclass
class ScheduledEvent:
    id: int
    guild_id: int
    creator: User
    data: Json

    def to_json(self) -> Json:
        out: Json = {"id": str(self.id), "guild_id": str(self.guild_id), "creator_id": str(self.creator.id),
               "creator": self.creator.to_json(), "entity_id": None, "user_count": 0,
               "image": None, "recurrence_rule": None, "status": 1, "privacy_level": 2,
               "description": None, "scheduled_end_time": None, "entity_metadata": None,
               "channel_id": None, "guild_scheduled_event_exceptions": []}
        out.update(self.data)
        return out


def emoji_json(emoji: str) -> Json:
    """`name:id` (custom) or a unicode emoji, as the reaction routes spell them."""
    name, _, eid = emoji.partition(":")
    return {"id": eid or None, "name": name}


def walk_components(components: Iterable[Json]) -> Iterable[Json]:
    """Depth-first walk over rows, sections, containers, labels and their children."""
    for comp in components:
        yield comp
        for key in ("components", "items"):
            children = comp.get(key)
            if isinstance(children, list):
                yield from walk_components(children)
        for key in ("accessory", "component"):
            child = comp.get(key)
            if isinstance(child, dict):
                yield from walk_components([child])
