"""Engine and units of work.

One ``async_sessionmaker`` per process. A unit of work (``Database.session()``) commits or rolls back as a
whole. A command is one unit of work: when a service called inside an open unit opens ``session()`` or
``reader()`` itself, it joins the open unit (in a savepoint, so a failure it raises undoes only its own part)
instead of committing on its own. Follow-ups that must wait for the commit (arming timers, refreshing a
message) are registered with ``after_commit`` and run once the outermost unit committed; they are dropped
when it rolls back. Only the task that opened a unit joins it; tasks it starts get their own.

SQLite has one writer per file, and another process (a second replica, `convener export`, a backup tool)
may hold it. A unit of work therefore takes the write lock when it starts (``BEGIN IMMEDIATE``), never
half-way through, and when the lock is taken it waits and retries that first step only — nothing of the
unit has run yet, so retrying is safe — for up to ``write_wait``; then it gives up with ``StorageBusy``
and nothing is written. Whoever is waiting for the answer hears about the wait first (``on_write_wait``),
so an interaction can be deferred before Discord's 3 seconds run out.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, Executable, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage.problems import DatabaseProblem, as_problem, safe_url, sqlite_file

log = logging.getLogger(__name__)

# What services hold during a unit of work; they name it through here and never import SQLAlchemy.
Session = AsyncSession

Callback = Callable[[], Awaitable[None]]
# Set by whoever serves a request (the cogs, per interaction): called once before a unit of work waits.
on_write_wait: contextvars.ContextVar[Callback | None] = contextvars.ContextVar("on_write_wait", default=None)

_WRITE = "convener_write"
# How long one attempt at the SQLite write lock waits inside SQLite before we look up (and tell the caller).
BUSY_TIMEOUT_MS = 750
DEFAULT_WRITE_WAIT = 30.0
# How long a unit of work may queue behind our own writers before the wait is announced.
QUEUE_PATIENCE = 0.5


class StorageBusy(Exception):
    """The database stayed locked by someone else for the whole wait: nothing of the unit of work was written."""

    def __init__(self, waited: float) -> None:
        super().__init__(f"the database stayed locked for {waited:.0f} s")
        self.waited = waited


@dataclass
class _Unit:
    session: AsyncSession
    owner: asyncio.Task[Any] | None
    after: list[Callback] = field(default_factory=list)


_unit: contextvars.ContextVar[_Unit | None] = contextvars.ContextVar("convener_unit", default=None)


def _open_unit() -> _Unit | None:
    """The unit of work this task opened and is still inside, if any."""
    unit = _unit.get()
    return unit if unit is not None and unit.owner is asyncio.current_task() else None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun explicitly (see _sqlite_begin), not by the driver's guesswork.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while a writer commits; the busy timeout turns brief contention into waiting.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted and overwritten rows are zeroed in the file, so forgotten personal data does not linger.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # A writer takes the write lock up front: a deferred transaction that reads and then writes can fail on
    # its first write (SQLITE_BUSY_SNAPSHOT) after part of the unit has run, which cannot be retried safely.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


def is_lock_error(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return isinstance(exc, OperationalError) and ("database is locked" in text or "database is busy" in text)


async def announce_write_wait() -> None:
    """Tell whoever waits for this task's answer that a write is about to wait (at most once per task)."""
    hook = on_write_wait.get()
    if hook is not None:
        on_write_wait.set(None)
        await hook()


class Database:
    """Owns the engine; hands out units of work."""

    def __init__(self, url: str, *, echo: bool = False, write_wait: float = DEFAULT_WRITE_WAIT) -> None:
        self.url = url
        self.dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
        self.write_wait = write_wait
        kwargs: dict[str, Any] = {"echo": echo}
        if self.dialect == "postgresql":
            kwargs.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
            event.listen(self.engine.sync_engine, "begin", _sqlite_begin)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer; serialising our own writes avoids "database is locked" churn.
        self._write_lock = asyncio.Lock() if self.dialect == "sqlite" else None
        self._quick: tuple[Engine, ThreadPoolExecutor] | None = None
        self._quick_async: AsyncEngine | None = None

    # -- units of work ------------------------------------------------------------------------------------------

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A unit of work: commits when the block succeeds, rolls back when it raises. Inside an open unit of
        this task it is a savepoint of that unit instead."""
        unit = _open_unit()
        if unit is not None:
            mark = len(unit.after)
            try:
                async with unit.session.begin_nested():
                    yield unit.session
            except BaseException:
                del unit.after[mark:]
                raise
            return
        async with self._writer() as session:
            unit = _Unit(session, asyncio.current_task())
            token = _unit.set(unit)
            try:
                yield session
            finally:
                _unit.reset(token)
        for callback in unit.after:
            try:
                await callback()
            except Exception:
                log.exception("a follow-up after a commit failed (the change itself is stored)")

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[AsyncSession]:
        """A session for reading that does not queue behind writers; inside a unit of work, that unit (so a
        command reads what it has written so far)."""
        unit = _open_unit()
        if unit is not None:
            yield unit.session
            return
        async with self.sessionmaker() as session:
            yield session

    def in_unit(self) -> bool:
        """Whether this task is inside a unit of work (its reads must see its own uncommitted writes)."""
        return _open_unit() is not None

    async def after_commit(self, callback: Callback) -> None:
        """Run ``callback`` once the open unit of work committed (at once when there is none)."""
        unit = _open_unit()
        if unit is None:
            await callback()
        else:
            unit.after.append(callback)

    @asynccontextmanager
    async def _writer(self) -> AsyncIterator[AsyncSession]:
        if self._write_lock is None:
            async with self.sessionmaker() as session, session.begin():
                yield session
            return
        await self._acquire_write_lock()
        try:
            session = await self._begin_writer()
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise
            finally:
                await session.close()
        finally:
            self._write_lock.release()

    async def _acquire_write_lock(self) -> None:
        """Our own writers queue here; a queue that is slow to move is announced like a locked file."""
        assert self._write_lock is not None
        try:
            await asyncio.wait_for(self._write_lock.acquire(), QUEUE_PATIENCE)
        except TimeoutError:
            await announce_write_wait()
            await self._write_lock.acquire()

    async def _begin_writer(self) -> AsyncSession:
        """A session holding SQLite's write lock; waits (and retries) while another connection holds it."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        pause = 0.05
        while True:
            session = self.sessionmaker()
            try:
                await session.connection(execution_options={_WRITE: True})
                return session
            except OperationalError as exc:
                await session.close()
                if not is_lock_error(exc):
                    raise
                await announce_write_wait()
                waited = loop.time() - started
                if waited >= self.write_wait:
                    raise StorageBusy(waited) from exc
                await asyncio.sleep(min(pause, max(self.write_wait - waited, 0)))
                pause = min(pause * 2, 1.0)
            except BaseException:
                await session.close()
                raise

    async def write_once(self, statement: Executable, params: list[dict[str, Any]] | None = None
                         ) -> list[tuple[Any, ...]]:
        """Run one statement as a transaction of its own, with the fewest round trips, outside any unit of work;
        returns its rows. For the write every interaction makes (claiming its id): through a session it costs a
        dozen hops to SQLite's thread or five round trips to PostgreSQL, here one hop or two round trips."""
        if self._write_lock is None:
            async with self._quick_pg().connect() as conn:
                return [tuple(row) for row in (await conn.execute(statement, params)).all()]
        engine, thread = self._quick_engine()
        await self._acquire_write_lock()
        try:
            return await asyncio.get_running_loop().run_in_executor(thread, _write_sync, engine, statement, params)
        finally:
            self._write_lock.release()

    def _quick_pg(self) -> AsyncEngine:
        # Its own small pool in autocommit and without the ping before each use: one round trip per statement.
        # A connection the server dropped fails this one statement (its caller copes) and leaves the pool.
        if self._quick_async is None:
            self._quick_async = create_async_engine(self.url, pool_size=4, max_overflow=16,
                                                    isolation_level="AUTOCOMMIT")
        return self._quick_async

    def _quick_engine(self) -> tuple[Engine, ThreadPoolExecutor]:
        # A plain (synchronous) engine on one thread of its own: the whole transaction is one hop to it.
        if self._quick is None:
            engine = create_engine(self.url.replace("+aiosqlite", "", 1), pool_size=1, max_overflow=0)
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
            self._quick = engine, ThreadPoolExecutor(1, thread_name_prefix="convener-sqlite-quick")
        return self._quick

    # -- maintenance --------------------------------------------------------------------------------------------

    async def checkpoint(self, attempts: int = 5) -> bool:
        """SQLite: copy the write-ahead log into the database file and empty it, so that rows deleted or
        overwritten (zeroed in the file by secure_delete) leave no older copy in the -wal file. True when the
        log is empty afterwards; False when readers kept it busy. A no-op on PostgreSQL."""
        if self.dialect != "sqlite":
            return True
        for attempt in range(attempts):
            async with self.engine.connect() as conn:
                raw = await conn.get_raw_connection()
                busy = await _truncate_wal(raw.driver_connection)
            if not busy:
                return True
            await asyncio.sleep(0.05 * (attempt + 1))
        return False

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
        if self._quick_async is not None:
            await self._quick_async.dispose()
            self._quick_async = None
        if self._quick is not None:
            engine, thread = self._quick
            self._quick = None
            await asyncio.get_running_loop().run_in_executor(thread, engine.dispose)
            thread.shutdown(wait=False)


def _write_sync(engine: Engine, statement: Executable, params: list[dict[str, Any]] | None
                ) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        rows = [tuple(row) for row in conn.execute(statement, params).all()]
        conn.commit()
        return rows


async def _truncate_wal(connection: Any) -> bool:
    """``PRAGMA wal_checkpoint(TRUNCATE)`` on aiosqlite's connection, outside any transaction; True when busy."""
    cursor = await connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    row = await cursor.fetchone()
    await cursor.close()
    return bool(row and row[0])
