"""/my schedule end to end: a member sees the polls they have not answered, meetings ahead with their roll-call
answer, their open action items and deliverables — with Discord timestamps and links — and nothing else."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.e2e.conftest import START, Convener
from tests.e2e.polls_support import create, vote


async def test_my_schedule_shows_what_concerns_the_member(convener: Convener) -> None:
    await convener.seed_profiles()
    lynn, jutta = convener.chair, convener.member("jutta")
    member, observer = convener.guild.role("Member"), convener.guild.role("Observer")
    empty = await jutta.slash("my schedule")
    assert empty.ephemeral and empty.content.startswith("🎉 Nothing waits for you in Working Group")

    # Polls: one to answer, one answered, one for observers only.
    await create(convener, title="December plenary", deadline="2026-12-01 18:00", expected_role=member)
    _, retreat = await create(convener, title="January retreat")
    await create(convener, title="Observers briefing", expected_role=observer)
    await vote(jutta, retreat, yes=[0])

    # A meeting now, where an action for Jutta is recorded and published; two meetings ahead.
    await lynn.slash("meeting schedule", title="WG-MWP", start="2026-11-23 09:30 UTC", channel="general")
    await convener.advance_to(START + timedelta(minutes=30))
    await lynn.slash("meeting start")
    action = await lynn.slash("action", text="Circulate the *framework*", owner=str(jutta.id), due="2026-12-04")
    assert "❌" not in action.content, action.content
    await convener.advance(hours=1)
    await lynn.slash("meeting end")
    meeting_id = (await convener.bot.services.meetings.search(convener.guild.id, "WG-MWP"))[0].id
    assert "❌" not in (await lynn.slash("minutes draft", meeting=meeting_id)).text()
    published = await lynn.slash("minutes publish", meeting=meeting_id)
    assert "❌" not in published.text(), published.text()
    await lynn.slash("meeting schedule", title="Plenary", start="2026-12-08 15:00 UTC", channel="general",
                     link="https://meet.example.org/plenary")
    await lynn.slash("meeting schedule", title="Retreat", start="2026-12-15 15:00 UTC", channel="general")
    plenary_id = (await convener.bot.services.meetings.search(convener.guild.id, "Plenary"))[0].id
    await jutta.slash("rollcall apologies", meeting=plenary_id)
    deliverable = await lynn.slash("deliverable create", title="Issue paper on data flows", owner=jutta.id,
                                   draft_due="2026-12-10")
    assert "❌" not in deliverable.content, deliverable.content

    shown = await jutta.slash("my schedule")
    text = shown.content
    assert shown.ephemeral and len(text) <= 2000
    assert text.startswith("🗓️ **Your schedule in Working Group** — times are shown in your own time zone; "
                           "due dates fall at 09:00 Europe/Berlin.")
    assert "**🗳️ Polls waiting for your vote (1)**" in text and "December plenary" in text
    assert "January retreat" not in text and "Observers briefing" not in text
    deadline = int(datetime(2026, 12, 1, 17, 0, tzinfo=UTC).timestamp())
    assert f"voting closes <t:{deadline}:R> (<t:{deadline}:f>) · https://discord.com/channels/" in text
    assert "**📅 Meetings ahead (2)**" in text
    assert re.search(r"\*\*Plenary\*\* — <t:\d+:F> \(<t:\d+:R>\) · roll call: Apologies · "
                     r"https://discord.com/channels/\d+/\d+ · <https://meet.example.org/plenary>", text)
    assert "**Retreat** — " in text and "roll call: not answered yet" in text
    due = int(datetime(2026, 12, 4, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")).timestamp())
    assert re.search(rf"• #\d+ Circulate the \\\*framework\\\* — due <t:{due}:D> \(<t:{due}:R>\)", text)
    assert "**📄 Your deliverables (1)**" in text and "**Issue paper on data flows** (outline) — draft due" in text
    # Someone else's schedule does not show Jutta's items.
    other = (await convener.member("danko").slash("my schedule")).content
    assert "Circulate" not in other and "Issue paper" not in other and "December plenary" in other
