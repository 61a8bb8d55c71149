"""Pictures (PNG heatmaps, charts) are drawn off the event loop.

Drawing is Python and Pillow work that holds the GIL: in a thread it still takes turns with the event loop,
so every interaction in flight waits behind it. In a worker process it runs on the other core instead. The
worker is spawned (not forked: the bot has threads of its own) on first use, or by ``warm()``, and loads its
fonts once. Tests and the demo draw in a thread, in the same order every time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any

from bot.i18n import current
from bot.render.worker import draw, warm_up

log = logging.getLogger(__name__)

_pool: ProcessPoolExecutor | None = None  # one per process, shared by every bot it runs (tests run several)


def _shared_pool() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
    return _pool


def _discard_pool() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


class Painter:
    """Draws with ``fn(*args)`` in the current language; ``processes`` picks a worker process over a thread.
    ``wait`` is how long an answer waits for its picture before it goes without (None: as long as it takes)."""

    def __init__(self, *, processes: bool = False, wait: float | None = None) -> None:
        self.processes = processes
        self.wait = wait

    async def draw(self, fn: Callable[..., bytes], *args: Any) -> bytes:
        language = current()
        if self.processes:
            try:
                return await asyncio.get_running_loop().run_in_executor(_shared_pool(), draw, language, fn, args)
            except BrokenProcessPool:
                log.warning("the drawing process died; drawing in a thread instead until the next start")
                _discard_pool()
                self.processes = False
        return await asyncio.to_thread(draw, language, fn, args)

    def warm(self) -> None:
        """Start the worker and load its fonts now, so the first picture does not wait for them."""
        if self.processes:
            _shared_pool().submit(warm_up)
