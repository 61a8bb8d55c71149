"""Posted messages kept current through the ports, with fakes for Discord: the agenda (posted, edited in place,
posted again when a message was deleted, refreshed after a change made by another service) and the roll call."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import FakeClock
from bot.config import Config, PollConfig
from bot.services import Adapters, ServiceContext, Services
from bot.services.ports import MessageGone, RollCallCard
from storage.db import Database
from tests.support_attendance import GUILD, TEXT_CHANNEL, person, schedule


@dataclass
class FakeAgendaBoard:
    messages: dict[int, str] = field(default_factory=dict)
    pinned: list[int] = field(default_factory=list)
    edits: list[int] = field(default_factory=list)
    next_id: int = 9000
    channel_gone: bool = False

    async def check_channel(self, guild_id: int, channel_id: int) -> None:
        assert (guild_id, channel_id) == (GUILD, TEXT_CHANNEL)
        if self.channel_gone:
            raise MessageGone(f"channel {channel_id}")

    async def post_text(self, channel_id: int, text: str) -> int:
        self.next_id += 1
        self.messages[self.next_id] = text
        return self.next_id

    async def edit_text(self, channel_id: int, message_id: int, text: str) -> None:
        if message_id not in self.messages:
            raise MessageGone(str(message_id))
        self.messages[message_id] = text
        self.edits.append(message_id)

    async def delete_text(self, channel_id: int, message_id: int) -> None:
        self.messages.pop(message_id, None)

    async def pin(self, channel_id: int, message_id: int) -> bool:
        self.pinned.append(message_id)
        return True


@dataclass
class FakeRollCall:
    cards: dict[int, RollCallCard] = field(default_factory=dict)
    deleted: list[int] = field(default_factory=list)
    edits: int = 0

    async def post_rollcall(self, channel_id: int, card: RollCallCard) -> int:
        message_id = 7000 + len(self.cards) + len(self.deleted)
        self.cards[message_id] = card
        return message_id

    async def edit_rollcall(self, channel_id: int, message_id: int, card: RollCallCard) -> None:
        if message_id not in self.cards:
            raise MessageGone(str(message_id))
        self.cards[message_id] = card
        self.edits += 1

    async def delete_rollcall(self, channel_id: int, message_id: int) -> None:
        self.cards.pop(message_id, None)
        self.deleted.append(message_id)


def wired(db: Database, clock: FakeClock, adapters: Adapters) -> Services:
    config = replace(Config(), polls=PollConfig(tally_edit_interval=0.0))
    ctx = ServiceContext(db=db, clock=clock, config=config, outbox=adapters.outbox,
                         scheduler=AsyncIOScheduler(timezone="UTC"), worker_id="test")
    return Services(ctx, adapters)


async def test_agenda_posted_edited_reposted_and_refreshed_after_a_service_change(db: Database,
                                                                                  clock: FakeClock) -> None:
    board = FakeAgendaBoard()
    services = wired(db, clock, Adapters(agendas=board))
    meeting = await schedule(services)
    posting = services.agendas.posting
    assert await posting.republish(GUILD, meeting.id) is None and not board.messages  # not posted: nothing

    posted = await posting.publish(GUILD, meeting.id, None)
    assert posted is not None and posted.fresh and posted.pinned and posted.channel_id == TEXT_CHANNEL
    [first] = posted.message_ids
    assert board.pinned == [first] and "Review of action items" in board.messages[first]
    assert (await services.meetings.get(GUILD, meeting.id)).agenda_message_ids == (first,)

    await services.agendas.ensure_item(GUILD, meeting.id, "Review of action items", ["#1 Circulate the paper"])
    await posting.coalescer.drain()
    assert board.edits == [first] and "#1 Circulate the paper" in board.messages[first]

    del board.messages[first]  # deleted by hand: the next update posts the agenda again, pinned
    again = await posting.publish(GUILD, meeting.id, None)
    assert again is not None and again.fresh and again.message_ids != [first]
    assert board.pinned == [first, *again.message_ids]
    assert (await services.meetings.get(GUILD, meeting.id)).agenda_message_ids == tuple(again.message_ids)


async def test_an_agenda_whose_channel_was_deleted_is_no_longer_posted(db: Database, clock: FakeClock) -> None:
    # Every later agenda edit by a chair, and every refresh, would otherwise fail on the missing channel.
    board = FakeAgendaBoard()
    services = wired(db, clock, Adapters(agendas=board))
    meeting = await schedule(services)
    posting = services.agendas.posting
    assert await posting.publish(GUILD, meeting.id, None) is not None
    board.channel_gone = True
    assert await posting.publish(GUILD, meeting.id, None) is None
    await services.agendas.ensure_item(GUILD, meeting.id, "Review of deliverables", ["#2 Issue paper"])
    await posting.coalescer.drain()
    assert posting.coalescer.runs == 1  # refreshed once, not retried as a failure


async def test_an_unposted_agenda_changed_by_a_service_stays_unposted(db: Database, clock: FakeClock) -> None:
    board = FakeAgendaBoard()
    services = wired(db, clock, Adapters(agendas=board))
    meeting = await schedule(services)
    await services.agendas.ensure_item(GUILD, meeting.id, "Review of deliverables", ["#2 Issue paper"])
    await services.agendas.posting.coalescer.drain()
    assert services.agendas.posting.coalescer.runs == 0 and not board.messages


async def test_rollcall_message_replaced_on_repost_and_refreshed_once_per_burst(db: Database,
                                                                                clock: FakeClock) -> None:
    port = FakeRollCall()
    services = wired(db, clock, Adapters(rollcall=port))
    meeting = await schedule(services)
    message = services.rollcall.message
    _board, first = await message.post(GUILD, meeting, TEXT_CHANNEL, ask_consent=True, by=1)
    assert port.cards[first].buttons and port.cards[first].ask_consent and "Roll call" in port.cards[first].text
    _board, second = await message.post(GUILD, meeting, TEXT_CHANNEL, ask_consent=False, by=1)
    assert port.deleted == [first] and list(port.cards) == [second]  # one live roll-call message per meeting

    for user_id, name in ((11, "Croll, Jutta"), (12, "Jevtović, Danko"), (13, "Vergne, Antoine")):
        await services.rollcall.respond(GUILD, meeting.id, person(user_id, name), "present")  # refreshes it
    await message.coalescer.drain()
    assert 1 <= port.edits <= 3 and "Croll" in port.cards[second].text and "Vergne" in port.cards[second].text
    edits = port.edits
    for _click in range(3):  # a burst before the first refresh ran: one edit
        message.refresh(GUILD, meeting.id)
    await message.coalescer.drain()
    assert port.edits == edits + 1

    port.cards.clear()  # the message was deleted on Discord: the refresh gives up quietly
    await services.rollcall.set_status(GUILD, meeting.id, person(12, "Jevtović, Danko"), "late", by=1)
    await message.coalescer.drain()
    assert port.edits == edits + 1 and message.coalescer.pending() == 0


async def test_settle_messages_waits_for_every_kind_of_posted_message(db: Database, clock: FakeClock) -> None:
    board, port = FakeAgendaBoard(), FakeRollCall()
    services = wired(db, clock, Adapters(agendas=board, rollcall=port))
    meeting = await schedule(services)
    posted = await services.agendas.posting.publish(GUILD, meeting.id, None)
    assert posted is not None
    _board, message_id = await services.rollcall.message.post(GUILD, meeting, TEXT_CHANNEL, ask_consent=False, by=1)

    await services.agendas.ensure_item(GUILD, meeting.id, "Review of action items", ["#1 Circulate the paper"])
    await services.rollcall.respond(GUILD, meeting.id, person(11, "Croll, Jutta"), "present")
    await services.settle_messages()
    coalescers = (services.polls.coalescer, services.rollcall.message.coalescer, services.agendas.posting.coalescer)
    assert [c.pending() for c in coalescers] == [0, 0, 0]
    assert "#1 Circulate the paper" in board.messages[posted.message_ids[0]] and "Croll" in port.cards[message_id].text
