"""MinutesService, publication and what follows it: posting, tracked and carried actions, due reminders, open
actions across the series, forgetting a member; with the real services on a temp SQLite database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.minutes import Owner
from bot.errors import Conflict, Forbidden, NotFound
from bot.render.agenda import agenda_text
from bot.services.minutes_actions import DUE_KIND, REVIEW_ITEM
from storage.db import Database
from tests.support_minutes import (
    CHAIR,
    DANKO,
    GUILD,
    JUTTA,
    MEETING_CHANNEL,
    MINUTES_CHANNEL,
    OTHER_GUILD,
    World,
    go_live,
    publish_seed,
    seeded_world,
)


@pytest.fixture
async def world(any_db: Database) -> World:
    return await seeded_world(any_db)


async def test_publish_posts_marks_done_tracks_and_carries_actions(world: World) -> None:
    await world.services.settings.set_channels(GUILD, None, MINUTES_CHANNEL)
    await publish_seed(world)
    minutes = world.services.minutes
    result = await minutes.publish(GUILD, world.meeting.id, CHAIR)

    posted = [s for s in world.outbox.sent if s.channel_id == MINUTES_CHANNEL]
    assert posted and all(len(s.content) <= 2000 for s in posted)
    mid = world.meeting.id
    assert [f.filename for f in posted[-1].files] == [f"minutes-{mid}.md", f"minutes-{mid}.txt"]
    assert result.message_ids == [10_000 + i for i in range(1, len(posted) + 1)]
    assert (await world.services.meetings.get(GUILD, world.meeting.id)).status == "done"

    assert [a.text for a in result.actions] == ["Prepare the concrete proposal", "Send a doodle poll"]
    assert result.reminders == 1  # the undated action gets none
    reminder = (await world.services.reminders.pending(GUILD, DUE_KIND))[0]
    # due 30 Nov, 09:00 in Jutta's zone (server default UTC) minus 24 h
    assert reminder.due_at == datetime(2026, 11, 29, 9, 0, tzinfo=UTC) and reminder.channel_id == MEETING_CHANNEL

    assert result.next_meeting is not None and result.next_meeting.start == datetime(2026, 12, 7, 15, tzinfo=UTC)
    agenda = await world.services.agendas.get(GUILD, result.next_meeting.id)
    review = next(item for item in agenda.items if item.title == REVIEW_ITEM)
    assert [c.title for c in review.children] == [a.agenda_title() for a in result.actions]

    with pytest.raises(Conflict, match="were published"):
        await minutes.publish(GUILD, world.meeting.id, CHAIR)
    with pytest.raises(Conflict, match="were published"):
        await minutes.draft(GUILD, world.meeting.id, CHAIR)
    entry = (await minutes.entries(GUILD, world.meeting.id))[0]
    with pytest.raises(Conflict, match="were published"):
        await minutes.capture.drop(GUILD, entry.id)


async def test_publish_refuses_live_meetings_and_needs_a_channel(world: World) -> None:
    await go_live(world)
    with pytest.raises(Conflict, match="still live"):
        await world.services.minutes.publish(GUILD, world.meeting.id, CHAIR)
    await world.services.meetings.end_live(GUILD, world.meeting.id)
    one_off = await world.services.meetings.schedule(GUILD, title="One-off",
                                                     start=datetime(2026, 11, 24, 9, tzinfo=UTC), timezone="UTC")
    with pytest.raises(Conflict, match="no minutes channel"):
        await world.services.minutes.publish(GUILD, one_off.id, CHAIR)
    # Without a configured channel the meeting's own channel is used.
    result = await world.services.minutes.publish(GUILD, world.meeting.id, CHAIR)
    assert result.channel_id == MEETING_CHANNEL and result.version == 1


async def test_due_reminder_fires_once_and_stops_when_done(world: World) -> None:
    await world.services.settings.set_channels(GUILD, None, MINUTES_CHANNEL)
    await publish_seed(world)
    result = await world.services.minutes.publish(GUILD, world.meeting.id, CHAIR)
    dated, undated = result.actions
    world.outbox.sent.clear()
    world.clock.set(datetime(2026, 11, 29, 9, 0, tzinfo=UTC))
    # Due by now: the action's reminder, and the publication's posting job (which finds nothing left to post).
    assert await world.services.reminders.run_due() == 2
    (sent,) = world.outbox.sent
    assert sent.channel_id == MEETING_CHANNEL and sent.mention_user_ids == [JUTTA]
    assert f"Action #{dated.id} is due 30 November 2026" in sent.content and f"<@{JUTTA}>" in sent.content
    assert await world.services.reminders.run_due() == 0

    with pytest.raises(Forbidden, match="only they, a chair or the secretariat"):
        await world.services.minutes.complete_action(GUILD, undated.id, DANKO, may_close_any=False)
    done = await world.services.minutes.complete_action(GUILD, dated.id, JUTTA, may_close_any=False)
    assert done.status == "done"
    with pytest.raises(Conflict, match="already marked done"):
        await world.services.minutes.complete_action(GUILD, dated.id, JUTTA, may_close_any=False)
    with pytest.raises(NotFound):
        await world.services.minutes.complete_action(OTHER_GUILD, undated.id, CHAIR, may_close_any=True)
    assert [a.id for a in await world.services.minutes.open_actions(GUILD)] == [undated.id]


async def test_open_actions_filter_and_carry_over_the_series(world: World) -> None:
    await publish_seed(world)
    first = await world.services.minutes.publish(GUILD, world.meeting.id, CHAIR)
    assert first.next_meeting is not None
    series_id = world.meeting.series_id
    assert [a.owner_id for a in await world.services.minutes.open_actions(GUILD, owner_id=JUTTA)] == [JUTTA]
    assert len(await world.services.minutes.open_actions(GUILD, series_id=series_id)) == 2
    assert await world.services.minutes.open_actions(GUILD, series_id=series_id + 1) == []

    # Next meeting: one more action; both earlier ones are still open and carried again.
    following = first.next_meeting
    world.clock.set(following.start)
    await world.services.meetings.start_live(GUILD, following.id)
    review = await world.services.minutes.capture.goto_item(GUILD, REVIEW_ITEM)
    assert review.label == "2" and len(review.item.children) == 2
    await world.services.minutes.complete_action(GUILD, first.actions[1].id, CHAIR, may_close_any=True)
    await world.services.minutes.capture.add_action(GUILD, CHAIR, "Circulate the paper", Owner(DANKO, "Danko"),
                                                    "friday")
    world.clock.advance(timedelta(hours=1))
    await world.services.meetings.end_live(GUILD, following.id)
    second = await world.services.minutes.publish(GUILD, following.id, CHAIR)
    assert [a.text for a in second.carried] == ["Prepare the concrete proposal", "Circulate the paper"]
    assert second.next_meeting is not None
    agenda = await world.services.agendas.get(GUILD, second.next_meeting.id)
    titles = [c.title for item in agenda.items if item.title == REVIEW_ITEM for c in item.children]
    assert titles == [a.agenda_title() for a in second.carried]


async def test_forget_member_unlinks_entries_and_actions(world: World) -> None:
    await publish_seed(world)
    await world.services.minutes.publish(GUILD, world.meeting.id, CHAIR)
    counts = await world.services.privacy.forget_member(GUILD, JUTTA)
    assert counts["unlinked"] == 2, "her action and its entry"
    assert counts["rewritten"] >= 3, "her name as owner in the carried agenda item, the published version and part"
    (action,) = [a for a in await world.services.minutes.open_actions(GUILD) if a.text.startswith("Prepare")]
    assert action.owner_id is None and action.owner_name == "a former participant"
    published = await world.services.minutes.current(GUILD, world.meeting.id)
    assert published is not None and "owner: a former participant" in published.markdown
    assert "Croll, Jutta" in published.markdown, "a lone first name is not rewritten in running text"
    chair_counts = await world.services.privacy.forget_member(GUILD, CHAIR)
    assert chair_counts == {"unlinked": 1 + 7 + 1}, "the agenda, the entries and the version the chair wrote"
    assert await world.services.privacy.forget_member(OTHER_GUILD, CHAIR) == {}



async def test_a_full_next_agenda_does_not_undo_publication(world: World) -> None:
    following = await world.services.meetings.next_in_series(GUILD, world.meeting.id)
    assert following is not None
    # Nearly the 4,000 characters an agenda may have: the "Review of action items" block no longer fits.
    long_items = "\n".join(f"{i} - " + f"Long item {i} ".ljust(199, "x") for i in range(1, 20))
    saved = await world.services.agendas.save_text(GUILD, following.id, long_items, CHAIR)
    assert 3850 < len(agenda_text(saved)) <= 4000
    await publish_seed(world)
    result = await world.services.minutes.publish(GUILD, world.meeting.id, CHAIR)
    assert result.carry_problem is not None and "characters long" in result.carry_problem
    assert result.carried == [] and len(result.actions) == 2
    assert (await world.services.meetings.get(GUILD, world.meeting.id)).status == "done"
    assert len(await world.services.minutes.open_actions(GUILD)) == 2
