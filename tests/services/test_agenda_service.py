"""AgendaService against a real database: template prefill, pasting, item edits, ids, posting, isolation."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.domain.agenda import AgendaParseError
from bot.errors import Conflict, InvalidInput, NotFound
from bot.render.agenda import agenda_text
from storage.db import Database
from tests.support_attendance import GUILD, OTHER_GUILD, make_services, schedule

PASTED = ("1 - Intro/Logistics/Admin\n2 - Continue to progress the following proposals:\n"
          "a) Proposal for an IGF Programme Framework\nb) Option Paper on Methodologies\n"
          "c) Strengthening Cooperation\n3 - Discussion on engaging MAG\na) discussion on possible poll\n"
          "4 - Next steps/future agenda items\n5 - AOB\n")


async def test_new_agenda_is_prefilled_from_the_template_and_saved(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services)
    first = await services.agendas.get(GUILD, meeting.id)
    assert [i.title for i in first.items] == ["Intro/Logistics/Admin", "Review of action items",
                                             "Next steps/future agenda items", "AOB"]
    assert all(i.id is not None for i in first.items)
    assert await services.agendas.get(GUILD, meeting.id) == first  # saved: same ids on the next read


async def test_pasted_agenda_replaces_it_and_a_bad_paste_saves_nothing(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services)
    saved = await services.agendas.save_text(GUILD, meeting.id, PASTED, user_id=42)
    assert [len(i.children) for i in saved.items] == [0, 3, 1, 0, 0]
    with pytest.raises(AgendaParseError, match="Line 2: "):
        await services.agendas.save_text(GUILD, meeting.id, "1 - Intro\n2 -\n3 - AOB", user_id=42)
    assert await services.agendas.get(GUILD, meeting.id) == saved


async def test_repasting_keeps_item_ids(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services)
    before = await services.agendas.save_text(GUILD, meeting.id, PASTED, user_id=1)
    after = await services.agendas.save_text(GUILD, meeting.id, PASTED.replace("Intro/", "Intro / "), user_id=1)
    assert [i.id for _, i in after.numbered()] == [i.id for _, i in before.numbered()]
    assert after.items[0].title == "Intro / Logistics/Admin"


async def test_add_move_remove(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services)
    agendas = services.agendas
    agenda, label = await agendas.add(GUILD, meeting.id, "Proposals", None, user_id=1)
    assert label == "3"
    agenda, label = await agendas.add(GUILD, meeting.id, "Framework", "3", user_id=1)
    assert label == "3a"
    agenda, label = await agendas.move(GUILD, meeting.id, "3", 1, user_id=1)
    assert label == "1" and agenda.items[0].children[0].title == "Framework"
    agenda, removed = await agendas.remove(GUILD, meeting.id, "1a", user_id=1)
    assert removed.title == "Framework" and agenda.items[0].children == ()
    assert await agendas.get(GUILD, meeting.id) == agenda
    with pytest.raises(InvalidInput, match="no item `9`"):
        await agendas.remove(GUILD, meeting.id, "9", user_id=1)


async def test_ensure_item_is_idempotent_and_goes_before_next_steps(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services, repeat="weekly")
    await services.agendas.save_text(GUILD, meeting.id, "1 - Intro\n2 - Next steps\n3 - AOB", user_id=1)
    item = await services.agendas.ensure_item(GUILD, meeting.id, "Review of action items", ["#1 Paper (Croll)"])
    again = await services.agendas.ensure_item(GUILD, meeting.id, "Review of action items",
                                               ["#1 Paper (Croll)", "#2 Poll (Tao)"])
    assert item.id == again.id and [c.title for c in again.children] == ["#1 Paper (Croll)", "#2 Poll (Tao)"]
    assert agenda_text(await services.agendas.get(GUILD, meeting.id)).splitlines() == [
        "1 - Intro", "2 - Review of action items", "    a) #1 Paper (Croll)", "    b) #2 Poll (Tao)",
        "3 - Next steps", "4 - AOB"]


async def test_agenda_must_fit_the_editor(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services)
    text = "\n".join(f"{i} - " + "x" * 190 for i in range(1, 25))
    with pytest.raises(InvalidInput, match="at most 4,000 fit in the editor"):
        await services.agendas.save_text(GUILD, meeting.id, text, user_id=1)


async def test_other_guilds_and_cancelled_meetings(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    mine = await schedule(services)
    theirs = await schedule(services, guild=OTHER_GUILD)
    with pytest.raises(NotFound):
        await services.agendas.get(GUILD, theirs.id)
    with pytest.raises(NotFound):
        await services.agendas.add(GUILD, theirs.id, "sneaky", None, user_id=1)
    await services.meetings.cancel(GUILD, mine.id)
    with pytest.raises(Conflict, match="cancelled"):
        await services.agendas.add(GUILD, mine.id, "late item", None, user_id=1)
    shown = await services.agendas.get(GUILD, mine.id)
    assert shown == services.agendas.template() and shown.items[0].id is None


async def test_posting_is_remembered(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services)
    assert await services.agendas.link(GUILD, meeting.id) is None
    await services.agendas.set_posted(GUILD, meeting.id, 777, [1001, 1002])
    assert (await services.meetings.get(GUILD, meeting.id)).agenda_message_ids == (1001, 1002)
    assert await services.agendas.posted_channel(GUILD, meeting.id) == 777
    assert await services.agendas.link(GUILD, meeting.id) == f"https://discord.com/channels/{GUILD}/777/1001"


async def test_forget_member_clears_authorship(db: Database, clock: FakeClock) -> None:
    services = make_services(db, clock)
    meeting = await schedule(services)
    await services.agendas.save_text(GUILD, meeting.id, PASTED, user_id=42)
    assert await services.privacy.forget_member(GUILD, 42) == {"unlinked": 1}
    assert await services.privacy.forget_member(GUILD, 42) == {}
