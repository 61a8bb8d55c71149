"""/remind end to end: set, list, cancel, errors, and what happens across restarts and downtime."""

from __future__ import annotations

import logging
from contextlib import AsyncExitStack
from datetime import timedelta

import pytest

from storage.repositories.reminders import ReminderQueue
from tests.e2e.conftest import START, Convener, _start_bot


def posted(convener: Convener, channel: str, needle: str) -> list[str]:
    return [m.content for m in convener.standin.messages(channel) if needle in m.content]


async def down_for(convener: Convener, delta: timedelta) -> None:
    """Stop the bot, let ``delta`` pass, start a new one on the same database (as after an outage)."""
    await convener.stack.aclose()
    convener.clock.advance(delta)
    convener.stack = AsyncExitStack()
    convener.bot = await _start_bot(convener.stack, convener.sandbox, convener.config, convener.clock)


async def test_set_list_send_and_cancel(convener: Convener) -> None:
    await convener.seed_profiles()
    lynn = convener.chair  # New York: 10:00 there is 15:00 UTC
    member = convener.guild.role("Member")
    reply = await lynn.slash("remind set", when="2026-11-24 10:00", text="Issue paper drafts are due @everyone",
                             role="Member", channel="announcements")
    due = START.replace(day=24, hour=15)
    unix = int(due.timestamp())
    announcements = convener.channel("announcements")
    assert reply.ephemeral and reply.content.startswith("⏰ Reminder `")
    assert f"set for <t:{unix}:F> (<t:{unix}:R>) in <#{announcements.id}>, mentioning <@&{member.id}>" in reply.content
    other = await lynn.slash("remind set", when="in 2d", text="Second one")
    listed = await convener.member("danko").slash("remind list")
    assert listed.ephemeral
    assert f"<t:{unix}:F> (<t:{unix}:R>) — announcement in <#{announcements.id}> for <@&{member.id}>: Issue paper" \
        in listed.content
    assert "Second one" in listed.content
    choices = await lynn.autocomplete("remind cancel", "reminder", "second")
    assert [c["name"].split(" — ")[-1] for c in choices] == ["Second one"]
    cancelled = await lynn.slash("remind cancel", reminder=choices[0]["value"])
    assert cancelled.ephemeral and cancelled.content.startswith(f"🗑️ Cancelled reminder `{choices[0]['value']}`")
    assert "Second one" not in (await lynn.slash("remind list")).content
    assert other.ephemeral

    convener.clock.set(due)
    await convener.bot.services.reminders.run_due()
    message = await convener.standin.wait_for_message("announcements", lambda m: "Issue paper" in m.content)
    assert message.content == f"<@&{member.id}> Issue paper drafts are due @everyone"
    mentions = message.allowed_mentions or {}
    assert mentions.get("parse") == [] and [str(r) for r in mentions.get("roles", [])] == [str(member.id)]
    assert "No pending reminders" in (await lynn.slash("remind list")).content


async def test_errors_and_permissions(convener: Convener) -> None:
    lynn = convener.chair
    for options, needle in (({"when": "whenever"}, "❌ `whenever` is not a date and time I understand"),
                            ({"when": "2026-11-20 10:00"}, "is in the past"),
                            ({"when": "2028-01-01 10:00"}, "at most one year ahead"),
                            ({"when": "in 2h", "text": "   "}, "cannot be empty")):
        reply = await lynn.slash("remind set", options={"text": "Deadline", **options})
        assert reply.ephemeral and needle in reply.content, reply.content
    everyone = await lynn.slash("remind set", when="in 2h", text="All hands", role=convener.guild.everyone)
    assert everyone.ephemeral and "never pings @everyone" in everyone.content
    assert "No pending reminders" in (await lynn.slash("remind list")).content
    refused = await convener.member("jutta").slash("remind set", when="in 2h", text="x")
    assert refused.ephemeral and refused.content.startswith("🔒 Only chairs")
    missing = await lynn.slash("remind cancel", reminder=12345)
    assert missing.ephemeral and "There is no pending reminder #12345 in this server" in missing.content
    assert "No pending reminders" in (await lynn.slash("remind list")).content


async def test_an_outage_skips_what_is_beyond_the_grace_period_and_sends_the_rest_once(
        convener: Convener, caplog: pytest.LogCaptureFixture) -> None:
    await convener.chair.slash("remind set", when="in 1h", text="Registration closes")  # 7 h late: skipped
    await convener.chair.slash("remind set", when="in 6h", text="Comments on the draft close")  # 2 h late: sent
    with caplog.at_level(logging.WARNING, "bot.services.reminders"):
        await down_for(convener, timedelta(hours=8))
    assert "beyond the grace period: skipped" in caplog.text
    await convener.bot.services.reminders.run_due()  # whether or not the start-up job got there first
    await convener.standin.wait_for_message("general", lambda m: "Comments on the draft" in m.content)
    await convener.restart()
    await convener.bot.services.reminders.run_due()
    assert len(posted(convener, "general", "Comments on the draft")) == 1
    assert posted(convener, "general", "Registration closes") == []
    async with convener.bot.db.reader() as session:
        assert await ReminderQueue(session).count_by_state() == {"sent": 1, "skipped": 1}
    assert "No pending reminders" in (await convener.chair.slash("remind list")).content
