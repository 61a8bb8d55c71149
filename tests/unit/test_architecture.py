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


def _class_bases(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.name, [ast.unparse(b) for b in node.bases]) for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)]


@pytest.mark.parametrize("path", _files("cogs"), ids=str)
def test_every_interaction_entry_point_is_bound(path: Path) -> None:
    """Views, forms and persistent components derive from the Bound* bases, so that a handler waiting for the
    database defers its interaction first (slash commands are bound by the command tree)."""
    bound = ("Bound", "Localized")  # cogs._common and cogs._language: both enter through cogs._common.enter
    for name, bases in _class_bases(path):
        if name.startswith(bound):
            continue
        ui = [b for b in bases if b.startswith(("discord.ui.View", "discord.ui.Modal", "discord.ui.DynamicItem"))]
        assert not ui or any(b.startswith(bound) for b in bases), f"{name} in {path.name} is not bound: {bases}"


def _member_id_columns() -> list[str]:
    from sqlalchemy import Integer

    from storage.models import Base

    return [f"{table.name}.{column.name}" for table in Base.metadata.sorted_tables for column in table.c
            if isinstance(column.type, Integer) and (column.name in {"user_id", "author_id", "owner_id", "credit_id"}
                                                      or column.name.endswith("_by"))]


@pytest.mark.parametrize("qualified", _member_id_columns())
def test_every_column_holding_a_member_says_what_forgetting_does(qualified: str) -> None:
    """`/privacy forget` finds a member through these declarations (storage.models.base.owned / ref)."""
    from storage.models import Base

    table, column = qualified.split(".")
    info = Base.metadata.tables[table].c[column].info
    assert info.get("member") in {"owned", "ref"}, f"{qualified}: declare info=owned(...) or info=ref(...)"
    assert "guild_id" in Base.metadata.tables[table].c, f"{table}: personal data is kept per server (guild_id)"
