"""Short-lived copies of the small rows nearly every interaction reads: a server's settings (role mapping,
language, zone) and a member's profile (language, zone, name) and declarations.

Reading them from the database cost a session each — on SQLite nine hops to its thread — several times per
click. Here they are kept for ``ttl`` seconds.

Invalidation:
- in this process, every write names what it changed (``changed``): the copy is dropped at once and again
  when the unit of work commits, and a read that started before the write does not store what it read
  (the epoch moved), so no older value outlives a commit;
- inside an open unit of work reads skip the cache (they must see the unit's own, uncommitted writes) and
  never fill it (the unit may still roll back);
- another process (a second `convener run` on other shards, the command line) is not told: its writes are
  seen here within ``ttl`` at most. A guild's interactions reach the one process that owns its shard, so
  such writes are rare; a version row read on every interaction would cost the round trip the cache saves.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from storage.db import Database

V = TypeVar("V")
DEFAULT_TTL = 10.0
MAX_ENTRIES = 50_000  # 1,000 servers × 20 members with room to spare: a few MB


class ReadCache:
    def __init__(self, db: Database, ttl: float = DEFAULT_TTL, *, now: Callable[[], float] = time.monotonic,
                 max_entries: int = MAX_ENTRIES) -> None:
        self.db = db
        self.ttl = ttl
        self.now = now
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._epoch = 0  # moves on every invalidation; a read that saw another epoch stores nothing
        self.hits = 0
        self.misses = 0

    async def read(self, key: Hashable, load: Callable[[], Awaitable[V]]) -> V:
        """The cached value of ``key``, else ``load()`` (stored unless something changed meanwhile)."""
        if self.ttl <= 0 or self.db.in_unit():
            return await load()
        entry = self._entries.get(key)
        now = self.now()
        if entry is not None and entry[0] > now:
            self.hits += 1
            value: V = entry[1]
            return value
        self.misses += 1
        epoch = self._epoch
        value = await load()
        if epoch == self._epoch:
            self._entries[key] = (now + self.ttl, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def peek(self, key: Hashable) -> Any:
        """The cached value of ``key`` (None when not cached, expired, or inside a unit of work)."""
        if self.ttl <= 0 or self.db.in_unit():
            return None
        entry = self._entries.get(key)
        return entry[1] if entry is not None and entry[0] > self.now() else None

    async def changed(self, *keys: Hashable) -> None:
        """``keys`` are being written: drop them now and once the unit of work commits."""
        self._drop(keys)
        await self.db.after_commit(self._after(keys))

    async def changed_guild(self, guild_id: int) -> None:
        """Many rows of one server changed (a member forgotten, groups renamed): drop all of its keys."""
        self._drop_guild(guild_id)

        async def again() -> None:
            self._drop_guild(guild_id)

        await self.db.after_commit(again)

    def clear(self) -> None:
        self._epoch += 1
        self._entries.clear()

    def _after(self, keys: tuple[Hashable, ...]) -> Callable[[], Awaitable[None]]:
        async def drop() -> None:
            self._drop(keys)
        return drop

    def _drop(self, keys: tuple[Hashable, ...]) -> None:
        self._epoch += 1
        for key in keys:
            self._entries.pop(key, None)

    def _drop_guild(self, guild_id: int) -> None:
        self._epoch += 1
        for key in [k for k in self._entries if isinstance(k, tuple) and len(k) > 1 and k[1] == guild_id]:
            del self._entries[key]
