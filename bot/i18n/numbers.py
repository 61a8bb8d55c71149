"""Which CLDR locale writes each language's numbers; below the catalog so that plurals can format their count."""

from __future__ import annotations

from babel import numbers as babel_numbers

# The CLDR locale behind each language; English follows the secretariat's British usage.
BABEL_LOCALES = {"en": "en_GB", "fr": "fr", "es": "es", "ru": "ru", "zh": "zh_Hans", "ar": "ar"}


def decimal_in(value: float, language: str) -> str:
    return babel_numbers.format_decimal(value, locale=BABEL_LOCALES.get(language, "en_GB"))


class Number(str):
    """A number written the way one language writes it, that keeps its value.

    A message may be built in one language and shown in another (``again``): its numbers are written
    again in the language it is shown in, so a French reader never sees English separators ("1,500").
    """

    value: float

    def __new__(cls, value: float, language: str) -> Number:
        text = super().__new__(cls, decimal_in(value, language))
        text.value = value
        return text

    def written_in(self, language: str) -> Number:
        return Number(self.value, language)
