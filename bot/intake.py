"""Every INTERACTION_CREATE passes here before discord.py sees it: the one boundary where members' input enters.

Typed text (options, form fields, the message an "Add to minutes" targets) loses control characters and lone
surrogates, so no command has to, and an interaction delivered twice is dropped (``services.replays``):
commands and forms, which create things (a meeting, a reminder, a version of the minutes), are claimed in the
database, so a replay reaching another process is dropped too. Buttons and selects only set state (a vote, a
roll-call answer, a page), so running one twice changes nothing: they are checked in this process only and
never wait on the database, which keeps a burst of votes as fast as before. Autocomplete is only cleaned: it
changes nothing and must answer at once.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from bot.domain.inputs import clean_json

if TYPE_CHECKING:
    from bot.app import ConvenerBot

log = logging.getLogger("convener.intake")

COMPONENT, AUTOCOMPLETE = 3, 4


def install(bot: ConvenerBot) -> None:
    """Put the intake in front of discord.py's INTERACTION_CREATE handler (commands, components and forms)."""
    # discord.py offers no hook ahead of the command tree, views and modals together; its parser table is it.
    parsers = bot._connection.parsers
    parse = parsers["INTERACTION_CREATE"]
    pending: set[asyncio.Task[None]] = set()

    async def admit(data: dict[str, Any]) -> None:
        if await bot.services.replays.first_time(int(data["id"])):
            parse(data)

    def intake(data: dict[str, Any]) -> None:
        if isinstance(data.get("data"), dict):
            data["data"] = clean_json(data["data"])
        kind = data.get("type")
        if kind == AUTOCOMPLETE:
            parse(data)
            return
        if kind == COMPONENT:
            if bot.services.replays.first_time_here(int(data["id"])):
                parse(data)
            return
        task = asyncio.get_running_loop().create_task(admit(data), name=f"interaction-{data.get('id')}")
        pending.add(task)  # keep a reference until it is done; errors surface in the task's log
        task.add_done_callback(_finished(pending))

    parsers["INTERACTION_CREATE"] = intake


def _finished(pending: set[asyncio.Task[None]]) -> Any:
    def done(task: asyncio.Task[None]) -> None:
        pending.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("an interaction could not be taken on", exc_info=task.exception())
    return done
