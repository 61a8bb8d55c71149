"""`kill -9` of a `convener run` process in the middle of a vote burst, then a restart on the same database.

A vote counts as acknowledged when the member was told it is saved: the Submit button defers first (the
ballot is written after the acknowledgement, so that a queue of writers cannot push the answer past
Discord's 3 seconds) and then edits the panel to "Your vote … is saved". Every such vote must be in the
database after the crash; the buttons on the poll message and on panels opened before the crash keep working.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.domain.poll import Answer
from bot.sandbox import Sandbox
from bot.sandbox.process import BotProcess
from tests.reliability.voting import (
    confirmed,
    create_poll,
    join,
    open_panels,
    pick_yes,
    poll_id_of,
    stored_ballot,
    stored_voters,
    submit_records,
    voters_shown,
)

PACE = 0.01  # seconds between two members pressing Submit: the burst spans the kill


async def kill_mid_burst(sandbox: Sandbox, bot: BotProcess, voters: int) -> None:
    await bot.start()
    guild_id = sandbox.guild.id
    poll = await create_poll(sandbox, sandbox.member("Lynn St.Amour"), "Crash test")
    poll_id = poll_id_of(poll)
    members = await join(sandbox, voters)
    panels = await open_panels(members, poll)
    for start in range(0, voters, 12):
        await asyncio.gather(*(pick_yes(m, p, i % 3) for i, (m, p) in
                               enumerate(zip(members[start:start + 12], panels[start:start + 12], strict=True))))

    tasks: list[asyncio.Task[object]] = []

    async def burst() -> None:
        for member, panel in zip(members, panels, strict=True):
            tasks.append(asyncio.create_task(member.click(panel, "Submit", wait_update=True, timeout=5)))
            await asyncio.sleep(PACE)

    burster = asyncio.create_task(burst())
    await sandbox.standin.wait_until(lambda: sum(map(confirmed, panels)) >= voters // 3, 20,
                                     "a third of the votes to be confirmed")
    await bot.kill()
    await burster
    for task in tasks:  # answers to interactions the dead process had not finished can never come
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

    told_saved = {m.id for m, p in zip(members, panels, strict=True) if confirmed(p)}
    acknowledged = {r.user.id for r in submit_records(sandbox, poll_id) if r.acknowledged}
    stored = await stored_voters(bot.database_url, guild_id, poll_id)  # read while no process runs
    print(f"{voters} submits: {len(acknowledged)} acknowledged, {len(told_saved)} told saved, "
          f"{len(stored)} stored at the kill")
    assert voters // 3 <= len(told_saved) < voters, "the kill should land in the middle of the burst"
    assert told_saved <= stored, f"confirmed but lost: {sorted(told_saved - stored)}"
    assert stored <= acknowledged, "a ballot was stored for an interaction that was never acknowledged"

    # After the restart the buttons of the panels opened before the crash still work...
    await bot.start()
    late = [(m, p) for m, p in zip(members, panels, strict=True) if m.id not in told_saved]
    for start in range(0, len(late), 12):
        again = await asyncio.gather(*(m.click(p, "Submit", wait_update=True, timeout=10)
                                       for m, p in late[start:start + 12]))
        assert all(confirmed(r) for r in again), [r.content for r in again if not confirmed(r)]
    # ...and so do those on the poll message posted by the killed process.
    newcomer = await sandbox.join("Newcomer")
    panel = await newcomer.click(poll, "Vote", timeout=10)
    await pick_yes(newcomer, panel, 0)
    assert confirmed(await newcomer.click(panel, "Submit", wait_update=True, timeout=10))
    mine = await members[0].click(poll, "My votes", timeout=10)
    assert mine.ephemeral and "✅ Yes (1):" in mine.content, mine.content

    everyone = {m.id for m in members} | {newcomer.id}
    assert await stored_voters(bot.database_url, guild_id, poll_id) == everyone
    await sandbox.standin.wait_until(lambda: voters_shown(poll) == len(everyone), 10, "the final tally")
    assert sandbox.standin.stats.rate_limited == 0
    assert not bot.unexpected_errors()


async def test_kill_9_mid_vote_burst_keeps_every_confirmed_vote(sandbox: Sandbox, bot_process: BotProcess) -> None:
    await kill_mid_burst(sandbox, bot_process, voters=30)


@pytest.mark.heavy
async def test_kill_9_mid_vote_burst_keeps_every_confirmed_vote_heavy(sandbox: Sandbox,
                                                                      bot_process: BotProcess) -> None:
    await kill_mid_burst(sandbox, bot_process, voters=80)


async def test_picks_on_a_panel_opened_before_a_restart_are_what_gets_saved(
        sandbox: Sandbox, bot_process: BotProcess) -> None:
    await bot_process.start()
    poll = await create_poll(sandbox, sandbox.member("Lynn St.Amour"), "Picks test")
    member = sandbox.member("Jutta Croll")
    panel = await member.click(poll, "Vote")
    await pick_yes(member, panel, 1)
    chosen = panel.message.components if panel.message else []
    slot_id = next(int(o["value"]) for row in chosen for c in row.get("components", [])
                   if ":pick:yes:" in str(c.get("custom_id")) for o in c["options"] if o.get("default"))
    await bot_process.kill()
    await bot_process.start()
    done = await member.click(panel, "Submit", wait_update=True, timeout=10)
    assert confirmed(done), done.content
    ballot = await stored_ballot(bot_process.database_url, sandbox.guild.id, poll_id_of(poll), member.id)
    assert ballot.get(slot_id) == Answer.YES, ballot
