"""Languages: which one a reader gets, and convener's messages in it.

English is the source language; French, Spanish, Russian, Chinese and Arabic come from the gettext
catalogs in ``bot/locale`` (domain ``convener``). The language that text is being built in lives in a
context variable, so renderers and services need no extra parameter: the cogs bind the member's
language at the start of each interaction, and whatever posts publicly binds the server's language
around what it renders (``using``). Outside both, text is English.

Messages are whole sentences with named placeholders; translators may reorder them freely::

    _("Your time zone is now **{zone}**.", zone=zone)
    _n("{count} vote", "{count} votes", total)          # {count} is the number, formatted
    _p("roll call", "Present")                          # the same English word, translated per context
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from bot.i18n.catalog import translations
from bot.i18n.languages import (
    LANGUAGES,
    NATIVE_NAMES,
    SOURCE,
    from_discord_locale,
    is_rtl,
    member_language,
    server_language,
)
from bot.i18n.numbers import Number, decimal_in

_language: ContextVar[str] = ContextVar("convener_language", default=SOURCE)


def current() -> str:
    """The language text is being built in right now."""
    return _language.get()


def bind(language: str) -> None:
    """Use ``language`` for the rest of the current task (one interaction being handled)."""
    _language.set(language if language in LANGUAGES else SOURCE)


@contextmanager
def using(language: str) -> Iterator[str]:
    """Build text in ``language`` inside the block (public posts use the server's language)."""
    token = _language.set(language if language in LANGUAGES else SOURCE)
    try:
        yield language
    finally:
        _language.reset(token)


class Text(str):
    """A translated text that remembers its source message, so it can be shown again in another language.

    Errors can be raised where the reader is not known (a batch of ballots from several members); the
    place that shows them calls ``again`` in the reader's language.
    """

    source: tuple[str | None, str, str | None, int | None]  # (context, singular, plural, count)
    params: dict[str, object]


def _text(value: str, source: tuple[str | None, str, str | None, int | None], params: dict[str, object]) -> Text:
    # Numbers are written when the text is, in its language: they keep their value for ``again``.
    params = {key: item.written_in(current()) if isinstance(item, Number) else item for key, item in params.items()}
    text = Text(value.format(**params) if params else value)
    text.source, text.params = source, params
    return text


def _render(context: str | None, singular: str, plural: str | None, count: int | None,
            params: dict[str, object]) -> Text:
    catalog = translations(current())
    if plural is not None and count is not None:
        value = (catalog.npgettext(context, singular, plural, count) if context
                 else catalog.ngettext(singular, plural, count))
        params = {"count": decimal_in(count, current())} | params
    else:
        value = catalog.pgettext(context, singular) if context else catalog.gettext(singular)
    return _text(value, (context, singular, plural, count), params)


def again(text: str) -> str:
    """``text`` in the current language, if it came from the catalog (placeholders included)."""
    if not isinstance(text, Text):
        return text
    params = {key: again(value) if isinstance(value, Text) else value for key, value in text.params.items()}
    if text.source[2] is not None:
        params.pop("count", None)
    return _render(*text.source, params)


def _(message: str, /, **params: object) -> str:
    """``message`` in the current language, with ``{name}`` placeholders filled from ``params``."""
    return _render(None, message, None, None, params)


def _n(singular: str, plural: str, count: int, /, **params: object) -> str:
    """The plural form that fits ``count`` (Russian and Arabic have several); ``{count}`` is filled in."""
    return _render(None, singular, plural, count, params)


def _p(context: str, message: str, /, **params: object) -> str:
    """Like ``_``, for a short text whose translation depends on where it is used (e.g. a button)."""
    return _render(context, message, None, None, params)


def N_(message: str, /) -> str:
    """Mark a module-level text for extraction; translate it with ``_`` where it is shown."""
    return message


def NP_(context: str, message: str, /) -> Text:
    """Mark a module-level text and its context for extraction; ``again`` shows it in the current language."""
    return _text(message, (context, message, None, None), {})


class Names:
    """The words shown for stable keys (stored values, codes, headings), each marked with ``NP_``.

    ``role_name = Names({"chair": NP_("role", "Chair")})``: ``role_name("chair")`` is the word in the current
    language, and a key it does not know comes back as it is.
    """

    def __init__(self, words: Mapping[str, str]) -> None:
        self._words = dict(words)

    def __call__(self, key: str) -> str:
        word = self._words.get(key)
        return key if word is None else again(word)


__all__ = [
    "LANGUAGES",
    "NATIVE_NAMES",
    "NP_",
    "N_",
    "SOURCE",
    "Names",
    "Text",
    "_",
    "_n",
    "_p",
    "again",
    "bind",
    "current",
    "from_discord_locale",
    "is_rtl",
    "member_language",
    "server_language",
    "using",
]
