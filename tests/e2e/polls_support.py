"""Helpers for the polls end-to-end tests: find the poll message, vote through the panel like a member."""

# Waiting helpers take `timeout=` like the rest of the harness.
# ruff: noqa: ASYNC109

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from bot.sandbox import Message, Reply, SimMember
from bot.sandbox.objects import walk_components
from tests.e2e.conftest import Convener

SLOTS = "2026-12-03 15:00, 2026-12-03 17:30-18:30, Dec 4 9am"


def components(message: Message | Reply) -> list[dict[str, Any]]:
    msg = message.message if isinstance(message, Reply) else message
    assert msg is not None, "no message"
    return list(walk_components(msg.components))


def select_id(panel: Reply | Message, which: str) -> str:
    return next(str(c["custom_id"]) for c in components(panel) if f":pick:{which}:" in str(c.get("custom_id")))


def option_values(panel: Reply | Message, which: str = "yes") -> list[str]:
    select = next(c for c in components(panel) if f":pick:{which}:" in str(c.get("custom_id")))
    return [o["value"] for o in select["options"]]


def defaults(panel: Reply | Message, which: str) -> list[str]:
    select = next(c for c in components(panel) if f":pick:{which}:" in str(c.get("custom_id")))
    return [o["value"] for o in select["options"] if o.get("default")]


def button(message: Message | Reply, label: str) -> dict[str, Any]:
    return next(c for c in components(message) if c.get("type") == 2 and c.get("label") == label)


async def poll_message(convener: Convener, title: str) -> Message:
    return await convener.standin.wait_for_message(
        "general", lambda m: bool(m.embeds) and title in (m.embeds[0].get("title") or ""))


async def create(convener: Convener, member: SimMember | None = None, **options: Any) -> tuple[Reply, Message]:
    member = member or convener.chair
    args = {"title": "December plenary", "slots": SLOTS, "timezone": "Europe/Zurich", **options}
    reply = await member.slash("poll create", **args)
    assert reply.ephemeral and "✅ Poll **#" in reply.content, reply.content
    return reply, await poll_message(convener, args["title"])


def poll_id(message: Message) -> int:
    vote = button(message, "Vote")
    return int(str(vote["custom_id"]).split(":")[1])


async def vote(member: SimMember, poll: Message, yes: Sequence[int], maybe: Sequence[int] = ()) -> Reply:
    """Click Vote, pick slots by their position on the first page in each select, and submit."""
    panel = await member.click(poll, "Vote")
    assert panel.ephemeral, panel.content
    values = option_values(panel)
    await member.select(panel, select_id(panel, "yes"), [values[i] for i in yes], wait_update=True)
    if maybe:
        await member.select(panel, select_id(panel, "maybe"), [values[i] for i in maybe], wait_update=True)
    done = await member.click(panel, "Submit", wait_update=True)
    assert done.ephemeral and "is saved" in done.content, done.content
    return done


def description(message: Message) -> str:
    return str(message.embeds[0].get("description") or "")


def tallies(message: Message) -> list[tuple[int, int]]:
    """(yes, if need be) of each slot line of the poll message, top to bottom."""
    return [(int(m[1]), int(m[2])) for m in re.finditer(r"` ✅ (\d+) · 🟨 (\d+)", description(message))]


async def until_shows(convener: Convener, poll: Message, predicate: Callable[[Message], bool],
                      timeout: float = 5.0) -> Message:
    """Wait until the poll message satisfies ``predicate`` (it may already, or after coalesced edits)."""
    return await convener.standin.wait_until(lambda: poll if predicate(poll) else None, timeout,
                                             f"poll message {poll.id} to change")
