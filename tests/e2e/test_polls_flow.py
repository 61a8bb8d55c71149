"""The whole life of a poll with 20 members in four time zones, at the default one edit per second.

Members vote at once and change votes, one clicks Vote on a message posted before a bot restart, the
reminder pings only non-voters, the last call and the deadline fire from the scheduler, the chair finalizes.
"""

from __future__ import annotations

import asyncio
import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.sandbox import Message, SimMember
from tests.e2e.conftest import Convener
from tests.e2e.polls_support import (
    button,
    create,
    description,
    option_values,
    poll_id,
    select_id,
    tallies,
    until_shows,
    vote,
)

ZONES = ["America/New_York", "Europe/Berlin", "Asia/Shanghai", "America/Sao_Paulo"]
DEADLINE = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
# Six slots typed in UTC: early and late ones are unfair to someone in every zone.
SLOTS = ("2026-11-30 06:00, 2026-11-30 13:00, 2026-11-30 20:00, "
         "2026-12-01 02:00, 2026-12-01 13:00, 2026-12-01 15:30-17:00")


async def twenty_members(convener: Convener) -> list[SimMember]:
    """The cast's six Members plus fourteen who join now, spread over four zones, with profiles."""
    members = [convener.member(k) for k in ("concettina", "jutta", "lianna", "danko", "xiaofeng", "flavio")]
    for number in range(14):
        members.append(await convener.sandbox.join(f"Delegate {number:02d}", ["Member"]))
    profiles = convener.bot.services.profiles
    for index, member in enumerate(members):
        await profiles.set_timezone(convener.guild.id, member.id, ZONES[index % 4])
    return members


def edit_times(message: Message) -> list[float]:
    return list(message.edit_wall_times)


@dataclass
class Ballots:
    """What each member chose (yes slots, maybe slots) and who has voted so far."""

    members: list[SimMember]
    choices: dict[int, tuple[list[int], list[int]]]
    voters: set[int] = field(default_factory=set)

    def expected(self) -> list[tuple[int, int]]:
        """(yes, maybe) per slot as the poll should count them."""
        voted = [self.choices[m.id] for m in self.members if m.id in self.voters]
        return [(sum(s in yes for yes, _ in voted), sum(s in maybe for _, maybe in voted)) for s in range(6)]


def random_ballots(members: list[SimMember]) -> Ballots:
    rng = random.Random(5)
    choices = {m.id: (sorted(rng.sample(range(6), 3)), [rng.randrange(6)]) for m in members}
    for member in members:
        yes, maybe = choices[member.id]
        choices[member.id] = (yes, [s for s in maybe if s not in yes])
    return Ballots(members, choices)


async def test_poll_from_creation_to_meeting(convener: Convener) -> None:
    members = await twenty_members(convener)
    lynn = convener.chair
    _, poll = await create(convener, title="WG-MWP December", slots=SLOTS, timezone="UTC",
                           deadline="2026-11-26 09:00", expected_role=convener.guild.role("Member"))
    pid = poll_id(poll)
    ballots = random_ballots(members)
    await _fifteen_vote_at_once_and_three_change(convener, poll, ballots)
    await _a_vote_after_the_bot_restarts(convener, poll, ballots)
    await _reminders_reach_only_the_four_who_have_not_voted(convener, pid, members)
    await _the_deadline_closes_the_poll(convener, poll, pid, straggler=members[19])

    # Results: ranking with reasons and fairness for members in their own zones.
    results = await lynn.slash("poll results", poll=pid)
    text = results.text()
    assert text.index("**1.**") < text.index("**2.**") and "🌙" in text and "(Asia/Shanghai)" in text
    assert results.attachments and results.attachments[0].filename == "heatmap.png"

    # The chair picks the best slot; the meeting is created and the poll shows it.
    best = (await lynn.autocomplete("poll finalize", "slot", "", poll=pid))[0]["value"]
    done = await lynn.slash("poll finalize", poll=pid, slot=best)
    assert "meeting #" in done.content
    await until_shows(convener, poll, lambda m: "Chosen" in description(m), timeout=10)
    meetings = await convener.bot.services.meetings.upcoming(convener.guild.id)
    assert [m.poll_id for m in meetings] == [pid]
    assert convener.standin.stats.rate_limited == 0


async def _fifteen_vote_at_once_and_three_change(convener: Convener, poll: Message, ballots: Ballots) -> None:
    """The tally follows at about one edit per second, not one per vote; quorum is announced to the chair once."""
    members, choices = ballots.members, ballots.choices
    started = len(poll.edit_wall_times)
    await asyncio.gather(*(vote(m, poll, *choices[m.id]) for m in members[:15]))

    # Three of them change their minds.
    for member in members[:3]:
        choices[member.id] = ([5], [4])
        await vote(member, poll, *choices[member.id])

    ballots.voters |= {m.id for m in members[:15]}
    await until_shows(convener, poll, lambda m: tallies(m) == ballots.expected(), timeout=10)
    times = edit_times(poll)[started:]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(times) < 15 and all(gap >= 0.95 for gap in gaps), gaps  # ~1 edit per second, not one per vote
    assert convener.standin.stats.by_route.get("PATCH /channels/{channel_id}/messages/{message_id}", 0) >= 1
    assert "**15** voted" in description(poll)

    # Quorum (half of the 20 expected members) was announced to the chair once.
    chair = convener.chair.member.user
    dms = await convener.standin.wait_until(
        lambda: [m for m in convener.standin.dms(chair) if "Quorum reached" in m.content], 5, "quorum DM")
    assert len(dms) == 1 and "of 20 expected members" in dms[0].content


async def _a_vote_after_the_bot_restarts(convener: Convener, poll: Message, ballots: Ballots) -> None:
    """The Vote button on the message posted before the restart still works."""
    await convener.restart()
    late_voter = ballots.members[15]
    ballots.choices[late_voter.id] = ([0, 1], [])
    await vote(late_voter, poll, *ballots.choices[late_voter.id])
    ballots.voters.add(late_voter.id)
    await until_shows(convener, poll, lambda m: "**16** voted" in description(m), timeout=10)


async def _reminders_reach_only_the_four_who_have_not_voted(convener: Convener, pid: int,
                                                            members: list[SimMember]) -> None:
    """The chair's reminder, then the last call 24 h before the deadline from the scheduler's table."""
    reminded = await convener.chair.slash("poll remind", poll=pid)
    assert "Reminded 4 members" in reminded.content
    ping = await convener.standin.wait_for_message("general", lambda m: "Reminder: please vote" in m.content)
    assert {u.id for u in ping.mentions} == {m.id for m in members[16:]}

    convener.clock.set(DEADLINE - timedelta(hours=24))
    await convener.bot.services.reminders.run_due()
    last_call = await convener.standin.wait_for_message("general", lambda m: "Last call" in m.content)
    assert {u.id for u in last_call.mentions} == {m.id for m in members[16:]}


async def _the_deadline_closes_the_poll(convener: Convener, poll: Message, pid: int, straggler: SimMember) -> None:
    """A member opens the panel just before the deadline and submits just after it: refused, the poll closed."""
    panel = await straggler.click(poll, "Vote")
    await straggler.select(panel, select_id(panel, "yes"), option_values(panel)[:1], wait_update=True)
    convener.clock.set(DEADLINE)
    assert await convener.bot.services.reminders.run_due() >= 1
    summary = await convener.standin.wait_for_message("general", lambda m: "is closed: 16 voted" in m.content)
    assert summary.attachments[0].filename == f"poll-{pid}-heatmap.png"
    refused = await straggler.click(panel, "Submit", wait_update=True)
    # Answered at once, or acknowledged first and followed up when the database was slow.
    error = refused.followups[-1] if refused.followups else refused
    assert error.ephemeral and "is closed; your ballot was not saved" in error.content
    await until_shows(convener, poll, lambda m: button(m, "Vote").get("disabled") is True, timeout=10)
