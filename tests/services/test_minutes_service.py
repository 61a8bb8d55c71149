"""MinutesService, capture and drafting: items, notes, actions, messages, drafts and their versions, section
edits and uploads, entries; with the real meetings, agendas, roll call and reminders on a temp SQLite database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import pytest

from bot.domain.minutes import Owner
from bot.errors import Conflict, InvalidInput, NotFound
from storage.db import Database
from tests.golden.minutes import seed000
from tests.support_minutes import (
    CHAIR,
    DANKO,
    GUILD,
    JUTTA,
    MEETING_CHANNEL,
    OTHER_GUILD,
    World,
    capture_seed_meeting,
    go_live,
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

