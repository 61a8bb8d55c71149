"""Every interaction shape round-trips through the real discord.py client."""

from __future__ import annotations

import asyncio

import discord
import pytest
from discord.ext import commands

from bot.sandbox import InteractionTimeout, Sandbox, SandboxError, StandIn
from tests.sandbox.conftest import build_bot


async def test_tree_sync_is_a_bulk_overwrite(sandbox: Sandbox, bot: commands.Bot) -> None:
    st = sandbox.standin
    assert st.stats.by_route["PUT /applications/{application_id}/commands"] == 1
    names = {c["name"] for c in st.commands()}
    assert {"ping", "vote", "agenda", "slow", "report", "poll", "Add to minutes", "Who is this"} <= names
    poll = next(c for c in st.commands() if c["name"] == "poll")
    assert sorted(o["type"] for o in poll["options"]) == [1, 1, 2]  # create, results, admin group
    fetched = await bot.tree.fetch_commands()
    assert {c.name for c in fetched} == names


async def test_ping_round_trip(sandbox: Sandbox, bot: commands.Bot) -> None:
    reply = await sandbox.member("Alice").slash("ping")
    assert reply.type == 4 and reply.content == "pong" and not reply.ephemeral
    assert reply.channel_id == sandbox.general.id
    assert sandbox.standin.messages("general")[-1].content == "pong"
    assert reply.latency < 1.0


async def test_subcommand_options_and_resolved(sandbox: Sandbox, bot: commands.Bot) -> None:
    alice, lynn = sandbox.member("Alice"), sandbox.member("Lynn St.Amour")
    reply = await alice.slash("poll create", title="Next meeting", slots=3, chair=lynn,
                              room="Meeting room", role="Chair", public=False)
    assert reply.content == "poll 'Next meeting' with 3 slots chair=Lynn St.Amour room=Meeting room " \
                            "role=Chair public=False"
    data = reply.interaction.payload["data"]
    sub = data["options"][0]
    assert sub["type"] == 1 and sub["name"] == "create"
    assert {o["name"]: o["type"] for o in sub["options"]} == {
        "title": 3, "slots": 4, "chair": 6, "room": 7, "role": 8, "public": 5}
    assert str(lynn.id) in data["resolved"]["members"]


async def test_attachment_option_is_downloadable(sandbox: Sandbox, bot: commands.Bot) -> None:
    reply = await sandbox.member("Bob").slash("poll admin import", file=("slots.csv", b"a\nb\nc\n"))
    assert reply.content == "imported slots.csv: 3 lines"


async def test_harness_rejects_what_a_user_cannot_do(sandbox: Sandbox, bot: commands.Bot) -> None:
    alice = sandbox.member("Alice")
    with pytest.raises(SandboxError, match="unknown command"):
        await alice.slash("nope")
    with pytest.raises(SandboxError, match="no option"):
        await alice.slash("ping", loud=True)
    with pytest.raises(SandboxError, match="requires options"):
        await alice.slash("poll create", title="x")
    with pytest.raises(SandboxError, match="outside"):
        await alice.slash("poll create", title="x", slots=99)
    with pytest.raises(SandboxError, match="needs a subcommand"):
        await alice.slash("poll")


async def test_buttons_update_message_and_ephemeral_chain(sandbox: Sandbox, bot: commands.Bot) -> None:
    alice, bob = sandbox.member("Alice"), sandbox.member("Bob")
    poll = await alice.slash("vote")
    first = await bob.click(poll, "Vote")
    assert first.type == 7 and first.message_id == poll.message_id
    assert poll.message is not None
    await alice.click(poll.message, "vote")  # by custom_id, on the recorded Message
    assert poll.content == "votes: 2" and poll.message is not None and poll.message.edits == 2
    private = await bob.click(poll, "Private")
    assert private.type == 4 and private.ephemeral and private.content == "only you"
    assert private.message not in sandbox.standin.messages("general")
    confirmed = await bob.click(private, "Confirm", wait_update=True)
    assert confirmed.type == 6
    assert private.content == "confirmed" and private.components == []


async def test_select(sandbox: Sandbox, bot: commands.Bot) -> None:
    poll = await sandbox.member("Alice").slash("vote")
    reply = await sandbox.member("Bob").select(poll, "Pick a slot", ["s1", "s3"])
    assert reply.content == "picked s1,s3" and reply.ephemeral
    with pytest.raises(SandboxError, match="not options"):
        await sandbox.member("Bob").select(poll, "slot", ["s9"])


async def test_modal_round_trip(sandbox: Sandbox, bot: commands.Bot) -> None:
    alice = sandbox.member("Alice")
    opened = await alice.slash("agenda")
    assert opened.type == 9 and opened.modal is not None and opened.modal.title == "Add agenda item"
    with pytest.raises(SandboxError, match="required"):
        await alice.submit_modal(opened, {"Owner": "Lynn"})
    submitted = await alice.submit_modal(opened, {"Item": "AOB", "owner": "Lynn"})
    assert submitted.content == "added AOB (Lynn)"


async def test_autocomplete(sandbox: Sandbox, bot: commands.Bot) -> None:
    choices = await sandbox.member("Bob").autocomplete("poll results", "poll", "Dec")
    assert choices == [{"name": "December", "value": "december"}]
    reply = await sandbox.member("Bob").slash("poll results", poll="december")
    assert reply.ephemeral and reply.content == "results for december"


async def test_deferred_then_followups(sandbox: Sandbox, bot: commands.Bot) -> None:
    reply = await sandbox.member("Alice").slash("slow")
    assert reply.type == 5
    # The first follow-up replaces the "thinking..." message, as on Discord.
    assert reply.content == "done after thinking" and not reply.message.loading  # type: ignore[union-attr]
    second = await reply.wait_followup(1)
    assert second.content == "second follow-up"
    hidden = await sandbox.member("Alice").slash("slow", ephemeral=True)
    assert hidden.ephemeral and hidden.content == "done after thinking"
    await hidden.wait_followup(1)
    assert hidden.followups[0].ephemeral is False  # follow-ups choose their own flags


async def test_file_response_records_bytes(sandbox: Sandbox, bot: commands.Bot) -> None:
    reply = await sandbox.member("Sam Okafor").slash("report")
    [att] = reply.attachments
    assert att.filename == "attendance.csv" and att.data == b"name,present\nLynn,yes\n"


async def test_message_and_user_commands(sandbox: Sandbox, bot: commands.Bot) -> None:
    lynn, alice = sandbox.member("Lynn St.Amour"), sandbox.member("Alice")
    said = await lynn.say("general", "Action: circulate the draft")
    reply = await alice.message_command("Add to minutes", said)
    assert reply.content == "added: Action: circulate the draft"
    who = await alice.user_command("Who is this", lynn)
    assert who.content == "that is Lynn St.Amour"


async def test_voice_presence_reaches_the_cache(sandbox: Sandbox, bot: commands.Bot) -> None:
    alice = sandbox.member("Alice")
    await alice.join_voice("Meeting room")
    guild = bot.get_guild(sandbox.guild.id)
    assert guild is not None
    await sandbox.standin.wait_until(lambda: "voice Alice Meeting room" in bot.seen, 2)  # type: ignore[attr-defined]
    room = discord.utils.get(guild.voice_channels, name="Meeting room")
    assert room is not None and [m.display_name for m in room.members] == ["Alice"]
    await alice.leave_voice()
    await sandbox.standin.wait_until(lambda: "voice Alice None" in bot.seen, 2)  # type: ignore[attr-defined]


async def test_late_acknowledgement_fails_like_discord() -> None:
    async with Sandbox(ack_deadline=0.1) as sb:
        client = build_bot()

        @client.tree.command()
        async def sleepy(interaction: discord.Interaction) -> None:
            """Too slow."""
            await asyncio.sleep(0.3)
            try:
                await interaction.response.send_message("too late")
            except discord.NotFound as exc:
                client.seen.append(f"error {exc.code}")  # type: ignore[attr-defined]

        async with sb.run(client):
            await client.tree.sync()
            with pytest.raises(InteractionTimeout, match="deadline"):
                await sb.member("Alice").slash("sleepy", timeout=2)
            await sb.standin.wait_until(lambda: "error 10062" in client.seen, 2)  # type: ignore[attr-defined]


async def test_interactions_before_connect_are_refused() -> None:
    async with StandIn() as st:
        st.add_default_guild()
        st.global_commands.append({"id": "1", "type": 1, "name": "ping", "description": "x", "options": []})
        sb_member = Sandbox(standin=st, members=[("Alice", ["Member"])]).member("Alice")
        with pytest.raises(SandboxError, match="connected"):
            await sb_member.slash("ping")
