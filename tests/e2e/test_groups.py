"""Drafting groups end to end: created with a balance rule that first fails then holds, a private thread only
its members see, a poll in the thread voted on by the group, the group's own meeting, the report back to the
plenary agenda, and /privacy forget taking a member out of the group and its thread."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.sandbox import SandboxError
from tests.e2e.conftest import Convener

RULE = "2 Government, 2 non-Government"


async def make_group(convener: Convener) -> tuple[int, int]:
    await convener.seed_profiles()
    keys = ("concettina", "jutta", "danko")
    members = " ".join(convener.member(k).mention for k in keys)
    created = await convener.chair.slash("group create", name="Strategic work programme", members=members, rule=RULE)
    assert created.ephemeral, created.content
    group_id = int(re.search(r"Drafting group #(\d+)", created.content).group(1))  # type: ignore[union-attr]
    thread_id = int(re.search(r"<#(\d+)>", created.content).group(1))  # type: ignore[union-attr]
    return group_id, thread_id


async def test_balance_first_fails_then_holds(convener: Convener) -> None:
    group_id, thread_id = await make_group(convener)
    shown = await convener.member("xiaofeng").slash("group show", group=group_id)
    assert "Balance rule: 2 Government, 2 non-Government" in shown.content
    assert "⚠️ The balance does not hold:\n• 1 more Government needed" in shown.content
    assert "Cassa, Concettina (Government)" in shown.content

    # A second government member joins: the rule holds.
    nitin = convener.member("Nitin Desai")
    await nitin.slash("profile group", group="government")  # the spelling already in use is kept
    added = await convener.chair.slash("group add", group=group_id, member=nitin.name)
    assert "✅ The balance holds." in added.content, added.content
    thread = convener.standin.world.channels[thread_id]
    assert thread.type == 12 and not thread.invitable
    assert nitin.id in thread.thread_members

    # A third non-government member is one too many.
    more = await convener.chair.slash("group add", group=group_id, member=convener.member("flavio").name)
    assert "• beyond the rule: Wagner, Flávio (Civil society)" in more.content
    refused = await convener.member("jutta").slash("group add", group=group_id, member=nitin.name)
    assert refused.ephemeral and refused.content.startswith("🔒")
    bad = await convener.chair.slash("group rule", group=group_id, rule="five Government")
    assert bad.ephemeral and "is not a part of a balance rule" in bad.content


async def test_thread_polls_and_meetings_belong_to_the_group(convener: Convener) -> None:
    group_id, thread_id = await make_group(convener)
    thread = convener.standin.world.channels[thread_id]
    members = {convener.member(k).id for k in ("concettina", "jutta", "danko")}
    assert set(thread.thread_members) - {convener.bot.user.id} == members  # type: ignore[union-attr]
    welcome = convener.standin.messages(thread)[0]
    assert "private thread of the drafting group “Strategic work programme”" in welcome.content
    with pytest.raises(SandboxError, match="cannot see"):
        await convener.member("lianna").slash("group list", channel=thread)

    jutta = convener.member("jutta")
    made = await jutta.slash("poll create", channel=thread, title="Drafting call",
                             slots="Dec 1 15:00, Dec 2 15:00", timezone="UTC")
    assert "✅ Poll" in made.content, made.content
    pid = int(re.search(r"#(\d+)", made.content).group(1))  # type: ignore[union-attr]
    reminded = await jutta.slash("poll remind", poll=pid)
    assert "Reminded 3 members" in reminded.content, reminded.content
    ping = await convener.standin.wait_for_message(thread, lambda m: "Reminder: please vote" in m.content)
    assert {u.id for u in ping.mentions} == members

    refused = await convener.member("lianna").slash("group meeting", group=group_id, start="2026-12-03 15:00")
    assert refused.ephemeral and "Only members of “Strategic work programme”" in refused.content
    scheduled = await convener.member("danko").slash("group meeting", group=group_id, start="2026-12-03 15:00",
                                                     timezone="UTC")
    assert "Drafting group: Strategic work programme" in scheduled.content, scheduled.content
    meeting = (await convener.bot.services.meetings.upcoming(convener.guild.id))[0]
    assert meeting.channel_id == thread_id
    assert await convener.bot.services.groups.members_of_thread(convener.guild.id, meeting.channel_id) == \
        [convener.member(k).id for k in ("concettina", "jutta", "danko")]

    plenary = await convener.bot.services.meetings.schedule(
        convener.guild.id, title="WG-MWP", start=datetime(2026, 12, 10, 15, tzinfo=UTC), timezone="UTC")
    reported = await convener.chair.slash("group report", group=group_id, meeting=plenary.id)
    assert "“Report of the drafting group “Strategic work programme”” is on the agenda" in reported.content
    agenda = await convener.chair.slash("agenda show", meeting=plenary.id)
    assert "Report of the drafting group “Strategic work programme”" in agenda.content


async def test_forget_removes_the_member_from_group_and_thread(convener: Convener) -> None:
    group_id, thread_id = await make_group(convener)
    jutta = convener.member("jutta")
    done = await jutta.click(await jutta.slash("privacy forget"), "Forget")
    assert "• drafting-group memberships: 1" in done.content, done.content
    await convener.standin.wait_until(lambda: jutta.id not in convener.standin.world.channels[thread_id].thread_members)
    shown = await convener.chair.slash("group show", group=group_id)
    assert "Members (2)" in shown.content


async def test_the_threads_welcome_is_in_the_servers_language(convener: Convener) -> None:
    # The whole group reads it, not only the chair who created the group.
    await convener.seed_profiles()
    await convener.chair.slash("profile language", language="fr")
    members = " ".join(convener.member(k).mention for k in ("concettina", "jutta", "danko"))
    created = await convener.chair.slash("group create", name="Strategic work programme", members=members, rule=RULE)
    thread_id = int(re.search(r"<#(\d+)>", created.content).group(1))  # type: ignore[union-attr]
    [welcome] = convener.standin.messages(convener.standin.world.channels[thread_id])[:1]
    assert welcome.content.startswith("👋 This is the private thread of the drafting group"), welcome.content
