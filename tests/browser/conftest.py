"""Browser tests of the web client: headless Chromium (Debian's package, never a downloaded browser) driven by
Playwright against a stand-in with the real bot and the web client mounted, all in this test's event loop.

One browser per module (module-scoped event loop); each test gets a fresh stand-in, bot and database, and opens
pages as the members it needs (``await site.page("danko")``). Screenshots go to ``artifacts/browser/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.clock import SandboxClock
from bot.sandbox import Sandbox, SimMember
from bot.sandbox.cast import by_key
from bot.sandbox.web import WebClient
from tests.web_support import served

playwright_api = pytest.importorskip("playwright.async_api")

CHROMIUM = Path(os.environ.get("CONVENER_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"
TIMEOUT_MS = 10_000


def _chromium_or_skip() -> None:
    if CHROMIUM.exists():
        return
    message = f"browser tests need Debian's chromium at {CHROMIUM} (`apt-get install chromium`; .ci/run installs it)"
    if os.environ.get("CONVENER_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def browser() -> AsyncIterator[Any]:
    _chromium_or_skip()
    async with playwright_api.async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        await chromium.close()


@dataclass
class Site:
    """A running stand-in with the bot, the cast (profiles set) and the web client; pages open as a member."""

    sandbox: Sandbox
    clock: SandboxClock
    web: WebClient
    browser: Any
    stack: AsyncExitStack
    people: dict[str, Any] = field(default_factory=by_key)

    def member(self, key: str) -> SimMember:
        person = self.people.get(key)
        return self.sandbox.member(person.name if person else key)

    async def page(self, key: str, *, width: int = 1280, height: int = 860) -> Any:
        """A new browser window (its own storage) showing the server as the member `key`."""
        context = await self.browser.new_context(viewport={"width": width, "height": height},
                                                 timezone_id="UTC", locale="en-US")
        self.stack.push_async_callback(context.close)
        page = await context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.errors = errors
        await page.goto(f"{self.web.url}?member={self.member(key).id}")
        await playwright_api.expect(page.locator("#me-name")).to_have_text(self.member(key).name)
        await page.get_by_role("button", name="Got it").click()  # the welcome note: screenshots show more
        await playwright_api.expect(page.get_by_role("note", name="How to use this page")).to_be_hidden()
        return page


async def shot(page: Any, name: str) -> Path:
    """A screenshot of the page as a test artefact (artifacts/browser/<name>.png)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^\w-]+", "-", name) + ".png")
    await page.screenshot(path=str(path))
    return path


@pytest_asyncio.fixture(loop_scope="module")
async def site(browser: Any, migrated_sqlite_url: str) -> AsyncIterator[Site]:
    async with served(migrated_sqlite_url) as running:
        yield Site(running.sandbox, running.clock, running.web, browser, running.stack)
