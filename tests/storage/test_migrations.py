"""Migrations apply and revert on SQLite and PostgreSQL, and match the models exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from storage.db import Database
from storage.models import Base
from tests.conftest import PG_URL, create_pg_database, drop_pg_database, sqlite_url


def _tables(sync_conn: object) -> set[str]:
    return set(inspect(sync_conn).get_table_names()) - {"alembic_version"}


def _diff(sync_conn: object) -> list[object]:
    ctx = MigrationContext.configure(sync_conn, opts={"compare_type": True})  # type: ignore[arg-type]
    return list(compare_metadata(ctx, Base.metadata))


async def _roundtrip(url: str) -> None:
    database = Database(url)
    try:
        await database.migrate()
        async with database.engine.connect() as conn:
            assert await conn.run_sync(_tables) == set(Base.metadata.tables)
            assert await conn.run_sync(_diff) == [], "models and migrations differ: run `make migration`"
        await database.downgrade("base")
        async with database.engine.connect() as conn:
            assert await conn.run_sync(_tables) == set()
        await database.migrate()  # and up again
    finally:
        await database.dispose()


async def test_sqlite_up_down_up(tmp_path: Path) -> None:
    await _roundtrip(sqlite_url(tmp_path))


@pytest.mark.pg
@pytest.mark.skipif(not PG_URL, reason="set CONVENER_TEST_PG_URL to run PostgreSQL tests")
async def test_postgresql_up_down_up() -> None:
    url = await create_pg_database()
    try:
        await _roundtrip(url)
    finally:
        await drop_pg_database(url)


async def test_sqlite_pragmas(tmp_path: Path) -> None:
    database = Database(sqlite_url(tmp_path))
    try:
        async with database.engine.connect() as conn:
            journal = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar()
            fks = (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar()
            # Not every SQLite build zeroes deleted rows by default (Debian's does): forgetting relies on it.
            secure = (await conn.exec_driver_sql("PRAGMA secure_delete")).scalar()
        assert journal == "wal"
        assert fks == 1
        assert secure == 1
    finally:
        await database.dispose()


def test_revisions_form_one_linear_chain() -> None:
    """Two branches that each add revision N land as duplicates that alembic only warns about (and then
    silently skips one of them): every file must have its own id and every revision one successor at most."""
    import ast

    from storage.migrate import MIGRATIONS_DIR

    ids: dict[str, str] = {}
    parents: dict[str | None, str] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        values = {node.target.id: ast.literal_eval(node.value) for node in ast.parse(path.read_text()).body
                  if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value}
        revision, parent = values["revision"], values.get("down_revision")
        assert revision not in ids, f"{path.name} reuses revision {revision!r} of {ids[revision]}"
        assert parent not in parents, f"{path.name} and {parents[parent]} both follow {parent!r}"
        ids[revision], parents[parent] = path.name, path.name
    assert None in parents and all(p is None or p in ids for p in parents)
