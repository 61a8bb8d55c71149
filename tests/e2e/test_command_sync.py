"""Command sync on start-up: only when the command tree or a translation changed, as Discord asks of bots."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Convener

pytestmark = pytest.mark.asyncio


async def test_a_restart_syncs_only_what_changed(convener: Convener, monkeypatch: pytest.MonkeyPatch) -> None:
    standin = convener.sandbox.standin
    first = list(standin.syncs)
    assert first, "the first start registers the commands"
    names = set(first[-1][1])
    assert {"poll", "meeting", "profile"} <= names
    localised = next(c for c in standin.guild_commands[convener.sandbox.guild.id] if c["name"] == "poll")
    assert localised.get("name_localizations", {}).get("fr"), "the synced payload carries translated names"

    await convener.restart()
    assert standin.syncs == first, "same commands, same catalogs: nothing to sync"

    # A changed catalog changes localised names: the next start must sync even though no command changed.
    monkeypatch.setattr("bot.app.catalog_fingerprint", lambda: "a translator changed a catalog")
    await convener.restart()
    assert len(standin.syncs) == len(first) + 1
    assert set(standin.syncs[-1][1]) == names
