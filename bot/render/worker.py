"""What a drawing worker process runs (see bot.services.pictures): little to import, nothing of Discord."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.i18n import using


def draw(language: str, fn: Callable[..., bytes], args: Sequence[Any]) -> bytes:
    """``fn(*args)`` with text in ``language``."""
    with using(language):
        return fn(*args)


def warm_up() -> int:
    """Import the drawing code and load its fonts with a tiny heatmap."""
    from bot.domain.poll import Answer, PollInfo, PollStatus, Slot
    from bot.domain.ranking import BallotMatrix, rank
    from bot.render.poll_heatmap import heatmap_png

    start = datetime(2030, 1, 7, 12, tzinfo=UTC)
    poll = PollInfo(1, 1, "Warm-up", "UTC", PollStatus.OPEN, (Slot(1, start, start + timedelta(hours=1)),), start)
    matrix = BallotMatrix.from_rows([1], [(1, 2, int(Answer.YES))])
    return len(heatmap_png(poll, matrix, rank(poll, matrix), {2: "Warm Up"}, {}, (7, 22)))
