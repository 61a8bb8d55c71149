"""MinutesService with the real meetings, agendas, roll call and reminders on a temp SQLite database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.minutes import Owner
from bot.errors import Conflict, Forbidden, InvalidInput, NotFound
from bot.render.agenda import agenda_text
from bot.services.minutes_actions import DUE_KIND, REVIEW_ITEM
from storage.db import Database
from tests.golden.minutes import seed000
from tests.support_minutes import (
    CHAIR,
    DANKO,
    GUILD,
    JUTTA,
    MEETING_CHANNEL,
    MINUTES_CHANNEL,
    OTHER_GUILD,
    World,
    capture_seed_meeting,
    go_live,
    publish_seed,
    seeded_world,
)


@pytest.fixture
async def world(any_db: Database) -> World:
    return await seeded_world(any_db)


async def test_capture_needs_a_live_meeting(world: World) -> None:
    with pytest.raises(Conflict, match="No meeting is live"):
        await world.services.minutes.capture.add_note(GUILD, CHAIR, "too early")
    with pytest.raises(Conflict, match="No meeting is live"):
        await world.services.minutes.capture.next_item(GUILD)
    assert await world.services.minutes.capture.item_choices(GUILD, "") == []


async def test_item_navigation_and_filing(world: World) -> None:
    await go_live(world)
    desk = world.services.minutes.capture
    note = await desk.add_note(GUILD, CHAIR, "before any item")
    assert note.position.label is None and note.entry.item_id is None
    labels = [(await desk.next_item(GUILD)).label for _ in range(8)]
    assert labels == ["1", "2", "2a", "2b", "2c", "3", "3a", "4"]
    assert (await world.services.meetings.live(GUILD)).current_item_id == (await desk.position(GUILD)).item.id
    assert [v for _, v in await desk.item_choices(GUILD, "opt")] == ["2b"]
    await desk.next_item(GUILD)
    with pytest.raises(Conflict, match="last one on the agenda"):
        await desk.next_item(GUILD)
    with pytest.raises(InvalidInput, match="no item `7`"):
        await desk.goto_item(GUILD, "7")
    filed = await desk.add_decision(GUILD, CHAIR, "Agreed", item="aob")
    assert filed.position.label == "5"


async def test_action_owner_and_due_date_in_the_members_zone(world: World) -> None:
    await world.services.profiles.set_name(GUILD, JUTTA, "Croll, Jutta")
    await world.services.profiles.set_timezone(GUILD, JUTTA, "Pacific/Kiritimati")  # UTC+14: already 24 Nov
    await go_live(world)
    desk = world.services.minutes.capture
    action = await desk.add_action(GUILD, JUTTA, "Draft", Owner(JUTTA, "jutta#0"), "tomorrow")
    assert action.entry.owner_name == "Croll, Jutta" and action.entry.due == date(2026, 11, 25)
    with pytest.raises(InvalidInput, match="in the past"):
        await desk.add_action(GUILD, CHAIR, "Draft", Owner(None, "Group"), "2026-11-01")
    with pytest.raises(InvalidInput, match="owner cannot be empty"):
        await desk.add_action(GUILD, CHAIR, "Draft", Owner(None, "  "), None)


async def test_message_added_once_with_credit(world: World) -> None:
    await go_live(world)
    desk = world.services.minutes.capture
    added = await desk.add_message(GUILD, CHAIR, 55, "Good point", Owner(DANKO, "Jevtović, Danko"))
    assert added.entry.credit == "Jevtović, Danko"
    with pytest.raises(Conflict, match="already in the minutes"):
        await desk.add_message(GUILD, CHAIR, 55, "Good point", Owner(DANKO, "Jevtović, Danko"))
    with pytest.raises(InvalidInput, match="only attachments"):
        await desk.add_message(GUILD, CHAIR, 56, "   ", Owner(DANKO, "Jevtović, Danko"))


async def test_draft_follows_the_agenda_and_keeps_versions(world: World) -> None:
    await go_live(world)
    await capture_seed_meeting(world)
    minutes = world.services.minutes
    draft = await minutes.draft(GUILD, world.meeting.id, CHAIR)  # drafting during the meeting is allowed
    assert draft.version == 1
    text = draft.text
    assert text.startswith(seed000.GROUP)
    assert f"The first meeting of the {seed000.TITLE} was held on 23 November 2026, 15:00–16:00 UTC." in text
    assert text.index("1 - Intro") < text.index("recorded") < text.index("2 - Continue") < text.index("brief summary")
    assert "Missions Publiques provided an update. — Vergne, Antoine" in text
    assert "Action: Prepare the concrete proposal (owner: jutta; due 30 November 2026)" in text
    assert "Future meetings:\n\n7 December 2026, 15:00–16:00 UTC" in text
    annex = text[text.index("ANNEX II"):]
    assert annex.index("CHAIR: Lynn St.Amour") < annex.index("Croll, Jutta") < annex.index("Jevtović, Danko")
    assert "APOLOGIES:\nDoria, Avri" in annex
    assert [f.filename for f in draft.files()] == [f"minutes-{world.meeting.id}.md", f"minutes-{world.meeting.id}.txt"]

    again = await minutes.draft(GUILD, world.meeting.id, CHAIR)
    assert again.version == 2 and await minutes.versions(GUILD, world.meeting.id) == 2


async def test_section_edit_and_upload(world: World) -> None:
    await go_live(world)
    await capture_seed_meeting(world)
    minutes = world.services.minutes
    with pytest.raises(NotFound, match="no draft"):
        await minutes.section(GUILD, world.meeting.id, "5 - AOB")
    draft = await minutes.draft(GUILD, world.meeting.id, CHAIR)
    _, section, body = await minutes.section(GUILD, world.meeting.id, "5 - aob")
    assert body == ""
    edited = await minutes.edit_section(GUILD, world.meeting.id, section.index, "No other business.", CHAIR,
                                        based_on=draft.version)
    assert edited.version == 2 and edited.source == "edit"
    assert "## 5 - AOB\n\nNo other business.\n\n## Action items" in edited.markdown
    with pytest.raises(Conflict, match="changed while you were editing"):
        await minutes.edit_section(GUILD, world.meeting.id, section.index, "stale", CHAIR, based_on=draft.version)
    annex = next(s for s in (await minutes.sections(GUILD, world.meeting.id))[1] if s.heading.startswith("ANNEX I "))
    # A form edits a body only: the annex headings themselves cannot be lost that way.
    emptied = await minutes.edit_section(GUILD, world.meeting.id, annex.index + 1, "", CHAIR, based_on=2)
    assert emptied.markdown.endswith("## ANNEX II - LIST OF PARTICIPANTS\n")
    await minutes.edit_section(GUILD, world.meeting.id, annex.index, "1 - Only item", CHAIR, based_on=3)

    with pytest.raises(InvalidInput, match="no Annex I or Annex II heading"):
        await minutes.upload(GUILD, world.meeting.id, b"# Minutes\n\nAnnex I and Annex II in prose only\n", CHAIR)
    with pytest.raises(InvalidInput, match="not UTF-8"):
        await minutes.upload(GUILD, world.meeting.id, b"\xff\xfe\x00bad", CHAIR)
    windows_file = "\ufeff# WG\r\n\r\nEdited.\r\n\r\n## ANNEX I - AGENDA\r\n\r\n## ANNEX II – X\r\n".encode()
    uploaded = await minutes.upload(GUILD, world.meeting.id, windows_file, CHAIR)
    assert uploaded.version == 5 and uploaded.markdown == "# WG\n\nEdited.\n\n## ANNEX I - AGENDA\n\n## ANNEX II – X\n"
    redrafted = await minutes.draft(GUILD, world.meeting.id, CHAIR)
    assert redrafted.version == 6 and redrafted.replaced == "upload"


async def test_entries_edit_and_drop_until_published(world: World) -> None:
    await go_live(world)
    await capture_seed_meeting(world)
    desk = world.services.minutes.capture
    entries = await world.services.minutes.entries(GUILD, world.meeting.id)
    action = next(e for e in entries if e.kind == "action" and e.owner_id == JUTTA)
    changed = await desk.edit(GUILD, action.id, CHAIR, "Prepare the proposal", owner=Owner(None, "Drafting group"),
                              due="in 2 weeks")
    assert (changed.text, changed.owner_id, changed.owner_name, changed.due) == (
        "Prepare the proposal", None, "Drafting group", date(2026, 12, 7))
    kept = await desk.edit(GUILD, action.id, CHAIR, "Prepare it", owner=Owner(None, "Drafting group"), due="")
    assert kept.owner_name == "Drafting group" and kept.due is None
    dropped = await desk.drop(GUILD, entries[0].id)
    assert dropped.id not in [e.id for e in await world.services.minutes.entries(GUILD, world.meeting.id)]
    with pytest.raises(NotFound):
        await desk.entry(OTHER_GUILD, entries[1].id)  # another server cannot reach it by id
    with pytest.raises(NotFound):
        await world.services.minutes.entries(OTHER_GUILD, world.meeting.id)


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


class FakePollBoard:
    async def post_poll(self, channel_id: int, card: object) -> int:
        return 4321

    async def edit_poll(self, channel_id: int, message_id: int, card: object) -> None:
        return None

    async def expected_members(self, guild_id: int, role_id: int | None) -> list[int] | None:
        return None

    async def chairs(self, guild_id: int) -> list[int]:
        return []

    async def member_names(self, guild_id: int, user_ids: Sequence[int]) -> dict[int, str]:
        return {}


async def test_future_meetings_names_the_open_poll_when_no_meeting_follows(world: World) -> None:
    one_off = await world.services.meetings.schedule(GUILD, title="Kick-off", timezone="UTC",
                                                     start=datetime(2026, 11, 24, 9, tzinfo=UTC))
    draft = await world.services.minutes.draft(GUILD, one_off.id, CHAIR)
    assert "Future meetings:\n\nNo further meeting is scheduled yet." in draft.text
    world.services.polls.board = FakePollBoard()  # type: ignore[assignment]
    await world.services.polls.create(GUILD, title="Next *WG* call", slots="2026-12-01 15:00, 2026-12-02 15:00",
                                      channel_id=MEETING_CHANNEL, created_by=CHAIR, timezone="UTC",
                                      deadline="2026-11-28 12:00")
    redrafted = await world.services.minutes.draft(GUILD, one_off.id, CHAIR)
    assert ("A scheduling poll is open to set the next meeting: “Next *WG* call” (voting closes 28 November 2026)."
            in redrafted.text)
    assert "“Next \\*WG\\* call”" in redrafted.markdown


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
