"""Repository round trips and guild isolation for settings and profiles."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.db import Database
from storage.repositories.guilds import AppStateRepository, GuildRepository
from storage.repositories.privacy import PrivacyRepository

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GUILD_A, GUILD_B, USER = 111, 222, 42


async def test_profile_round_trip_and_isolation(any_db: Database) -> None:
    async with any_db.session() as s:
        row = await GuildRepository(s, GUILD_A).profile_for_update(USER, NOW)
        row.timezone, row.display_name, row.stakeholder_group = "Europe/Geneva", "Jevtović, Danko", "Civil society"
    async with any_db.session() as s:
        row = await GuildRepository(s, GUILD_B).profile_for_update(USER, NOW)
        row.timezone = "Asia/Tokyo"
    async with any_db.reader() as s:
        a = await GuildRepository(s, GUILD_A).profile(USER)
        b = await GuildRepository(s, GUILD_B).profile(USER)
        listed_a = await GuildRepository(s, GUILD_A).profiles()
    assert a is not None and b is not None
    assert (a.timezone, a.display_name, a.stakeholder_group) == ("Europe/Geneva", "Jevtović, Danko", "Civil society")
    assert b.timezone == "Asia/Tokyo" and b.display_name is None
    assert a.updated_at == NOW and a.updated_at.tzinfo is not None
    assert [p.guild_id for p in listed_a] == [GUILD_A]

    async with any_db.session() as s:
        done = await PrivacyRepository(s, GUILD_B).forget(USER, [], [], "a former participant")
        assert done.deleted == {"member_profiles": 1}
    async with any_db.reader() as s:
        assert await GuildRepository(s, GUILD_A).profile(USER) is not None
        assert await GuildRepository(s, GUILD_B).profile(USER) is None


async def test_settings_json_round_trip(any_db: Database) -> None:
    async with any_db.session() as s:
        row = await GuildRepository(s, GUILD_A).settings_for_update()
        row.role_map = {"chair": [1, 2]}
        row.meeting_offsets = [86400, 3600]
    async with any_db.reader() as s:
        row2 = await GuildRepository(s, GUILD_A).settings()
        other = await GuildRepository(s, GUILD_B).settings()
    assert row2 is not None and row2.role_map == {"chair": [1, 2]} and row2.meeting_offsets == [86400, 3600]
    assert other is None


async def test_app_state(any_db: Database) -> None:
    async with any_db.session() as s:
        await AppStateRepository(s).put("commands:global", "abc")
    async with any_db.session() as s:
        await AppStateRepository(s).put("commands:global", "def")
    async with any_db.reader() as s:
        assert await AppStateRepository(s).get("commands:global") == "def"
        assert await AppStateRepository(s).get("missing") is None


async def test_failed_unit_of_work_rolls_back(any_db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with any_db.session() as s:
            row = await GuildRepository(s, GUILD_A).profile_for_update(USER, NOW)
            row.display_name = "Half-written"
            raise RuntimeError("boom")
    async with any_db.reader() as s:
        assert await GuildRepository(s, GUILD_A).profile(USER) is None


async def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive"):
        async with db.session() as s:
            row = await GuildRepository(s, GUILD_A).profile_for_update(USER, datetime(2026, 1, 1))
            row.timezone = "UTC"
