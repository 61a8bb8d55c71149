"""In-memory Discord state of the stand-in: the world of users, channels and messages, and its guilds."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from .objects import (
    BASIC,
    DM,
    GUILD_STAGE_VOICE,
    GUILD_TEXT,
    GUILD_VOICE,
    Attachment,
    Channel,
    Member,
    Message,
    Role,
    ScheduledEvent,
    User,
    VoiceState,
)
from .snowflakes import Snowflakes, wall_clock

Json = dict[str, Any]
Named = TypeVar("Named", Role, Channel)


class Guild:
    """A seeded guild; the builder methods return the created objects."""

    def __init__(self, world: World, id: int, name: str) -> None:
        self.world = world
        self.id = id
        self.name = name
        self.owner_id: int | None = None
        self.roles: dict[int, Role] = {}
        self.channels: dict[int, Channel] = {}
        self.members: dict[int, Member] = {}
        self.voice_states: dict[int, VoiceState] = {}
        self.scheduled_events: dict[int, ScheduledEvent] = {}
        self.preferred_locale = "en-US"  # a server's language as Discord knows it (Server Settings > Overview)
        self.everyone = self._role(id, "@everyone", BASIC, position=0)

    def _role(self, id: int, name: str, permissions: int, position: int, **kw: Any) -> Role:
        role = Role(id=id, name=name, permissions=permissions, position=position, **kw)
        self.roles[id] = role
        return role

    # -- builder -----------------------------------------------------------------
    def add_role(self, name: str, permissions: int = 0, *, color: int = 0, managed: bool = False) -> Role:
        return self._role(self.world.ids.next(), name, permissions, len(self.roles), color=color,
                          managed=managed, mentionable=True)

    def add_text_channel(self, name: str, topic: str | None = None) -> Channel:
        ch = Channel(id=self.world.ids.next(), name=name, type=GUILD_TEXT, guild_id=self.id,
                     position=len(self.channels), topic=topic)
        self.channels[ch.id] = ch
        self.world.channels[ch.id] = ch
        return ch

    def add_voice_channel(self, name: str, *, stage: bool = False) -> Channel:
        ch = Channel(id=self.world.ids.next(), name=name, type=GUILD_STAGE_VOICE if stage else GUILD_VOICE,
                     guild_id=self.id, position=len(self.channels))
        self.channels[ch.id] = ch
        self.world.channels[ch.id] = ch
        return ch

    def add_member(self, name: str, roles: Iterable[Role | str] = (), *, username: str | None = None,
                   nick: str | None = None, bot: bool = False, user: User | None = None) -> Member:
        """Add a member; `name` is the global display name, `username` defaults to a slug of it."""
        if user is None:
            slug = username or "".join(ch for ch in name.lower().replace(" ", "_") if ch.isalnum() or ch in "._")
            user = User(id=self.world.ids.next(), username=slug[:32] or "user", global_name=name, bot=bot)
        self.world.users[user.id] = user
        member = Member(user=user, guild=self, roles=[self.role(r) for r in roles], nick=nick)
        self.members[user.id] = member
        if self.owner_id is None and not user.bot:
            self.owner_id = user.id
        return member

    # -- lookups -----------------------------------------------------------------
    def role(self, ref: Role | str | int) -> Role:
        return ref if isinstance(ref, Role) else self._named(self.roles, ref, "role")

    def channel(self, ref: Channel | str | int) -> Channel:
        return ref if isinstance(ref, Channel) else self._named(self.channels, ref, "channel")

    def _named(self, items: dict[int, Named], ref: str | int, kind: str) -> Named:
        """The item whose id (as a number or a string) or name is ``ref``."""
        for item in items.values():
            if item.id == ref or item.name == ref or str(item.id) == str(ref):
                return item
        raise KeyError(f"no {kind} {ref!r} in guild {self.name!r}")

    def member(self, ref: Member | User | str | int) -> Member:
        if isinstance(ref, Member):
            return ref
        if isinstance(ref, User):
            return self.members[ref.id]
        for m in self.members.values():
            if ref in (m.id, str(m.id), m.user.username, m.user.global_name, m.nick):
                return m
        raise KeyError(f"no member {ref!r} in guild {self.name!r}")

    def to_json(self, *, full_members: bool = True) -> Json:
        bot_ids = {u.id for u in self.world.users.values() if u.bot}
        in_voice = set(self.voice_states)
        members = [m for m in self.members.values() if full_members or m.id in bot_ids or m.id in in_voice]
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None, "splash": None, "discovery_splash": None, "banner": None, "description": None,
            "owner_id": str(self.owner_id) if self.owner_id else None,
            "afk_channel_id": None, "afk_timeout": 300, "verification_level": 0,
            "default_message_notifications": 1, "explicit_content_filter": 0,
            "features": [], "mfa_level": 0, "application_id": None, "system_channel_id": None,
            "system_channel_flags": 0, "rules_channel_id": None, "vanity_url_code": None,
            "premium_tier": 0, "premium_subscription_count": 0, "preferred_locale": self.preferred_locale,
            "public_updates_channel_id": None, "nsfw_level": 0, "premium_progress_bar_enabled": False,
            "roles": [r.to_json() for r in self.roles.values()],
            "emojis": [], "stickers": [],
            "joined_at": self.world.now().isoformat(), "large": False, "unavailable": False,
            "member_count": len(self.members),
            "members": [m.to_json() for m in members],
            "channels": [c.to_json() for c in self.channels.values() if not c.is_thread],
            "threads": [c.to_json() for c in self.channels.values() if c.is_thread],
            "presences": [], "stage_instances": [], "soundboard_sounds": [],
            "voice_states": [v.to_json() for v in self.voice_states.values()],
            "guild_scheduled_events": [e.to_json() for e in self.scheduled_events.values()],
        }


class World:
    """All state: users, guilds, channels (guild and DM), messages."""

    def __init__(self, now: Callable[[], datetime] = wall_clock) -> None:
        # The wall clock, or the sandbox clock of the demo and the end-to-end tests.
        self.now = now
        self.ids = Snowflakes(lambda: self.now())
        self.users: dict[int, User] = {}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.transcripts: dict[int, list[Message]] = {}
        self.uploads: dict[int, Attachment] = {}
        # Users who do not accept direct messages from the bot (privacy settings, or the bot is blocked):
        # Discord answers 403 / 50007 "Cannot send messages to this user".
        self.closed_dms: set[int] = set()

    def add_guild(self, name: str, shard: tuple[int, int] | None = None) -> Guild:
        """A new guild; `shard=(i, n)` picks an id that shard i of n receives."""
        gid = self.ids.next()
        while shard is not None and (gid >> 22) % shard[1] != shard[0]:
            gid = self.ids.next()
        guild = Guild(self, gid, name)
        self.guilds[guild.id] = guild
        return guild

    def dm_channel(self, a: User, b: User) -> Channel:
        for ch in self.channels.values():
            if ch.type == DM and {u.id for u in ch.recipients} == {a.id, b.id}:
                return ch
        ch = Channel(id=self.ids.next(), name="", type=DM, recipients=[a, b])
        self.channels[ch.id] = ch
        return ch

    def store_message(self, msg: Message) -> Message:
        self.messages[msg.id] = msg
        self.transcripts.setdefault(msg.channel_id, []).append(msg)
        channel = self.channels.get(msg.channel_id)
        if channel is not None and not msg.ephemeral:
            channel.last_message_id = msg.id
        return msg
