"""One escaping function for Discord and Markdown text, one place that builds Discord timestamps and jump links."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.render.discord_text import escape_cell, escape_md, inside_code

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / "bot" / "render" / "discord_text.py"
# Characters that Discord or a Markdown renderer read as markup somewhere in a line.
MARKUP = set("*_~|`#[]<>-+=")


def _product_files() -> list[Path]:
    return sorted(p for folder in ("bot", "cogs") for p in (ROOT / folder).rglob("*.py") if p != HOME)


def _backslashed(node: ast.AST | None, prefix: str = "\\") -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(prefix)


def _escaping_in(path: Path) -> list[str]:
    """Places in a file that escape text for Discord or Markdown: discord.py's escape_markdown, a regex
    substitution that puts a backslash before what it matched, or a replace of a markup character by its
    backslashed form."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute | ast.Name) and "escape_markdown" in (getattr(node, "attr", None),
                                                                              getattr(node, "id", None)):
            found.append(f"{path.name}:{node.lineno} escape_markdown")
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        args = node.args
        if node.func.attr in ("sub", "subn") and any(_backslashed(a, "\\\\") for a in args[:2]):
            found.append(f"{path.name}:{node.lineno} regex escape")
        if node.func.attr == "replace" and len(args) == 2 and _backslashed(args[1]) \
                and isinstance(args[0], ast.Constant) and set(str(args[0].value)) & MARKUP:
            found.append(f"{path.name}:{node.lineno} replace escape")
    return found


@pytest.mark.parametrize("path", _product_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_text_is_escaped_only_in_discord_text(path: Path) -> None:
    assert _escaping_in(path) == []


ESCAPERS = {"escape_md", "escape_cell", "inside_code", "escape_markdown"}


def _escapers_named_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [(node.lineno, node.id if isinstance(node, ast.Name) else node.attr) for node in ast.walk(tree)
             if isinstance(node, ast.Name | ast.Attribute)]
    names += [(node.lineno, alias.name) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
              for alias in node.names]
    return [f"{path.name}:{line} {name}" for line, name in sorted(names) if name in ESCAPERS]


@pytest.mark.parametrize("path", sorted((ROOT / "cogs").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_cogs_hand_raw_text_to_render(path: Path) -> None:
    """Cogs pass what members typed as it is; the render function that places it in a message escapes it."""
    assert _escapers_named_in(path) == []


def test_the_cog_guard_sees_escapers(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from bot.render.discord_text import escape_md\nfrom bot.render import discord_text\n"
                      "A = escape_md('x')\nB = discord_text.escape_cell('y')\n", encoding="utf-8")
    assert _escapers_named_in(sample) == ["sample.py:1 escape_md", "sample.py:3 escape_md", "sample.py:4 escape_cell"]


def test_the_guard_sees_each_kind_of_escaping(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(r"""import re
import discord
A = discord.utils.escape_markdown("x")
B = re.compile("([*_])").sub(r"\\\1", "a*b")
C = re.sub("([*])", r"\\\1", "a")
D = "a|b".replace("|", "\\|")
E = "a".replace("\n", " ")
F = re.sub("(x)", r"\1\1", "x")
""", encoding="utf-8")
    assert sorted(f.split(" ", 1)[1] for f in _escaping_in(sample)) == [
        "escape_markdown", "regex escape", "regex escape", "replace escape"]
    assert _escaping_in(HOME)  # the one home does escape


@pytest.mark.parametrize(("typed", "shown"), [
    ("Croll, Jutta", "Croll, Jutta"),
    ("**bold** _it_ ~~s~~ `c` ||spoiler||", "\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\`c\\` \\|\\|spoiler\\|\\|"),
    ("[site](https://x.org)", "\\[site\\](https://x.org)"),
    ("# WG 5 #", "\\# WG 5 \\#"),
    ("-# small", "\\-# small"),
    ("## 2", "\\## 2"),
    ("Learn C #", "Learn C \\#"),
    ("WG-MWP #3 on C#", "WG-MWP #3 on C#"),
    ("=Academia", "=Academia"),
    ("==", "\\=="),
    ("3.5 hours", "3.5 hours"),
    ("2) second", "2\\) second"),
    ("> quoted", "\\> quoted"),
    ("1. first", "1\\. first"),
    ("- item", "\\- item"),
    ("well-known", "well-known"),
    ("<@123> <t:0:F> <#9>", "\\<@123\\> \\<t:0:F\\> \\<#9\\>"),
    ("see https://x.org/a_b*c", "see https://x.org/a_b*c"),
    ("two\n# lines", "two\n\\# lines"),
    # A lone carriage return ends a line in CommonMark (minutes, Annex II): the next line is a line start.
    ("two\r# lines", "two\r\\# lines"),
    ("a\r\n- b\r> c", "a\r\n\\- b\r\\> c"),
    # Brackets and backticks are not URL characters: a URL stops there, so no masked link or code span rides on it.
    ("https://x.org/[here](https://evil.example)", "https://x.org/\\[here\\](https://evil.example)"),
    ("https://x.org/`code", "https://x.org/\\`code"),
])
def test_escape_md_shows_member_text_as_typed(typed: str, shown: str) -> None:
    assert escape_md(typed) == shown


def test_table_cells_are_one_line_with_pipes_escaped() -> None:
    assert escape_cell("a |  b\n- c") == "a \\| b - c"
    assert escape_cell("- lead") == "\\- lead"


# The domain writes its own refusals and cannot import render; the sandbox reads what the bot wrote.
BUILDS_TIMESTAMPS_ELSEWHERE = {"bot/domain/dates/reading.py"}


def _builds_discord_forms(path: Path) -> list[str]:
    """f-strings that build a Discord timestamp (``<t:…>``) or a jump link (``discord.com/channels/…``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.JoinedStr):
            continue
        literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        if "<t:" in literal or "discord.com/channels/" in literal:
            found.append(f"{path.name}:{node.lineno}")
    return found


@pytest.mark.parametrize("path", [p for p in _product_files() if "sandbox" not in p.parts
                                  and str(p.relative_to(ROOT)) not in BUILDS_TIMESTAMPS_ELSEWHERE],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_timestamps_and_jump_links_are_built_only_in_discord_text(path: Path) -> None:
    assert _builds_discord_forms(path) == []


def test_the_form_guard_sees_timestamps_and_links(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('A = f"<t:{1}:F>"\nB = f"https://discord.com/channels/{1}/{2}"\nC = f"<#{3}>"\n',
                      encoding="utf-8")
    assert len(_builds_discord_forms(sample)) == 2


@pytest.mark.parametrize(("typed", "shown"), [
    ("24h", "24h"),
    ("x` **b** `y", "x\u02cb **b** \u02cby"),
    ("``", "\u02cb\u02cb"),
    ("a\nb", "a b"),
])
def test_text_inside_a_code_span_cannot_close_it(typed: str, shown: str) -> None:
    assert inside_code(typed) == shown
    assert "`" not in inside_code(typed) and "\n" not in inside_code(typed)
