"""Builders for the agenda, roll-call and attendance service tests (real services, temp SQLite, FakeClock)."""

from __future__ import annotations

from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import FakeClock
from bot.config import Config
from bot.domain.meeting import MeetingInfo
from bot.sandbox.demo_script import SEED_000_ANNEX_I, seed_agenda
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


# Seed 000's Annex I: read from ../shared/seeds when present, else the demo's faithful copy.
seed_000_annex_i = seed_agenda
SEED_000_COPY = SEED_000_ANNEX_I
