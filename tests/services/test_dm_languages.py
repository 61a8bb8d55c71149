"""Direct messages outside an interaction are written in the member's /profile language, else the server's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock
from bot.i18n import using
from bot.render import deliverables as text
from bot.services.deliverables import DEADLINE_KIND
from bot.services.reminders import ReminderJob
from storage.db import Database
from tests.support_meetings import GUILD, FakeEvents, FakeOutbox, make_services
from tests.support_polls import FakeBoard

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
OWNER, OTHER = 7, 8


@dataclass
class RecordingOutbox(FakeOutbox):
    dms: list[tuple[int, str]] = field(default_factory=list)

    async def dm(self, user_id: int, content: str, nonce: str | None = None) -> None:
        self.dms.append((user_id, content))


def job(deliverable_id: int) -> ReminderJob:
    return ReminderJob(1, GUILD, DEADLINE_KIND, deliverable_id, None, None, "draft", NOW, 1, timedelta(0))


async def test_a_deliverable_deadline_by_dm_is_in_the_owners_language(db: Database) -> None:
    outbox = RecordingOutbox()
    services = make_services(db, FakeClock(NOW), outbox=outbox, events=FakeEvents())
    services.polls.board = FakeBoard()
    await services.start()
    await services.profiles.set_language(GUILD, OWNER, "ru")
    russian = await services.deliverables.create(GUILD, title="Paper", kind="issue paper", created_by=OWNER,
                                                 channel_id=None, deadlines={"draft": "2026-12-10"})
    english = await services.deliverables.create(GUILD, title="Note", kind="issue paper", created_by=OTHER,
                                                 channel_id=None, deadlines={"draft": "2026-12-10"})
    with using("en"):  # reminders run in the server's language
        await services.deliverables.handle_deadline(job(russian.id))
        await services.deliverables.handle_deadline(job(english.id))
    with using("ru"):
        in_russian = text.reminder(russian, "draft", [OWNER])
    with using("en"):
        in_english = text.reminder(english, "draft", [OTHER])
        assert text.reminder(russian, "draft", [OWNER]) != in_russian  # the catalog has it in Russian
    assert outbox.dms == [(OWNER, in_russian), (OTHER, in_english)]
