"""Repository round trips and guild isolation for settings and profiles."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.domain.settings import Profile, ServerSettings
from storage.db import Database
from storage.models.guild import GuildSettings, MemberProfile
from storage.repositories.guilds import AppStateRepository, GuildRepository
from storage.repositories.privacy import PrivacyRepository

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GUILD_A, GUILD_B, USER = 111, 222, 42


async def test_profile_round_trip_and_isolation(any_db: Database) -> None:
    async with any_db.session() as s:
        await GuildRepository(s, GUILD_A).put_profile(
            Profile(USER, "Europe/Geneva", "Jevtović, Danko", "Civil society"), NOW)
    async with any_db.session() as s:
        await GuildRepository(s, GUILD_B).put_profile(Profile(USER, "Asia/Tokyo"), NOW)
    async with any_db.reader() as s:
        a = await GuildRepository(s, GUILD_A).profile(USER)
        b = await GuildRepository(s, GUILD_B).profile(USER)
        listed_a = await GuildRepository(s, GUILD_A).profiles()
        stamped = await s.get(MemberProfile, (GUILD_A, USER))
    assert a == Profile(USER, "Europe/Geneva", "Jevtović, Danko", "Civil society")
    assert b == Profile(USER, "Asia/Tokyo")
    assert stamped is not None and stamped.updated_at == NOW and stamped.updated_at.tzinfo is not None
    assert listed_a == [a]

    async with any_db.session() as s:
        await GuildRepository(s, GUILD_A).put_profile(replace(a, language="fr", timezone=None), NOW)
    async with any_db.reader() as s:
        assert await GuildRepository(s, GUILD_A).profiles([USER, 7]) == [
            Profile(USER, None, "Jevtović, Danko", "Civil society", "fr")]
        assert await GuildRepository(s, GUILD_A).profiles([]) == []

    async with any_db.session() as s:
        done = await PrivacyRepository(s, GUILD_B).forget(USER, [], [], "a former participant")
        assert done.deleted == {"member_profiles": 1}
    async with any_db.reader() as s:
        assert await GuildRepository(s, GUILD_A).profile(USER) is not None
        assert await GuildRepository(s, GUILD_B).profile(USER) is None


async def test_settings_json_round_trip(any_db: Database) -> None:
    async with any_db.session() as s:
        repo = GuildRepository(s, GUILD_A)
        blank = await repo.settings_for_update()
        assert blank == ServerSettings()
        await repo.put_settings(replace(blank.with_role("chair", [2, 1, 2]).with_role("member", [5]),
                                        meeting_offsets=(86400, 3600), server_name="ignored"))
    async with any_db.reader() as s:
        row2 = await GuildRepository(s, GUILD_A).settings()
        other = await GuildRepository(s, GUILD_B).settings()
        raw = await s.get(GuildSettings, GUILD_A)
    assert row2 == ServerSettings(role_map=(("chair", (1, 2)), ("member", (5,))), meeting_offsets=(86400, 3600))
    assert raw is not None and raw.role_map == {"chair": [1, 2], "member": [5]} and raw.meeting_offsets == [86400, 3600]
    assert other is None

    async with any_db.session() as s:
        await GuildRepository(s, GUILD_A).set_server_name("Plenary")
        repo = GuildRepository(s, GUILD_A)
        await repo.put_settings(replace((await repo.settings_for_update()).with_role("chair", []), language="ar"))
    async with any_db.reader() as s:
        assert await GuildRepository(s, GUILD_A).settings() == ServerSettings(
            role_map=(("member", (5,)),), meeting_offsets=(86400, 3600), language="ar", server_name="Plenary")


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
            await GuildRepository(s, GUILD_A).put_profile(Profile(USER, display_name="Half-written"), NOW)
            raise RuntimeError("boom")
    async with any_db.reader() as s:
        assert await GuildRepository(s, GUILD_A).profile(USER) is None


async def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive"):
        async with db.session() as s:
            await GuildRepository(s, GUILD_A).put_profile(Profile(USER, "UTC"), datetime(2026, 1, 1))
