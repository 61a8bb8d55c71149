"""Who can make convener ping people, and where it posts: only chairs target a role or chase non-voters, @everyone
is said plainly, and convener posts only where the member could post themselves (chairs included)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.sandbox.access import role_changed
from bot.sandbox.webhooks import DEFERRED_MESSAGE
from tests.e2e.abuse_support import Trace, pings, public_posts_where_they_cannot_post, restrict
from tests.e2e.conftest import Convener
from tests.e2e.polls_support import create, poll_id
from tests.e2e.security_support import rows_of

SLOTS = "2026-12-03 15:00, 2026-12-04 15:00"


@pytest.fixture
def convener_config() -> dict[str, dict[str, Any]]:
    return {"polls": {"tally_edit_interval": 0}}


async def test_only_chairs_target_a_role_or_chase_non_voters(convener: Convener) -> None:
    stage = await restrict(convener)
    gid, everyone = convener.guild.id, convener.guild.everyone
    before = await rows_of(convener, gid)
    for who in (convener.member("danko"), convener.member("pradeep"), stage.roleless):
        for role in (everyone, convener.guild.role("Member")):
            refused = await who.slash("poll create", title="Ping them all", slots=SLOTS, timezone="UTC",
                                      expected_role=role)
            assert refused.ephemeral and refused.content.startswith("🔒 Only chairs can choose who is expected"), \
                refused.content
    assert await rows_of(convener, gid) == before

    # A member's own poll (the Member role is expected by default) is never chased on their say-so.
    _, poll = await create(convener, convener.member("danko"), title="Danko's poll", deadline="2026-12-02 12:00")
    trace = Trace.of(convener)
    refused = await convener.member("danko").slash("poll remind", poll=poll_id(poll))
    assert refused.ephemeral and "Only chairs can remind non-voters" in refused.content, refused.content
    pending = await convener.bot.services.reminders.list_pending(gid, kinds=["poll.last_call", "poll.close"])
    assert [r.kind for r in pending] == ["poll.close"], "a member's poll must not get a last call pinging everyone"
    assert not [pings(m) for m in trace.since(convener) if pings(m)]

    # A chair may expect @everyone; the confirmation says so plainly.
    chair = await convener.chair.slash("poll create", title="Everyone", slots=SLOTS, timezone="UTC",
                                       expected_role=everyone)
    people = sum(1 for m in convener.guild.members.values() if not m.user.bot)
    assert f"👥 Expected to vote: **everyone in this server** ({people} members)" in chair.content, chair.content


async def test_convener_posts_only_where_the_member_could_post(convener: Convener) -> None:
    stage = await restrict(convener)
    danko, vic, lynn = convener.member("danko"), stage.vice_chair, convener.chair
    gid = convener.guild.id
    before, trace = await rows_of(convener, gid), Trace.of(convener)

    # In the read-only channel a member cannot start a poll there, nor post results there.
    refused = await danko.slash("poll create", title="Here", slots=SLOTS, timezone="UTC", channel=stage.read_only)
    assert refused.ephemeral and refused.content.startswith("🔒 You cannot send messages in"), refused.content
    assert await rows_of(convener, gid) == before
    _, poll = await create(convener, lynn, title="Plenary", expected_role=convener.guild.role("Member"))
    results = await danko.slash("poll results", poll=poll_id(poll), public=True, channel=stage.read_only)
    assert results.ephemeral and "Shown only to you" in results.content and results.embeds

    # A chair without the right to write in #announcements cannot make convener post or ping there.
    lynn_poll = await lynn.slash("poll create", title="Announced", slots=SLOTS, timezone="UTC",
                                 expected_role=convener.guild.role("Member"), channel=stage.read_only)
    assert "✅ Poll" in lynn_poll.content, lynn_poll.content
    announced = int(lynn_poll.content.split("#")[1].split(" ")[0])
    meeting = await convener.bot.services.meetings.schedule(
        gid, title="Drafted", start=convener.clock.now() + timedelta(hours=1), timezone="UTC")
    await convener.bot.services.minutes.draft(gid, meeting.id, lynn.id)
    trace = Trace.of(convener)
    for command, options in [("poll remind", {"poll": announced}), ("poll close", {"poll": announced}),
                             ("remind set", {"when": "2026-12-09 09:00", "text": "Due", "channel": stage.read_only}),
                             ("meeting schedule", {"title": "WG", "start": "2026-12-20 10:00",
                                                   "channel": stage.read_only}),
                             ("setup channels", {"minutes": stage.read_only}),
                             ("minutes circulate", {"meeting": meeting.id})]:
        reply = await vic.slash(command, options=options, channel=stage.read_only)
        assert reply.ephemeral and reply.content.startswith("🔒 You cannot send messages in"), (command, reply.content)
    assert not public_posts_where_they_cannot_post(convener, vic, trace.since(convener))
    assert not [pings(m) for m in trace.since(convener) if pings(m)]

    # Mentioning a role needs what Discord asks of the member: a mentionable role, or Mention @everyone.
    observer = convener.guild.role("Observer")
    observer.mentionable = False
    await role_changed(convener.standin, observer, gid)
    await convener.standin.wait_until(lambda: not convener.bot.get_guild(gid).get_role(observer.id).mentionable,
                                      5.0, "the role update")
    refused = await vic.slash("remind set", when="2026-12-09 09:00", text="Observers", role=observer)
    assert refused.content.startswith("🔒 You cannot mention"), refused.content
    refused = await vic.slash("remind set", when="2026-12-09 09:00", text="All", role=convener.guild.everyone)
    assert refused.content.startswith("❌ convener never pings @everyone"), refused.content
    assert "Reminder `" in (await lynn.slash("remind set", when="2026-12-09 09:00", text="Observers",
                                             role=observer)).content


async def test_poll_remind_answers_at_once_even_when_discord_is_slow(convener: Convener) -> None:
    _, poll = await create(convener, title="Slow", expected_role=convener.guild.role("Member"))
    # Posting the pings takes longer than the window to answer (rate limits did it at 5 s of Discord's 3).
    convener.standin.ack_deadline = 2.0
    convener.standin.faults.inject("POST /channels/{channel_id}/messages", status=None, delay=2.5, count=1)
    reply = await convener.chair.slash("poll remind", poll=poll_id(poll), timeout=10)
    assert reply.type == DEFERRED_MESSAGE and "Reminded" in reply.content, reply.content
    assert reply.interaction.latency is not None and reply.interaction.latency < 2.0
