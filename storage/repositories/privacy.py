"""Forgetting a member, table by table, from what the models declare (see ``storage.models.base.owned``/``ref``).

Every table with a ``guild_id`` is visited: rows that are the member's own are deleted, shared rows lose the
member's id (and their name, where one is kept next to it), and every text column of the guild is rewritten
where it still quotes them (their name, their mention, their words). A new table is covered as soon as its
columns declare what they hold; tests/unit/test_architecture.py makes sure they do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Column, ColumnElement, String, Table, Text, and_, delete, false, func, or_, select, update

from storage.models import Base
from storage.models.base import MEMBER
from storage.repositories.bound import GuildBound


@dataclass(frozen=True)
class Rewrite:
    """Text to replace wherever it occurs in the guild's text columns; ``whole_word`` for names."""

    text: str
    replacement: str
    whole_word: bool = False

    def pattern(self) -> str:
        core = re.escape(self.text)
        return rf"(?<!\w){core}(?!\w)" if self.whole_word else core


@dataclass
class Forgotten:
    """What was done, per table: rows deleted, rows unlinked (id or name cleared), rows whose text was rewritten."""

    deleted: dict[str, int] = field(default_factory=dict)
    unlinked: dict[str, int] = field(default_factory=dict)
    rewritten: dict[str, int] = field(default_factory=dict)


def _member_columns(kind: str) -> list[tuple[Table, Column[object]]]:
    return [(table, column) for table in Base.metadata.sorted_tables if "guild_id" in table.c
            for column in table.c if column.info.get(MEMBER) == kind]


def _text_columns() -> list[tuple[Table, Column[object]]]:
    return [(table, column) for table in Base.metadata.sorted_tables if "guild_id" in table.c
            for column in table.c if isinstance(column.type, String | Text) and not column.primary_key
            and not column.info.get("technical")]


def _same_name(column: Column[object], names: Iterable[str]) -> ColumnElement[bool]:
    """The column holds one of ``names`` (ignoring surrounding spaces, and case where the database can)."""
    exact = sorted({n.strip() for n in names if n.strip()})
    if not exact:
        return false()
    folded = sorted({n.lower() for n in exact})  # SQLite's lower() folds ASCII only: compare both ways
    return or_(func.trim(column).in_(exact), func.lower(func.trim(column)).in_(folded))


class PrivacyRepository(GuildBound):
    async def names_of(self, user_id: int) -> set[str]:
        """Every name stored next to the member's id (profile name, roll-call name, credits, owner names)."""
        found: set[str] = set()
        for kind in ("owned", "ref"):
            for table, column in _member_columns(kind):
                name = column.info.get("name")
                if name:
                    stmt = select(table.c[name]).where(table.c.guild_id == self.guild_id, column == user_id)
                    found |= {str(v) for v in (await self.session.scalars(stmt)).all() if v}
        return found

    async def words_of(self, user_id: int, names: Iterable[str]) -> list[str]:
        """What the member wrote that was kept as theirs (messages added to the minutes), before it is deleted."""
        texts: list[str] = []
        for table, column in _member_columns("owned"):
            words, name = column.info.get("words"), column.info.get("name")
            if words:
                mine = self._theirs(table, column, name, user_id, names)
                stmt = select(table.c[words]).where(table.c.guild_id == self.guild_id, mine)
                texts += [str(v) for v in (await self.session.scalars(stmt)).all() if v]
        return texts

    def _theirs(self, table: Table, column: Column[object], name: str | None, user_id: int,
                names: Iterable[str]) -> ColumnElement[bool]:
        """Rows carrying the member's id, or no id but their name."""
        if name is None:
            return column == user_id
        return or_(column == user_id, and_(column.is_(None), _same_name(table.c[name], names)))

    async def forget(self, user_id: int, names: Sequence[str], rewrites: Sequence[Rewrite],
                     placeholder: str) -> Forgotten:
        done = Forgotten()
        for table, column in _member_columns("owned"):
            mine = self._theirs(table, column, column.info.get("name"), user_id, names)
            result = await self.session.execute(delete(table).where(table.c.guild_id == self.guild_id, mine))
            _count(done.deleted, table.name, result)
        for table, column in _member_columns("ref"):
            name = column.info.get("name")
            values: dict[str, object] = {column.key: None}
            if name is not None:
                values[name] = placeholder
            mine = self._theirs(table, column, name, user_id, names)
            result = await self.session.execute(
                update(table).where(table.c.guild_id == self.guild_id, mine).values(values))
            _count(done.unlinked, table.name, result)
        for table, column in _text_columns():
            await self._rewrite(done, table, column, rewrites)
        return done

    async def _rewrite(self, done: Forgotten, table: Table, column: Column[object],
                       rewrites: Sequence[Rewrite]) -> None:
        """Replace the rewrites in one text column, on the guild's rows that contain any of them."""
        if not rewrites:
            return
        probes = {probe for r in rewrites for probe in (r.text, r.text.lower())}
        keys = list(table.primary_key.columns)
        stmt = select(*keys, column).where(table.c.guild_id == self.guild_id,
                                           or_(*(column.contains(p, autoescape=True) for p in probes)))
        patterns = [(re.compile(r.pattern(), re.IGNORECASE), r.replacement) for r in rewrites]
        limit = getattr(column.type, "length", None)
        for row in (await self.session.execute(stmt)).all():
            before = str(row[-1])
            after = before
            for pattern, replacement in patterns:
                after = pattern.sub(replacement.replace("\\", "\\\\"), after)
            if after == before:
                continue
            where = and_(*(key == value for key, value in zip(keys, row[:-1], strict=True)))
            await self.session.execute(update(table).where(where).values({column.key: after[:limit]}))
            done.rewritten[table.name] = done.rewritten.get(table.name, 0) + 1


def _count(into: dict[str, int], table: str, result: object) -> None:
    n = int(getattr(result, "rowcount", 0) or 0)
    if n:
        into[table] = into.get(table, 0) + n
