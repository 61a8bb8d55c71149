"""Database failures said in one line: what could not be done, where, and what to do about it.

The command line shows these instead of a traceback; the bot's start-up raises them too, so a wrong URL, a
server that is down or a database that was never migrated reads the same everywhere.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from alembic.util.exc import CommandError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError


class DatabaseProblem(Exception):
    """The database cannot be used as asked; ``message`` is one line meant for the person running convener."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def safe_url(url: str) -> str:
    """The URL as it may be printed: any password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparsable database URL)"


def sqlite_file(url: str) -> Path | None:
    """The file behind an SQLite URL (None for PostgreSQL and in-memory databases)."""
    if not url.startswith("sqlite"):
        return None
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _sqlite_open_problem(path: Path) -> str:
    folder = path.parent
    if not folder.exists():
        return f"cannot create the SQLite database {path}: the folder {folder} does not exist"
    if not folder.is_dir():
        return f"cannot create the SQLite database {path}: {folder} is not a folder"
    if path.is_dir():
        return f"cannot open the SQLite database {path}: it is a folder"
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"cannot write the SQLite database {path}: permission denied (choose a writable path)"
    return f"cannot open the SQLite database {path} (choose a path in a writable folder)"


def _missing_tables(text: str) -> bool:
    lowered = text.casefold()
    return "no such table" in lowered or ("relation" in lowered and "does not exist" in lowered)


def describe(exc: BaseException, url: str, *, connecting: bool = False) -> str | None:
    """One line for a failure reaching or using the database at ``url``; None when ``exc`` is something else.

    Bare OS errors (refused, unknown host, timeout) are the database's only when ``connecting`` says the
    failing code was talking to it: elsewhere they may just as well come from Discord."""
    where = safe_url(url)
    if isinstance(exc, DatabaseProblem):
        return exc.message
    if isinstance(exc, CommandError):
        return f"migration failed: {_first_line(exc)}"
    text = _first_line(exc)
    if isinstance(exc, DBAPIError | SQLAlchemyError) and _missing_tables(text):
        return f"the database at {where} has no convener tables yet; run `convener migrate` first"
    path = sqlite_file(url)
    if path is not None and isinstance(exc, DBAPIError) and "unable to open database file" in text:
        return _sqlite_open_problem(path)
    if not connecting:
        return f"cannot use the database at {where}: {text}" if isinstance(exc, DBAPIError) else None
    if isinstance(exc, socket.gaierror):
        return f"cannot reach the database at {where}: the host name is unknown ({text})"
    if isinstance(exc, ConnectionRefusedError):
        return f"cannot reach the database at {where}: the connection was refused (is the server running?)"
    if isinstance(exc, TimeoutError):
        return f"cannot reach the database at {where}: no answer in time"
    if isinstance(exc, OSError | DBAPIError):
        return f"cannot use the database at {where}: {text}"
    return None


def as_problem(exc: BaseException, url: str, *, connecting: bool = False) -> DatabaseProblem | None:
    """``exc`` as a DatabaseProblem when it is a database failure (walking its causes), else None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        message = describe(current, url, connecting=connecting)
        if message is not None:
            return current if isinstance(current, DatabaseProblem) else DatabaseProblem(message)
        current = current.__cause__ or current.__context__
    return None
