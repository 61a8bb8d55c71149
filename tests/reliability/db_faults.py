"""Database faults for the reliability tests: the next statements matching a pattern fail, as a dropped
connection, a full disk or a killed database server would make them fail, half-way through a command."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from storage.db import Database


@dataclass
class StatementFault:
    pattern: re.Pattern[str]
    left: int
    hits: int = 0


@contextmanager
def failing_statements(db: Database, pattern: str, count: int = 1) -> Iterator[StatementFault]:
    """The next ``count`` SQL statements matching ``pattern`` (a regex, case-insensitive) raise."""
    fault = StatementFault(re.compile(pattern, re.IGNORECASE), count)

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if fault.left and fault.pattern.search(statement):
            fault.left -= 1
            fault.hits += 1
            raise OperationalError(statement, parameters, RuntimeError("injected database fault"))

    event.listen(db.engine.sync_engine, "before_cursor_execute", before)
    try:
        yield fault
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", before)
