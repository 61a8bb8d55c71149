"""`convener demo --web`: the stand-in, the real bot on a sandbox clock, and the web client to try them.

The server starts with the demo's cast (their profiles set: time zone, listed name, stakeholder group) and one
open scheduling poll, so the first page already has something to vote on. Nothing is opened: the address is
printed and the visitor opens it in the browser of their choice.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import signal
import socket
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.clock import SandboxClock
from bot.config import Config

from ..cast import CAST, sandbox_members
from ..harness import SimMember
from ..runner import Sandbox
from .client import WebClient

if TYPE_CHECKING:
    from bot.app import ConvenerBot

DEFAULT_PORT = 8555


def start_time(now: datetime | None = None) -> datetime:
    """The sandbox clock starts at the last full hour of the wall clock: dates on the page look like this week."""
    now = now or datetime.now(UTC)
    return now.replace(minute=0, second=0, microsecond=0)


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def opening_poll(now: datetime) -> dict[str, str]:
    """Options of the chair's first poll: three slots next week (UTC), votes due in three days."""
    monday = (now + timedelta(days=7 - now.weekday())).date()
    slots = [f"{monday + timedelta(days=1)} 14:00", f"{monday + timedelta(days=2)} 14:00",
             f"{monday + timedelta(days=3)} 16:00"]
    deadline = (now + timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    return {"title": "WG-MWP 8th meeting", "slots": ", ".join(slots), "timezone": "UTC", "deadline": deadline}


async def seed(bot: ConvenerBot, sandbox: Sandbox) -> None:
    """A server set up as a chair would (/setup roles: the Member role is who is expected), the cast's profiles
    (as each would set them with /profile) and the chair's opening poll."""
    from bot.domain.permissions import Role

    await bot.services.settings.map_role(sandbox.guild.id, Role.MEMBER, [sandbox.guild.role("Member").id])
    profiles = bot.services.profiles
    for person in CAST:
        member = sandbox.member(person.name)
        await profiles.set_timezone(sandbox.guild.id, member.id, person.timezone)
        await profiles.set_name(sandbox.guild.id, member.id, person.listed)
        await profiles.set_group(sandbox.guild.id, member.id, person.group)
    chair = sandbox.member(CAST[0].name)
    clock = sandbox.clock
    assert clock is not None
    options: dict[str, Any] = {**opening_poll(clock.now()), "expected_role": sandbox.guild.role("Member")}
    await chair.slash("poll create", options=options, timeout=30.0)


def web_client(sandbox: Sandbox, bot_holder: list[ConvenerBot]) -> WebClient:
    zones = {sandbox.member(p.name).id: p.timezone for p in CAST}

    async def joined(member: SimMember, zone: str) -> None:
        if bot_holder:
            await bot_holder[0].services.profiles.set_timezone(sandbox.guild.id, member.id, zone)

    return WebClient(sandbox, zones=zones, on_join=joined).mount()


async def serve(config: Config, folder: Path, port: int, stream: TextIO, stop: asyncio.Event,
                start: datetime | None = None) -> None:
    from bot.app import create_bot

    from ..demo import demo_config

    clock = SandboxClock(start or start_time())
    sandbox = Sandbox(members=sandbox_members(), strict=False, clock=clock, port=port)
    holder: list[ConvenerBot] = []
    web = web_client(sandbox, holder)
    async with sandbox:
        standin = sandbox.standin
        bot = create_bot(demo_config(config, folder, sandbox.guild.id, standin.api_base, standin.gateway_url),
                         clock=clock, guild_ready_timeout=0.05)
        holder.append(bot)
        async with sandbox.run(bot, timeout=30.0):
            await asyncio.wait_for(bot.settled.wait(), 30)
            await seed(bot, sandbox)
            for line in (f"convener sandbox: open {web.url} in your browser "
                         f"(the bot and {len(CAST)} members; the clock starts {clock.now():%Y-%m-%d %H:%M} UTC).",
                         f"  Files: {folder} (database demo.db, log demo.log). Press Ctrl-C to stop."):
                print(line, file=stream, flush=True)
            await stop.wait()
    print("convener sandbox: stopped.", file=stream, flush=True)


def _folder(out: str | None) -> Path:
    from ..demo import output_folder

    return output_folder(out).resolve()


async def run_web(config: Config, *, out: str | None, port: int | None, stream: TextIO | None = None,
                  stop: asyncio.Event | None = None, start: datetime | None = None) -> int:
    """Serve until Ctrl-C (or `stop`); 0 on a clean stop, 2 when the port or the folder cannot be used."""
    from ..demo import logs_to

    stream = stream or sys.stdout
    try:
        folder = _folder(out)
    except OSError as exc:
        print(f"convener demo: cannot use the output folder: {exc}", file=sys.stderr)
        return 2
    chosen = DEFAULT_PORT if port is None else port
    if chosen and not port_free(chosen):
        if port is not None:
            print(f"convener demo: port {chosen} is in use; pick another with --port (0: any free port)",
                  file=sys.stderr)
            return 2
        chosen = 0  # the default port is taken (another sandbox?): any free one will do
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
    try:
        with logs_to(folder / "demo.log"):
            await serve(config, folder, chosen, stream, stop, start)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        print(f"convener demo: port {chosen} is in use; pick another with --port", file=sys.stderr)
        return 2
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
    return 0
