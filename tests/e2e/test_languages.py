"""Each member meets convener in their own language; the server publishes in its own."""

from __future__ import annotations

from tests.e2e.conftest import Convener


async def test_replies_follow_the_members_discord_locale(convener: Convener) -> None:
    danko = convener.member("danko")
    danko.locale = "fr"
    reply = await danko.slash("profile timezone", zone="Europe/Belgrade")
    assert reply.ephemeral and reply.content == "✅ Votre fuseau horaire est désormais **Europe/Belgrade**."
    shown = await danko.slash("profile show")
    assert "Fuseau horaire : Europe/Belgrade" in shown.content
    assert "Langue : Français (d'après vos réglages Discord)" in shown.content
    danko.locale = "es-419"
    assert (await danko.slash("profile show")).content.startswith("**Perfil de ")


async def test_profile_language_overrides_discord_for_arabic(convener: Convener) -> None:
    xiaofeng = convener.member("xiaofeng")
    xiaofeng.locale = "en-US"  # Discord has no Arabic locale: the member chooses it in convener
    reply = await xiaofeng.slash("profile language", language="ar")
    assert reply.content == "✅ سيجيبك convener الآن باللغة: العربية."
    shown = await xiaofeng.slash("profile show")
    assert "اللغة: العربية" in shown.content and "Time zone" not in shown.content
    error = await xiaofeng.slash("profile timezone", zone="Nowhere/Atlantis")
    assert error.ephemeral and error.content.startswith("❌")
    back = await xiaofeng.slash("profile language", language="auto")
    assert back.content == "✅ convener now follows your Discord language: English."


async def test_errors_are_in_the_members_language(convener: Convener) -> None:
    danko = convener.member("danko")
    danko.locale = "ru"
    reply = await danko.slash("setup group", name="WG")
    assert reply.ephemeral
    assert reply.content.startswith("🔒 Это может сделать только председатель.")
    assert "`/настройка роли`" in reply.content


async def test_server_language_from_guild_locale_then_setup(convener: Convener) -> None:
    lynn = convener.chair
    await convener.sandbox.set_guild_locale("fr")
    shown = await lynn.slash("setup show")
    assert "Language of public posts: Français (from the server's Discord settings)" in shown.content
    saved = await lynn.slash("setup language", language="es")
    assert saved.content.startswith("✅ Saved.") and "Language of public posts: Español" in saved.content
    assert await convener.bot.services.settings.language(convener.guild.id) == "es"


async def test_commands_are_localised_for_discord_locales(convener: Convener) -> None:
    commands = {c["name"]: c for c in convener.standin.commands(convener.guild)}
    poll = commands["poll"]
    assert poll["name_localizations"]["fr"] == "sondage"
    assert poll["name_localizations"]["es-419"] == poll["name_localizations"]["es-ES"] == "encuesta"
    assert poll["description_localizations"]["zh-CN"] == "Doodle 式会议时间投票"
    create = next(o for o in poll["options"] if o["name"] == "create")
    assert create["name_localizations"]["ru"] == "создать"
