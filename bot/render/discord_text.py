"""What Discord and Markdown read specially: markup in member text, timestamps that each reader sees in their own
zone, and links to a channel or message. Every module that writes Discord or Markdown text takes these from here;
tests/unit/test_discord_text.py keeps escaping out of every other module."""

from __future__ import annotations

import re
from datetime import datetime

from bot.domain.poll import PollInfo

FENCE = "```"
URL = re.compile(r"(https?://[^\s|<>]+)")
# Left as typed inside member text; brackets and backticks are not URL characters (RFC 3986 encodes them), so a URL
# ends there and a masked link or code span cannot ride on one.
_URL_IN_TEXT = re.compile(r"(https?://[^\s|<>\[\]`]+)")
# Every line ending CommonMark knows: a lone "\r" starts a new line (a heading, a list) in a Markdown document.
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
# Marked up wherever they stand. "<" and ">": raw HTML in a minutes document, and Discord's own <@…>, <#…>, <t:…>
# forms, show as typed.
_INLINE_SPECIAL = re.compile(r"([\\`*_~|\[\]<>])")
# Marked up only at the start of a line: headings, quotes, bullets, Discord's "-#" subtext, setext underlines and
# rules, numbered lists.
_LINE_START = re.compile(r"^(\s*)(#|[-+=](?=\s|$|[-+=#])|\d{1,9}[.)](?=\s|$))")
# A run of "#" after a space at the end of a line closes a Markdown heading and would vanish.
_CLOSING_HASHES = re.compile(r"(?<=[ \t])#+(?=[ \t]*$)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_RAW_HTML = re.compile(r"(?<!\\)<(?=[A-Za-z/!?])(?!https?://)")


def escape_md(text: str) -> str:
    """Member-provided text that shows as typed in a Discord message or a Markdown document: no markup, heading,
    list, quote, table-cell break, masked link or HTML; line breaks are kept. URLs are left alone so they stay
    clickable; mentions are handled by allowed_mentions."""
    if "\n" not in text and "\r" not in text:
        return _escape_line(text)
    return "".join(part if i % 2 else _escape_line(part) for i, part in enumerate(_LINE_BREAK.split(text)))


def escape_cell(text: str) -> str:
    """Member-provided text for one Markdown table cell: a single line, escaped as ``escape_md``."""
    return _escape_line(" ".join(text.split()))


def _escape_line(text: str) -> str:
    parts = _URL_IN_TEXT.split(text)
    escaped = "".join(part if i % 2 else _INLINE_SPECIAL.sub(r"\\\1", part) for i, part in enumerate(parts))
    if "#" in escaped:
        escaped = _CLOSING_HASHES.sub(lambda m: "\\#" * len(m.group(0)), escaped)
    return _LINE_START.sub(lambda m: f"{m.group(1)}{_escape_marker(m.group(2))}", escaped, count=1)


def _escape_marker(marker: str) -> str:
    if marker[0].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def inside_code(text: str) -> str:
    """Member-provided text to show between single backticks: a backtick inside would close the code span (a
    backslash does not escape there), so it shows as the look-alike ˋ; line breaks become spaces."""
    return " ".join(text.split()).replace("`", "\u02cb")


def masked_link(label: str, url: str) -> str:
    """A member's document as a masked link without an embed: the label shows as typed, and an address holding
    "<" or ">" cannot close the link early and leave the rest of it as markup."""
    return f"[{escape_md(label).replace(']', ')')}](<{link_address(url)}>)"


def link_address(url: str) -> str:
    """A member's URL for ``(<…>)``: its "<" and ">" percent-encoded, as a browser sends them anyway."""
    return url.replace("<", "%3C").replace(">", "%3E")


def neutralise_html(markdown: str) -> str:
    """Hand-edited Markdown with every raw HTML tag, comment or declaration escaped (code kept verbatim).

    Plain ``<https://…>`` links stay links; anything else that opens with ``<`` and a letter, ``/``, ``!`` or
    ``?`` would be HTML to a Markdown renderer, so its ``<`` is escaped and shows as typed.
    """
    out: list[str] = []
    in_fence = False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(FENCE):
            in_fence = not in_fence
        if in_fence or "<" not in line or line.lstrip().startswith(FENCE):
            out.append(line)
            continue
        pieces, done = [], 0
        for span in _CODE_SPAN.finditer(line):
            pieces += [_RAW_HTML.sub(r"\\<", line[done:span.start()]), span.group(0)]
            done = span.end()
        out.append("".join([*pieces, _RAW_HTML.sub(r"\\<", line[done:])]))
    return "\n".join(out)


def ts(moment: datetime, style: str = "F") -> str:
    """A Discord timestamp (``<t:…:F>``): each reader sees ``moment`` in their own zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def jump_link(guild_id: int, channel_id: int, message_id: int | None = None) -> str:
    """A link to a channel, or to a message in it."""
    tail = f"/{message_id}" if message_id else ""
    return f"https://discord.com/channels/{guild_id}/{channel_id}{tail}"


def poll_link(poll: PollInfo) -> str | None:
    """The link to a poll's posted card; None before it is posted."""
    if poll.channel_id is None or poll.message_id is None:
        return None
    return jump_link(poll.guild_id, poll.channel_id, poll.message_id)
