"""/poll: Doodle-style scheduling polls — create, vote through a paged panel, results, close, finalize.

The cog is in ``_cog``, its buttons and selects in ``_components``, the posted card in ``_board``, comments in
``_comments``; this module only loads the extension."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.polls._cog import PollCog

if TYPE_CHECKING:
    from bot.app import ConvenerBot


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(PollCog(bot))
