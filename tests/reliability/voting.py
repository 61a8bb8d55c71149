"""Voting like a member, for the reliability tests: the poll message, panels, Submit, and what was confirmed."""

# Waiting helpers take `timeout=` like the rest of the harness.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bot.sandbox import InteractionRecord, Message, Reply, Sandbox, SimMember
from bot.sandbox.objects import walk_components
from storage.db import Database
from storage.repositories.polls import PollRepository

# Slots far enough ahead for tests on the wall clock.
SLOTS = "2027-03-03 15:00, 2027-03-03 16:00, 2027-03-04 09:00"
SAVED = "is saved"


async def create_poll(sandbox: Sandbox, chair: SimMember, title: str, timeout: float = 10.0) -> Message:
    reply = await chair.slash("poll create", title=title, slots=SLOTS, timezone="UTC", timeout=timeout)
    assert reply.ephemeral and "✅ Poll **#" in reply.content, reply.content
    return await sandbox.standin.wait_for_message(
        sandbox.general, lambda m: bool(m.embeds) and title in (m.embeds[0].get("title") or ""), timeout=timeout)


def poll_id_of(message: Message) -> int:
    vote = next(c for c in walk_components(message.components) if c.get("label") == "Vote")
    return int(str(vote["custom_id"]).split(":")[1])


def voters_shown(message: Message) -> int | None:
    """The "**N** voted" count on the poll message, if shown."""
    text = str(message.embeds[0].get("description") or "") if message.embeds else ""
    head, sep, _ = text.partition("** voted")
    return int(head.rsplit("**", 1)[1]) if sep and head.rsplit("**", 1)[1].isdigit() else None


async def join(sandbox: Sandbox, count: int, prefix: str = "Voter") -> list[SimMember]:
    return [await sandbox.join(f"{prefix} {i:03d}") for i in range(count)]


async def open_panels(members: Sequence[SimMember], poll: Message, *, wave: int = 12,
                      timeout: float = 10.0) -> list[Reply]:
    """Each member clicks Vote and gets their (ephemeral) panel; in waves, as people do not all click at once."""
    panels: list[Reply] = []
    for start in range(0, len(members), wave):
        panels += await asyncio.gather(*(m.click(poll, "Vote", timeout=timeout) for m in members[start:start + wave]))
    assert all(p.ephemeral and p.message is not None for p in panels)
    return panels


async def pick_yes(member: SimMember, panel: Reply, position: int, timeout: float = 10.0) -> None:
    """Tick the slot at ``position`` in the panel's "Yes" select."""
    select = next(c for c in walk_components(panel.components) if ":pick:yes:" in str(c.get("custom_id")))
    await member.select(panel, str(select["custom_id"]), [select["options"][position]["value"]], wait_update=True,
                        timeout=timeout)


def confirmed(panel: Reply) -> bool:
    """The member was told their vote is saved (the panel was edited to say so)."""
    return SAVED in panel.content


def submit_records(sandbox: Sandbox, poll_id: int) -> list[InteractionRecord]:
    wanted = f"poll:{poll_id}:submit"
    return [r for r in sandbox.standin.interactions.values() if r.payload.get("data", {}).get("custom_id") == wanted]


async def stored_voters(url: str, guild_id: int, poll_id: int) -> set[int]:
    """Who has a ballot in the database, read through the poll repository."""
    db = Database(url)
    try:
        async with db.reader() as session:
            return await PollRepository(session, guild_id).voters(poll_id)
    finally:
        await db.dispose()


async def stored_ballot(url: str, guild_id: int, poll_id: int, user_id: int) -> dict[int, int]:
    db = Database(url)
    try:
        async with db.reader() as session:
            return await PollRepository(session, guild_id).ballot_of(poll_id, user_id)
    finally:
        await db.dispose()
