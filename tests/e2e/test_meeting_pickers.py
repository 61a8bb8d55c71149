"""Through the stand-in: every meeting picker finds any meeting of the server (by title, number or id, or
date, however old, even one held before its scheduled time), and minutes are headed with the server's name
until /setup group names the group."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.meeting import MeetingInfo
from tests.e2e.conftest import START, Convener

PICKERS = [("attendance export", "chengetai"), ("minutes draft", "lynn"), ("rollcall show", "lynn"),
           ("agenda show", "lynn")]


async def picked(convener: Convener, typed: str, command: str = "attendance export", who: str = "chengetai",
                 ) -> list[int]:
    choices = await convener.member(who).autocomplete(command, "meeting", typed)
    assert all(len(c["name"]) <= 100 for c in choices) and len(choices) <= 25
    return [int(c["value"]) for c in choices]


async def schedule(convener: Convener, title: str, after: timedelta) -> MeetingInfo:
    return await convener.bot.services.meetings.schedule(convener.guild.id, title=title, start=START + after,
                                                         timezone="UTC")


async def test_a_meeting_held_and_ended_before_its_time_stays_in_every_picker(convener: Convener) -> None:
    lynn = convener.chair
    early = await schedule(convener, "Budget retreat", timedelta(hours=8))  # 17:00; it is 09:00
    started = await lynn.slash("meeting start", meeting=early.id)
    assert "❌" not in started.text(), started.text()
    convener.clock.advance(timedelta(hours=1))
    ended = await lynn.slash("meeting end", meeting=early.id)
    assert "❌" not in ended.text(), ended.text()
    for command, who in PICKERS:
        assert early.id in await picked(convener, "", command, who), command
        assert await picked(convener, "retreat", command, who) == [early.id], command
    exported = await convener.member("chengetai").slash("attendance export", meeting=early.id)
    assert exported.ephemeral and exported.attachments, exported.text()


async def test_old_meetings_are_found_by_title_number_and_date(convener: Convener) -> None:
    old = await schedule(convener, "Plenary kickoff", timedelta(days=1, hours=6))  # 2026-11-24 15:00 UTC
    recent = await schedule(convener, "WG-MWP", timedelta(days=3))
    convener.clock.advance(timedelta(days=200))
    for command, who in PICKERS:
        assert await picked(convener, "plenary", command, who) == [old.id], command
    assert await picked(convener, "Kickoff") == [old.id]
    assert await picked(convener, "2026-11-24") == [old.id]
    assert await picked(convener, "24 Nov") == [old.id]
    assert await picked(convener, f"#{recent.id}") == [recent.id]
    assert await picked(convener, "") == [recent.id, old.id]  # latest first
    [choice] = await convener.member("chengetai").autocomplete("attendance export", "meeting", "plenary")
    assert choice["name"] == "Plenary kickoff — 2026-11-24 15:00 UTC"
    draft = await convener.chair.slash("minutes draft", meeting=old.id)
    assert draft.ephemeral and draft.attachments, draft.text()


async def rename_server(convener: Convener, name: str) -> None:
    """What Discord sends when an administrator renames the server."""
    guild = convener.guild
    guild.name = name
    await convener.standin.gateway.dispatch("GUILD_UPDATE", guild.to_json(), guild_id=guild.id)


async def heading(convener: Convener, meeting: MeetingInfo) -> str:
    draft = await convener.chair.slash("minutes draft", meeting=meeting.id)
    return draft.attachments[0].data.decode().splitlines()[0]


async def test_minutes_are_headed_with_the_server_name_until_setup_group(convener: Convener) -> None:
    meeting = await schedule(convener, "WG-MWP", timedelta(hours=6))
    await rename_server(convener, "IGF MAG — Working Group on Strategy")
    assert await heading(convener, meeting) == "# IGF MAG — Working Group on Strategy"
    shown = await convener.chair.slash("setup show")
    assert "Group name: IGF MAG — Working Group on Strategy" in shown.text()
    await convener.chair.slash("setup group", name="MAG WG-MWP")
    assert await heading(convener, meeting) == "# MAG WG-MWP"


async def test_the_server_name_is_kept_for_the_command_line(convener: Convener) -> None:
    services = convener.bot.services
    [before] = await services.catalog.servers()
    assert (before.guild_id, before.server_name) == (convener.guild.id, convener.guild.name)
    convener.guild.name = "Renamed while the bot was away"
    await convener.restart()  # sees the new name at start-up, as after an outage
    [after] = await convener.bot.services.catalog.servers()
    assert after.server_name == "Renamed while the bot was away"
