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


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize("path", _files("bot/services"), ids=str)
def test_services_never_see_orm_rows(path: Path) -> None:
    """Rows stay in storage: repositories take and return domain objects or plain values."""
    assert not _uses_models(path), f"{path.name} imports storage.models; add a repository method instead"


def _uses_models(path: Path) -> bool:
    return any(m == "storage.models" or m.startswith("storage.models.") for m in _imported_modules(path))


def test_the_row_check_sees_model_imports(tmp_path: Path) -> None:
    service = tmp_path / "service.py"
    service.write_text("from storage.models.polls import Poll\n")
    assert _uses_models(service)
    service.write_text("import storage.models\n")
    assert _uses_models(service)
    service.write_text("from storage.repositories.polls import PollRepository\n")
    assert not _uses_models(service)


def _class_bases(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.name, [ast.unparse(b) for b in node.bases]) for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)]


@pytest.mark.parametrize("path", _files("cogs"), ids=str)
def test_every_interaction_entry_point_is_bound(path: Path) -> None:
    """Views, forms and persistent components derive from the Bound* bases, so that a handler waiting for the
    database defers its interaction first (slash commands are bound by the command tree)."""
    bound = ("Bound",)  # cogs._common: they enter through cogs._common.enter
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


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Modules of ours that ``path`` imports when it runs: at module level or inside functions, not under
    ``if TYPE_CHECKING:`` (annotations only). ``from package import module`` counts as importing the module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def ours(dotted: str) -> str | None:
        while dotted and dotted not in known:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(m for alias in node.names if (m := ours(alias.name)))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                if (m := ours(f"{base}.{alias.name}") or ours(base)):
                    found.add(m)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(name)
    return found


def _import_cycles(folders: tuple[str, ...]) -> list[list[str]]:
    """Strongly connected groups of two or more modules in the runtime import graph (Tarjan)."""
    paths = {_module_name(p): p for p in _files(*folders)}
    graph = {name: _runtime_imports(path, name, set(paths)) for name, path in paths.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def strongconnect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                strongconnect(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = [stack.pop()]
            while group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            strongconnect(node)
    return cycles


def test_no_import_cycles() -> None:
    """Each module can be read, imported and tested after the modules it uses: no two import each other, not
    even through a deferred import inside a function."""
    assert _import_cycles(("bot", "cogs", "storage")) == []


def test_the_cycle_check_sees_deferred_imports(tmp_path: Path) -> None:
    a = tmp_path / "a.py"
    a.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from b import x\ndef f():\n    import b\n")
    assert _runtime_imports(a, "a", {"a", "b"}) == {"b"}
    a.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from b import x\n")
    assert _runtime_imports(a, "a", {"a", "b"}) == set()


def _repository_methods() -> list[tuple[str, object]]:
    import importlib
    import inspect
    import pkgutil

    import storage.repositories as package

    found: list[tuple[str, object]] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for cls_name, cls in vars(module).items():
            if cls_name.startswith("_") or getattr(cls, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(cls):  # a query that is not bound to a guild, such as feed_by_token
                found.append((f"{info.name}.{cls_name}", cls))
            if not inspect.isclass(cls):
                continue
            for name, member in vars(cls).items():
                if not name.startswith("_") and inspect.isfunction(member):
                    found.append((f"{info.name}.{cls_name}.{name}", member))
    return sorted(found, key=lambda item: item[0])


def _model_classes() -> set[type]:
    import storage.models as models
    from storage.models.base import Base

    del models  # imported so that every mapped class is registered
    return {mapper.class_ for mapper in Base.registry.mappers}


def _row_leaks(annotation: object, models: set[type]) -> list[str]:
    """What in a return annotation is an ORM class or ``Any``, looking inside unions and generic arguments."""
    import typing

    if annotation is typing.Any:
        return ["Any"]
    if isinstance(annotation, type) and (annotation in models or annotation.__module__.startswith("storage.models")):
        return [annotation.__name__]
    return [leak for arg in typing.get_args(annotation) for leak in _row_leaks(arg, models)]


def _returned_leaks(function: object, models: set[type], names: dict[str, object] | None = None) -> list[str]:
    import typing

    hints = typing.get_type_hints(function, localns=names)
    return _row_leaks(hints.get("return", typing.Any), models)


def test_repositories_return_domain_values() -> None:
    """Rows stay in storage: a repository method returns domain values or plain values, never an ORM row (a
    service could otherwise mutate it and rely on the session flushing it) and never ``Any``."""
    models = _model_classes()
    methods = _repository_methods()
    assert len(methods) > 150  # the walk found the repositories
    leaking = {name: leaks for name, method in methods if (leaks := _returned_leaks(method, models))}
    assert leaking == {}, "return a domain value (bot/domain) or plain values instead"


def test_the_return_check_sees_rows_inside_containers() -> None:
    import typing
    from collections.abc import Sequence

    from storage.models.guild import GuildSettings

    models = _model_classes()
    assert _row_leaks(GuildSettings, models) == ["GuildSettings"]
    assert _row_leaks(GuildSettings | None, models) == ["GuildSettings"]
    assert _row_leaks(list[GuildSettings], models) == ["GuildSettings"]
    assert _row_leaks(Sequence[tuple[int, GuildSettings]], models) == ["GuildSettings"]
    assert _row_leaks(typing.Optional[dict[str, typing.Any]], models) == ["Any"]  # noqa: UP045
    assert _row_leaks(list[tuple[int, str]] | None, models) == []

    async def method() -> list[GuildSettings]:
        raise NotImplementedError

    assert _returned_leaks(method, models, {"GuildSettings": GuildSettings}) == ["GuildSettings"]
