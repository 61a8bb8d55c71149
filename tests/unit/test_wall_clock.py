"""The suite must not depend on today's date. CI proves it by running the end-to-end tests a second time with
the wall clock moved years ahead (CONVENER_TEST_WALL_CLOCK); this test makes sure that run really is shifted."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from tests.conftest import WALL_CLOCK


@pytest.mark.skipif(not WALL_CLOCK, reason="only when CONVENER_TEST_WALL_CLOCK shifts the wall clock")
def test_the_wall_clock_is_shifted() -> None:
    assert WALL_CLOCK is not None
    wanted = datetime.fromisoformat(WALL_CLOCK).replace(tzinfo=UTC)
    for now in (datetime.now(UTC), datetime.fromtimestamp(time.time(), UTC)):
        assert abs((now - wanted).total_seconds()) < 3600, now
