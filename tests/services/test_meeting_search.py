"""Meeting pickers find any meeting of the server: by title words, number or id, or date, however old, and
whatever happened to it before its scheduled time (SQLite always; PostgreSQL when configured)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FakeClock
from bot.services import Services
from storage.db import Database
from tests.conftest import create_pg_database, drop_pg_database, requires_pg
from tests.support_meetings import GUILD, OTHER_GUILD, config_with, make_services, start

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=requires_pg)])
async def database(request: pytest.FixtureRequest, migrated_sqlite_url: str) -> AsyncIterator[Database]:
    url = migrated_sqlite_url if request.param == "sqlite" else await create_pg_database()
    database = Database(url)
    try:
        if request.param == "postgresql":
            await database.migrate()
        yield database
    finally:
        await database.dispose()
        if request.param == "postgresql":
            await drop_pg_database(url)


@pytest.fixture
async def services(database: Database) -> Services:
    services = make_services(database, FakeClock(T0), config_with(horizon=3))
    await start(services)
    return services


def clock_of(services: Services) -> FakeClock:
    clock = services.ctx.clock
    assert isinstance(clock, FakeClock)
    return clock


async def ids(services: Services, text: str) -> list[int]:
    return [m.id for m in await services.meetings.search(GUILD, text)]


async def test_a_meeting_held_and_ended_before_its_scheduled_time_is_still_found(services: Services) -> None:
    early = await services.meetings.schedule(GUILD, title="Budget retreat", start=T0 + timedelta(hours=10),
                                             timezone="UTC")
    later = await services.meetings.schedule(GUILD, title="Budget follow-up", start=T0 + timedelta(days=7),
                                             timezone="UTC")
    await services.meetings.start_live(GUILD, early.id)  # at 09:00 for a 19:00 meeting
    clock_of(services).advance(timedelta(hours=1))
    await services.meetings.end_live(GUILD, early.id)
    assert (await services.meetings.get(GUILD, early.id)).status == "ended"
    assert await ids(services, "") == [later.id, early.id]
    assert await ids(services, "retreat") == [early.id]


async def test_meetings_of_long_ago_are_found_by_title_number_and_date(services: Services) -> None:
    old = await services.meetings.schedule(GUILD, title="Plenary kickoff", start=T0 + timedelta(days=1, hours=6),
                                           timezone="UTC")  # 2026-11-24 15:00
    series = await services.meetings.schedule(GUILD, title="WG-MWP", start=T0 + timedelta(days=2), timezone="UTC",
                                              repeat="every 2 weeks")
    await services.meetings.schedule(OTHER_GUILD, title="Plenary kickoff", start=T0 + timedelta(days=1),
                                     timezone="UTC")  # the same title in another server must not show
    clock_of(services).advance(timedelta(days=400))
    assert await ids(services, "plenary") == [old.id]
    assert await ids(services, "PLENARY kick") == [old.id]
    assert await ids(services, "2026-11-24") == [old.id]
    assert await ids(services, "24 Nov") == [old.id]
    assert await ids(services, "Nov 24, 2026 plenary") == [old.id]
    assert old.id == 1 and series.number == 1  # "1" is the first meeting's id and the series' first number
    assert await ids(services, "1") == [series.id, old.id] == await ids(services, "#1")
    assert await ids(services, "wg-mwp 1") == [series.id]
    assert await ids(services, "2026-11-24 budget") == []
    everything = await ids(services, "")
    assert old.id in everything and everything == sorted(everything, key=lambda i: -i)  # latest first


async def test_cancelled_meetings_and_other_servers_stay_out(services: Services) -> None:
    kept = await services.meetings.schedule(GUILD, title="Kept", start=T0 + timedelta(days=1), timezone="UTC")
    dropped = await services.meetings.schedule(GUILD, title="Dropped", start=T0 + timedelta(days=1), timezone="UTC")
    await services.meetings.cancel(GUILD, dropped.id)
    theirs = await services.meetings.schedule(OTHER_GUILD, title="Kept", start=T0 + timedelta(days=1),
                                              timezone="UTC")
    assert await ids(services, "") == [kept.id]
    assert await ids(services, str(theirs.id)) == []
    assert await ids(services, str(dropped.id)) == []


@pytest.mark.parametrize("typed", ["9" * 19, "9999-12-31", "0001-01-01", "1" * 100_000, "%_\\", "31 Feb 2026",
                                   str(2**40), "2026-11-23 " * 30])
async def test_odd_queries_answer_without_error(services: Services, typed: str) -> None:
    await services.meetings.schedule(GUILD, title="WG", start=T0 + timedelta(days=1), timezone="UTC")
    assert isinstance(await ids(services, typed), list)
