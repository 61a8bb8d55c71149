"""`convener export list`: the servers in a database and every meeting of each, with the ids the other
export commands take."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.meeting import MeetingInfo


@dataclass(frozen=True)
class ServerEntry:
    guild_id: int
    server_name: str | None
    group_name: str | None
    meetings: Sequence[MeetingInfo]


def _clean(text: str) -> str:
    """One line, whatever a name contains (names come from Discord members)."""
    return " ".join(text.split())


def _heading(server: ServerEntry) -> str:
    name = f" {_clean(server.server_name)!r}" if server.server_name else ""
    group = f" (group: {_clean(server.group_name)})" if server.group_name else ""
    count = len(server.meetings)
    meetings = "no meetings" if count == 0 else "1 meeting" if count == 1 else f"{count} meetings"
    return f"Server {server.guild_id}{name}{group}: {meetings}"


def _meeting_rows(meetings: Sequence[MeetingInfo]) -> list[str]:
    width = max(len("meeting"), *(len(str(m.id)) for m in meetings))
    rows = [f"  {'meeting':>{width}}  start (UTC)       status     title"]
    for m in meetings:
        number = f" #{m.number}" if m.number else ""
        rows.append(f"  {m.id:>{width}}  {m.start:%Y-%m-%d %H:%M}  {m.status:<9}  {_clean(m.title)}{number}")
    return rows


def server_listing(servers: Sequence[ServerEntry]) -> str:
    """Each server's heading, then its meetings (id, start, status, title), soonest first."""
    blocks = []
    for server in servers:
        lines = [_heading(server)]
        if server.meetings:
            lines += _meeting_rows(server.meetings)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def listing_hint(servers: Sequence[ServerEntry]) -> str:
    """What to type next, with real ids from the listing."""
    example = next((s for s in servers if s.meetings), None)
    if example is None:
        return "No meetings yet: schedule one with /meeting schedule (or /poll finalize) on Discord."
    return ("One meeting's attendance: convener export attendance "
            f"--guild {example.guild_id} --meeting {example.meetings[-1].id}")


def nothing_stored(where: str) -> str:
    return (f"The database at {where} holds no server yet: convener stores one when the bot first connects "
            "to it or someone uses a command there.")


def unknown_server(guild_id: int) -> str:
    return f"there is no server {guild_id} in this database; `convener export list` shows the ones there are"
