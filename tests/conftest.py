"""Shared fixtures: temporary databases (SQLite always, PostgreSQL when CONVENER_TEST_PG_URL is set)."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FakeClock
from storage.db import Database

PG_URL = os.environ.get("CONVENER_TEST_PG_URL")
# CI runs the end-to-end tests again with the wall clock moved years ahead (e.g. "2031-06-01T09:00:00"),
# so that code following the wall clock instead of the injected one fails before its date comes.
WALL_CLOCK = os.environ.get("CONVENER_TEST_WALL_CLOCK")
# Every stand-in in the suite validates what the bot sends against Discord's OpenAPI description.
os.environ.setdefault("CONVENER_DISCORD_OPENAPI", str(Path(__file__).parent / "discord" / "openapi.json"))


def pytest_configure(config: pytest.Config) -> None:
    if WALL_CLOCK:
        import time_machine

        shifted = datetime.fromisoformat(WALL_CLOCK)
        traveller = time_machine.travel(shifted if shifted.tzinfo else shifted.replace(tzinfo=UTC), tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)
requires_pg = pytest.mark.skipif(not PG_URL, reason="set CONVENER_TEST_PG_URL to run PostgreSQL tests")


def sqlite_url(tmp_path: Path, name: str = "convener.db") -> str:
    return f"sqlite+aiosqlite:///{tmp_path / name}"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated once per session; tests copy it instead of migrating their own."""
    path = tmp_path_factory.mktemp("template") / "template.db"

    async def build() -> None:
        database = Database(f"sqlite+aiosqlite:///{path}")
        await database.migrate()
        async with database.engine.connect() as conn:
            await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        await database.dispose()

    asyncio.run(build())
    return path


@pytest.fixture
def migrated_sqlite_url(tmp_path: Path, migrated_template: Path) -> str:
    """URL of a fresh, already migrated SQLite database for this test."""
    target = tmp_path / "convener.db"
    shutil.copyfile(migrated_template, target)
    return f"sqlite+aiosqlite:///{target}"


async def create_pg_database() -> str:
    """Create a uniquely named database on the test server and return its URL."""
    import asyncpg

    assert PG_URL is not None
    name = f"convener_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(PG_URL.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return PG_URL.rsplit("/", 1)[0] + f"/{name}"


async def drop_pg_database(url: str) -> None:
    import asyncpg

    assert PG_URL is not None
    name = url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(PG_URL.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))


@pytest.fixture
async def db(migrated_sqlite_url: str) -> AsyncIterator[Database]:
    """A migrated SQLite database in a temp folder."""
    database = Database(migrated_sqlite_url)
    yield database
    await database.dispose()


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database (dropped afterwards); skipped without CONVENER_TEST_PG_URL."""
    if not PG_URL:
        pytest.skip("set CONVENER_TEST_PG_URL to run PostgreSQL tests")
    url = await create_pg_database()
    yield url
    await drop_pg_database(url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
async def any_db(request: pytest.FixtureRequest, migrated_template: Path, tmp_path: Path) -> AsyncIterator[Database]:
    """The same test on SQLite and (when available) PostgreSQL."""
    if request.param == "sqlite":
        shutil.copyfile(migrated_template, tmp_path / "convener.db")
        database = Database(sqlite_url(tmp_path))
        yield database
        await database.dispose()
        return
    if not PG_URL:
        pytest.skip("set CONVENER_TEST_PG_URL to run PostgreSQL tests")
    url = await create_pg_database()
    database = Database(url)
    try:
        await database.migrate()
        yield database
    finally:
        await database.dispose()
        await drop_pg_database(url)
