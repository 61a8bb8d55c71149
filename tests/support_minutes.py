"""A meeting set up for MinutesService tests: the real services on a temp database, an outbox that records
what would be sent, the seed 000 agenda, and the seed meeting captured, ended and ready to publish."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import FakeClock
from bot.config import Config
from bot.domain.meeting import MeetingInfo
from bot.domain.minutes import Owner
from bot.services import ServiceContext, Services
from bot.services.ports import OutFile
from storage.db import Database
from tests.golden.minutes import seed000

GUILD = 1
OTHER_GUILD = 2
CHAIR, JUTTA, DANKO = 100, 105, 102
MINUTES_CHANNEL = 900
MEETING_CHANNEL = 500

SEED_AGENDA = """1 - Intro/Logistics/Admin
2 - Continue to progress the following proposals:
a) Proposal for an “IGF Programme Framework” - review updated document
b) Option Paper on Methodologies for the Development of Written IGF Outputs
c) Strengthening Cooperation within the Context of the IGF: A Roadmap for 2018
3 - Discussion on engaging MAG, IGF community, Intersessional activities, and NRIs
a) discussion on possible poll based on the discussion at the last meeting
4 - Next steps/future agenda items
5 - AOB
"""


@dataclass
class Sent:
    channel_id: int
    content: str
    mention_user_ids: Sequence[int]
    files: Sequence[OutFile]


@dataclass
class FakeOutbox:
    sent: list[Sent] = field(default_factory=list)
    dms: list[tuple[int, str]] = field(default_factory=list)

    async def send(self, channel_id: int, content: str, *, mention_role_id: int | None = None,
                   mention_user_ids: Sequence[int] = (), files: Sequence[OutFile] = (),
                   nonce: str | None = None) -> int:
        self.sent.append(Sent(channel_id, content, mention_user_ids, files))
        return 10_000 + len(self.sent)

    async def edit(self, channel_id: int, message_id: int, content: str) -> None:
        raise AssertionError("minutes never edit messages")

    async def dm(self, user_id: int, content: str, nonce: str | None = None) -> None:
        self.dms.append((user_id, content))


@dataclass
class World:
    services: Services
    clock: FakeClock
    outbox: FakeOutbox
    meeting: MeetingInfo


async def seeded_world(db: Database) -> World:
    """The seed 000 series (every 2 weeks from 23 November 2026, 15:00 UTC) with its agenda; the clock at 09:00."""
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    outbox = FakeOutbox()
    ctx = ServiceContext(db=db, clock=clock, config=Config(), scheduler=AsyncIOScheduler(timezone="UTC"),
                         outbox=outbox)
    services = Services(ctx)
    await services.start()
    await services.settings.set_group_name(GUILD, seed000.GROUP)
    meeting = await services.meetings.schedule(
        GUILD, title=seed000.TITLE, start=datetime(2026, 11, 23, 15, 0, tzinfo=UTC), duration=60, timezone="UTC",
        repeat="every 2 weeks", channel_id=MEETING_CHANNEL)
    await services.agendas.save_text(GUILD, meeting.id, SEED_AGENDA, CHAIR)
    return World(services, clock, outbox, meeting)


async def go_live(w: World) -> None:
    w.clock.set(w.meeting.start)
    await w.services.meetings.start_live(GUILD, w.meeting.id)


async def capture_seed_meeting(w: World) -> None:
    """The secretariat walks the agenda as in seed 000."""
    desk = w.services.minutes.capture
    assert (await desk.next_item(GUILD)).label == "1"
    await desk.add_note(GUILD, CHAIR, "Participants agreed to the meeting being recorded.")
    assert (await desk.goto_item(GUILD, "2a")).label == "2a"
    await desk.add_note(GUILD, CHAIR, "A brief summary was provided by the Chair.")
    await desk.add_note(GUILD, CHAIR, "The group reviewed the goals of these two pilots.", item="2c")
    await desk.add_message(GUILD, CHAIR, 777, "Missions Publiques provided an update.", Owner(None, "Vergne, Antoine"))
    await desk.goto_item(GUILD, "3")
    await desk.add_decision(GUILD, CHAIR, "A small drafting group will work on a concrete proposal.")
    await desk.add_action(GUILD, CHAIR, "Prepare the concrete proposal", Owner(JUTTA, "jutta"), "30 Nov")
    await desk.add_action(GUILD, CHAIR, "Send a doodle poll", Owner(None, "Secretariat"), None, item="4")
    for name, role, status in [("Lynn St.Amour", "chair", "present"), ("Croll, Jutta", "member", "present"),
                               ("Jevtović, Danko", "member", "late"), ("Wagner, Flávio", "guest", "present"),
                               ("Doria, Avri", "member", "apologies")]:
        await w.services.rollcall.add_guest(GUILD, w.meeting.id, name, role=role, status=status)


async def publish_seed(w: World) -> None:
    await go_live(w)
    await capture_seed_meeting(w)
    w.clock.advance(timedelta(hours=1))
    await w.services.meetings.end_live(GUILD, w.meeting.id)

