"""Gateway: handshake, guild state, resume, reconnect, invalid sessions, shards, replicas, intents."""

from __future__ import annotations

import discord
import yarl
from discord.ext import commands

import bot.endpoint as endpoint
from bot.sandbox import Sandbox, StandIn
from bot.sandbox.gateway import GUILD_MEMBERS, MESSAGE_CONTENT
from tests.sandbox.conftest import build_bot, intents


async def _no_identify_delay(shard_id: int | None, *, initial: bool = False) -> None:
    """discord.py waits 5 s before re-identifying; tests do not need Discord's politeness."""


def test_redirect_is_idempotent_and_reversible() -> None:
    endpoint.redirect_discord("http://127.0.0.1:1/api/v10/", "ws://127.0.0.1:1/gateway")
    endpoint.redirect_discord("http://127.0.0.1:1/api/v10/", "ws://127.0.0.1:1/gateway")
    assert discord.http.Route("GET", "/x").url == "http://127.0.0.1:1/api/v10/x"
    assert yarl.URL("ws://127.0.0.1:1/gateway") == discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    endpoint.redirect_discord(None, None)
    assert discord.http.Route.BASE == "https://discord.com/api/v10"
    assert yarl.URL("wss://gateway.discord.gg/") == discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY


async def test_handshake_fills_the_cache(sandbox: Sandbox, bot: commands.Bot) -> None:
    st = sandbox.standin
    assert bot.user is not None and bot.user.id == st.bot_user.id
    assert bot.application_id == st.application_id
    [identify] = st.gateway.identifies
    assert identify["intents"] & GUILD_MEMBERS and identify["intents"] & MESSAGE_CONTENT
    [session] = st.gateway.sessions.values()
    assert session.compressor is not None  # discord.py asked for zlib-stream and got it
    guild = bot.get_guild(sandbox.guild.id)
    assert guild is not None and guild.name == "Working Group" and guild.chunked
    assert [c.name for c in guild.text_channels] == ["general", "announcements", "minutes"]
    assert [c.name for c in guild.voice_channels] == ["Meeting room"]
    assert {"Chair", "Secretariat", "Member", "Observer"} <= {r.name for r in guild.roles}
    assert guild.default_role.id == guild.id
    lynn = guild.get_member(sandbox.member("Lynn St.Amour").id)
    assert lynn is not None and [r.name for r in lynn.roles[1:]] == ["Chair"]
    assert lynn.guild_permissions.administrator
    assert guild.me is not None and guild.me.guild_permissions.manage_events
    assert guild.member_count == len(sandbox.guild.members)


async def test_resume_after_forced_close_loses_nothing(sandbox: Sandbox, bot: commands.Bot) -> None:
    st = sandbox.standin
    alice = sandbox.member("Alice")
    assert await st.faults.drop_gateway(4000) == 1
    # Sent while the bot is disconnected: buffered, replayed on RESUME.
    await alice.set_roles(["Member", "Secretariat"])
    reply = await alice.slash("ping")
    assert reply.content == "pong"
    assert len(st.gateway.identifies) == 1 and len(st.gateway.resumes) == 1  # resumed, not re-identified
    member = bot.get_guild(sandbox.guild.id).get_member(alice.id)  # type: ignore[union-attr]
    assert member is not None and "Secretariat" in [r.name for r in member.roles]


async def test_op7_reconnect_resumes(sandbox: Sandbox, bot: commands.Bot) -> None:
    st = sandbox.standin
    assert await st.faults.send_reconnect() == 1
    reply = await sandbox.member("Bob").slash("ping")
    assert reply.content == "pong"
    await st.gateway.wait_connected(2)
    assert len(st.gateway.identifies) == 1 and len(st.gateway.sessions) == 1


async def test_invalid_session_makes_the_client_identify_again(sandbox: Sandbox) -> None:
    client = build_bot()
    client.before_identify_hook = _no_identify_delay  # type: ignore[method-assign]
    async with sandbox.run(client):
        await client.tree.sync()
        st = sandbox.standin
        await st.faults.invalidate_session(resumable=False)
        await st.wait_until(lambda: len(st.gateway.identifies) == 2 and st.gateway.sessions, 5, "re-identify")
        assert (await sandbox.member("Alice").slash("ping")).content == "pong"


async def test_shards_get_their_own_guilds() -> None:
    async with StandIn() as st:
        a = st.add_default_guild()
        b = st.add_guild("Other group", shard=(1 - (a.id >> 22) % 2, 2))
        b.add_text_channel("general")
        sb = Sandbox(standin=st, members=[("Alice", ["Member"])])
        clients = [build_bot(shard_id=i, shard_count=2) for i in range(2)]
        async with sb.run(clients[0]), sb.run(clients[1]):
            await clients[0].tree.sync()
            seen = [{g.id for g in c.guilds} for c in clients]
            assert sorted(map(len, seen)) == [1, 1]
            shard_of_b = (b.id >> 22) % 2
            assert seen[shard_of_b] == {b.id} and seen[1 - shard_of_b] == {a.id}
            assert sorted(tuple(i["shard"]) for i in st.gateway.identifies) == [(0, 2), (1, 2)]
            carol = b.add_member("Carol", [])
            from bot.sandbox import SimMember

            reply = await SimMember(st, carol, b.channel("general")).slash("ping")
            assert reply.content == "pong"
            [session] = [s for s in st.gateway.sessions.values() if s.shard == (shard_of_b, 2)]
            assert any(f'"id":"{reply.interaction.id}"' in text for _, text in session.buffer)


async def test_two_replicas_split_interactions(sandbox: Sandbox) -> None:
    first, second = build_bot(), build_bot()
    async with sandbox.run(first), sandbox.run(second):
        await first.tree.sync()
        replies = [await sandbox.member("Alice").slash("ping") for _ in range(4)]
        assert all(r.content == "pong" for r in replies)
        st = sandbox.standin
        assert len(st.callbacks) == 4 and st.stats.errors == 0  # nobody acknowledged twice
        receivers = [sum(1 for _, t in s.buffer if "INTERACTION_CREATE" in t) for s in st.gateway.sessions.values()]
        assert sorted(receivers) == [2, 2]


async def test_intents_shape_what_the_bot_receives(sandbox: Sandbox) -> None:
    client = build_bot(intents=intents(message_content=False))
    got: list[str] = []

    @client.event
    async def on_message(message: discord.Message) -> None:
        got.append(message.content)

    async with sandbox.run(client):
        await sandbox.member("Alice").say("general", "hello there")
        await sandbox.member("Alice").say("general", f"hi {client.user.mention}")  # type: ignore[union-attr]
        await sandbox.standin.wait_until(lambda: len(got) == 2, 2)
    assert got == ["", f"hi <@{sandbox.standin.bot_user.id}>"]  # mentions keep their content


async def test_without_members_intent_only_bot_and_voice_members_arrive(sandbox: Sandbox) -> None:
    i = discord.Intents.default()
    await sandbox.member("Bob").join_voice("Meeting room")
    client = discord.Client(intents=i, guild_ready_timeout=0.05)
    async with sandbox.run(client):
        guild = client.get_guild(sandbox.guild.id)
        assert guild is not None
        assert {m.display_name for m in guild.members} == {"Convener", "Bob"}
        assert guild.member_count == len(sandbox.guild.members)
