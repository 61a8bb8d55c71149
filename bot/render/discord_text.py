"""What Discord reads specially in a message: Markdown, timestamps that each reader sees in their own zone, and
links to a channel or message. Every module that writes Discord text takes these from here."""

from __future__ import annotations

import re
from datetime import datetime

from bot.domain.poll import PollInfo

_MARKDOWN = re.compile(r"([\\*_~|`>\[\]])")


def escape_md(text: str) -> str:
    """Neutralise Markdown in member-provided text (mentions are handled by allowed_mentions)."""
    return _MARKDOWN.sub(r"\\\1", text)


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
