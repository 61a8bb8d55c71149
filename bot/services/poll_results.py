"""`/poll results` and the closing summary: ranking, reasons, fairness and the heatmap, reused while unchanged.

The poll row carries a ballot version that moves in the same transaction as every change to its answers or
slots (``Poll.ballot_version``). The ballot matrix and its ranking are kept per (poll, version, slots), and
the heatmap per (poll, version, slots, names, zones, language, who may see names): asking again while nobody
voted reads the poll row only and draws nothing. Both caches hold only recent polls and are right in any
process (the version is in the database, not in memory).

The heatmap is drawn by the painter (a worker process in production). The text does not wait for it longer
than the painter's ``wait``: past that the answer goes out and the picture follows when it is done.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Generic, TypeVar

from bot.domain.poll import PollInfo
from bot.domain.ranking import BallotMatrix, SlotScore, off_hours, rank
from bot.i18n import current, using
from bot.render.poll import RESULTS_TOP, ResultsView, results_text
from bot.render.poll_heatmap import heatmap_png
from bot.services.poll_ports import PollResults, not_found
from storage.repositories.polls import PollRepository

if TYPE_CHECKING:
    from bot.services.polls import PollService

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
KEEP_MATRICES = 16  # a 1,000 × 1,000 poll's matrix is about 1 MB
KEEP_PICTURES = 32


class Recent(Generic[K, V]):
    """The last few values by key."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)


class ResultsMaker:
    def __init__(self, polls: PollService) -> None:
        self.polls = polls
        self.ctx = polls.ctx
        self.cfg = polls.cfg
        self.matrices: Recent[Hashable, tuple[BallotMatrix, list[SlotScore]]] = Recent(KEEP_MATRICES)
        self.pictures: Recent[Hashable, bytes] = Recent(KEEP_PICTURES)
        self._drawing: dict[Hashable, asyncio.Future[bytes]] = {}
        self.drawn = 0  # pictures actually drawn (tests, benchmarks)

    async def ballots(self, guild_id: int, poll_id: int) -> tuple[PollInfo, BallotMatrix, list[SlotScore], int]:
        """The poll, its ballot matrix and ranking, and its ballot version: one read, rows only when changed."""
        async with self.ctx.db.reader() as session:
            repo = PollRepository(session, guild_id)
            found = await repo.versioned(poll_id)
            if found is None:
                raise not_found(poll_id)
            poll, version = found
            key = (guild_id, poll_id, version, poll.slots)
            kept = self.matrices.get(key)
            if kept is None:
                matrix = BallotMatrix.from_rows([s.id for s in poll.slots], await repo.rows(poll_id))
        if kept is None:
            kept = matrix, rank(poll, matrix)
            self.matrices.put(key, kept)
        return poll, kept[0], kept[1], version

    async def results(self, guild_id: int, poll_id: int, *, viewer_is_chair: bool = False,
                      public: bool = False) -> PollResults:
        poll, matrix, ranking, version = await self.ballots(guild_id, poll_id)
        reveal = not poll.anonymous or (viewer_is_chair and not public)
        expected = await self.polls.expected_voters(poll)
        people = sorted(set(matrix.voters) | set(expected or ()))
        profiles = await self.polls.services.profiles.many(guild_id, people) if people else {}
        zones = {u: p.timezone for u, p in profiles.items() if p.timezone}
        fair = (self.cfg.fair_hours_start, self.cfg.fair_hours_end)
        top = ranking[:RESULTS_TOP]
        view = ResultsView(
            poll=poll, ranking=ranking, voters=len(matrix.voters),
            cannot={s.slot.id: matrix.unavailable(s.slot.id) for s in top} if reveal else {},
            off_hours={s.slot.id: off_hours(s.slot, zones, *fair) for s in top}, reveal=reveal,
            non_voters=sorted(set(expected) - set(matrix.voters)) if expected else None, fair_hours=fair)
        # Shown to the member who asked, in their language; posted in the channel, in the server's.
        language = await self.polls.services.settings.language(guild_id) if public else current()
        names = await self.polls.names(guild_id, matrix.voters, profiles) if matrix.voters else {}
        with using(language):
            text = results_text(view)
            if not (reveal and matrix.voters):
                return PollResults(view, text, None, matrix=matrix, names=names)
            key = (guild_id, poll_id, version, poll.slots, poll.title, poll.timezone, language, fair,
                   tuple(sorted(names.items())), tuple(sorted(zones.items())))
            picture = self.pictures.get(key)
            if picture is not None:
                return PollResults(view, text, picture, matrix=matrix, names=names)
            drawing = self._draw(key, poll, matrix, ranking, names, zones, fair)
        try:
            picture = await asyncio.wait_for(asyncio.shield(drawing), self.ctx.painter.wait)
        except TimeoutError:
            return PollResults(view, text, None, heatmap_later=drawing, matrix=matrix, names=names)
        return PollResults(view, text, picture, matrix=matrix, names=names)

    def _draw(self, key: Hashable, poll: PollInfo, matrix: BallotMatrix, ranking: list[SlotScore],
              names: Mapping[int, str], zones: Mapping[int, str], fair: tuple[int, int]) -> asyncio.Future[bytes]:
        """The picture for ``key``, drawn once however many ask for it at the same time."""
        drawing = self._drawing.get(key)
        if drawing is not None:
            return drawing

        async def paint() -> bytes:
            try:
                picture = await self.ctx.painter.draw(heatmap_png, poll, matrix, ranking, dict(names), dict(zones),
                                                      fair)
                self.drawn += 1
                self.pictures.put(key, picture)
                return picture
            finally:
                self._drawing.pop(key, None)

        drawing = asyncio.ensure_future(paint())
        self._drawing[key] = drawing
        return drawing
