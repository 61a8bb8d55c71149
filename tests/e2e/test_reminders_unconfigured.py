"""Reminders on a server nobody has configured yet (no /setup roles): they still reach every member."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.conftest import Convener


async def test_a_meeting_reminder_without_a_mapped_member_role_mentions_each_member(convener: Convener) -> None:
    await convener.chair.slash("meeting schedule", title="Budget review", start="2026-11-25 15:00", timezone="UTC")
    await convener.advance_to(datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    reminders = [m for m in convener.standin.messages("general") if "⏰ **Budget review**" in m.content]
    member_role = convener.guild.role("Member")
    holders = {m.id for m in convener.guild.members.values() if member_role in m.roles}
    assert len(reminders) == 1, [m.content for m in convener.standin.messages("general")]
    assert {u.id for u in reminders[0].mentions} == holders
