"""Run convener as a separate `convener run` OS process against an in-test StandIn.

    async with StandIn() as standin:  # or a Sandbox's .standin
        async with BotProcess(standin, database_url, tmp_path, guild_ids=[guild.id]) as bot:
            reply = await member.slash("poll create", ...)
            await bot.kill()      # SIGKILL: no shutdown code runs
            await bot.start()     # same database, same stand-in: a restart

The process gets everything through the environment, as in production: `CONVENER_API_BASE` and
`CONVENER_GATEWAY_URL` point discord.py at the stand-in, `CONVENER_DATABASE_URL` at the database,
`DISCORD_TOKEN` is a dummy and `CONVENER_CONFIG` a TOML file written here. Its stdout and stderr go to a
log file (`log_path`) for debugging and for checks such as "no unexpected error was logged".
"""

# Waiting helpers take `timeout=` like the rest of the harness.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .options import SandboxError

if TYPE_CHECKING:
    from .gateway import Session
    from .server import StandIn

TomlValue = str | int | float | bool | Sequence[Any]
# Variables that would make the child talk to something other than the stand-in and the given database.
_SCRUBBED = ("DISCORD_TOKEN", "CONVENER_API_BASE", "CONVENER_GATEWAY_URL", "CONVENER_DATABASE_URL",
             "CONVENER_CONFIG")


class BotProcessError(SandboxError):
    """The bot process exited or did not come up in time; the message ends with its log."""


def toml_value(value: TomlValue) -> str:
    """The TOML spelling of a config value (strings, numbers, booleans and lists of them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, Sequence):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as TOML")


def toml_document(sections: Mapping[str, Mapping[str, TomlValue]]) -> str:
    lines: list[str] = []
    for name, values in sections.items():
        lines.append(f"[{name}]")
        lines += [f"{key} = {toml_value(value)}" for key, value in values.items()]
        lines.append("")
    return "\n".join(lines)


def convener_command() -> list[str]:
    """The `convener` console script of this interpreter's environment, else `python -m bot`."""
    script = Path(sys.executable).with_name("convener")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


class BotProcess:
    """One `convener run` process; `start()` again after `kill()` or `stop()` to restart it."""

    def __init__(self, standin: StandIn, database_url: str, workdir: Path | str, *,
                 guild_ids: Sequence[int] | None = None, name: str = "convener",
                 config: Mapping[str, Mapping[str, TomlValue]] | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        self.standin = standin
        self.database_url = database_url
        self.workdir = Path(workdir)
        self.guild_ids = list(guild_ids) if guild_ids is not None else list(standin.world.guilds)
        self.name = name
        self.extra_config = {k: dict(v) for k, v in (config or {}).items()}
        self.extra_env = dict(env or {})
        self.log_path = self.workdir / f"{name}.log"
        self.config_path = self.workdir / f"{name}.toml"
        self.process: asyncio.subprocess.Process | None = None
        self.session: Session | None = None
        self.starts = 0
        self.started_at = 0.0  # time.monotonic() of the last spawn
        self.connected_after = 0.0  # seconds from spawn to IDENTIFY (set-up done, views and jobs armed)
        self._log_offset = 0  # where the current run's output starts in the log file
        self._known_sessions: set[str] = set()
        self.token = f"sandbox-token-{name}"

    # -- lifecycle --------------------------------------------------------------------------------
    def write_config(self) -> Path:
        sections: dict[str, dict[str, TomlValue]] = {"bot": {"guild_ids": self.guild_ids}}
        for name, values in self.extra_config.items():
            sections.setdefault(name, {}).update(values)
        self.config_path.write_text(toml_document(sections), encoding="utf-8")
        return self.config_path

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
        env.update({
            "CONVENER_API_BASE": self.standin.api_base,
            "CONVENER_GATEWAY_URL": self.standin.gateway_url,
            "CONVENER_DATABASE_URL": self.database_url,
            "CONVENER_CONFIG": str(self.config_path),
            "DISCORD_TOKEN": self.token,
            "PYTHONUNBUFFERED": "1",
        })
        env.update(self.extra_env)
        return env

    async def spawn(self) -> None:
        """Start the process without waiting for it (see `wait_connected`)."""
        if self.running:
            raise BotProcessError(f"{self.name} is already running (pid {self.pid})")
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.write_config()
        self._known_sessions = set(self.standin.gateway.sessions)
        self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            log.write(f"---- {self.name} start #{self.starts + 1} ----\n".encode())
            log.flush()
            self.process = await asyncio.create_subprocess_exec(
                *convener_command(), "run", cwd=str(self.workdir), env=self.environment(),
                stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=asyncio.subprocess.STDOUT)
        self.starts += 1
        self.started_at = time.monotonic()
        self.session = None

    async def wait_connected(self, timeout: float = 30.0) -> Session:
        """Until the process has identified on the gateway and its guilds' commands are registered.

        discord.py runs convener's set-up (migrations, cogs and their persistent components, command sync,
        the reminder sweep) before it connects, so an IDENTIFY means all of that is done; GUILD_CREATE is
        queued on the same socket ahead of any interaction sent from now on.
        """
        gateway = self.standin.gateway

        def connected() -> Session | None:
            self._check_alive()
            for sid, session in gateway.sessions.items():
                if sid not in self._known_sessions and session.conn is not None and self._owns(session):
                    return session
            return None

        try:
            session = await self.standin.wait_until(connected, timeout, f"{self.name} to connect", poll=0.02)
        except TimeoutError:
            raise BotProcessError(f"{self.name} did not connect within {timeout}s\n{self.log_tail()}") from None
        self.connected_after = time.monotonic() - self.started_at
        missing = [g for g in self.guild_ids if not self.standin.guild_commands.get(g)]
        if missing:
            raise BotProcessError(f"{self.name} connected without registering commands in guilds {missing}\n"
                                  f"{self.log_tail()}")
        self.session = session
        return session

    async def start(self, timeout: float = 30.0) -> BotProcess:
        await self.spawn()
        await self.wait_connected(timeout)
        return self

    async def wait_for_log(self, text: str, timeout: float = 15.0) -> str:
        """Until the current run's output contains ``text``; returns that output."""
        def found() -> str | None:
            self._check_alive()
            output = self.output()
            return output if text in output else None

        try:
            return await self.standin.wait_until(found, timeout, f"{text!r} in {self.name}'s log", poll=0.05)
        except TimeoutError:
            raise BotProcessError(f"{self.name} did not log {text!r} within {timeout}s\n{self.log_tail()}") from None

    async def kill(self) -> int:
        """SIGKILL, as a crash or an OOM kill would: no shutdown code runs. Returns the exit status."""
        process = self._require()
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGKILL)
        return await process.wait()

    async def stop(self, timeout: float = 10.0) -> int:
        """Ctrl-C (SIGINT): discord.py closes the connection and convener its scheduler and database."""
        process = self._require()
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGINT)
            try:
                return await asyncio.wait_for(process.wait(), timeout)
            except TimeoutError:
                return await self.kill()
        return process.returncode

    async def restart(self, timeout: float = 30.0) -> BotProcess:
        if self.running:
            await self.stop()
        return await self.start(timeout)

    async def __aenter__(self) -> BotProcess:
        return await self.start()

    async def __aexit__(self, et: type[BaseException] | None, e: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self.running:
            await self.stop()

    # -- inspection -------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def memory_mb(self) -> dict[str, float]:
        """Resident memory now (VmRSS) and at its peak (VmHWM), in MB (Linux /proc)."""
        process = self._require()
        out: dict[str, float] = {}
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
        return out

    def log(self) -> str:
        """Everything every run of this process wrote (stdout and stderr)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def output(self) -> str:
        """What the current (or last) run wrote."""
        if not self.log_path.exists():
            return ""
        with self.log_path.open("rb") as log:
            log.seek(self._log_offset)
            return log.read().decode("utf-8", errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        return f"---- last lines of {self.log_path} ----\n" + "\n".join(self.log().splitlines()[-lines:])

    def unexpected_errors(self) -> list[str]:
        """Log lines, over every run, of exceptions that reached members as "something went wrong" (convener's
        error handler logs them as "unexpected error")."""
        return [line for line in self.log().splitlines() if "unexpected error" in line]

    def _owns(self, session: Session) -> bool:
        # Each process has its own token, so processes started together tell their sessions apart.
        token = str(session.identify.get("token", ""))
        return token.removeprefix("Bot ") == self.token

    def _require(self) -> asyncio.subprocess.Process:
        if self.process is None:
            raise BotProcessError(f"{self.name} was never started")
        return self.process

    def _check_alive(self) -> None:
        if self.process is not None and self.process.returncode is not None:
            raise BotProcessError(f"{self.name} exited with status {self.process.returncode}\n{self.log_tail()}")
