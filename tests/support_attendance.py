"""Builders for the agenda, roll-call and attendance service tests (real services, temp SQLite, FakeClock)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import FakeClock
from bot.config import Config
from bot.domain.meeting import MeetingInfo
from bot.services import ServiceContext, Services
from bot.services.rollcall import Attendee
from storage.db import Database

GUILD = 111
OTHER_GUILD = 222
TEXT_CHANNEL = 501
VOICE_CHANNEL = 601


def make_services(db: Database, clock: FakeClock, config: Config | None = None) -> Services:
    ctx = ServiceContext(db=db, clock=clock, config=config or Config(),
                         scheduler=AsyncIOScheduler(timezone="UTC"), worker_id="test")
    return Services(ctx)


async def schedule(services: Services, *, title: str = "WG-MWP", in_hours: float = 2, guild: int = GUILD,
                   voice: int | None = VOICE_CHANNEL, channel: int | None = TEXT_CHANNEL,
                   repeat: str | None = None) -> MeetingInfo:
    clock = services.ctx.clock
    return await services.meetings.schedule(guild, title=title, start=clock.now() + timedelta(hours=in_hours),
                                            timezone="UTC", voice_channel_id=voice, channel_id=channel,
                                            repeat=repeat)


def person(user_id: int, name: str, role: str = "member") -> Attendee:
    return Attendee(user_id, name, role)


SEEDS = Path("/work/shared/seeds")


def seed_000_annex_i() -> str:
    """Annex I of seed 000 exactly as the secretariat wrote it (falls back to a copy if the seeds are absent)."""
    files = sorted(SEEDS.glob("000_*.txt")) if SEEDS.exists() else []
    if files:
        text = files[0].read_text(encoding="utf-8")
        return text.split("ANNEX I -  AGENDA", 1)[1].split("ANNEX II", 1)[0]
    return SEED_000_COPY


SEED_000_COPY = """\

1 - Intro/Logistics/Admin 
2 - Continue to progress the following proposals: 
a)  Proposal for an “IGF Programme Framework”  - review updated document
b)  Option Paper on Methodologies for the Development of Written IGF Outputs
c)  Strengthening Cooperation within the Context of the IGF: A Roadmap for 2018
3 -  Discussion on engaging MAG, IGF community, Intersessional activities, and NRIs in the development of a \
multi-year strategic work programme.
a) discussion on possible poll based on the discussion at the last meeting
4 - Next steps/future agenda items
5 - AOB
"""  # noqa: W291
