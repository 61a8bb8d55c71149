"""Interaction round trips through the stand-in: convener against a bare discord.py client (the floor).

The floor answers the same kinds of interaction (a slash command, a button click) at once with a fixed reply.
Both bots run in this process against their own stand-in with the same settings (schema validation off: it
costs more CPU than the bots), one interaction at a time, so the figures are latencies, not throughput.
"""

from __future__ import annotations

import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bench.common import Figure, database, percentile, spread_ms
from bot.sandbox import Reply, Sandbox, SimMember
from bot.sandbox.cast import sandbox_members

SAMPLES = 200
WARM_UP = 20
SLOTS = "2027-03-03 15:00, 2027-03-03 16:00, 2027-03-04 09:00, 2027-03-04 13:00"


class FixedButton(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Vote", custom_id="floor:vote")
    async def vote(self, interaction: discord.Interaction, _: discord.ui.Button[FixedButton]) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    @discord.ui.button(label="Deferred", custom_id="floor:deferred")
    async def deferred(self, interaction: discord.Interaction, _: discord.ui.Button[FixedButton]) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content="ok")


def floor_bot() -> commands.Bot:
    """A bare client answering with fixed replies: at once (the floor), or deferred then followed up (the same
    response shape as convener's deferred answers: two HTTP round trips instead of one)."""
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05)

    @bot.tree.command(name="ping", description="Answer pong")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    @bot.tree.command(name="pong", description="Defer, then answer pong")
    async def pong(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send("pong", ephemeral=True)

    @bot.tree.command(name="board", description="A message with a button")
    @app_commands.guild_only()
    async def board(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("board", view=FixedButton())

    bot.add_view(FixedButton())
    return bot


async def sample(action: Callable[[int], Awaitable[Reply]], count: int = SAMPLES) -> list[float]:
    """Seconds from dispatching each interaction to the answer the member waited for (after a warm-up)."""
    for i in range(WARM_UP):
        await action(i)
    return [(await action(WARM_UP + i)).latency for i in range(count)]


async def floor_figures() -> dict[str, list[float]]:
    async with Sandbox(members=sandbox_members(), validate=False) as sandbox:
        bot = floor_bot()
        async with sandbox.run(bot):
            await bot.tree.sync()
            member = sandbox.member("Lynn St.Amour")
            board = await member.slash("board")
            return {"slash": await sample(lambda _: member.slash("ping")),
                    "click": await sample(lambda _: member.click(board, "Vote")),
                    "slash deferred": await sample(lambda _: member.slash("pong")),
                    "click deferred": await sample(lambda _: member.click(board, "Deferred", wait_update=True))}


async def convener_figures(kind: str) -> dict[str, list[float]]:
    from bot.app import create_bot
    from bot.config import from_mapping

    with tempfile.TemporaryDirectory() as tmp:
        async with database(kind, Path(tmp)) as backend, \
                Sandbox(members=sandbox_members(), validate=False) as sandbox:
            config = from_mapping({"bot": {"guild_ids": [sandbox.guild.id]}, "database": {"url": backend.url}},
                                  env={})
            bot = create_bot(config, guild_ready_timeout=0.05)
            async with sandbox.run(bot):
                return await _convener_samples(sandbox)


async def _convener_samples(sandbox: Sandbox) -> dict[str, list[float]]:
    lynn = sandbox.member("Lynn St.Amour")
    created = await lynn.slash("poll create", title="Latency", slots=SLOTS, timezone="UTC")
    assert "✅" in created.content, created.content
    poll = await sandbox.standin.wait_for_message(sandbox.general, lambda m: bool(m.embeds))
    voters = [await sandbox.join(f"Voter {i:02d}") for i in range(20)]
    for voter in voters:  # a realistic poll: twenty ballots in it
        await voter.click(await voter.click(poll, "Vote"), "Submit", wait_update=True)
    poll_id = int(str(next(b for b in poll.buttons() if b.get("label") == "Vote")["custom_id"]).split(":")[1])
    panels: dict[int, Reply] = {}

    async def open_panel(i: int) -> Reply:
        member = voters[i % len(voters)]
        panels[member.id] = await member.click(poll, "Vote")
        return panels[member.id]

    async def submit(i: int) -> Reply:
        member: SimMember = voters[i % len(voters)]
        if member.id not in panels:
            await open_panel(i)
        return await member.click(panels.pop(member.id), "Submit", wait_update=True)

    return {"slash": await sample(lambda _: lynn.slash("profile show")),
            "results": await sample(lambda _: lynn.slash("poll results", poll=poll_id), count=SAMPLES // 2),
            "vote": await sample(open_panel),
            "submit": await sample(submit)}


# Everyday interactions against the bare floor: (p50 ratio, p99 ratio) allowed per database.
EVERYDAY = {"SQLite": (2.0, 3.0), "PostgreSQL": (5.0, 5.0)}
RESULTS_RATIO = 5.0  # /poll results: p99 against the same-shape floor (defer, then follow up)


def _everyday(metric: str, kind: str, samples: list[float], floor: list[float], shaped: list[float]) -> Figure:
    p50, p99 = percentile(samples, 0.5) / percentile(floor, 0.5), percentile(samples, 0.99) / percentile(floor, 0.99)
    same = percentile(samples, 0.99) / percentile(shaped, 0.99)
    text = f"{spread_ms(samples)} (p50 = {p50:.1f}×, p99 = {p99:.1f}× floor; p99 = {same:.1f}× same-shape floor)"
    top50, top99 = EVERYDAY[kind]
    return Figure(metric, {kind: text}, "", {kind: p50 <= top50 and p99 <= top99})


def _results(metric: str, kind: str, samples: list[float], floor: list[float], shaped: list[float]) -> Figure:
    p99 = percentile(samples, 0.99)
    ratio, same = p99 / percentile(floor, 0.99), p99 / percentile(shaped, 0.99)
    text = f"{spread_ms(samples)} (p99 = {ratio:.1f}× floor, {same:.1f}× same-shape floor)"
    return Figure(metric, {kind: text}, "", {kind: same <= RESULTS_RATIO})


async def run(kinds: list[str]) -> list[Figure]:
    floor = await floor_figures()
    figures = [Figure("floor: bare client, slash command → fixed reply (p50 / p95 / p99)",
                      {"all": spread_ms(floor["slash"])}),
               Figure("floor: bare client, button click → fixed reply (p50 / p95 / p99)",
                      {"all": spread_ms(floor["click"])}),
               Figure("same-shape floor: slash command → defer, then follow-up",
                      {"all": spread_ms(floor["slash deferred"])}),
               Figure("same-shape floor: button click → defer, then edit",
                      {"all": spread_ms(floor["click deferred"])})]
    measured: dict[str, dict[str, list[float]]] = {kind: await convener_figures(kind) for kind in kinds}
    everyday = "p50 ≤ 2×, p99 ≤ 3× floor (SQLite); ≤ 5× (PostgreSQL)"
    rows = [
        ("`/profile show` → reply", "slash", "slash", "slash", _everyday, everyday),
        ("`/poll results` (20 ballots; ranking, heatmap PNG; chair: comments and CSV too) → deferred, follow-up",
         "results", "slash", "slash deferred", _results, f"p99 ≤ {RESULTS_RATIO:.0f}× same-shape floor"),
        ("Vote click on the poll message → voting panel (deferred, follow-up)", "vote", "click", "slash deferred",
         _everyday, everyday),
        ("Submit click on the panel → ballot stored (deferred, panel edited)", "submit", "click", "click deferred",
         _everyday, everyday),
    ]
    for metric, name, against, shape, judge, target in rows:
        merged = Figure(metric, {}, target)
        for kind in kinds:
            row = judge(metric, kind, measured[kind][name], floor[against], floor[shape])
            merged.values.update(row.values)
            merged.met.update(row.met)
        figures.append(merged)
    return figures


def _print(figures: list[Any]) -> None:
    for figure in figures:
        print(figure.metric, figure.values, figure.verdict)


if __name__ == "__main__":
    import asyncio

    from bench.common import backends

    _print(asyncio.run(run(backends())))
