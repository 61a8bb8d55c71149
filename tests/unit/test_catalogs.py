"""The message catalogs: complete in every language, true to the code, and within Discord's limits.

Fails when a message in the code (or a command string) is missing from a catalog or untranslated,
when a translation drops or invents a placeholder, breaks Markdown, names a command that does not
exist in that language, or exceeds what Discord accepts (names ≤ 32 lowercase characters without
spaces, descriptions and choices ≤ 100, button labels ≤ 80, modal titles and field labels ≤ 45).
Run `make messages`, translate what is empty or fuzzy, and run `make`.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Iterator

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot.i18n import LANGUAGES, SOURCE
from bot.i18n.catalog import catalog_paths
from bot.i18n.extract import COMMAND_CONTEXTS, CommandString, build_template, command_strings, for_language
from bot.i18n.languages import COMMAND_LOCALES

TRANSLATED = [lang for lang in LANGUAGES if lang != SOURCE]
# Discord's limits for what a msgctxt marks (the code uses these contexts for component text).
LIMITS = {"command description": 100, "command choice": 100, "context menu": 32, "button": 80,
          "modal title": 45, "field label": 45, "field placeholder": 100, "select placeholder": 150,
          "select option": 100, "select description": 100}
# Discord's rule for command and option names, plus the lowercase rule for letters that have case.
NAME = re.compile(r"^[-_\w]{1,32}$")
COMMAND_MENTION = re.compile(r"`/([^`\s]+(?: [^`\s:]+)*)`")


@pytest.fixture(scope="module")
def commands() -> list[CommandString]:
    return command_strings()


@pytest.fixture(scope="module")
def template(commands: list[CommandString]) -> Catalog:
    return build_template()


def _catalog(language: str) -> Catalog:
    po, _mo = catalog_paths(language)
    with po.open("rb") as source:
        return read_po(source, locale=language)


def _forms(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def _ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _messages(catalog: Catalog) -> Iterator[Message]:
    return (m for m in catalog if m.id)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_has_every_message_of_the_code(language: str, template: Catalog) -> None:
    wanted = {(m.context, _ids(m)[0]) for m in _messages(for_language(template, language))}
    have = {(m.context, _ids(m)[0]) for m in _messages(_catalog(language))}
    missing = sorted(wanted - have, key=str)
    assert not missing, f"{language}: not in the catalog (run `make messages`): {missing[:10]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language: str) -> None:
    catalog = _catalog(language)
    untranslated = [_ids(m)[0] for m in _messages(catalog) if m.fuzzy or not all(_forms(m))]
    assert not untranslated, f"{language}: {len(untranslated)} untranslated or fuzzy, e.g. {untranslated[:5]}"
    plural = [m for m in _messages(catalog) if m.pluralizable]
    wrong = [_ids(m)[0] for m in plural if len(_forms(m)) != catalog.num_plurals]
    assert not wrong, f"{language}: plural messages need {catalog.num_plurals} forms: {wrong[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_and_markdown_match(language: str) -> None:
    problems = []
    for message in _messages(_catalog(language)):
        ids = _ids(message)
        wanted = set().union(*(_placeholders(i) for i in ids))
        for form in _forms(message):
            got = _placeholders(form)
            # A plural form may spell its number out ("un vote", "صوتان"), so {count} may be left out.
            optional = {"count"} if message.pluralizable else set()
            if got - wanted or (wanted - optional) - got:
                problems.append(f"{ids[0]!r} -> {form!r}: placeholders {sorted(got)} != {sorted(wanted)}")
            for mark in ("`", "**"):
                if form.count(mark) != ids[-1].count(mark):
                    problems.append(f"{ids[0]!r} -> {form!r}: {mark} count differs")
    assert not problems, "\n".join(problems[:10])


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_fit_discord_limits(language: str) -> None:
    problems = []
    for message in _messages(_catalog(language)):
        limit = LIMITS.get(message.context or "")
        for form in _forms(message):
            if limit and len(form) > limit:
                problems.append(f"[{message.context}] {form!r} is {len(form)} characters (limit {limit})")
            is_name = message.context in ("command name", "option name")
            if is_name and (not NAME.match(form) or form != form.lower()):
                problems.append(f"{form!r} is not a valid command name (lowercase, ≤ 32, no spaces)")
    assert not problems, "\n".join(problems[:10])


def _localized(language: str, commands: list[CommandString]) -> dict[tuple[str, str], str]:
    catalog = _catalog(language) if language in COMMAND_LOCALES else None
    found = {}
    for entry in commands:
        message = catalog.get(entry.text, context=entry.context) if catalog is not None else None
        found[(entry.context, entry.where)] = (message.string if message and message.string else entry.text)
    return found


@pytest.mark.parametrize("language", [lang for lang in TRANSLATED if lang in COMMAND_LOCALES])
def test_localized_command_names_stay_distinct(language: str, commands: list[CommandString]) -> None:
    names = _localized(language, commands)
    by_scope: dict[str, list[str]] = defaultdict(list)
    for entry in commands:
        if entry.scope is not None:
            by_scope[entry.scope].append(names[(entry.context, entry.where)])
    clashes = {scope: sorted(n for n in set(ns) if ns.count(n) > 1) for scope, ns in by_scope.items()}
    assert not {s: c for s, c in clashes.items() if c}, f"{language}: names clash within a command: {clashes}"


def _paths(language: str, commands: list[CommandString]) -> set[str]:
    """Every command path ("/poll create") as members of that language see it in their client."""
    names = _localized(language, commands)
    paths = set()
    for entry in commands:
        if entry.context == "command name":
            parts = entry.where.lstrip("/").split(" ")
            local = [names[("command name", "/" + " ".join(parts[: i + 1]))] for i in range(len(parts))]
            paths.add(" ".join(local))
    return paths


@pytest.mark.parametrize("language", TRANSLATED)
def test_commands_named_in_messages_exist_in_that_language(language: str, commands: list[CommandString]) -> None:
    paths = _paths(language, commands)
    wrong = []
    for message in _messages(_catalog(language)):
        if message.context in COMMAND_CONTEXTS:
            continue
        for form in _forms(message):
            for path in COMMAND_MENTION.findall(form):
                if path not in paths:
                    wrong.append(f"/{path} in {form!r}")
    assert not wrong, f"{language}: commands that members of this language do not have: {wrong[:10]}"


def test_source_messages_name_real_commands(template: Catalog, commands: list[CommandString]) -> None:
    paths = _paths(SOURCE, commands)
    wrong = [f"/{p} in {m.id!r}" for m in _messages(template) for i in _ids(m) for p in COMMAND_MENTION.findall(i)
             if p not in paths]
    assert not wrong, wrong[:10]
