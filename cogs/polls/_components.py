"""Persistent components of polls: the poll message's buttons and the voting panel's selects and buttons.

Every custom_id carries the poll id (``poll:{id}:…``) so the components work on messages posted before a
restart. Each callback goes back through the service with the interaction's guild, so an id guessed from
another server is answered with "no such poll".
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, cast

import discord

from bot.domain.poll import Answer, PollStatus
from bot.i18n import _p
from bot.render.poll import PollCard
from bot.render.poll_panel import PanelPage
from cogs._common import BoundItem, Interaction, report_error

if TYPE_CHECKING:
    from cogs.polls._cog import PollCog

COLOURS = {PollStatus.OPEN: discord.Colour.green(), PollStatus.CLOSED: discord.Colour.light_grey(),
           PollStatus.FINALIZED: discord.Colour.blurple()}


def _cog(interaction: Interaction) -> PollCog:
    # Looked up by name: the cog module imports this one, so it cannot be imported back.
    cog = interaction.client.get_cog("PollCog")
    assert cog is not None
    return cast("PollCog", cog)


async def _guarded(interaction: Interaction, action: Callable[[], Awaitable[None]]) -> None:
    """Component errors look like command errors: one ephemeral message, details in the log."""
    try:
        await action()
    except Exception as exc:
        await report_error(interaction, exc)


def card_embed(card: PollCard) -> discord.Embed:
    embed = discord.Embed(title=card.title, description=card.description, colour=COLOURS[card.status])
    embed.set_footer(text=card.footer)
    return embed


class PollButton(BoundItem, discord.ui.DynamicItem[discord.ui.Button[Any]],
                 template=r"poll:(?P<poll_id>\d+):(?P<action>vote|mine|results)"):
    """Vote / My votes / Results on the poll message."""

    LOOK = {"vote": (discord.ButtonStyle.primary, "🗳️"), "mine": (discord.ButtonStyle.secondary, "🙋"),
            "results": (discord.ButtonStyle.secondary, "📊")}

    def __init__(self, poll_id: int, action: str, *, disabled: bool = False) -> None:
        style, emoji = self.LOOK[action]
        label = {"vote": _p("button", "Vote"), "mine": _p("button", "My votes"),
                 "results": _p("button", "Results")}[action]
        super().__init__(discord.ui.Button(label=label, style=style, emoji=emoji, disabled=disabled,
                                           custom_id=f"poll:{poll_id}:{action}"))
        self.poll_id, self.action = poll_id, action

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> PollButton:
        return cls(int(match["poll_id"]), match["action"])

    async def callback(self, interaction: Interaction) -> None:
        cog = _cog(interaction)
        handler = {"vote": cog.open_panel, "mine": cog.show_my_votes, "results": cog.show_results}[self.action]
        await _guarded(interaction, lambda: handler(interaction, self.poll_id))


def poll_view(card: PollCard) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(PollButton(card.poll_id, "vote", disabled=not card.voting_open))
    view.add_item(PollButton(card.poll_id, "mine"))
    view.add_item(PollButton(card.poll_id, "results"))
    return view


# -- the voting panel ------------------------------------------------------------------------------------------


def _placeholder(which: str) -> str:
    if which == "yes":
        return _p("select placeholder", "✅ Yes — slots you can make")
    return _p("select placeholder", "🟨 If need be — slots you could make")


class PanelSelect(BoundItem, discord.ui.DynamicItem[discord.ui.Select[Any]],
                  template=r"poll:(?P<poll_id>\d+):pick:(?P<which>yes|maybe):(?P<page>\d+)"):

    def __init__(self, poll_id: int, which: str, page: int, options: list[discord.SelectOption] | None = None) -> None:
        options = options or [discord.SelectOption(label="-", value="0")]
        super().__init__(discord.ui.Select(custom_id=f"poll:{poll_id}:pick:{which}:{page}", min_values=0,
                                           max_values=len(options), options=options,
                                           placeholder=_placeholder(which),
                                           row=0 if which == "yes" else 1))
        self.poll_id, self.which, self.page = poll_id, which, page

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> PanelSelect:
        options = list(item.options) if isinstance(item, discord.ui.Select) else None
        return cls(int(match["poll_id"]), match["which"], int(match["page"]), options)

    async def callback(self, interaction: Interaction) -> None:
        chosen = [int(v) for v in self.item.values if v.isdigit()]
        await _guarded(interaction, lambda: _cog(interaction).update_panel(
            interaction, self.poll_id, self.page, pick=(self.which, chosen)))


class PanelTurn(BoundItem, discord.ui.DynamicItem[discord.ui.Button[Any]],
                template=r"poll:(?P<poll_id>\d+):turn:(?P<page>\d+):(?P<direction>prev|next)"):
    def __init__(self, poll_id: int, page: int, direction: str, *, disabled: bool = False) -> None:
        label = _p("button", "◀ Earlier") if direction == "prev" else _p("button", "Later ▶")
        super().__init__(discord.ui.Button(label=label,
                                           style=discord.ButtonStyle.secondary, disabled=disabled, row=2,
                                           custom_id=f"poll:{poll_id}:turn:{page}:{direction}"))
        self.poll_id, self.page = poll_id, page

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> PanelTurn:
        return cls(int(match["poll_id"]), int(match["page"]), match["direction"])

    async def callback(self, interaction: Interaction) -> None:
        await _guarded(interaction, lambda: _cog(interaction).update_panel(interaction, self.poll_id, self.page))


class PanelComment(BoundItem, discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=r"poll:(?P<poll_id>\d+):comment"):
    """Opens the form for a short comment with the vote, read by the chairs with the results."""

    def __init__(self, poll_id: int) -> None:
        super().__init__(discord.ui.Button(label=_p("button", "Comment"), emoji="💬", row=2,
                                           style=discord.ButtonStyle.secondary, custom_id=f"poll:{poll_id}:comment"))
        self.poll_id = poll_id

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> PanelComment:
        return cls(int(match["poll_id"]))

    async def callback(self, interaction: Interaction) -> None:
        from cogs.polls._comments import open_comment_form

        polls = interaction.client.services.polls
        await _guarded(interaction, lambda: open_comment_form(polls, interaction, self.poll_id))


class PanelSubmit(BoundItem, discord.ui.DynamicItem[discord.ui.Button[Any]],
                  template=r"poll:(?P<poll_id>\d+):submit"):
    def __init__(self, poll_id: int) -> None:
        super().__init__(discord.ui.Button(label=_p("button", "Submit"), emoji="📨", style=discord.ButtonStyle.success,
                                           row=2, custom_id=f"poll:{poll_id}:submit"))
        self.poll_id = poll_id

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> PanelSubmit:
        return cls(int(match["poll_id"]))

    async def callback(self, interaction: Interaction) -> None:
        await _guarded(interaction, lambda: _cog(interaction).submit_panel(interaction, self.poll_id))


def panel_view(page: PanelPage) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for which, answer in (("yes", Answer.YES), ("maybe", Answer.MAYBE)):
        options = [discord.SelectOption(label=o.label, value=o.value, default=o.answer is answer)
                   for o in page.options]
        view.add_item(PanelSelect(page.poll_id, which, page.page, options))
    if page.pages > 1:
        view.add_item(PanelTurn(page.poll_id, max(page.page - 1, 0), "prev", disabled=not page.has_prev))
        view.add_item(PanelTurn(page.poll_id, min(page.page + 1, page.pages - 1), "next",
                                disabled=not page.has_next))
    view.add_item(PanelComment(page.poll_id))
    view.add_item(PanelSubmit(page.poll_id))
    return view


DYNAMIC_ITEMS = (PollButton, PanelSelect, PanelTurn, PanelComment, PanelSubmit)


def shown_picks(message: discord.Message | None, poll_id: int) -> list[tuple[int, str, list[int]]]:
    """(page, "yes"|"maybe", slot ids) selected in a voting panel message, read from its select menus."""
    pattern = re.compile(rf"poll:{poll_id}:pick:(yes|maybe):(\d+)")
    picks = []
    for row in message.components if message else []:
        for item in getattr(row, "children", []):
            match = pattern.fullmatch(getattr(item, "custom_id", None) or "")
            if match and isinstance(item, discord.SelectMenu):
                chosen = [int(o.value) for o in item.options if o.default and o.value.isdecimal()]
                picks.append((int(match.group(2)), match.group(1), chosen))
    return picks
