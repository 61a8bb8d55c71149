"""Markdown helpers for minutes: plain-text conversion, sections and Discord-sized pieces.

Every function here is a single pass over its input (minutes of a long meeting stay fast to redraft).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.render.discord_text import FENCE, URL

MESSAGE_LIMIT = 2000

# "Annex I"/"Annex II" in each of the six languages the minutes can be drafted in.
_ANNEX = r"^#{1,6}[ \t]*\**[ \t]*(?:(?:annexe?|anexo|приложение)[ \t]+(?:%s)\b|%s)"
_ANNEX_I = re.compile(_ANNEX % ("i|1", "附件[一1]|المرفق[ \t]+(?:الأول|1)"), re.IGNORECASE | re.MULTILINE)
_ANNEX_II = re.compile(_ANNEX % ("ii|2", "附件[二2]|المرفق[ \t]+(?:الثاني|2)"), re.IGNORECASE | re.MULTILINE)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_PRIVATE_BASE = 0xE000  # escaped ASCII punctuation is parked here while markup is stripped


# -- Markdown -> plain text ---------------------------------------------------------------------------------------

# (marker that must be present, pattern, replacement): the marker check skips most lines cheaply.
_MARKUP = (
    ("**", re.compile(r"\*\*(.+?)\*\*"), r"\1"),
    ("__", re.compile(r"__(.+?)__"), r"\1"),
    ("~~", re.compile(r"~~(.+?)~~"), r"\1"),
    ("*", re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    ("_", re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    ("`", re.compile(r"`([^`]+)`"), r"\1"),
)
_LINK = re.compile(r"(?<!\\)\[([^\]]+)\]\((https?://[^\s)]+)\)")


def _park_escapes(line: str) -> str:
    return _ESCAPED.sub(lambda m: chr(_PRIVATE_BASE + ord(m.group(1))), line)


_UNPARK = {_PRIVATE_BASE + i: chr(i) for i in range(128)}
_UNPARK_ESCAPED = {_PRIVATE_BASE + i: "\\" + chr(i) for i in range(128)}


def _unpark(line: str, keep_escape: bool = False) -> str:
    return line.translate(_UNPARK_ESCAPED if keep_escape else _UNPARK)


def inline_to_text(line: str) -> str:
    """Markup and escapes removed; URLs are kept exactly as written (they were never escaped)."""
    if "](" in line:
        line = _links_to_text(line)
    if "://" not in line:
        return _strip_markup(line)
    parts = URL.split(line)
    return "".join(part if i % 2 else _strip_markup(part) for i, part in enumerate(parts))


def _links_to_text(line: str) -> str:
    """``[label](url)`` -> ``label (url)``, except where the brackets are part of a bare URL."""
    inside_urls = [m.span() for m in URL.finditer(line)]

    def swap(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in inside_urls):
            return match.group(0)
        return f"{match.group(1)} ({match.group(2)})"

    return _LINK.sub(swap, line)


def _strip_markup(text: str) -> str:
    escaped = "\\" in text
    if escaped:
        text = _park_escapes(text)
    for marker, pattern, replacement in _MARKUP:
        if marker in text:
            text = pattern.sub(replacement, text)
    return _unpark(text) if escaped else text


def _cells(row: str) -> list[str]:
    parked = _park_escapes(row.strip())
    parked = parked.removeprefix("|").removesuffix("|")
    return [inline_to_text(_unpark(cell, keep_escape=True).strip()) for cell in parked.split("|")]


def _is_separator(cells: list[str]) -> bool:
    return all(re.fullmatch(r":?-{1,}:?", c.strip()) for c in cells if c.strip()) and any(c.strip() for c in cells)


def _table_to_text(rows: list[str]) -> list[str]:
    table = [cells for cells in (_cells(r) for r in rows) if not _is_separator(cells)]
    if not table:
        return []
    width = max(len(r) for r in table)
    widths = [max((len(r[i]) if i < len(r) else 0) for r in table) for i in range(width)]
    out = []
    for r in table:
        padded = [(r[i] if i < len(r) else "").ljust(widths[i]) for i in range(width)]
        out.append("  ".join(padded).rstrip())
    return out


def _fence_states(lines: Iterable[str]) -> Iterator[tuple[str, bool, bool]]:
    """Each line, whether it is a ``` fence line, and whether a code block is open once it has been read."""
    in_code = False
    for line in lines:
        fence = line.lstrip().startswith(FENCE)
        in_code ^= fence
        yield line, fence, in_code


def markdown_to_text(markdown: str) -> str:
    """Plain text for e-mail: headings, emphasis, escapes and table pipes removed; code kept verbatim."""
    out: list[str] = []
    table: list[str] = []
    for line, fence, in_code in _fence_states(markdown.split("\n")):
        if fence:
            continue
        if in_code:
            out.append(line)
            continue
        if line.lstrip().startswith("|"):
            table.append(line)
            continue
        if table:
            out.extend(_table_to_text(table))
            table = []
        heading = _HEADING.match(line)
        if heading:
            out.append(inline_to_text(heading.group(2)))
        else:
            out.append(inline_to_text(line))
    if table:
        out.extend(_table_to_text(table))
    return "\n".join(out).rstrip() + "\n"


# -- sections -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A heading and the lines under it up to the next heading (``start``/``end`` index lines)."""

    index: int
    heading: str
    level: int
    start: int  # line of the heading
    end: int  # first line after the body


def sections(markdown: str) -> list[Section]:
    lines = markdown.split("\n")
    found: list[tuple[int, str, int]] = []
    for number, (line, fence, in_code) in enumerate(_fence_states(lines)):
        if fence:
            continue
        match = None if in_code else _HEADING.match(line)
        if match:
            found.append((number, inline_to_text(match.group(2)), len(match.group(1))))
    result = []
    for i, (start, heading, level) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(lines)
        result.append(Section(i, heading, level, start, end))
    return result


def section_body(markdown: str, section: Section) -> str:
    lines = markdown.split("\n")
    return "\n".join(lines[section.start + 1 : section.end]).strip("\n")


def replace_section_body(markdown: str, section: Section, body: str) -> str:
    """The document with one section's body replaced (its heading and every other section untouched)."""
    lines = markdown.split("\n")
    new_body = body.strip("\n")
    middle = ["", *new_body.split("\n"), ""] if new_body.strip() else [""]
    return "\n".join(lines[: section.start + 1] + middle + lines[section.end :]).rstrip("\n") + "\n"


def annex_headings(markdown: str) -> tuple[bool, bool]:
    """Whether the document still has its "Annex I" and "Annex II" headings."""
    return bool(_ANNEX_I.search(markdown)), bool(_ANNEX_II.search(markdown))


# -- Discord-sized pieces -----------------------------------------------------------------------------------------


def for_discord(markdown: str) -> str:
    """Discord shows no tables: a table becomes aligned plain-text columns in a code block."""
    out: list[str] = []
    rows: list[str] = []
    for line, _fence, in_code in _fence_states(markdown.split("\n")):
        if not in_code and line.lstrip().startswith("|"):
            rows.append(line)
            continue
        if rows:
            out.extend(_fenced_table(rows))
            rows = []
        out.append(line)
    if rows:
        out.extend(_fenced_table(rows))
    return "\n".join(out)


def _fenced_table(rows: list[str]) -> list[str]:
    # Cells are shown unescaped inside the block, where a literal ``` would end it early.
    return [FENCE, *(line.replace(FENCE, "ˋˋˋ") for line in _table_to_text(rows)), FENCE]


def _blocks(text: str) -> list[str]:
    """Paragraphs, with a fenced code block kept whole even when it has blank lines."""
    blocks: list[str] = []
    current: list[str] = []
    for line, _fence, in_code in _fence_states(text.split("\n")):
        if not line.strip() and not in_code:
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def _hard_wrap(line: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while len(line) > limit:
        cut = line.rfind(" ", 0, limit + 1)
        if cut <= limit // 2:
            cut = limit
        pieces.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    pieces.append(line)
    return pieces


def _pack(parts: list[str], limit: int, sep: str) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for part in parts:
        extra = len(part) + (len(sep) if current else 0)
        if current and size + extra > limit:
            chunks.append(sep.join(current))
            current, size = [], 0
            extra = len(part)
        current.append(part)
        size += extra
    if current:
        chunks.append(sep.join(current))
    return chunks


def _fit_block(block: str, limit: int) -> list[str]:
    if len(block) <= limit:
        return [block]
    lines = block.split("\n")
    if lines[0].lstrip().startswith(FENCE):
        opening = lines[0]
        inner = lines[1:-1] if len(lines) > 1 and lines[-1].strip() == FENCE else lines[1:]
        room = limit - len(opening) - len(FENCE) - 2
        wrapped = [piece for line in inner for piece in _hard_wrap(line, room)]
        return [f"{opening}\n{chunk}\n{FENCE}" for chunk in _pack(wrapped, room, "\n")]
    wrapped = [piece for line in lines for piece in _hard_wrap(line, limit)]
    return _pack(wrapped, limit, "\n")


def split_messages(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split into pieces of at most ``limit`` characters, at paragraph breaks where possible.

    Code blocks cut in two are closed and reopened so each piece renders on its own.
    """
    if limit < 20:
        raise ValueError("limit too small to split Markdown sensibly")
    fitted = [piece for block in _blocks(text) for piece in _fit_block(block, limit)]
    return _pack(fitted, limit, "\n\n") or [""]


def preview_pages(markdown: str, page: int = 4000, budget: int = 5500) -> tuple[list[str], bool]:
    """Pages for an embed preview within Discord's limits; True when the document did not fit."""
    pages: list[str] = []
    used = 0
    chunks = split_messages(for_discord(markdown), page)
    for chunk in chunks:
        if used + len(chunk) > budget:
            room = budget - used - len(FENCE) - 1
            if room > 200:
                cut = _hard_wrap(chunk, room)[0]
                pages.append(cut + "\n" + FENCE if cut.count(FENCE) % 2 else cut)
            return pages, True
        pages.append(chunk)
        used += len(chunk)
    return pages, False
