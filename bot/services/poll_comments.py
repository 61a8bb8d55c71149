"""Comments on polls: a member's short note with their vote ("can only stay 30 min"), for the chairs.

A comment can be written, changed or removed while the poll is open; chairs read the comments in
`/poll results` and in the results file (CSV: every voter's answer per slot and their comment).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.domain.poll import PollInfo
from bot.domain.ranking import BallotMatrix
from bot.errors import Conflict, InvalidInput
from bot.i18n import _
from bot.render.poll_comments import MAX_COMMENT, TOO_LONG, VOTING_CLOSED, results_csv
from bot.services.ports import OutFile
from storage.repositories.polls import PollRepository

if TYPE_CHECKING:
    from bot.services.polls import PollService


def clean_comment(text: str) -> str | None:
    """One line of printable text; None (no comment) when nothing is left."""
    cleaned = " ".join("".join(ch for ch in text if ch.isprintable()).split())
    if len(cleaned) > MAX_COMMENT:
        raise InvalidInput(_(TOO_LONG, length=len(cleaned), limit=MAX_COMMENT))
    return cleaned or None


class PollComments:
    def __init__(self, polls: PollService) -> None:
        self.polls = polls
        self.ctx = polls.ctx

    async def of(self, guild_id: int, poll_id: int, user_id: int) -> str | None:
        async with self.ctx.db.reader() as session:
            return await PollRepository(session, guild_id).comment_of(poll_id, user_id)

    async def save(self, guild_id: int, poll_id: int, user_id: int, text: str) -> tuple[PollInfo, str | None]:
        """Set the member's comment (empty text removes it); refused once voting is closed."""
        comment = clean_comment(text)
        poll = await self.polls.get(guild_id, poll_id)
        if not poll.is_open:
            raise Conflict(_(VOTING_CLOSED, title=poll.title))
        async with self.ctx.db.session() as session:
            await PollRepository(session, guild_id).save_comment(poll_id, user_id, comment, self.ctx.clock.now())
        return poll, comment

    async def for_chairs(self, guild_id: int, poll: PollInfo, *, matrix: BallotMatrix | None = None,
                         names: Mapping[int, str] | None = None) -> tuple[list[tuple[str, str]], OutFile]:
        """(name, comment) of every comment, and the results file with every answer and comment. ``matrix`` and
        ``names`` of voters: as the results just computed them (read again when not given)."""
        async with self.ctx.db.reader() as session:
            comments = await PollRepository(session, guild_id).comments(poll.id)
        if matrix is None:
            matrix = await self.polls.matrix(guild_id, poll)
        people = sorted(set(matrix.voters) | {u for u, _ in comments})
        known = dict(names or {})
        missing = [u for u in people if u not in known]
        if missing:
            known.update(await self.polls.names(guild_id, missing))
        data = results_csv(poll, matrix.ballots(), dict(comments), {u: known.get(u, str(u)) for u in people})
        return [(known.get(u, str(u)), text) for u, text in comments], OutFile(f"poll-{poll.id}-results.csv", data)
