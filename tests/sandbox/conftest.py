"""A tiny discord.py bot and fixtures that run it against the stand-in."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.sandbox import Sandbox


def intents(*, message_content: bool = True) -> discord.Intents:
    i = discord.Intents.default()
    i.members = True
    i.message_content = message_content
    return i


class VoteView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.votes = 0

    @discord.ui.button(label="Vote", custom_id="vote", style=discord.ButtonStyle.primary)
    async def vote(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        self.votes += 1
        await interaction.response.edit_message(content=f"votes: {self.votes}", view=self)

    @discord.ui.button(label="Private", custom_id="private")
    async def private(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await interaction.response.send_message("only you", ephemeral=True, view=ConfirmView())

    @discord.ui.select(custom_id="slot", placeholder="Pick a slot", min_values=1, max_values=2,
                       options=[discord.SelectOption(label=f"Slot {i}", value=f"s{i}") for i in range(1, 4)])
    async def slot(self, interaction: discord.Interaction, select: discord.ui.Select[Any]) -> None:
        await interaction.response.send_message(f"picked {','.join(select.values)}", ephemeral=True)


class ConfirmView(discord.ui.View):
    @discord.ui.button(label="Confirm", custom_id="confirm")
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content="confirmed", view=None)


class AgendaModal(discord.ui.Modal, title="Add agenda item"):
    item: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Item", custom_id="item", max_length=100)
    owner: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Owner", custom_id="owner", required=False)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"added {self.item.value} ({self.owner.value or 'nobody'})")


def build_bot(**options: Any) -> commands.Bot:
    """A bare bot with one command per interaction shape the stand-in must handle."""
    bot = commands.Bot(command_prefix="!", intents=options.pop("intents", intents()),
                       guild_ready_timeout=0.05, **options)
    bot.seen = []  # type: ignore[attr-defined]
    _add_plain_commands(bot.tree)
    bot.tree.add_command(_poll_group())
    _add_context_menus(bot.tree)

    @bot.event
    async def on_voice_state_update(member: discord.Member, before: discord.VoiceState,
                                    after: discord.VoiceState) -> None:
        bot.seen.append(f"voice {member.display_name} {after.channel.name if after.channel else None}")  # type: ignore[attr-defined]

    return bot


def _add_plain_commands(tree: app_commands.CommandTree[Any]) -> None:
    """A reply, a message with components, a modal, a deferred answer with follow-ups, a file."""

    @tree.command()
    async def ping(interaction: discord.Interaction) -> None:
        """Answer pong."""
        await interaction.response.send_message("pong")

    @tree.command()
    async def vote(interaction: discord.Interaction) -> None:
        """A message with buttons and a select."""
        await interaction.response.send_message("votes: 0", view=VoteView())

    @tree.command()
    async def agenda(interaction: discord.Interaction) -> None:
        """Open a modal."""
        await interaction.response.send_modal(AgendaModal())

    @tree.command()
    async def slow(interaction: discord.Interaction, ephemeral: bool = False) -> None:
        """Defer, then follow up."""
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        await interaction.followup.send("done after thinking")
        await interaction.followup.send("second follow-up")

    @tree.command()
    async def report(interaction: discord.Interaction) -> None:
        """Send a CSV file."""
        data = io.BytesIO(b"name,present\nLynn,yes\n")
        await interaction.response.send_message("report", file=discord.File(data, filename="attendance.csv"))


def _poll_group() -> app_commands.Group:
    """/poll create (typed options), /poll results (autocomplete), /poll admin import (an attachment)."""

    async def month_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        months = ["November", "December", "January"]
        return [app_commands.Choice(name=m, value=m.lower()) for m in months if current.lower() in m.lower()]

    poll = app_commands.Group(name="poll", description="Polls")
    results = app_commands.Group(name="admin", description="Admin", parent=poll)

    @poll.command(name="create")
    @app_commands.describe(title="Title", slots="How many slots")
    async def poll_create(interaction: discord.Interaction, title: str, slots: app_commands.Range[int, 1, 50],
                          chair: discord.Member | None = None, room: discord.VoiceChannel | None = None,
                          role: discord.Role | None = None, public: bool = True) -> None:
        """Create a poll."""
        extra = f" chair={chair.display_name if chair else None} room={room.name if room else None}"
        extra += f" role={role.name if role else None} public={public}"
        await interaction.response.send_message(f"poll {title!r} with {slots} slots{extra}")

    @poll.command(name="results")
    @app_commands.autocomplete(poll=month_autocomplete)
    async def poll_results(interaction: discord.Interaction, poll: str) -> None:
        """Results."""
        await interaction.response.send_message(f"results for {poll}", ephemeral=True)

    @results.command(name="import")
    async def poll_import(interaction: discord.Interaction, file: discord.Attachment) -> None:
        """Import a CSV."""
        data = await file.read()
        await interaction.response.send_message(f"imported {file.filename}: {len(data.splitlines())} lines")

    return poll


def _add_context_menus(tree: app_commands.CommandTree[Any]) -> None:
    @tree.context_menu(name="Add to minutes")
    async def add_to_minutes(interaction: discord.Interaction, message: discord.Message) -> None:
        await interaction.response.send_message(f"added: {message.content}", ephemeral=True)

    @tree.context_menu(name="Who is this")
    async def who(interaction: discord.Interaction, member: discord.Member) -> None:
        await interaction.response.send_message(f"that is {member.display_name}", ephemeral=True)


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with Sandbox(validate_responses=True) as sb:
        yield sb


@pytest.fixture
async def bot(sandbox: Sandbox) -> AsyncIterator[commands.Bot]:
    client = build_bot()
    async with sandbox.run(client):
        await client.tree.sync()
        yield client
