"""Setting up abuse: a read-only and a hidden channel, a chair without administrator rights, a member without any
role, and the checks that nothing convener did for them pinged anyone or spoke where they could not."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from typing import Any

import discord

from bot.domain.permissions import Role as ConvenerRole
from bot.sandbox import Channel, Message, Role, SimMember
from bot.sandbox.access import overwrite, permissions_in, role_changed
from bot.sandbox.objects import PERM_SEND_MESSAGES, PERM_VIEW_CHANNEL
from storage.models import Base
from tests.e2e.conftest import Convener

READ_ONLY = "announcements"  # everyone reads, only chairs (and the bot) write
HIDDEN = "chairs-room"  # only chairs (and the bot) see it
TRICKS = "@everyone @here <@&{role}> <@{user}> **Agenda** ||x|| [link](https://evil.example)"


@dataclass
class Stage:
    read_only: Channel
    hidden: Channel
    vice_chair: SimMember  # a chair through /setup roles, without administrator rights
    roleless: SimMember


def bot_role(env: Convener) -> Role:
    return env.guild.member(env.standin.bot_user.id).roles[0]


async def restrict(env: Convener) -> Stage:
    """#announcements becomes read-only and #chairs-room hidden for everyone but chairs and the bot; a vice chair
    (chair by mapping, no administrator rights) and a member with no role at all join."""
    guild, st = env.guild, env.standin
    vice = guild.add_role("Vice chair")
    await role_changed(st, vice, guild.id, created=True)
    vice_chair = await env.sandbox.join("Vic Chair", roles=["Vice chair"])
    roleless = await env.sandbox.join("Rolf Roleless", roles=[])
    await env.bot.services.settings.map_role(guild.id, ConvenerRole.CHAIR, [vice.id, guild.role("Chair").id])
    read_only, hidden = env.channel(READ_ONLY), guild.add_text_channel(HIDDEN)
    await st.gateway.dispatch("CHANNEL_CREATE", hidden.to_json(), guild_id=guild.id)
    await overwrite(st, read_only, guild.everyone, deny=PERM_SEND_MESSAGES)
    await overwrite(st, hidden, guild.everyone, deny=PERM_VIEW_CHANNEL)
    for channel in (read_only, hidden):
        await overwrite(st, channel, bot_role(env), allow=PERM_VIEW_CHANNEL | PERM_SEND_MESSAGES)
    await overwrite(st, hidden, guild.role("Chair"), allow=PERM_VIEW_CHANNEL | PERM_SEND_MESSAGES)
    await until_the_bot_knows(env, read_only, hidden)
    return Stage(read_only, hidden, vice_chair, roleless)


async def until_the_bot_knows(env: Convener, *channels: Channel) -> None:
    """Until the bot's cache holds the channels with their overwrites (CHANNEL_CREATE/UPDATE are asynchronous)."""
    def known() -> bool:
        for channel in channels:
            cached = env.bot.get_channel(channel.id)
            if not isinstance(cached, discord.TextChannel) or len(cached.overwrites) != len(channel.overwrites):
                return False
        return True

    await env.standin.wait_until(known, 5.0, "the bot to see the channel permissions")


def stored_rows(env: Convener) -> dict[str, list[tuple[Any, ...]]]:
    """The guild's rows in every table (as ``security_support.rows_of``), read straight from the SQLite file:
    one connection and no thread hop per table, so hundreds of snapshots stay cheap."""
    path = env.config.database.url.split("///", 1)[1]
    tables = [t.name for t in Base.metadata.sorted_tables if "guild_id" in t.c]
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return {name: sorted(db.execute(f'SELECT * FROM "{name}" WHERE guild_id = ?', (env.guild.id,)).fetchall(),
                             key=repr) for name in tables}


def can_post(member: SimMember, channel: Channel) -> bool:
    return bool(permissions_in(member.member, channel) & PERM_SEND_MESSAGES)


def tricks(env: Convener) -> str:
    return TRICKS.format(role=env.guild.role("Member").id, user=env.chair.id)


@dataclass
class Trace:
    """What the bot had posted and edited in the guild before an action, to find what the action did."""

    seen: dict[int, int]  # message id -> number of edits

    @staticmethod
    def of(env: Convener) -> Trace:
        return Trace({m.id: m.edits for m in bot_messages(env)})

    def since(self, env: Convener) -> list[Message]:
        """Messages posted or edited since."""
        return [m for m in bot_messages(env) if self.seen.get(m.id, -1) != m.edits]

    def new_since(self, env: Convener) -> list[Message]:
        """Messages posted since (an edit is not a post: clicking a button may update a message anywhere)."""
        return [m for m in bot_messages(env) if m.id not in self.seen]


def bot_messages(env: Convener) -> list[Message]:
    bot_id = env.standin.bot_user.id
    return [m for ch in env.guild.channels.values()
            for m in env.standin.messages(ch, include_ephemeral=True) if m.author.id == bot_id]


def pings(message: Message) -> list[str]:
    """Who Discord would notify for this message (a non-empty list is a ping)."""
    found = ["@everyone"] if message.mention_everyone else []
    found += [f"role {r}" for r in message.mention_roles]
    return found + [f"user {u.id}" for u in message.mentions]


def public_posts_where_they_cannot_post(env: Convener, member: SimMember, messages: list[Message]) -> list[str]:
    out = []
    for message in messages:
        channel = env.standin.world.channels[message.channel_id]
        if not message.ephemeral and not message.deleted and not can_post(member, channel):
            out.append(f"#{channel.name}: {message.content[:80]!r}")
    return out


def describe(command: str, options: dict[str, Any]) -> str:
    return f"/{command} " + " ".join(f"{k}:{str(v)[:40]!r}" for k, v in options.items())
