"""The read cache: values kept for their time to live, dropped on writes, never filled inside a unit of work."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, cast

from bot.services.cache import ReadCache
from storage.db import Database


class FakeDb:
    def __init__(self) -> None:
        self.unit = False
        self.after: list[Callable[[], Awaitable[None]]] = []

    def in_unit(self) -> bool:
        return self.unit

    async def after_commit(self, callback: Callable[[], Awaitable[None]]) -> None:
        if self.unit:
            self.after.append(callback)
        else:
            await callback()


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def make(ttl: float = 10.0) -> tuple[ReadCache, FakeDb, Clock, list[str]]:
    db, clock = FakeDb(), Clock()
    return ReadCache(cast(Database, db), ttl, now=clock), db, clock, []


def loader(loads: list[str], value: Any) -> Callable[[], Awaitable[Any]]:
    async def load() -> Any:
        loads.append(value)
        return value
    return load


async def test_values_are_kept_for_their_time_to_live() -> None:
    cache, _, clock, loads = make()
    assert await cache.read("k", loader(loads, "a")) == "a"
    assert await cache.read("k", loader(loads, "b")) == "a"
    clock.t += 10.01
    assert await cache.read("k", loader(loads, "c")) == "c"
    assert loads == ["a", "c"] and cache.hits == 1


async def test_a_write_drops_the_value_now_and_again_when_it_commits() -> None:
    cache, db, _, loads = make()
    await cache.read("k", loader(loads, "old"))
    db.unit = True
    await cache.changed("k")
    assert await cache.read("k", loader(loads, "mine")) == "mine"  # inside the unit: never from the cache
    db.unit = False
    assert await cache.read("k", loader(loads, "old again")) == "old again"  # another task, before the commit
    for callback in db.after:
        await callback()
    assert await cache.read("k", loader(loads, "new")) == "new"


async def test_a_read_that_overlapped_a_write_is_not_stored() -> None:
    cache, _, _, loads = make()

    async def racing() -> str:
        await cache.changed("k")  # a write commits while this read is in flight
        return "stale"

    assert await cache.read("k", racing) == "stale"
    assert await cache.read("k", loader(loads, "fresh")) == "fresh"
    assert await cache.read("k", loader(loads, "never")) == "fresh"


async def test_a_whole_server_can_be_dropped_and_a_zero_ttl_turns_it_off() -> None:
    cache, _, _, loads = make()
    await cache.read(("profile", 1, 5), loader(loads, "p1"))
    await cache.read(("profile", 2, 5), loader(loads, "p2"))
    await cache.changed_guild(1)
    assert cache.peek(("profile", 1, 5)) is None and cache.peek(("profile", 2, 5)) == "p2"
    off, _, _, loads = make(ttl=0)
    await off.read("k", loader(loads, "a"))
    await off.read("k", loader(loads, "b"))
    assert loads == ["a", "b"]
