"""Golden files: what a renderer must produce, byte for byte. ``UPDATE_GOLDEN=1`` rewrites them after an intended
change (then review the diff)."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, actual: bytes | str) -> None:
    """Compare with ``tests/golden/<name>`` (text as UTF-8; line endings are kept as written)."""
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{name} differs from its golden file (UPDATE_GOLDEN=1 to accept)"
