"""Channel permission overwrites: computed as Discord does, carried in interactions and seen by discord.py."""

from __future__ import annotations

import discord
from discord.ext import commands

from bot.sandbox import Sandbox
from bot.sandbox.access import overwrite, permissions_in
from bot.sandbox.state import PERM_MENTION_EVERYONE, PERM_SEND_MESSAGES, PERM_VIEW_CHANNEL


async def test_overwrites_follow_discords_order(sandbox: Sandbox) -> None:
    guild, st = sandbox.guild, sandbox.standin
    announcements = guild.channel("announcements")
    alice, lynn = guild.member("Alice"), guild.member("Lynn St.Amour")
    secretariat = guild.member("Sam Okafor")
    everyone, member_role = guild.everyone, guild.role("Member")
    assert permissions_in(alice, announcements) & PERM_SEND_MESSAGES
    await overwrite(st, announcements, everyone, deny=PERM_SEND_MESSAGES)
    assert not permissions_in(alice, announcements) & PERM_SEND_MESSAGES
    assert permissions_in(alice, announcements) & PERM_VIEW_CHANNEL
    assert not permissions_in(alice, announcements) & PERM_MENTION_EVERYONE  # implied by no Send Messages
    await overwrite(st, announcements, member_role, allow=PERM_SEND_MESSAGES)  # a role allow beats @everyone
    assert permissions_in(alice, announcements) & PERM_SEND_MESSAGES
    await overwrite(st, announcements, alice, deny=PERM_SEND_MESSAGES)  # a member overwrite beats roles
    assert not permissions_in(alice, announcements) & PERM_SEND_MESSAGES
    assert permissions_in(lynn, announcements) == permissions_in(lynn, guild.channel("general"))  # owner, admin
    await overwrite(st, announcements, everyone, deny=PERM_VIEW_CHANNEL)
    assert permissions_in(secretariat, announcements) == 0 and not announcements.visible_to(secretariat)
    await overwrite(st, announcements, everyone)  # cleared
    assert [o.id for o in announcements.overwrites] == [member_role.id, alice.id]


async def test_interactions_and_the_client_cache_carry_the_overwrites(sandbox: Sandbox, bot: commands.Bot) -> None:
    st, guild = sandbox.standin, sandbox.guild
    announcements = guild.channel("announcements")
    await overwrite(st, announcements, guild.everyone, deny=PERM_SEND_MESSAGES)
    alice = sandbox.member("Alice")
    here = await alice.slash("ping", channel="announcements")
    elsewhere = await alice.slash("ping")
    assert not discord.Permissions(int(here.interaction.payload["member"]["permissions"])).send_messages
    assert discord.Permissions(int(elsewhere.interaction.payload["member"]["permissions"])).send_messages
    cached = bot.get_channel(announcements.id)
    member = bot.get_guild(guild.id).get_member(alice.id)  # type: ignore[union-attr]
    assert isinstance(cached, discord.TextChannel) and member is not None
    await st.wait_until(lambda: cached.overwrites, 5.0, "CHANNEL_UPDATE to reach the client")
    assert not cached.permissions_for(member).send_messages and cached.permissions_for(member).view_channel


async def test_a_command_in_a_direct_message_has_no_guild(sandbox: Sandbox, bot: commands.Bot) -> None:
    reply = await sandbox.member("Alice").slash("ping", dm=True)
    payload = reply.interaction.payload
    assert reply.content == "pong" and "guild_id" not in payload and "member" not in payload
    assert payload["user"]["id"] == str(sandbox.member("Alice").id) and payload["context"] == 1
