"""The layering rules of the guide, checked on the source: pure domain, no discord below cogs, SQL only in storage."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _files("bot/domain", "bot/services", "bot/render", "storage"), ids=str)
def test_no_discord_below_cogs(path: Path) -> None:
    assert "discord" not in _imports(path)


@pytest.mark.parametrize("path", _files("bot/domain", "bot/services", "bot/render", "cogs"), ids=str)
def test_no_sqlalchemy_outside_storage(path: Path) -> None:
    assert "sqlalchemy" not in _imports(path)


@pytest.mark.parametrize("path", _files("bot/domain", "bot/render"), ids=str)
def test_domain_and_render_do_no_io(path: Path) -> None:
    assert not _imports(path) & {"storage", "aiohttp", "asyncio", "apscheduler", "cogs"}
