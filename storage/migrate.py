"""Run alembic programmatically on an async engine (used by `convener migrate`, start-up and tests)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.problems import DatabaseProblem

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# What alembic resolves itself: symbolic names and relative steps such as "-1", "+2", "head-1".
_SYMBOLIC = re.compile(r"^(heads?|base)$|^(heads?|base)?[-+]\d+$")


def alembic_config(url: str | None = None) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def known_revisions() -> list[str]:
    """Every migration of this version of convener, newest first."""
    return [script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()]


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def check_target(revision: str) -> None:
    """Refuse, in one line, a target that names no migration (alembic would say it with a traceback)."""
    if _SYMBOLIC.match(revision):
        return
    try:
        found = ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except CommandError:
        found = None
    if found is None:
        raise DatabaseProblem(f"there is no migration {revision!r}; use one of {', '.join(known_revisions())}, "
                              "head (the newest) or base (before the first)")


def _run(connection: Any, fn: Any, revision: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    fn(cfg, revision)


def _current(connection: Any) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The migration the database is at; None when it has no convener tables. Reads only."""
    async with engine.connect() as conn:
        return await conn.run_sync(_current)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with engine.begin() as conn:
        await conn.run_sync(_run, command.upgrade, revision)


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    async with engine.begin() as conn:
        await conn.run_sync(_run, command.downgrade, revision)
