"""Which CLDR locale writes each language's numbers; below the catalog so that plurals can format their count."""

from __future__ import annotations

from babel import numbers as babel_numbers

# The CLDR locale behind each language; English follows the secretariat's British usage.
BABEL_LOCALES = {"en": "en_GB", "fr": "fr", "es": "es", "ru": "ru", "zh": "zh_Hans", "ar": "ar"}


def decimal_in(value: float, language: str) -> str:
    return babel_numbers.format_decimal(value, locale=BABEL_LOCALES.get(language, "en_GB"))
