"""Refresh the message catalogs: ``make messages`` (= ``python -m bot.i18n.extract``).

1. Extracts every ``_``/``_n``/``_p``/``N_``/``NP_`` message from bot/ and cogs/.
2. Adds every slash-command, option and choice name and description from the command tree (context
   "command name" / "command description" / "command choice" / "context menu").
3. Writes ``bot/locale/convener.pot`` and merges it into each language's ``convener.po``: new messages
   arrive untranslated, changed ones are kept as fuzzy suggestions, vanished ones become obsolete.
   Locations name the file without its line number, so that moving code does not rewrite every catalog.
Then translate the empty and fuzzy entries and run ``make`` (the catalog test lists what is missing).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.i18n.catalog import DOMAIN, LOCALE_DIR, catalog_paths
from bot.i18n.languages import COMMAND_LOCALES, LANGUAGES, NATIVE_NAMES, SOURCE

ROOT = LOCALE_DIR.parent.parent
KEYWORDS = {"_": None, "N_": None, "_n": (1, 2), "_p": ((1, "c"), 2), "NP_": ((1, "c"), 2)}
SOURCES = ("bot", "cogs")
SKIPPED = ("bot/sandbox", "bot/i18n/extract.py")
WIDTH = 100
HEADER = ("# Messages of convener, a Discord bot for working-group meetings.\n"
          "# Distributed under the same licence as convener (MIT). Refresh with `make messages`.\n#")


def _source_messages(catalog: Catalog) -> None:
    for folder in SOURCES:
        found = extract_from_dir(ROOT / folder, keywords=KEYWORDS, comment_tags=("Translators:",),
                                 strip_comment_tags=True)
        for filename, lineno, message, comments, context in found:
            path = f"{folder}/{filename}"
            if path.startswith(SKIPPED):
                continue
            catalog.add(message, locations=[(path, lineno)], auto_comments=comments, context=context,
                        flags=("python-brace-format",) if "{" in str(message) else ())


@dataclass(frozen=True)
class CommandString:
    context: str  # msgctxt in the catalog
    text: str
    where: str  # "/poll create title"
    scope: str | None  # names must be unique within their scope ("/poll" for its subcommands); None otherwise


def command_strings() -> list[CommandString]:
    """Every translatable string of the command tree (the cogs are loaded, nothing connects)."""
    return asyncio.run(_walk_commands())


async def _walk_commands() -> list[CommandString]:
    import pkgutil

    from discord import AppCommandType, app_commands

    import cogs
    from bot.app import create_bot
    from bot.config import from_mapping

    bot = create_bot(from_mapping({}, env={}))
    for module in sorted(m.name for m in pkgutil.iter_modules(cogs.__path__) if not m.name.startswith("_")):
        await bot.load_extension(f"cogs.{module}")
    found: list[CommandString] = []
    for command in bot.tree.walk_commands():
        where = f"/{command.qualified_name}"
        parent = f"/{command.parent.qualified_name}" if command.parent else "/"
        found += [CommandString("command name", command.name, where, parent),
                  CommandString("command description", command.description, where, None)]
        if isinstance(command, app_commands.Command):
            for param in command.parameters:
                found += [CommandString("option name", param.name, f"{where} {param.name}", where),
                          CommandString("command description", param.description, f"{where} {param.name}", None)]
                found += [CommandString("command choice", c.name, f"{where} {param.name}", None)
                          for c in param.choices if c.name not in NATIVE_NAMES.values()]
    for menu in bot.tree.get_commands(type=AppCommandType.message):
        found.append(CommandString("context menu", menu.name, f"message menu {menu.name}", "message menu"))
    await bot.close()
    return found


def build_template() -> Catalog:
    catalog = Catalog(project="convener", version="0.1", domain=DOMAIN, charset="utf-8", fuzzy=False,
                      copyright_holder="convener contributors", msgid_bugs_address="", header_comment=HEADER)
    _source_messages(catalog)
    for entry in command_strings():
        if entry.text and entry.text != "…":
            catalog.add(entry.text, context=entry.context, auto_comments=[entry.where])
    return catalog


COMMAND_CONTEXTS = ("command name", "option name", "command description", "command choice", "context menu")


def for_language(template: Catalog, language: str) -> Catalog:
    """The template without command strings for a language Discord has no locale for (Arabic)."""
    if language in COMMAND_LOCALES:
        return template
    kept = Catalog(project=template.project, version=template.version, domain=DOMAIN, charset="utf-8",
                   fuzzy=False, creation_date=template.creation_date)
    for message in template:
        if message.id and message.context not in COMMAND_CONTEXTS:
            kept[message.id] = message
    return kept


def update(template: Catalog, language: str, root: Path = LOCALE_DIR) -> Catalog:
    template = for_language(template, language)
    po_path, _mo = catalog_paths(language, root)
    if po_path.is_file():
        with po_path.open("rb") as source:
            catalog = read_po(source, locale=language)
    else:
        catalog = Catalog(locale=language, domain=DOMAIN, project="convener", version="0.1", charset="utf-8",
                          copyright_holder="convener contributors", msgid_bugs_address="",
                          last_translator="convener translators",
                          language_team=f"{NATIVE_NAMES[language]} ({language})", fuzzy=False,
                          header_comment=HEADER.replace("Messages", f"{NATIVE_NAMES[language]} messages"),
                          revision_date=template.creation_date)
    catalog.update(template, update_header_comment=False)
    po_path.parent.mkdir(parents=True, exist_ok=True)
    with po_path.open("wb") as out:
        write_po(out, catalog, width=WIDTH, ignore_obsolete=True, include_previous=True, include_lineno=False)
    return catalog


def main() -> None:
    template = build_template()
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("wb") as out:
        write_po(out, template, width=WIDTH, include_lineno=False)
    for language in LANGUAGES:
        if language != SOURCE:
            catalog = update(template, language)
            missing = sum(1 for m in catalog if m.id and (not m.string or m.fuzzy or
                                                        (isinstance(m.string, tuple) and not all(m.string))))
            print(f"{language}: {len(catalog)} messages, {missing} to translate")


if __name__ == "__main__":
    main()
