"""answer_soon: quick work is answered in the interaction's one response; slow work, or any work during a burst,
is acknowledged at once so that Discord's 3-second deadline holds."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest

from cogs import _common
from cogs._common import BUSY, answer_soon


class FakeResponse:
    def __init__(self) -> None:
        self.deferred = False

    def is_done(self) -> bool:
        return self.deferred

    async def defer(self, **_: Any) -> None:
        self.deferred = True


class FakeInteraction:
    def __init__(self) -> None:
        self.response = FakeResponse()


def fake() -> Any:
    return cast(Any, FakeInteraction())


async def test_quick_work_is_answered_without_deferring() -> None:
    interaction = fake()
    assert await answer_soon(interaction, asyncio.sleep(0, "done")) == "done"
    assert not interaction.response.deferred


async def test_slow_work_is_deferred_after_the_quick_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_common, "QUICK", 0.01)
    interaction = fake()
    assert await answer_soon(interaction, asyncio.sleep(0.05, "late")) == "late"
    assert interaction.response.deferred


async def test_in_a_burst_new_answers_are_deferred_at_once() -> None:
    release = asyncio.Event()

    async def held() -> str:
        await release.wait()
        return "held"

    waiting = [fake() for _ in range(BUSY)]
    tasks = [asyncio.create_task(answer_soon(i, held())) for i in waiting]
    await asyncio.sleep(0)  # every held answer is now inside its quick window
    latecomer = fake()
    late = asyncio.create_task(answer_soon(latecomer, held()))
    await asyncio.sleep(0)
    assert latecomer.response.deferred, "acknowledged before its work is done"
    assert not any(i.response.deferred for i in waiting), "the first ones still get their one response"
    release.set()
    assert await asyncio.gather(*tasks, late) == ["held"] * (BUSY + 1)
    assert _common._waiting == 0
