"""An interaction delivered twice (a resumed gateway session, a second process on the same shard) runs once."""

from __future__ import annotations

from contextlib import AsyncExitStack

from bot.sandbox import Reply
from tests.e2e.conftest import Convener, _start_bot
from tests.e2e.test_minutes import end_live, scheduled, start_live


async def replayed(convener: Convener, reply: Reply, deliveries: int = 1) -> None:
    """Deliver ``reply``'s interaction again and wait until every process that got it dropped it, or ran it
    again (then answering a second time fails: Discord says it was already acknowledged)."""
    before = convener.bot.services.replays.dropped
    await convener.chair.replay(reply)  # the same payload: who sends it does not matter
    await convener.standin.wait_until(
        lambda: reply.interaction.errors or convener.bot.services.replays.dropped >= before + deliveries,
        5.0, "the replay to be dropped or run")


async def test_a_replayed_command_runs_once(convener: Convener) -> None:
    lynn, gid, services = convener.chair, convener.guild.id, convener.bot.services
    scheduled_reply = await lynn.slash("meeting schedule", title="Plenary", start="2026-12-20 10:00", timezone="UTC")
    await replayed(convener, scheduled_reply)
    reminder = await lynn.slash("remind set", when="2026-12-09 09:00", text="Paper due tomorrow")
    await replayed(convener, reminder)
    assert [m.title for m in await services.meetings.upcoming(gid)] == ["Plenary"]
    assert [r.text for r in await services.reminders.list_pending(gid, kinds=["text"])] == ["Paper due tomorrow"]
    assert not scheduled_reply.interaction.errors and not reminder.interaction.errors


async def test_a_replayed_form_and_button_run_once(convener: Convener) -> None:
    meeting = await scheduled(convener)
    lynn = convener.chair
    await start_live(convener, meeting)
    await end_live(convener, meeting)
    await lynn.slash("minutes draft", meeting=meeting.id)
    sections = await lynn.autocomplete("minutes edit", "section", "aob", meeting=meeting.id)
    form = await lynn.slash("minutes edit", meeting=meeting.id, section=sections[0]["value"])
    saved = await lynn.submit_modal(form, {"Section text (Markdown)": "No other business was raised."})
    await replayed(convener, saved)
    assert await convener.bot.services.minutes.versions(convener.guild.id, meeting.id) == 2
    forget = await convener.member("danko").slash("privacy forget")
    done = await convener.member("danko").click(forget, "Forget")
    await replayed(convener, done)
    assert not done.interaction.errors


async def test_a_replay_reaching_another_process_runs_once(convener: Convener) -> None:
    """Two processes on one database, both connected for the guild: the one that did not run the interaction
    learns from the database that it was taken on."""
    async with AsyncExitStack() as stack:
        second = await _start_bot(stack, convener.sandbox, convener.config, convener.clock)
        reply = await convener.chair.slash("meeting schedule", title="Plenary", start="2026-12-20 10:00",
                                           timezone="UTC")
        bots = (convener.bot, second)
        before = sum(b.services.replays.dropped for b in bots)
        await convener.chair.replay(reply)
        await convener.standin.wait_until(
            lambda: reply.interaction.errors or sum(b.services.replays.dropped for b in bots) >= before + 2,
            5.0, "both processes to drop the replay")
        assert [m.title for m in await convener.bot.services.meetings.upcoming(convener.guild.id)] == ["Plenary"]
        assert not reply.interaction.errors
