"""`convener demo`: a whole working-group cycle, offline, through the local Discord stand-in.

The stand-in starts on 127.0.0.1, the real bot connects to it with a fresh SQLite database in the output
folder, and the cast (`bot.sandbox.cast`) plays the scenes of `bot.sandbox.demo_script` as members of the
server. The transcript is printed as it happens and saved with the files the members downloaded.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import signal
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.clock import SandboxClock
from bot.config import ChannelNames, Config, DiscordEndpoint, RoleNames

from .cast import CAST, sandbox_members
from .demo_meeting import MEETING_WEEKS
from .demo_script import POLL_WEEK, START, Artefacts, Cycle, Scene
from .demo_stage import DemoError, Stage, Transcript
from .demo_text import stamp_text
from .options import SandboxError
from .runner import Sandbox

if TYPE_CHECKING:
    import discord

    from bot.app import ConvenerBot

SCENES: list[Scene] = [*POLL_WEEK, *MEETING_WEEKS]
TIMELINE = "Timeline (simulated time, UTC):"

DESCRIPTIONS = {
    "transcript.md": "what everyone saw, step by step",
    "minutes.md": "the draft minutes with Annex I (agenda) and Annex II (participants)",
    "attendance.csv": "the attendance list for the secretariat",
    "attendance.md": "the attendance list as Markdown",
    "meeting.ics": "the meeting for your calendar",
    "poll-heatmap.png": "who can make which slot, by time zone",
    "participation.png": "participation by stakeholder group (the secretariat's report)",
    "demo.log": "the bot's and the stand-in's log",
    "demo.db": "the bot's database (see below)",
}


class ErrorCounter(logging.Handler):
    """Remembers every ERROR record while the demo runs: a clean run has none."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def logs_to(path: Path) -> Iterator[ErrorCounter]:
    """Send logging to `path` (the console is for the transcript) and count errors."""
    root = logging.getLogger()
    to_file = logging.FileHandler(path, encoding="utf-8")
    to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    counter = ErrorCounter()
    consoles = [h for h in root.handlers if isinstance(h, logging.StreamHandler)
                and not isinstance(h, logging.FileHandler)]
    saved = (root.level, [h.level for h in consoles])
    for handler in consoles:
        handler.setLevel(logging.CRITICAL + 1)
    root.setLevel(min(root.level or logging.INFO, logging.INFO))
    root.addHandler(to_file)
    root.addHandler(counter)
    try:
        yield counter
    finally:
        root.removeHandler(to_file)
        root.removeHandler(counter)
        to_file.close()
        root.setLevel(saved[0])
        for handler, level in zip(consoles, saved[1], strict=True):
            handler.setLevel(level)


def output_folder(out: str | None) -> Path:
    """The folder asked for (created if missing), else a new demo-output-<time> folder here."""
    folder = Path(out) if out else Path(f"demo-output-{datetime.now(UTC):%Y%m%d-%H%M%S}")
    if folder.exists() and not folder.is_dir():
        raise OSError(f"{folder} exists and is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    for stale in ("demo.db", "demo.db-wal", "demo.db-shm"):  # every run starts from an empty database
        (folder / stale).unlink(missing_ok=True)
    return folder


def demo_config(config: Config, folder: Path, guild_id: int, api_base: str, gateway_url: str) -> Config:
    """The user's settings, pointed at the stand-in, its guild and a fresh database in the output folder.

    Role and channel names are the stand-in guild's (Chair, Secretariat, Member, Observer; #announcements,
    #minutes), whatever the user's config calls them on their own server."""
    url = f"sqlite+aiosqlite:///{(folder / 'demo.db').resolve()}"
    return dataclasses.replace(
        config, roles=RoleNames(), channels=ChannelNames(),
        bot=dataclasses.replace(config.bot, guild_ids=(guild_id,), shard_count=None, shard_ids=None),
        endpoint=DiscordEndpoint(api_base=api_base, gateway_url=gateway_url),
        database=dataclasses.replace(config.database, url=url, echo=False),
        # The story's meeting opens at its time and closes once its voice channel is empty, on its own.
        meetings=dataclasses.replace(config.meetings, auto_start=True, auto_end=True),
    )


async def quiet(bot: ConvenerBot) -> None:
    """Until the bot's background work that reads the clock is done — refreshes of posted poll tallies (and the
    quorum notice that follows them), roll calls and agendas — so that the demo never moves time under it."""
    await bot.services.settle_messages()


async def heard(bot: discord.Client, guild_id: int, user_id: int, channel_id: int | None) -> None:
    """Until the bot has heard a member's voice move and its listeners are done with it, so that the clock
    does not move on before the join or leave is recorded at its own simulated instant."""
    async with asyncio.timeout(10.0):
        while True:
            guild = bot.get_guild(guild_id)
            member = guild.get_member(user_id) if guild else None
            voice = member.voice.channel if member and member.voice else None
            if (voice.id if voice else None) == channel_id:
                break
            await asyncio.sleep(0.005)
        busy = [t for t in asyncio.all_tasks() if t.get_name() == "discord.py: on_voice_state_update"]
        if busy:
            await asyncio.wait(busy)


async def run_demo(config: Config, *, out: str | None, keep_running: bool, stream: TextIO | None = None,
                   stop: asyncio.Event | None = None) -> int:
    """Play the cycle; 0 when every scene went through and nothing was logged as an error.

    `stream` receives the transcript (default stdout); with `keep_running`, the stand-in stays up until
    Ctrl-C (or until `stop` is set, for tests).
    """
    stream = stream or sys.stdout
    try:
        folder = output_folder(out)
    except OSError as exc:
        print(f"convener demo: cannot use the output folder: {exc}", file=sys.stderr)
        return 2
    clock = SandboxClock(START)
    transcript = Transcript(stream, now=clock.now)
    problems: list[str] = []
    try:
        with logs_to(folder / "demo.log") as errors:
            failed = await _play(config, folder, transcript, keep_running, stop, clock)
        problems = [f"{r.name}: {r.getMessage()}" for r in errors.records]
        if problems:
            transcript.say(f"⚠️  {len(problems)} error(s) were logged (see {folder / 'demo.log'}); the first: "
                           f"{problems[0][:300]}")
    finally:
        (folder / "transcript.md").write_text(transcript.text(), encoding="utf-8")
    transcript.console(f"\nArtefacts written to {folder.resolve()}:")
    for name in sorted(p.name for p in folder.iterdir() if p.is_file()):
        transcript.console(f"  {name:<18} {DESCRIPTIONS.get(name, '')}")
    if (folder / "demo.db").exists():
        transcript.console("Servers and meetings in the demo's database, with the ids `convener export attendance` "
                           "takes:")
        transcript.console(f"  {database_env(folder)} convener export list")
    return 1 if failed or problems else 0


def database_env(folder: Path) -> str:
    return f"CONVENER_DATABASE_URL=sqlite+aiosqlite:///{(folder / 'demo.db').resolve()}"


async def _play(config: Config, folder: Path, transcript: Transcript, keep_running: bool,
                stop: asyncio.Event | None, clock: SandboxClock) -> bool:
    """Run the scenes inside a started stand-in and bot; True when something went wrong."""
    from bot.app import create_bot

    started = time.monotonic()
    transcript.title("convener demo — a working group meets, offline",
                     f"A local Discord stand-in, the real bot and {len(CAST)} simulated members live through "
                     f"three weeks from {START:%A} {START.day} {START:%B %Y}, {START:%H:%M} UTC, in a few seconds: "
                     "a simulated clock moves the story on, and every reminder, deadline and automatic step "
                     "happens at its own time. Each line starts with that simulated day and time, in UTC.")
    sandbox = Sandbox(members=sandbox_members(), strict=False, clock=clock)
    if keep_running:  # afterwards, the story can be browsed (and continued) in the web page as any member
        from .web import WebClient

        WebClient(sandbox, zones={sandbox.member(p.name).id: p.timezone for p in CAST}).mount()
    async with sandbox:
        standin = sandbox.standin
        bot = create_bot(demo_config(config, folder, sandbox.guild.id, standin.api_base, standin.gateway_url),
                         clock=clock, guild_ready_timeout=0.05)
        transcript.say(f"▶ Stand-in listening on {standin.base_url}; connecting the bot…")
        async with sandbox.run(bot, timeout=30.0):
            transcript.say(f"▶ {bot.user} connected with {len(standin.commands(sandbox.guild))} commands "
                           f"({time.monotonic() - started:.1f} s).")
            stage = Stage(sandbox, transcript, {p.key: sandbox.member(p.name) for p in CAST},
                          heard=lambda user_id, channel_id: heard(bot, sandbox.guild.id, user_id, channel_id),
                          quiet=lambda: quiet(bot))
            cycle = Cycle(stage, Artefacts(folder))
            failed = False
            for number, (title, scene) in enumerate(SCENES, 1):
                transcript.scene(number, len(SCENES), title)
                try:
                    await scene(cycle)
                    await stage.finish()
                except (DemoError, SandboxError, TimeoutError) as exc:
                    transcript.say(f"✗ The demo stopped in “{title}”: {exc}")
                    failed = True
                    break
            summary(transcript, sandbox, started, failed)
            timeline(transcript)
            if keep_running and not failed:
                await hold(transcript, sandbox, folder, cycle, stop)
    rejected = [f"{m} {p}" for m, p in standin.unknown_routes] + [f"{r}: {e}" for r, e in standin.schema_violations]
    if rejected:
        transcript.say(f"⚠️  The bot sent {len(rejected)} request(s) Discord would reject; the first: {rejected[0]}")
    return failed or bool(rejected)


def timeline(transcript: Transcript) -> None:
    """The story at a glance: each scene and each thing the bot did on its own, at its simulated time."""
    transcript.say("")
    transcript.listing(TIMELINE, [f"  {stamp_text(when)}  {what}" for when, what in transcript.timeline])


def summary(transcript: Transcript, sandbox: Sandbox, started: float, failed: bool) -> None:
    standin = sandbox.standin
    stats = standin.stats
    messages = [m for m in standin.messages(None, include_ephemeral=True)]
    answers = sum(1 for r in standin.interactions.values() if r.type != 4)
    slowest = max((r.latency or 0.0 for r in standin.interactions.values()), default=0.0)
    transcript.say("")
    verdict = "✗ The cycle did not complete." if failed else "✔ The whole cycle ran through the stand-in."
    transcript.say(f"{verdict} {time.monotonic() - started:.1f} s, {answers} interactions (slowest first answer "
                   f"{slowest * 1000:.0f} ms), {len(messages)} messages, {stats.requests} REST requests, "
                   f"{stats.rate_limited} rate-limited.")


async def hold(transcript: Transcript, sandbox: Sandbox, folder: Path, cycle: Cycle,
               stop: asyncio.Event | None) -> None:
    """Keep the stand-in and the bot up until Ctrl-C (or `stop`)."""
    standin = sandbox.standin
    general = sandbox.channel("general")
    lines = [
        "",
        f"Stand-in running at {standin.base_url} (REST {standin.api_base}, gateway {standin.gateway_url}).",
        f"  Browse the story and carry on as any member in your browser: {standin.base_url}/",
        f"  #general as JSON: curl -s -H 'Authorization: Bot demo' {standin.api_base}/channels/{general.id}/messages",
        f"  Servers and meetings in the database: {database_env(folder)} convener export list",
    ]
    if cycle.meeting is not None:
        lines.append(f"  Attendance from the database: {database_env(folder)} convener export attendance "
                     f"--guild {sandbox.guild.id} --meeting {cycle.meeting_id} --format markdown")
    for line in [*lines, "Press Ctrl-C to stop."]:
        transcript.console(line)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
    try:
        await stop.wait()
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
    transcript.console("Stopping the stand-in and the bot.")
