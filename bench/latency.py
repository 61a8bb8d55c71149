"""Interaction round trips through the stand-in: convener against a bare discord.py client (the floor).

The floor answers the same kinds of interaction (a slash command, a button click) at once with a fixed reply,
or in the same shape as convener (deferred, then followed up; for `/poll results` with an image and a file of
the same sizes). Both bots run in this process against their own stand-in with the same settings (schema
validation off: it costs more CPU than the bots), one interaction at a time, so the figures are latencies.
Samples alternate between the floor and convener, so both see the same load on a shared machine: a ratio
compares two things measured in the same seconds.
"""

from __future__ import annotations

import asyncio
import io
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


RESULTS_PNG = bytes(12_000)  # about the size of the 20-ballot heatmap
RESULTS_CSV = b"Name,Slot\n" + b"Member,yes\n" * 20


def floor_bot(**shard: Any) -> commands.Bot:
    """A bare client answering with fixed replies: at once (the floor), or deferred then followed up (the same
    response shape as convener's deferred answers: two HTTP round trips instead of one)."""
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05, **shard)

    @bot.tree.command(name="ping", description="Answer pong")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    @bot.tree.command(name="pong", description="Defer, then answer pong")
    async def pong(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send("pong", ephemeral=True)

    @bot.tree.command(name="pong-files", description="Defer, then answer with two embeds, an image and a file")
    async def pong_files(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        image = discord.Embed(title="Results", description="pong" * 100).set_image(url="attachment://heatmap.png")
        files = [discord.File(io.BytesIO(RESULTS_PNG), filename="heatmap.png"),
                 discord.File(io.BytesIO(RESULTS_CSV), filename="results.csv")]
        await interaction.followup.send(embeds=[image, discord.Embed(title="Comments")], files=files, ephemeral=True)

    @bot.tree.command(name="board", description="A message with a button")
    @app_commands.guild_only()
    async def board(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("board", view=FixedButton())

    bot.add_view(FixedButton())
    return bot


Action = Callable[[int], Awaitable[Reply]]


async def sample(pairs: list[tuple[str, Action, str, Action]], count: int = SAMPLES) -> dict[str, list[float]]:
    """Seconds from dispatching each interaction to the answer the member waited for (after a warm-up), for each
    (floor name, floor action, convener name, convener action), alternating between the two."""
    out: dict[str, list[float]] = {}
    for floor_name, floor_action, name, action in pairs:
        n = count // 2 if name == "results" else count
        for i in range(WARM_UP):
            await floor_action(i)
            await action(i)
        floor, mine = out.setdefault(f"floor {name}", []), out.setdefault(name, [])
        for i in range(WARM_UP, WARM_UP + n):
            floor.append((await floor_action(i)).latency)
            mine.append((await action(i)).latency)
        out.setdefault(floor_name, []).extend(floor)
    return out


async def convener_figures(kind: str) -> dict[str, list[float]]:
    """convener and the floor on one stand-in, in one event loop: Discord's sharding routes each one's server
    to it (the floor runs shard 0 or 1 of 2 with its own server, convener the other one)."""
    from bot.app import create_bot
    from bot.config import from_mapping

    with tempfile.TemporaryDirectory() as tmp:
        async with database(kind, Path(tmp)) as backend, \
                Sandbox(members=sandbox_members(), validate=False) as sandbox:
            own = (sandbox.guild.id >> 22) % 2
            place = sandbox.standin.add_guild("Floor", shard=(1 - own, 2))
            member = SimMember(sandbox.standin, place.add_member("Floor Member"), place.add_text_channel("general"))
            floor = floor_bot(shard_id=1 - own, shard_count=2)
            config = from_mapping({"bot": {"guild_ids": [sandbox.guild.id], "shard_count": 2, "shard_ids": [own]},
                                   "database": {"url": backend.url}}, env={})
            bot = create_bot(config, guild_ready_timeout=0.05)
            async with sandbox.run(floor), sandbox.run(bot):
                await floor.tree.sync()
                return await _convener_samples(sandbox, await _floor_actions(member))


async def _floor_actions(member: SimMember) -> dict[str, Action]:
    board = await member.slash("board")
    return {"slash": lambda _: member.slash("ping"),
            "click": lambda _: member.click(board, "Vote"),
            "slash deferred files": lambda _: member.slash("pong-files"),
            "click deferred": lambda _: member.click(board, "Deferred", wait_update=True)}


async def _convener_samples(sandbox: Sandbox, floor: dict[str, Action]) -> dict[str, list[float]]:
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

    # The poll's messages and panels settle before timing (tallies are redrawn once a second after votes).
    await asyncio.sleep(2)
    return await sample([
        ("slash", floor["slash"], "profile", lambda _: lynn.slash("profile show")),
        ("slash deferred files", floor["slash deferred files"], "results",
         lambda _: lynn.slash("poll results", poll=poll_id)),
        ("click", floor["click"], "vote", open_panel),
        ("click deferred", floor["click deferred"], "submit", submit),
    ])


# Everyday interactions against the bare floor: (p50 ratio, p99 ratio) allowed per database.
EVERYDAY = {"SQLite": (2.0, 3.0), "PostgreSQL": (5.0, 5.0)}
RESULTS_RATIO = 5.0  # /poll results: p99 against the same-shape floor (defer, then follow up)


def _everyday(metric: str, kind: str, samples: list[float], floor: list[float], _: list[float]) -> Figure:
    p50, p99 = percentile(samples, 0.5) / percentile(floor, 0.5), percentile(samples, 0.99) / percentile(floor, 0.99)
    text = f"{spread_ms(samples)} (p50 = {p50:.1f}×, p99 = {p99:.1f}× floor)"
    top50, top99 = EVERYDAY[kind]
    return Figure(metric, {kind: text}, "", {kind: p50 <= top50 and p99 <= top99})


def _results(metric: str, kind: str, samples: list[float], _: list[float], shaped: list[float]) -> Figure:
    same = percentile(samples, 0.99) / percentile(shaped, 0.99)
    text = f"{spread_ms(samples)} (p99 = {same:.1f}× same-shape floor)"
    return Figure(metric, {kind: text}, "", {kind: same <= RESULTS_RATIO})


async def run(kinds: list[str]) -> list[Figure]:
    measured: dict[str, dict[str, list[float]]] = {kind: await convener_figures(kind) for kind in kinds}
    figures = []
    for metric, name in (("floor: bare client, slash command → fixed reply (p50 / p95 / p99)", "slash"),
                         ("floor: bare client, button click → fixed reply (p50 / p95 / p99)", "click"),
                         ("same-shape floor: slash command → defer, then follow-up with 2 embeds, a 12 kB image and "
                          "a CSV file (`/poll results`' shape)", "slash deferred files"),
                         ("same-shape floor: button click → defer, then edit", "click deferred")):
        figures.append(Figure(metric, {kind: spread_ms(measured[kind][name]) for kind in kinds}))
    everyday = "p50 ≤ 2×, p99 ≤ 3× floor (SQLite); ≤ 5× (PostgreSQL)"
    rows = [
        ("`/profile show` → reply", "profile", "floor profile", "floor profile", _everyday, everyday),
        ("`/poll results` (20 ballots; ranking, heatmap PNG; chair: comments and CSV too) → deferred, follow-up",
         "results", "floor results", "floor results", _results, f"p99 ≤ {RESULTS_RATIO:.0f}× same-shape floor"),
        ("Vote click on the poll message → voting panel (deferred, follow-up)", "vote", "floor vote", "floor vote",
         _everyday, everyday),
        ("Submit click on the panel → ballot stored (deferred, panel edited)", "submit", "floor submit",
         "floor submit", _everyday, everyday),
    ]
    for metric, name, against, shape, judge, target in rows:
        merged = Figure(metric, {}, target)
        for kind in kinds:
            row = judge(metric, kind, measured[kind][name], measured[kind][against], measured[kind][shape])
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
