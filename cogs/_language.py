"""The member's and the server's language for an interaction, and localised command names.

Every interaction binds its member's language before anything is rendered: the command tree's
``interaction_check`` does it for slash commands and autocomplete, and the ``Localized*`` bases below do
it for buttons, selects and modals. Public posts are rendered inside ``i18n.using(server language)``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, TypeAlias

import discord
from discord import app_commands

from bot import i18n
from bot.i18n.catalog import translations
from bot.i18n.languages import COMMAND_LOCALES

if TYPE_CHECKING:
    from bot.app import ConvenerBot

log = logging.getLogger("convener.i18n")
Interaction: TypeAlias = "discord.Interaction[ConvenerBot]"

# msgctxt of the command strings in the catalog (extracted from the command tree by bot.i18n.extract).
NAME, OPTION, DESCRIPTION = "command name", "option name", "command description"
CHOICE, MENU = "command choice", "context menu"
_CONTEXTS = {
    app_commands.TranslationContextLocation.command_name: NAME,
    app_commands.TranslationContextLocation.group_name: NAME,
    app_commands.TranslationContextLocation.parameter_name: OPTION,
    app_commands.TranslationContextLocation.command_description: DESCRIPTION,
    app_commands.TranslationContextLocation.group_description: DESCRIPTION,
    app_commands.TranslationContextLocation.parameter_description: DESCRIPTION,
    app_commands.TranslationContextLocation.choice_name: CHOICE,
}
_LANGUAGE_OF_LOCALE = {locale: lang for lang, locales in COMMAND_LOCALES.items() for locale in locales}


async def member_language(interaction: Interaction) -> str:
    """The member's /profile language, else their Discord client's, else English."""
    chosen = None
    if interaction.guild_id is not None:
        try:
            profile = await interaction.client.services.profiles.get(interaction.guild_id, interaction.user.id)
            chosen = profile.language
        except Exception:  # a reply in the client's language beats no reply at all
            log.warning("could not read the language of member %s", interaction.user.id, exc_info=True)
    return i18n.member_language(chosen, interaction.locale.value)


async def bind_member_language(interaction: Interaction) -> str:
    """Build the rest of this interaction's replies in the member's language."""
    language = await member_language(interaction)
    i18n.bind(language)
    return language


async def server_language(interaction: Interaction) -> str:
    """The language of this server's public posts."""
    if interaction.guild_id is None:
        return i18n.SOURCE
    return await interaction.client.services.settings.language(interaction.guild_id)


class CatalogTranslator(app_commands.Translator):
    """Command, option and choice names and descriptions from the message catalog."""

    async def translate(self, string: app_commands.locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContextTypes) -> str | None:
        language = _LANGUAGE_OF_LOCALE.get(locale.value)
        if language is None:
            return None
        if context.location is app_commands.TranslationContextLocation.command_name and _is_menu(context.data):
            msgctxt = MENU
        else:
            msgctxt = _CONTEXTS.get(context.location, "")
        if not msgctxt:
            return None
        text = translations(language).pgettext(msgctxt, string.message)
        return text if text != string.message else None


def _is_menu(command: Any) -> bool:
    return isinstance(command, app_commands.ContextMenu)
