"""What typed text may contain before anything handles it: no control characters but tab and line breaks
(PostgreSQL refuses NUL in text; the others garble exports and minutes), no lone surrogates (they have no
UTF-8 encoding, so no database driver can store them)."""

from __future__ import annotations

import re
from typing import Any

_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def strip_controls(text: str) -> str:
    return _UNWANTED.sub("", text)


def clean_json(value: Any) -> Any:
    """``value`` (decoded JSON) with every string cleaned by ``strip_controls``, keys included."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    if isinstance(value, dict):
        return {clean_json(k): clean_json(v) for k, v in value.items()}
    return value
