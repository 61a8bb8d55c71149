"""Which of Discord's shards this process runs: ``[bot] shard_count`` and ``shard_ids``, or the environment
(``CONVENER_SHARD_COUNT``, ``CONVENER_SHARD_IDS="0-3"``) so that a systemd template instance can pass its range."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.config.schema import ConfigError


def parse_shard_ids(text: str, key: str = "CONVENER_SHARD_IDS") -> tuple[int, ...]:
    """``"0-3"``, ``"4,5,6,7"`` or ``"0-1,6"``: the shards one process runs."""
    ids: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        first, dash, last = part.partition("-")
        if not first.strip().isdecimal() or (dash and not last.strip().isdecimal()):
            raise ConfigError(key, f"{text!r} is not a list of shard ids such as '0-3' or '0,1,2,3'")
        ids += range(int(first), int(last if dash else first) + 1)
    return tuple(sorted(set(ids)))


def read_shards(b: Any, env: Mapping[str, str]) -> tuple[int | None, tuple[int, ...] | None]:
    """(shard_count, shard_ids) from the [bot] section ``b`` or the environment: every process of one deployment
    gets the same count and its own ids (None: all of them)."""
    count = b.get("shard_count", int, None)
    if env.get("CONVENER_SHARD_COUNT"):
        if not env["CONVENER_SHARD_COUNT"].strip().isdecimal():
            raise ConfigError("CONVENER_SHARD_COUNT", "must be a whole number")
        count = int(env["CONVENER_SHARD_COUNT"])
    if count is not None and count < 1:
        raise ConfigError("bot.shard_count", "must be at least 1")
    ids = parse_shard_ids(env["CONVENER_SHARD_IDS"]) if env.get("CONVENER_SHARD_IDS") else b.ints("shard_ids", None)
    if ids is not None:
        if count is None:
            raise ConfigError("bot.shard_ids", "needs bot.shard_count (the number of shards of all processes)")
        if not ids or any(not 0 <= i < count for i in ids):
            raise ConfigError("bot.shard_ids", f"each shard id must be between 0 and {count - 1}")
        ids = tuple(sorted(set(ids)))
    return count, ids
