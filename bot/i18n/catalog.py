"""Loading the gettext catalogs: compiled ``.mo`` files built by ``make``, else the ``.po`` sources.

``make`` compiles ``bot/locale/<lang>/LC_MESSAGES/convener.po`` into ``convener.mo`` beside it. A
checkout or an installed package without (or with stale) compiled files still speaks every language:
the ``.po`` is compiled in memory once per process.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import logging
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from bot.i18n.languages import LANGUAGES, SOURCE

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "convener"

log = logging.getLogger("convener.i18n")


def catalog_paths(language: str, root: Path = LOCALE_DIR) -> tuple[Path, Path]:
    """The ``.po`` source and the compiled ``.mo`` of one language."""
    folder = root / language / "LC_MESSAGES"
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


def compile_po(po_path: Path) -> bytes:
    """The ``.mo`` bytes for a ``.po`` file (fuzzy entries are left out, as ``pybabel compile`` does)."""
    with po_path.open("rb") as source:
        catalog = read_po(source)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of ``language``; English (the source) and unknown languages translate to themselves."""
    if language == SOURCE or language not in LANGUAGES:
        return gettext.NullTranslations()
    po, mo = catalog_paths(language)
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as compiled:
            return Translations(compiled, domain=DOMAIN)
    if po.is_file():
        log.info("compiling %s in memory (run `make` to build the .mo files)", po)
        return Translations(io.BytesIO(compile_po(po)), domain=DOMAIN)
    log.warning("no catalog for %s in %s; falling back to English", language, LOCALE_DIR)
    return gettext.NullTranslations()


def fingerprint(root: Path = LOCALE_DIR) -> str:
    """A digest of every language's ``.po`` source: changes exactly when a translation may have changed."""
    digest = hashlib.sha256()
    for language in LANGUAGES:
        po_path, _mo = catalog_paths(language, root)
        digest.update(language.encode())
        digest.update(po_path.read_bytes() if po_path.is_file() else b"")
    return digest.hexdigest()
