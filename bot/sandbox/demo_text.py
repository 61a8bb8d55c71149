"""Turning what the stand-in recorded into transcript text a person can read (console and Markdown).

Discord renders `<t:…>` timestamps, mentions and jump links for each reader; a terminal does not, so the
demo spells them out: timestamps in UTC (relative ones against the demo's clock), mentions by name, jump
links as the channel they point to.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

Json = dict[str, Any]

_TIMESTAMP = re.compile(r"<t:(-?\d{1,13})(?::([tTdDfFR]))?>")
_USER = re.compile(r"<@!?(\d+)>")
_ROLE = re.compile(r"<@&(\d+)>")
_CHANNEL = re.compile(r"<#(\d+)>")
_JUMP = re.compile(r"https://discord\.com/channels/\d+/(\d+)(?:/\d+)?")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~>])")


@dataclass
class Names:
    """Who and what ids stand for, to write mentions as a reader would see them."""

    users: dict[int, str] = field(default_factory=dict)
    roles: dict[int, str] = field(default_factory=dict)
    channels: dict[int, str] = field(default_factory=dict)


DISCORD_EPOCH_MS = 1_420_070_400_000


def stamp_text(when: datetime) -> str:
    """`Mon 01 Feb 14:00`: the simulated day and time of a step (UTC), as each transcript line starts."""
    return when.astimezone(UTC).strftime("%a %d %b %H:%M")


def posted_at(snowflake: int) -> datetime:
    """When a message was posted: the time in its id (the stand-in's ids follow the sandbox clock)."""
    return datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, UTC)


def timestamp_text(unix: int, style: str | None, now: datetime) -> str:
    """One `<t:unix:style>` as Discord would show it to a reader whose zone is UTC."""
    try:
        when = datetime.fromtimestamp(unix, UTC)
    except (OverflowError, OSError, ValueError):
        return f"<t:{unix}>"
    if style == "R":
        return relative_text(when - now)
    formats = {"t": "%H:%M UTC", "T": "%H:%M:%S UTC", "d": "%Y-%m-%d", "D": "{day} %B %Y",
               "f": "{day} %B %Y %H:%M UTC", "F": "%A, {day} %B %Y %H:%M UTC"}
    return when.strftime(formats.get(style or "f", formats["f"]).replace("{day}", str(when.day)))


def relative_text(delta: timedelta) -> str:
    """"in 8 days", "3 minutes ago", "now" — Discord's wording for `<t:…:R>`."""
    seconds = delta.total_seconds()
    size = abs(seconds)
    if size < 45:
        return "now" if size < 1 else ("in a few seconds" if seconds > 0 else "a few seconds ago")
    for unit, length in (("year", 365 * 86400), ("month", 30 * 86400), ("day", 86400), ("hour", 3600),
                         ("minute", 60)):
        if size >= length * 0.9:
            count = max(1, round(size / length))
            words = f"{count} {unit}{'s' if count != 1 else ''}"
            return f"in {words}" if seconds > 0 else f"{words} ago"
    return "in a minute" if seconds > 0 else "a minute ago"


def readable(text: str, names: Names, now: datetime) -> str:
    """Discord markup spelled out: timestamps in UTC, mentions and jump links by name."""
    text = _TIMESTAMP.sub(lambda m: timestamp_text(int(m[1]), m[2], now), text)
    text = _ROLE.sub(lambda m: "@" + names.roles.get(int(m[1]), "role"), text)
    text = _USER.sub(lambda m: "@" + names.users.get(int(m[1]), "someone"), text)
    text = _CHANNEL.sub(lambda m: "#" + names.channels.get(int(m[1]), "channel"), text)
    return _JUMP.sub(lambda m: f"(link to #{names.channels.get(int(m[1]), 'channel')})", text)


def plain(text: str) -> str:
    """For the console: bold markers dropped (the words stay), Markdown escapes shown as the character."""
    return _ESCAPED.sub(r"\1", _BOLD.sub(r"\1", text))


def clip_lines(lines: list[str], limit: int) -> list[str]:
    if len(lines) <= limit:
        return lines
    return [*lines[:limit], f"… ({len(lines) - limit} more lines)"]


def size_text(size: int) -> str:
    return f"{size} bytes" if size < 1024 else f"{size / 1024:.1f} KB"


def components_text(components: Iterable[Json]) -> list[str]:
    """Buttons as [Label] on one line per row; selects as ⟨placeholder⟩."""
    lines = []
    for row in components:
        parts = []
        for comp in row.get("components", []) if row.get("type") == 1 else [row]:
            if comp.get("type") == 2:
                label = comp.get("label") or comp.get("emoji", {}).get("name") or "button"
                parts.append(f"[{label}]" + (" (disabled)" if comp.get("disabled") else ""))
            elif comp.get("type") in (3, 5, 6, 7, 8):
                parts.append(f"⟨{comp.get('placeholder') or 'choose…'}⟩")
        if parts:
            lines.append(" ".join(parts))
    return lines


def message_lines(content: str, embeds: list[Json], attachments: Iterable[tuple[str, int]],
                  components: list[Json], names: Names, now: datetime, limit: int = 8) -> list[str]:
    """A message condensed: content, embed titles/descriptions/fields, attachments, buttons."""
    out = clip_lines(readable(content, names, now).splitlines(), limit) if content else []
    for embed in embeds:
        if embed.get("title"):
            out.append("▌ " + readable(str(embed["title"]), names, now))
        if embed.get("description"):
            out += ["▌ " + line for line in
                    clip_lines(readable(str(embed["description"]), names, now).splitlines(), limit)]
        for f in embed.get("fields") or []:
            value = readable(str(f.get("value") or ""), names, now).splitlines()
            out.append(f"▌ {f.get('name')}: {value[0] if value else ''}" + (" …" if len(value) > 1 else ""))
    out += [f"📎 {name} ({size_text(size)})" for name, size in attachments]
    out += components_text(components)
    return out


def wrap(lines: Iterable[str], first: str, rest: str, width: int) -> list[str]:
    """Lines wrapped to `width`, the first one starting with `first`, the others indented with `rest`."""
    out: list[str] = []
    prefix = first
    for line in lines:
        pieces = textwrap.wrap(line, width=max(20, width - len(prefix)), break_long_words=True,
                               break_on_hyphens=False, replace_whitespace=False, drop_whitespace=True) or [""]
        for piece in pieces:
            out.append(prefix + piece)
            prefix = rest
    return out


def option_text(options: Mapping[str, Any]) -> str:
    """`name:"value"` pairs as Discord's command bar shows them (long values shortened)."""
    parts = []
    for name, value in options.items():
        shown = " ".join(str(value).split())
        if len(shown) > 70:
            shown = shown[:67] + "…"
        parts.append(f'{name}:"{shown}"' if isinstance(value, str) else f"{name}:{shown}")
    return " ".join(parts)
