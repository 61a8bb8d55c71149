"""Network faults during a vote burst: the gateway drops (RESUME), 429 storms and 5xx answers on message edits.

In-process bot (the `convener` fixture) with its fake clock; the stand-in injects the faults.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import pytest

from bot.sandbox import Reply, Session, SimMember
from tests.e2e.conftest import Convener
from tests.e2e.polls_support import create, poll_id, tallies
from tests.reliability.voting import confirmed, open_panels, pick_yes, voters_shown

POLL_EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"
# A Submit is answered in its interaction callback (UPDATE_MESSAGE) when the ballot is stored quickly, which it is
# here; under a slow database it is deferred and the panel edited through the webhook route instead.
PANEL_ANSWER = "POST /interactions/{interaction_id}/{interaction_token}/callback"
PACE = 0.01


async def prepared(convener: Convener, voters: int, title: str) -> tuple[Any, list[SimMember], list[Reply]]:
    """A poll and ``voters`` members with their panels open and one slot ticked (slot i % 3)."""
    _, poll = await create(convener, title=title, timezone="UTC")
    members = [await convener.sandbox.join(f"Voter {i:03d}") for i in range(voters)]
    panels = await open_panels(members, poll)
    for start in range(0, voters, 12):
        await asyncio.gather(*(pick_yes(m, p, (start + i) % 3) for i, (m, p) in
                               enumerate(zip(members[start:start + 12], panels[start:start + 12], strict=True))))
    return poll, members, panels


def expected_tallies(voters: int) -> list[tuple[int, int]]:
    return [(sum(1 for i in range(voters) if i % 3 == slot), 0) for slot in range(3)]


async def paced_submits(members: Sequence[SimMember], panels: Sequence[Reply]) -> list[asyncio.Task[Reply]]:
    tasks = []
    for member, panel in zip(members, panels, strict=True):
        tasks.append(asyncio.create_task(member.click(panel, "Submit", wait_update=True, timeout=10)))
        await asyncio.sleep(PACE)
    return tasks


async def check_final(convener: Convener, poll: Any, voters: int) -> None:
    """Every ballot stored, and the poll message ends up showing exactly what is stored."""
    tally = await convener.bot.services.polls.tally(convener.guild.id, poll_id(poll))
    assert tally.voters == voters
    await convener.standin.wait_until(
        lambda: voters_shown(poll) == voters and tallies(poll) == expected_tallies(voters), 15, "the final tally")


async def drop_during_burst(convener: Convener, voters: int, drops: int) -> None:
    standin = convener.standin
    poll, members, panels = await prepared(convener, voters, "Resume test")
    identifies, resumes = len(standin.gateway.identifies), len(standin.gateway.resumes)
    reserved: list[Reply] = []
    buffered: list[str] = []  # interactions sent while the bot was disconnected, replayed on RESUME

    def watch(event: str, data: dict[str, Any], session: Session) -> None:
        if event == "INTERACTION_CREATE" and session.conn is None:
            buffered.append(data["id"])

    standin.gateway.listeners.append(watch)
    sender = asyncio.create_task(paced_submits(members[drops:], panels[drops:]))
    for number in range(1, drops + 1):
        await standin.wait_until(lambda n=number: sum(map(confirmed, panels)) >= voters * n // (drops + 2), 20,
                                 "votes before the drop")
        assert await standin.faults.drop_gateway(4000) == 1
        # Awaited at once: the click is dispatched before the bot can reconnect, so it waits for the RESUME.
        reserved.append(await members[number - 1].click(panels[number - 1], "Submit", wait_update=True, timeout=10))
        await standin.wait_until(lambda n=number: len(standin.gateway.resumes) >= resumes + n, 10, "RESUME")
    answers = reserved + await asyncio.gather(*await sender)
    assert all(confirmed(a) for a in answers), [a.content for a in answers if not confirmed(a)]
    assert len(buffered) >= drops, buffered
    assert len(standin.gateway.identifies) == identifies, "the bot identified anew instead of resuming"
    assert len(standin.gateway.resumes) == resumes + drops
    await check_final(convener, poll, voters)


async def test_gateway_drop_mid_burst_resumes_and_loses_no_interaction(convener: Convener,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, "convener.errors"):
        await drop_during_burst(convener, voters=30, drops=1)
    assert "unexpected error" not in caplog.text


@pytest.mark.heavy
async def test_gateway_drops_mid_burst_heavy(convener: Convener, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, "convener.errors"):
        await drop_during_burst(convener, voters=150, drops=3)
    assert "unexpected error" not in caplog.text


async def storm(convener: Convener, voters: int, edit_429s: int, panel_429s: int) -> None:
    standin = convener.standin
    poll, members, panels = await prepared(convener, voters, "Storm test")
    # discord.py retries 500/502/504 (after 1 + 2·attempt seconds: first, to keep the test quick) and up to five
    # 429s per request; a 503 it does not retry, so the poll refresh fails once and the coalescer tries again.
    faults = [standin.faults.inject(POLL_EDIT, status=503, count=1),
              standin.faults.inject(POLL_EDIT, status=429, count=edit_429s, retry_after=0.05),
              standin.faults.inject(PANEL_ANSWER, status=500, count=1),
              standin.faults.inject(PANEL_ANSWER, status=429, count=panel_429s, retry_after=0.05)]
    limited = standin.stats.rate_limited
    answers = await asyncio.gather(*await paced_submits(members, panels))
    assert all(confirmed(a) for a in answers), [a.content for a in answers if not confirmed(a)]
    await check_final(convener, poll, voters)
    assert [f.hits for f in faults] == [1, edit_429s, 1, panel_429s], "every injected fault was met and retried"
    # The only 429s are the injected ones: retries respect retry_after and the tally edits stay coalesced.
    assert standin.stats.rate_limited - limited == edit_429s + panel_429s


async def test_429_storms_and_5xx_on_edits_are_retried(convener: Convener,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, "convener.errors"):
        await storm(convener, voters=20, edit_429s=3, panel_429s=3)
    assert "unexpected error" not in caplog.text


@pytest.mark.heavy
async def test_429_storms_and_5xx_on_edits_heavy(convener: Convener, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, "convener.errors"):
        await storm(convener, voters=90, edit_429s=8, panel_429s=3)
    assert "unexpected error" not in caplog.text


async def test_a_storm_after_the_last_vote_still_ends_with_the_right_tally(convener: Convener) -> None:
    standin = convener.standin
    poll, members, panels = await prepared(convener, 4, "Stale test")
    for member, panel in zip(members[:3], panels[:3], strict=True):
        assert confirmed(await member.click(panel, "Submit", wait_update=True))
    await standin.wait_until(lambda: voters_shown(poll) == 3, 10, "the tally before the storm")
    standin.faults.inject(POLL_EDIT, status=503, count=1)
    standin.faults.inject(POLL_EDIT, status=429, count=10, retry_after=0.05)
    assert confirmed(await members[3].click(panels[3], "Submit", wait_update=True))
    # Retries back off (1 s, 2 s, …) while Discord refuses edits; the final tally must still arrive.
    await standin.wait_until(lambda: voters_shown(poll) == 4, 15, "the last vote on the poll message")
