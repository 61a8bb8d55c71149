"""What the command line prints when a command fails: one line saying what went wrong and what to do.

`--verbose` adds the traceback; without it, nobody setting convener up has to read 150 lines of asyncio and
SQLAlchemy frames to learn that the database server is down.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import aiohttp
import discord

from bot.config import Config
from storage.problems import DatabaseProblem, as_problem

DEFAULT_API = "https://discord.com/api/v10"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def _discord(exc: BaseException, config: Config) -> str | None:
    where = config.endpoint.api_base or DEFAULT_API
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return ("Discord refused the connection because the Server Members intent is off; enable it under "
                "Bot → Privileged Gateway Intents in the developer portal")
    if isinstance(exc, discord.LoginFailure):
        return "Discord did not accept the token in DISCORD_TOKEN; copy a fresh one (Bot → Reset Token)"
    if isinstance(exc, discord.GatewayNotFound):
        return "Discord's gateway could not be found (a Discord outage?); try again later"
    if isinstance(exc, aiohttp.ClientConnectorError | aiohttp.ServerTimeoutError):
        return f"cannot reach Discord at {where}: {_first_line(exc)}; check the network connection"
    if isinstance(exc, discord.HTTPException):
        return f"Discord answered {exc.status} at {where}: {_first_line(exc)}"
    if isinstance(exc, aiohttp.ClientError):
        return f"the connection to Discord at {where} failed: {_first_line(exc)}"
    return None


def explain(exc: BaseException, config: Config | None) -> str:
    """One line for any failure of a command."""
    if config is not None:
        for cause in _chain(exc):
            message = cause.message if isinstance(cause, DatabaseProblem) else _discord(cause, config)
            if message is not None:
                return message
        problem = as_problem(exc, config.database.url)
        if problem is not None:
            return problem.message
    if isinstance(exc, OSError) and exc.strerror:
        where = f" {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}"
    return f"unexpected {type(exc).__name__}: {_first_line(exc)}"


class QuietDiscord(logging.Filter):
    """discord.py logs a full traceback each time it retries the gateway: keep its one-line reason instead.
    Its warnings about voice libraries do not concern convener, which never plays audio."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name != "discord.client":
            return True
        if "voice will NOT be supported" in record.getMessage():
            return False
        if record.exc_info and record.getMessage().startswith("Attempting a"):
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({_first_line(error) if error else 'connection lost'})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
