"""The six languages convener speaks, and how a reader's language is chosen."""

from __future__ import annotations

SOURCE = "en"
LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")

# Each language by its own name, as /profile language and /setup language list them.
NATIVE_NAMES = {
    "en": "English", "fr": "Français", "es": "Español", "ru": "Русский", "zh": "中文", "ar": "العربية",
}

# Discord's locales (reference-locales) for each language. Arabic has none: Arabic-speaking members
# choose it with /profile language, and see English command names with Arabic replies.
DISCORD_LOCALES: dict[str, tuple[str, ...]] = {
    "en": ("en-US", "en-GB"),
    "fr": ("fr",),
    "es": ("es-ES", "es-419"),
    "ru": ("ru",),
    # Traditional-Chinese clients read Simplified Chinese more easily than English; commands are
    # localised for zh-CN only, the locale the UN's Chinese corresponds to.
    "zh": ("zh-CN", "zh-TW"),
    "ar": (),
}
COMMAND_LOCALES: dict[str, tuple[str, ...]] = {
    "fr": ("fr",), "es": ("es-ES", "es-419"), "ru": ("ru",), "zh": ("zh-CN",),
}

_BY_LOCALE = {locale.casefold(): lang for lang, locales in DISCORD_LOCALES.items() for locale in locales}


def from_discord_locale(locale: str | None) -> str | None:
    """The language for one of Discord's locale codes ("es-419" -> "es"), or None if convener lacks it."""
    if not locale:
        return None
    return _BY_LOCALE.get(locale.casefold())


def member_language(chosen: str | None, interaction_locale: str | None) -> str:
    """What one member reads: their /profile language, else their Discord client's, else English."""
    if chosen is not None and chosen in LANGUAGES:
        return chosen
    return from_discord_locale(interaction_locale) or SOURCE


def server_language(chosen: str | None, guild_locale: str | None) -> str:
    """What a server's public posts use: /setup language, else the guild's preferred locale, else English."""
    if chosen is not None and chosen in LANGUAGES:
        return chosen
    return from_discord_locale(guild_locale) or SOURCE


def is_rtl(language: str) -> bool:
    return language == "ar"
