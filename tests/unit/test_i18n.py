"""Choosing a reader's language, translating, formatting dates and numbers, sorting names."""

from __future__ import annotations

import gettext
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.support import Translations

from bot import i18n
from bot.domain.names import sorted_names
from bot.errors import InvalidInput
from bot.i18n import NP_, Names, _, member_language, server_language, using
from bot.i18n.catalog import catalog_paths, compile_po
from bot.i18n.formatting import format_datetime, format_day, format_list, format_number


@pytest.mark.parametrize(("chosen", "locale", "expected"), [
    ("ar", "fr", "ar"),          # the member's own choice wins (Discord has no Arabic locale)
    (None, "fr", "fr"),
    (None, "es-419", "es"),
    (None, "es-ES", "es"),
    (None, "zh-CN", "zh"),
    (None, "ru", "ru"),
    (None, "de", "en"),          # a language convener does not speak: English
    (None, None, "en"),
    ("xx", "fr", "fr"),          # a stale or unknown stored value is ignored
])
def test_member_language(chosen: str | None, locale: str | None, expected: str) -> None:
    assert member_language(chosen, locale) == expected


def test_server_language_prefers_setup_then_guild_locale() -> None:
    assert server_language("es", "fr") == "es"
    assert server_language(None, "fr") == "fr"
    assert server_language(None, "en-US") == "en"
    assert server_language(None, "ja") == "en"


def test_text_follows_the_bound_language_and_nests() -> None:
    assert _("✅ Saved.") == "✅ Saved."
    with using("fr"):
        assert _("✅ Saved.") == "✅ Enregistré."
        with using("zh"):
            assert _("✅ Saved.") == "✅ 已保存。"
        assert i18n.current() == "fr"
    assert i18n.current() == "en"


def test_placeholders_are_filled_after_translation() -> None:
    with using("ru"):
        assert _("✅ Your time zone is now **{zone}**.", zone="Europe/Moscow") == (
            "✅ Ваш часовой пояс теперь **Europe/Moscow**.")


def test_names_show_a_key_in_the_current_language_and_an_unknown_key_as_it_is() -> None:
    role = Names({"chair": NP_("role", "Chair"), "member": NP_("role", "Member")})
    assert role("chair") == "Chair" and role("guest") == "guest"
    with using("fr"):
        assert role("chair") == "Présidence" and role("member") == "Membre" and role("guest") == "guest"
    with using("es"):
        assert role("chair") == "Presidencia"


def test_np_marked_texts_are_extracted_with_their_context() -> None:
    from babel.messages.catalog import Catalog

    from bot.i18n.extract import _source_messages

    template = Catalog()
    _source_messages(template)
    assert template.get("CHAIRS", context="annex II heading") is not None
    assert template.get("announcement", context="reminder kind") is not None


def test_a_po_file_alone_is_enough(tmp_path: Path) -> None:
    """An installed package without compiled catalogs still translates (the .po is compiled in memory)."""
    po, _mo = catalog_paths("es")
    compiled = Translations(fp=__import__("io").BytesIO(compile_po(po)))
    assert compiled.gettext("✅ Saved.") == "✅ Guardado."
    assert isinstance(compiled, gettext.GNUTranslations)


PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Tuesday, 16 March 2027 at 15:00"),
    ("fr", "mardi 16 mars 2027 à 15:00"),
    ("es", "martes, 16 de marzo de 2027 a las 15:00"),
    ("ru", "вторник, 16 марта 2027\u202fг. в 15:00"),
    ("zh", "2027年3月16日星期二 15:00"),
    ("ar", "الثلاثاء، 16 مارس 2027 الساعة 3:00 م"),
])
def test_dates_the_local_way(language: str, expected: str) -> None:
    with using(language):
        assert format_datetime(datetime(2027, 3, 16, 15, 0, tzinfo=PARIS)) == expected


def test_days_numbers_and_lists() -> None:
    day = datetime(2027, 3, 18, tzinfo=PARIS).date()
    assert format_day(day, "en") == "18 March 2027"
    assert format_day(day, "es") == "18 de marzo de 2027"
    assert format_number(1234567, "fr") == "1\u202f234\u202f567"
    assert format_number(1234567, "es") == "1.234.567"
    assert format_list(["A", "B", "C"], "fr") == "A, B et C"
    assert format_list(["A", "B", "C"], "zh") == "A、B和C"


def test_names_sort_by_the_unicode_collation_algorithm() -> None:
    names = ["Яковлев, Пётр", "Ёлкин, Иван", "Ежов, Павел", "Абрамов, Олег", "Émile, Zoé", "Ebert, Anna",
             "Zhou, Li", "عمر، سالم", "أحمد، علي", "بكر، منى"]
    ordered = sorted_names(names)
    # Latin with accents beside their base letters, then Cyrillic (Ё filed under Е), then Arabic.
    assert ordered[:3] == ["Ebert, Anna", "Émile, Zoé", "Zhou, Li"]
    assert ordered[3:7] == ["Абрамов, Олег", "Ежов, Павел", "Ёлкин, Иван", "Яковлев, Пётр"]
    assert ordered[7:] == ["أحمد، علي", "بكر، منى", "عمر، سالم"]


@pytest.mark.parametrize(("language", "written"), [
    ("fr", "1\u202f500"), ("es", "1.500"), ("ru", "1\xa0500"), ("ar", "1,500"), ("en", "1,500"),
])
def test_numbers_in_a_refusal_are_written_in_the_language_it_is_shown_in(language: str, written: str) -> None:
    from bot.services.profiles import clean_text

    with using("en"), pytest.raises(InvalidInput) as refused:
        clean_text("x" * 1500, "note", 1000)
    assert "1,500" in str(refused.value.message)
    with using(language):
        shown = i18n.again(refused.value.message)
    assert written in shown and format_number(1000, language) in shown
    if language != "en":
        assert "characters" not in shown
    if written != "1,500":
        assert "1,500" not in shown
