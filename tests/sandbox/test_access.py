"""Channel permission overwrites: computed as Discord does, carried in interactions and seen by discord.py."""

from __future__ import annotations

import aiohttp
import discord
import pytest
from discord.ext import commands

from bot.sandbox import Sandbox, SandboxError
from bot.sandbox.access import overwrite, permissions_in, visible_to
from bot.sandbox.objects import (
    PERM_ADMINISTRATOR,
    PERM_CONNECT,
    PERM_MANAGE_ROLES,
    PERM_MENTION_EVERYONE,
    PERM_SEND_MESSAGES,
    PERM_SPEAK,
    PERM_VIEW_CHANNEL,
)
from tests.sandbox.conftest import build_bot
from tests.sandbox.test_rest import AUTH


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
    assert permissions_in(secretariat, announcements) == 0 and not visible_to(secretariat, announcements)
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


async def test_the_bot_sets_and_clears_voice_overwrites_through_rest(sandbox: Sandbox, bot: commands.Bot) -> None:
    """PUT/DELETE /channels/{id}/permissions/{overwrite_id} as discord.py sends them; members feel the result."""
    st, guild = sandbox.standin, sandbox.guild
    room = guild.channel("Meeting room")
    observer_role = guild.role("Observer")
    observer = next(sandbox.member(m.name) for m in guild.members.values() if observer_role in m.roles)
    voice = bot.get_channel(room.id)
    assert isinstance(voice, discord.VoiceChannel)
    role = voice.guild.get_role(observer_role.id)
    assert role is not None
    await voice.set_permissions(role, connect=True, speak=False)
    assert [(o.id, o.allow, o.deny) for o in room.overwrites] == [(observer_role.id, PERM_CONNECT, PERM_SPEAK)]
    assert not observer.permissions(room) & PERM_SPEAK and observer.permissions(room) & PERM_CONNECT
    await voice.set_permissions(voice.guild.default_role, connect=False)
    with pytest.raises(SandboxError, match="Connect"):
        await sandbox.member("Alice").join_voice(room)  # a member without an allowing role cannot join
    await observer.join_voice(room)  # the observer role allows Connect
    await voice.set_permissions(role, overwrite=None)
    await voice.set_permissions(voice.guild.default_role, overwrite=None)
    assert room.overwrites == []
    assert [r.route for r in st.requests if "permissions" in r.route] == [
        "/channels/{channel_id}/permissions/{overwrite_id}"] * 4
    st.assert_clean()


async def test_overwrites_need_manage_roles_and_only_bits_the_bot_has(sandbox: Sandbox, bot: commands.Bot) -> None:
    st, guild = sandbox.standin, sandbox.guild
    room = guild.channel("Meeting room")
    url = f"{st.api_base}/channels/{room.id}/permissions/{guild.everyone.id}"
    async with aiohttp.ClientSession() as http:
        async with http.put(url, json={"type": 0, "allow": str(PERM_ADMINISTRATOR)}, headers=AUTH) as r:
            assert (r.status, (await r.json())["code"]) == (403, 50013)  # the bot is no administrator
        bot_role = next(r for r in guild.roles.values() if r.managed)
        bot_role.permissions &= ~PERM_MANAGE_ROLES
        async with http.put(url, json={"type": 0, "deny": PERM_CONNECT}, headers=AUTH) as r:
            assert (r.status, (await r.json())["code"]) == (403, 50013)
        async with http.put(url, json={"type": 7, "deny": "x"}, headers=AUTH) as r:
            assert r.status == 400 and set((await r.json())["errors"]) == {"type", "deny"}
    assert room.overwrites == []
    assert [problem for _, problem in st.schema_violations] == ["deny: 'x' does not match '^[0-9]{1,20}$'"]
    st.schema_violations.clear()  # sent on purpose


async def test_the_bot_disconnects_a_member_from_voice(sandbox: Sandbox, bot: commands.Bot) -> None:
    guild = sandbox.guild
    alice = sandbox.member("Alice")
    await alice.join_voice("Meeting room")
    member = bot.get_guild(guild.id).get_member(alice.id)  # type: ignore[union-attr]
    assert member is not None
    await sandbox.standin.wait_until(lambda: member.voice and member.voice.channel, 5.0, "the join")
    await member.move_to(None)
    assert alice.id not in guild.voice_states
    await sandbox.standin.wait_until(lambda: member.voice is None, 5.0, "the bot to see the disconnect")
    with pytest.raises(discord.HTTPException):
        await member.move_to(None)  # no longer connected


async def test_a_stage_channel_reaches_discord_py_as_one() -> None:
    async with Sandbox() as sb:
        stage = sb.guild.add_voice_channel("Plenary hall", stage=True)
        client = build_bot()
        async with sb.run(client):
            channel = client.get_channel(stage.id)
            assert isinstance(channel, discord.StageChannel) and channel.name == "Plenary hall"
            await sb.member("Alice").join_voice(stage)
            await sb.standin.wait_until(lambda: channel.members, 5.0, "the member on stage")
