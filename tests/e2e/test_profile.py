"""Profiles and server setup, end to end through the stand-in."""

from __future__ import annotations

from tests.e2e.conftest import Convener


async def test_profile_commands(convener: Convener) -> None:
    danko = convener.member("danko")
    reply = await danko.slash("profile timezone", zone="Europe/Belgrade")
    assert reply.ephemeral and "Europe/Belgrade" in reply.content
    await danko.slash("profile name", name="Jevtović, Danko")
    await danko.slash("profile group", group="Private sector")
    shown = await danko.slash("profile show")
    assert shown.ephemeral
    assert "Jevtović, Danko" in shown.content
    assert "Europe/Belgrade" in shown.content
    assert "Private sector" in shown.content


async def test_bad_timezone_is_a_clear_ephemeral_error(convener: Convener) -> None:
    danko = convener.member("danko")
    reply = await danko.slash("profile timezone", zone="Europe/Belgrad")
    assert reply.ephemeral
    assert "is not a time zone" in reply.content and "Europe/Belgrade" in reply.content
    shown = await danko.slash("profile show")
    assert "the server default is used" in shown.content


async def test_timezone_autocomplete(convener: Convener) -> None:
    choices = await convener.member("danko").autocomplete("profile timezone", "zone", "geneva")
    assert choices and choices[0]["value"] == "Europe/Zurich"
    assert len(await convener.member("danko").autocomplete("profile timezone", "zone", "")) == 25


async def test_markdown_and_mentions_in_names_are_inert(convener: Convener) -> None:
    reply = await convener.member("danko").slash("profile name", name="@everyone **bold**")
    assert "\\*\\*bold\\*\\*" in reply.content
    assert reply.interaction.callback_data is not None
    assert reply.interaction.callback_data["allowed_mentions"] == {"parse": []}


async def test_setup_is_chair_only(convener: Convener) -> None:
    member = await convener.member("danko").slash("setup timezone", zone="Europe/Geneva")
    assert member.ephemeral and "Only chairs" in member.content
    chair = await convener.chair.slash("setup timezone", zone="Europe/Geneva")
    assert "Europe/Zurich" in chair.content  # Geneva is filed under Zurich in the IANA database
    shown = await convener.member("danko").slash("setup show")
    assert "Time zone: Europe/Zurich" in shown.content


async def test_setup_roles_mapping(convener: Convener) -> None:
    guild = convener.guild
    secretariat_role = guild.role("Secretariat")
    reply = await convener.chair.slash("setup roles", role="chair", discord_role=secretariat_role)
    assert f"<@&{secretariat_role.id}>" in reply.content
    # Now the secretariat member is a chair, and the role named "Chair" no longer is.
    ok = await convener.member("chengetai").slash("setup reminders", offsets="48h, 2h")
    assert "48h before" in ok.content and "2h before" in ok.content
    refused = await convener.member("danko").slash("setup reminders", offsets="1h")
    assert "Only chairs" in refused.content


async def test_setup_reminders_rejects_bad_offsets(convener: Convener) -> None:
    reply = await convener.chair.slash("setup reminders", offsets="tomorrow")
    assert reply.ephemeral and "not a duration" in reply.content
    # A typed backtick cannot close the code span and let the rest show as markup.
    hostile = await convener.chair.slash("setup reminders", offsets="1h, x` **@everyone** [a](b) `y")
    assert hostile.ephemeral
    assert hostile.content.startswith("❌ `x\u02cb **@everyone** [a](b) \u02cby` is not a duration"), hostile.content
    assert hostile.content.count("`") == 8, hostile.content
