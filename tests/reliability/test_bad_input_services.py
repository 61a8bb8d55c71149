"""Bad input through the services, on a real database: a rejected command stores nothing at all.

Each case calls what the command's cog calls (parse, then the service) and compares a dump of every table
before and after: a UserError must leave the database exactly as it was; a success stores something.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.clock import FakeClock
from bot.domain.dates import parse_minutes
from bot.errors import UserError
from bot.services import Services
from storage.db import Database
from storage.models import Base
from tests.reliability.fuzz_text import assert_clear, short, typed
from tests.support_meetings import FakeEvents, make_services
from tests.support_polls import FakeBoard

GUILD = 111
MEMBER = 42
CHANNEL = 501
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
RUNS = [pytest.param(1, 0.1, id="quick"), pytest.param(2, 0.2, id="full", marks=pytest.mark.heavy)]
runs = pytest.mark.parametrize(("run_seed", "share"), RUNS)
maybe = st.one_of(st.none(), short(100))
Rows = dict[str, list[tuple[Any, ...]]]


@dataclass
class Env:
    runner: asyncio.Runner
    db: Database
    services: Services
    meeting_id: int

    def dump(self) -> Rows:
        async def read() -> Rows:
            async with self.db.reader() as session:
                return {t.name: sorted((tuple(r) for r in (await session.execute(select(t))).all()), key=repr)
                        for t in Base.metadata.sorted_tables}
        return self.runner.run(read())

    def attempt(self, action: Callable[[], Awaitable[object]]) -> bool:
        """Run one command's work; True if it was accepted. A rejection must not have changed any row."""
        before = self.dump()
        try:
            self.runner.run(action())  # type: ignore[arg-type]
            return True
        except UserError as error:
            assert_clear(error)
        after = self.dump()
        changed = [name for name in before if before[name] != after[name]]
        assert not changed, f"a rejected command changed {changed}"
        return False


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    with asyncio.Runner() as runner:
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'fuzz.db'}")
        runner.run(db.migrate())
        services = make_services(db, FakeClock(NOW), events=FakeEvents(), board=FakeBoard())
        runner.run(services.start())
        meeting = runner.run(services.meetings.schedule(GUILD, title="WG-MWP", start=datetime(2026, 12, 1, 15,
                                                        tzinfo=UTC), timezone="UTC", channel_id=CHANNEL))
        runner.run(services.agendas.get(GUILD, meeting.id))  # the template agenda is saved on first read
        yield Env(runner, db, services, meeting.id)
        runner.run(db.dispose())


def explore(run_seed: int, cases: int, check: Callable[..., None], **strategies: st.SearchStrategy[Any]) -> None:
    hypothesis_settings = settings(max_examples=max(1, cases), database=None, deadline=None,
                                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                          HealthCheck.function_scoped_fixture])
    seed(run_seed)(hypothesis_settings(given(**strategies)(check)))()


@runs
def test_poll_create(env: Env, run_seed: int, share: float) -> None:
    polls = env.services.polls

    def check(title: str, slots: str, timezone: str | None, duration: str | None, deadline: str | None) -> None:
        env.attempt(lambda: polls.create(GUILD, title=title, slots=slots, channel_id=CHANNEL, created_by=MEMBER,
                                         timezone=timezone, duration=duration, deadline=deadline))

    explore(run_seed, int(300 * share), check, title=short(100), slots=short(6000), timezone=maybe,
            duration=st.one_of(st.none(), typed()), deadline=st.one_of(st.none(), typed()))


@runs
def test_profile_commands(env: Env, run_seed: int, share: float) -> None:
    profiles = env.services.profiles

    def check(zone: str, name: str, group: str) -> None:
        env.attempt(lambda: profiles.set_timezone(GUILD, MEMBER, zone))
        env.attempt(lambda: profiles.set_name(GUILD, MEMBER, name))
        env.attempt(lambda: profiles.set_group(GUILD, MEMBER, group))

    explore(run_seed, int(200 * share), check, zone=typed(), name=short(100), group=short(100))


@runs
def test_meeting_schedule(env: Env, run_seed: int, share: float) -> None:
    meetings = env.services.meetings

    async def schedule(title: str, start: str, duration: str | None, zone: str | None, repeat: str | None,
                       link: str | None) -> None:
        # What /meeting schedule does with its options, in that order.
        when, name = await meetings.read_start(GUILD, MEMBER, start, zone)
        await meetings.schedule(GUILD, title=title, start=when.at,
                                duration=parse_minutes(duration) if duration else None, timezone=name,
                                repeat=repeat, link=link, channel_id=CHANNEL, created_by=MEMBER)

    def check(title: str, start: str, duration: str | None, zone: str | None, repeat: str | None,
              link: str | None) -> None:
        env.attempt(lambda: schedule(title, start, duration, zone, repeat, link))

    explore(run_seed, int(300 * share), check, title=short(100), start=short(100),
            duration=st.one_of(st.none(), short(20)), zone=maybe, repeat=st.one_of(st.none(), short(300)),
            link=st.one_of(st.none(), short(500)))


@runs
def test_agenda_commands(env: Env, run_seed: int, share: float) -> None:
    agendas, meeting = env.services.agendas, env.meeting_id

    def check(text: str, title: str, label: str, position: int) -> None:
        env.attempt(lambda: agendas.save_text(GUILD, meeting, text, MEMBER))
        env.attempt(lambda: agendas.add(GUILD, meeting, title, label or None, MEMBER))
        env.attempt(lambda: agendas.move(GUILD, meeting, label, position, MEMBER))
        env.attempt(lambda: agendas.remove(GUILD, meeting, label, MEMBER))

    explore(run_seed, int(250 * share), check, text=short(4000), title=short(200), label=short(20),
            position=st.integers(-3, 40))


@runs
def test_reminders_and_setup(env: Env, run_seed: int, share: float) -> None:
    services = env.services

    async def remind(when: str, text: str) -> None:
        due = await services.dates.moment(GUILD, MEMBER, when)
        await services.reminders.remind(GUILD, due.at, text, channel_id=CHANNEL, created_by=MEMBER)

    def check(when: str, text: str, group: str, zone: str) -> None:
        env.attempt(lambda: remind(when, text))
        env.attempt(lambda: services.settings.set_group_name(GUILD, group))
        env.attempt(lambda: services.settings.set_timezone(GUILD, zone))

    explore(run_seed, int(250 * share), check, when=short(100), text=short(1800), group=short(200), zone=typed())
