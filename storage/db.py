"""Engine and unit-of-work sessions.

One ``async_sessionmaker`` per process; every unit of work opens its own session (never shared between
tasks) and commits or rolls back as a whole.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage.problems import DatabaseProblem, as_problem, safe_url, sqlite_file

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# What services hold during a unit of work; they name it through here and never import SQLAlchemy.
Session = AsyncSession


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while a writer commits; the busy timeout turns lock contention into waiting.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Database:
    """Owns the engine; hands out sessions, one per unit of work."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
        kwargs: dict[str, Any] = {"echo": echo}
        if self.dialect == "postgresql":
            kwargs.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer; serialising our own writes avoids "database is locked" churn.
        self._write_lock = asyncio.Lock() if self.dialect == "sqlite" else None

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A unit of work: commits when the block succeeds, rolls back when it raises."""
        if self._write_lock is None:
            async with self.sessionmaker() as session, session.begin():
                yield session
            return
        async with self._write_lock, self.sessionmaker() as session, session.begin():
            yield session

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[AsyncSession]:
        """A read-only session that does not queue behind writers."""
        async with self.sessionmaker() as session:
            yield session

    async def migrate(self, revision: str = "head") -> None:
        """Apply alembic migrations up to ``revision``; failures come out as one-line DatabaseProblems."""
        from storage.migrate import check_target, upgrade

        check_target(revision)
        async with self._problems():
            await upgrade(self.engine, revision)

    async def downgrade(self, revision: str = "base") -> None:
        from storage.migrate import check_target, downgrade

        check_target(revision)
        async with self._problems():
            await downgrade(self.engine, revision)

    async def ensure_ready(self) -> None:
        """For tools that only read: the database exists and is fully migrated. Never creates a file."""
        from storage.migrate import current_revision, head_revision, known_revisions

        where = safe_url(self.url)
        path = sqlite_file(self.url)
        if path is not None and not path.is_file():
            raise DatabaseProblem(f"there is no database at {path}; set CONVENER_DATABASE_URL (or database.url) "
                                  "to the bot's database, or run `convener migrate` to create one")
        async with self._problems():
            current = await current_revision(self.engine)
        if current is None:
            raise DatabaseProblem(f"the database at {where} has no convener tables yet; run `convener migrate` first")
        if current not in known_revisions():
            raise DatabaseProblem(f"the database at {where} was migrated by a newer convener (revision {current}); "
                                  "upgrade convener")
        if current != head_revision():
            raise DatabaseProblem(f"the database at {where} is at migration {current}, this convener needs "
                                  f"{head_revision()}; run `convener migrate`")

    @asynccontextmanager
    async def _problems(self) -> AsyncIterator[None]:
        try:
            yield
        except Exception as exc:
            problem = as_problem(exc, self.url, connecting=True)
            if problem is None or problem is exc:
                raise
            raise problem from exc

    async def dispose(self) -> None:
        await self.engine.dispose()
