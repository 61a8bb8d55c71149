"""REST: rate limits, size limits, attachments, pins, DMs, scheduled events, faults, schema checks."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import discord
import pytest
from discord.ext import commands

from bot.sandbox import RateLimitConfig, Sandbox, schema
from tests.sandbox.conftest import build_bot

AUTH = {"Authorization": "Bot sandbox-token"}


def _channel(bot: commands.Bot, sandbox: Sandbox, name: str = "general") -> discord.TextChannel:
    channel = bot.get_channel(sandbox.channel(name).id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_rate_limit_headers_and_429(sandbox: Sandbox) -> None:
    st = sandbox.standin
    url = f"{st.api_base}/channels/{sandbox.general.id}/messages"
    async with aiohttp.ClientSession() as http:
        answers = []
        for i in range(6):
            async with http.post(url, json={"content": f"m{i}"}, headers=AUTH) as r:
                answers.append((r.status, dict(r.headers), await r.json()))
    assert [a[0] for a in answers] == [200] * 5 + [429]
    ok_headers = answers[0][1]
    assert ok_headers["X-RateLimit-Limit"] == "5" and ok_headers["X-RateLimit-Remaining"] == "4"
    assert float(ok_headers["X-RateLimit-Reset-After"]) > 0 and ok_headers["X-RateLimit-Bucket"]
    _, headers, body = answers[-1]
    assert headers["Via"] and headers["Content-Type"] == "application/json" and headers["Retry-After"]
    assert body["message"] and body["retry_after"] > 0 and body["global"] is False
    assert st.stats.rate_limited == 1


async def test_enforced_nonce_answers_a_repeat_with_the_first_message(sandbox: Sandbox) -> None:
    st = sandbox.standin
    url = f"{st.api_base}/channels/{sandbox.general.id}/messages"
    async with aiohttp.ClientSession() as http:
        ids = []
        for body in ({"content": "part 1", "nonce": "m1.1", "enforce_nonce": True},
                     {"content": "part 1", "nonce": "m1.1", "enforce_nonce": True},
                     {"content": "part 1", "nonce": "m1.1"}):
            async with http.post(url, json=body, headers=AUTH) as r:
                assert r.status == 200
                ids.append((await r.json())["id"])
    assert ids[0] == ids[1] != ids[2], "a repeat with enforce_nonce is the same message; without it, a new one"
    assert [m.content for m in st.messages("general")] == ["part 1", "part 1"]


async def test_discord_py_waits_out_limits_and_retries_429() -> None:
    limits = RateLimitConfig(message_create=(2, 0.2), message_edit=(2, 0.2))
    async with Sandbox(rate_limits=limits) as sb:
        client = build_bot()
        async with sb.run(client):
            st = sb.standin
            st.faults.inject("POST /channels/{channel_id}/messages", status=429, count=1, retry_after=0.05)
            channel = _channel(client, sb)
            sent = [await channel.send(f"tally {i}") for i in range(5)]
            for i in range(4):
                await sent[0].edit(content=f"tally edit {i}")
            assert [m.content for m in st.messages("general")] == ["tally edit 3", *(f"tally {i}" for i in range(1, 5))]
            assert st.stats.rate_limited >= 1
            assert st.messages("general")[0].edits == 4


async def test_rate_limits_can_be_disabled() -> None:
    async with Sandbox(rate_limits=RateLimitConfig(enabled=False)) as sb, aiohttp.ClientSession() as http:
        for i in range(20):
            async with http.post(f"{sb.standin.api_base}/channels/{sb.general.id}/messages",
                                 json={"content": str(i)}, headers=AUTH) as r:
                assert r.status == 200 and "X-RateLimit-Remaining" not in r.headers


async def test_size_limits_answer_50035(sandbox: Sandbox, bot: commands.Bot) -> None:
    channel = _channel(bot, sandbox)
    with pytest.raises(discord.HTTPException) as info:
        await channel.send("x" * 2001)
    assert info.value.status == 400 and info.value.code == 50035
    assert "content" in info.value.text and "2000" in info.value.text
    big = discord.Embed(title="t", description="d" * 4096)
    for i in range(25):
        big.add_field(name=f"f{i}", value="v" * 100)
    with pytest.raises(discord.HTTPException, match="6000"):
        await channel.send(embed=big)
    view = discord.ui.View()
    for i in range(6):
        view.add_item(discord.ui.Button(label="b", custom_id=f"b{i}", row=0 if i < 5 else 1))
    view.add_item(discord.ui.Button(label="x" * 81, custom_id="long", row=2))
    with pytest.raises(discord.HTTPException) as info:
        await channel.send("rows", view=view)
    assert "label" in info.value.text
    with pytest.raises(discord.HTTPException) as info:
        await channel.send("")
    assert info.value.code == 50006
    assert sandbox.standin.messages("general") == []
    sandbox.standin.schema_violations.clear()  # the spec agrees those bodies were wrong


async def test_multipart_attachments_and_edits(sandbox: Sandbox, bot: commands.Bot) -> None:
    channel = _channel(bot, sandbox, "minutes")
    files = [discord.File(io.BytesIO(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), filename="meeting.ics"),
             discord.File(io.BytesIO(b"\x89PNG\r\n\x1a\n"), filename="tally.png")]
    msg = await channel.send("minutes attached", files=files)
    [recorded] = sandbox.standin.messages("minutes")
    assert [(a.filename, a.data) for a in recorded.attachments] == [
        ("meeting.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), ("tally.png", b"\x89PNG\r\n\x1a\n")]
    assert await msg.attachments[0].read() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    edited = await msg.edit(content="minutes v2", attachments=[msg.attachments[1]])
    assert [a.filename for a in edited.attachments] == ["tally.png"]
    assert recorded.history[0]["content"] == "minutes attached" and recorded.content == "minutes v2"
    fetched = await channel.fetch_message(msg.id)
    assert fetched.content == "minutes v2"
    await msg.delete()
    assert sandbox.standin.messages("minutes") == [] and recorded.deleted


async def test_pins_dms_history_members_roles(sandbox: Sandbox, bot: commands.Bot) -> None:
    st = sandbox.standin
    channel = _channel(bot, sandbox, "announcements")
    agenda = await channel.send("Agenda: 1 - Intro", allowed_mentions=discord.AllowedMentions.none())
    await agenda.pin()
    assert [m.id async for m in channel.pins()] == [agenda.id]
    await agenda.unpin()
    assert st.pins == [("pin", channel.id, agenda.id), ("unpin", channel.id, agenda.id)]
    assert [m.content async for m in channel.history(limit=10)] == ["Agenda: 1 - Intro"]
    alice = sandbox.member("Alice")
    user = await bot.fetch_user(alice.id)
    await user.send("Your reminder")
    assert [m.content for m in st.dms(alice.member.user)] == ["Your reminder"]
    guild = bot.get_guild(sandbox.guild.id)
    assert guild is not None
    fetched = [m async for m in guild.fetch_members(limit=None)]
    assert len(fetched) == len(sandbox.guild.members)
    assert (await guild.fetch_member(alice.id)).display_name == "Alice"
    assert {r.name for r in await guild.fetch_roles()} >= {"Chair", "Observer"}


async def test_allowed_mentions_are_recorded_and_honoured(sandbox: Sandbox, bot: commands.Bot) -> None:
    channel = _channel(bot, sandbox)
    alice = sandbox.member("Alice")
    await channel.send(f"@everyone {alice.mention}", allowed_mentions=discord.AllowedMentions.none())
    [msg] = sandbox.standin.messages("general")
    assert msg.allowed_mentions == {"parse": []} and not msg.mention_everyone and msg.mentions == []


async def test_scheduled_events_crud_and_validation(sandbox: Sandbox, bot: commands.Bot) -> None:
    guild = bot.get_guild(sandbox.guild.id)
    assert guild is not None
    room = guild.get_channel(sandbox.channel("Meeting room").id)
    assert isinstance(room, discord.VoiceChannel)
    start = datetime.now(UTC) + timedelta(days=7)
    event = await guild.create_scheduled_event(name="MAG meeting", start_time=start, channel=room,
                                               entity_type=discord.EntityType.voice, description="Agenda inside",
                                               privacy_level=discord.PrivacyLevel.guild_only)
    external = await guild.create_scheduled_event(name="Open consultation", start_time=start,
                                                  end_time=start + timedelta(hours=1), location="Geneva",
                                                  entity_type=discord.EntityType.external,
                                                  privacy_level=discord.PrivacyLevel.guild_only)
    assert {e.name for e in await guild.fetch_scheduled_events()} == {"MAG meeting", "Open consultation"}
    edited = await event.edit(name="MAG meeting (moved)", start_time=start + timedelta(hours=2))
    assert edited.name == "MAG meeting (moved)"
    await external.delete()
    assert [kind for kind, _ in sandbox.standin.event_log] == ["create", "create", "update", "delete"]
    with pytest.raises(discord.HTTPException) as info:
        await guild.create_scheduled_event(name="x" * 101, start_time=start, channel=room,
                                           entity_type=discord.EntityType.voice,
                                           privacy_level=discord.PrivacyLevel.guild_only)
    assert info.value.code == 50035 and "name" in info.value.text
    with pytest.raises(discord.HTTPException, match="past"):
        await guild.create_scheduled_event(name="late", start_time=datetime.now(UTC) - timedelta(hours=1),
                                           channel=room, entity_type=discord.EntityType.voice,
                                           privacy_level=discord.PrivacyLevel.guild_only)
    assert [v for v in sandbox.standin.schema_violations if "too long" not in v[1]] == []
    sandbox.standin.schema_violations.clear()


async def test_raw_event_validation_rules(sandbox: Sandbox) -> None:
    st = sandbox.standin
    start = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    url = f"{st.api_base}/guilds/{sandbox.guild.id}/scheduled-events"
    cases: list[tuple[dict[str, Any], str]] = [
        ({"name": "ext", "entity_type": 3, "privacy_level": 2, "scheduled_start_time": start,
          "entity_metadata": {"location": "Geneva"}}, "scheduled_end_time"),
        ({"name": "ext", "entity_type": 3, "privacy_level": 2, "scheduled_start_time": start,
          "scheduled_end_time": start}, "entity_metadata"),
        ({"name": "voice", "entity_type": 2, "privacy_level": 2, "scheduled_start_time": start}, "channel_id"),
        ({"name": "d", "entity_type": 2, "privacy_level": 2, "scheduled_start_time": start,
          "channel_id": str(sandbox.channel("Meeting room").id), "description": "x" * 1001}, "description"),
    ]
    async with aiohttp.ClientSession() as http:
        for body, field in cases:
            async with http.post(url, json=body, headers=AUTH) as r:
                data = await r.json()
                assert r.status == 400 and data["code"] == 50035 and field in data["errors"], (body, data)
        async with http.get(f"{url}/123", headers=AUTH) as r:
            assert r.status == 404 and (await r.json())["code"] == 10070
    st.schema_violations.clear()  # the bodies above were wrong on purpose


async def test_unknown_routes_are_recorded(sandbox: Sandbox) -> None:
    st = sandbox.standin
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{st.api_base}/guilds/{sandbox.guild.id}/no-such-thing", headers=AUTH) as r:
            assert r.status == 404 and await r.json() == {"message": "404: Not Found", "code": 0}
        async with http.get(f"{st.base_url}/api/v9/users/@me") as r:
            assert r.status == 404
    assert st.unknown_routes == [("GET", f"/guilds/{sandbox.guild.id}/no-such-thing"), ("GET", "/api/v9/users/@me")]
    with pytest.raises(AssertionError, match="unknown route"):
        st.assert_clean()
    st.unknown_routes.clear()


async def test_injected_faults(sandbox: Sandbox, bot: commands.Bot) -> None:
    st = sandbox.standin
    channel = _channel(bot, sandbox)
    st.faults.inject("/channels/*/messages", method="POST", status=503)
    with pytest.raises(discord.DiscordServerError):
        await channel.send("during an outage")
    st.faults.inject("POST /channels/{channel_id}/messages", status=None, delay=0.2)
    loop = asyncio.get_running_loop()
    began = loop.time()
    await channel.send("slow but fine")
    assert loop.time() - began >= 0.2
    st.faults.inject("POST /channels/{channel_id}/messages", status=429, count=3, retry_after=0.01)
    await channel.send("after a storm")
    assert st.stats.rate_limited == 3
    assert [m.content for m in st.messages("general")] == ["slow but fine", "after a storm"]


async def test_schema_validation_catches_bad_bodies(sandbox: Sandbox) -> None:
    st = sandbox.standin
    url = f"{st.api_base}/channels/{sandbox.general.id}/messages"
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json={"content": "fine", "embeds": [{"title": "ok"}]}, headers=AUTH) as r:
            assert r.status == 200
        assert st.schema_violations == []
        async with http.post(url, json={"content": "typo", "embeds": [{"title": 5}]}, headers=AUTH) as r:
            assert r.status == 200  # recorded, not rejected: the spec is the referee, not the gate
    [(where, problem)] = [v for v in st.schema_violations if v[0].startswith("request")]
    assert where == f"request POST /channels/{sandbox.general.id}/messages"
    assert problem.startswith("embeds/0/title") and "string" in problem
    st.schema_violations.clear()


def test_stand_in_answers_match_the_spec() -> None:
    api = schema.load()
    assert api is not None
    from bot.sandbox import StandIn

    st = StandIn()
    guild = st.add_default_guild()
    alice = guild.add_member("Alice", ["Member"])
    from bot.sandbox.messages import build_message
    from bot.sandbox.objects import ScheduledEvent

    msg = build_message(st.world, "http://x", channel_id=guild.channel("general").id, guild_id=guild.id,
                        author=st.bot_user, payload={"content": f"hi {alice.mention}", "embeds": [{"title": "t"}],
                        "components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "Vote",
                                                                   "custom_id": "v"}]}]}, uploads=[])
    path = f"/channels/{msg.channel_id}/messages"
    assert api.validate_response("POST", path, 200, msg.to_json()) == []
    assert api.validate_response("POST", path, 200, msg.to_json() | {"id": 5}) != []
    start = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    ev = ScheduledEvent(1234, guild.id, st.bot_user, {
        "name": "MAG", "entity_type": 3, "scheduled_start_time": start, "scheduled_end_time": start,
        "entity_metadata": {"location": "Geneva"}, "privacy_level": 2})
    assert api.validate_response("GET", f"/guilds/{guild.id}/scheduled-events/1234", 200, ev.to_json()) == []


async def test_reactions_roles_and_member_queries(sandbox: Sandbox, bot: commands.Bot) -> None:
    st = sandbox.standin
    channel = _channel(bot, sandbox)
    seen: list[str] = []

    async def note(payload: discord.RawReactionActionEvent) -> None:
        seen.append(f"{payload.user_id} {payload.emoji}")

    bot.add_listener(note, "on_raw_reaction_add")
    msg = await channel.send("Quick check: is the time OK?")
    await msg.add_reaction("👍")
    alice = sandbox.member("Alice")
    await alice.react(st.messages("general")[-1], "👍")
    await st.wait_until(lambda: len(seen) == 2, 2)
    assert seen == [f"{st.bot_user.id} 👍", f"{alice.id} 👍"]
    users = [u.id async for u in (await channel.fetch_message(msg.id)).reactions[0].users()]
    assert sorted(users) == sorted([st.bot_user.id, alice.id])
    guild = bot.get_guild(sandbox.guild.id)
    assert guild is not None
    member = guild.get_member(alice.id)
    observer = discord.utils.get(guild.roles, name="Observer")
    assert member is not None and observer is not None
    await member.add_roles(observer)
    await st.wait_until(lambda: observer in member.roles, 2)
    assert [r.name for r in alice.member.roles] == ["Member", "Observer"]
    found = await guild.query_members("ali")
    assert [m.id for m in found] == [alice.id]


async def test_closed_dms_answer_50007_and_nonces_are_enforced(sandbox: Sandbox, bot: commands.Bot) -> None:
    st = sandbox.standin
    alice, bob = sandbox.member("Alice"), sandbox.member("Bob")
    bob.close_dms()
    with pytest.raises(discord.Forbidden) as refused:
        await (await bot.fetch_user(bob.id)).send("Your reminder")
    assert refused.value.code == 50007 and refused.value.status == 403
    assert bob.dms() == []
    bob.close_dms(False)
    await (await bot.fetch_user(bob.id)).send("Your reminder")
    assert [m.content for m in bob.dms()] == ["Your reminder"]

    # The same nonce twice (a retried send): Discord returns the first message instead of posting again.
    user = await bot.fetch_user(alice.id)
    first = await user.send("Last call", nonce="cv42")
    again = await user.send("Last call", nonce="cv42")
    other = await user.send("Last call", nonce="cv43")
    assert again.id == first.id != other.id
    assert [m.content for m in alice.dms()] == ["Last call", "Last call"]
    assert st.messages(st.world.dm_channel(st.bot_user, alice.member.user))[0].nonce == "cv42"
