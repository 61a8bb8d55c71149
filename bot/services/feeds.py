"""Subscribable calendar feeds: the secret link of each member's feed and of the server's, and the feeds.

A link carries a random token (192 bits); whoever holds it can read that calendar, so members rotate theirs
(and chairs the server's) when it leaks: the old token stops working at once. The server's feed holds every
meeting except drafting groups' (private to the group); a member's holds the meetings that concern them
(all of them when they are expected at the group's meetings — the Member role, a chair — else those they
answered the roll call for; a drafting group's only for its members) plus their own deadlines. Recent past
meetings stay in the feeds, so calendars keep them.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.meeting import MeetingInfo, SeriesInfo
from bot.errors import Forbidden
from bot.i18n import _, using
from bot.render.discord_text import jump_link
from bot.render.feed import PERSONAL_NAME, feed_url, personal_events
from bot.render.ics import build_calendar, filename_for
from bot.services.context import ServiceContext
from storage.repositories.attendance import AttendanceRepository
from storage.repositories.meetings import MeetingRepository
from storage.repositories.reach import SERVER_FEED, ReachRepository, feed_by_token

if TYPE_CHECKING:
    from bot.services import Services

KEPT = timedelta(days=90)  # past meetings stay this long in the feeds
REFRESH = timedelta(minutes=15)
TOKEN_BYTES = 24

Series = list[tuple[SeriesInfo, list[MeetingInfo]]]


class FeedService:
    def __init__(self, ctx: ServiceContext, services: Services) -> None:
        self.ctx = ctx
        self.services = services
        # Where the feeds are served (the web server sets it once it listens); None: feeds are off.
        self.base_url: str | None = None

    async def start(self) -> None:
        """Nothing to schedule: feeds are built when a calendar app asks."""

    # -- links ------------------------------------------------------------------------------------------------

    async def links(self, guild_id: int, user_id: int, *, rotate: str | None = None,
                    is_chair: bool = False) -> tuple[str, str] | None:
        """(the member's feed URL, the server's), made on first use; ``rotate``: "mine" or "server" (chairs)
        replaces that token first. None when this convener serves no feeds."""
        if self.base_url is None:
            return None
        if rotate == "server" and not is_chair:
            raise Forbidden(_("Only chairs can replace the server's calendar link (every member uses it)."))
        now = self.ctx.clock.now()
        tokens = {}
        async with self.ctx.db.session() as session:
            repo = ReachRepository(session, guild_id)
            for key, owner in (("mine", user_id), ("server", SERVER_FEED)):
                token = await repo.feed(owner)
                if token is None or rotate == key:
                    token = await repo.save_feed(owner, secrets.token_urlsafe(TOKEN_BYTES), now)
                tokens[key] = token
        return feed_url(self.base_url, tokens["mine"]), feed_url(self.base_url, tokens["server"])

    # -- feeds ------------------------------------------------------------------------------------------------

    async def render(self, token: str) -> tuple[str, bytes] | None:
        """(file name, iCalendar bytes) of the feed this token opens; None for an unknown or replaced token."""
        async with self.ctx.db.reader() as session:
            owner = await feed_by_token(session, token)
        if owner is None:
            return None
        guild_id, user_id = owner
        server = await self.services.settings.language(guild_id)
        language = server if user_id == SERVER_FEED else \
            await self.services.profiles.language_of(guild_id, user_id, server)
        with using(language):  # no interaction here: the server's language, or the member's own choice
            return await self._render(guild_id, user_id)

    async def _render(self, guild_id: int, user_id: int) -> tuple[str, bytes]:
        now = self.ctx.clock.now()
        setup = await self.services.settings.get(guild_id)
        if user_id == SERVER_FEED:
            singles, series = await self._meetings(guild_id, set())
            return filename_for(setup.group_name), build_calendar(singles, series, now=now, name=setup.group_name,
                                                                  refresh=REFRESH)
        threads = {g.thread_id for g in await self.services.groups.search(guild_id, limit=100)
                   if user_id in g.members and g.thread_id is not None}
        singles, series = await self._concerning(guild_id, user_id, *await self._meetings(guild_id, threads),
                                                 threads)
        schedule = await self.services.schedule.for_member(guild_id, user_id)
        names = await self.services.polls.names(guild_id, [user_id])
        name = _(PERSONAL_NAME, group=setup.group_name, member=names.get(user_id, str(user_id)))
        link = jump_link(guild_id, setup.announcements_channel_id) if setup.announcements_channel_id else None
        extra = personal_events(schedule, now=now, channel_link=link)
        return filename_for(name), build_calendar(singles, series, now=now, name=name, extra=extra, refresh=REFRESH)

    async def _meetings(self, guild_id: int, threads: set[int]) -> tuple[list[MeetingInfo], Series]:
        """Meetings not over for long (cancelled ones too, so calendars drop them) and every series; of drafting
        groups' meetings, only those in ``threads``."""
        since = self.ctx.clock.now() - KEPT
        async with self.ctx.db.reader() as session:
            repo = MeetingRepository(session, guild_id)
            singles = await repo.for_calendar(since)
            series = [(s, await repo.in_series(s.id)) for s in await repo.all_series(include_cancelled=True)]
        groups = self.services.groups

        async def shown(channel_id: int | None) -> bool:
            return channel_id in threads or await groups.members_of_thread(guild_id, channel_id) is None

        return ([m for m in singles if await shown(m.channel_id)],
                [(s, ms) for s, ms in series if await shown(s.channel_id)])

    async def _concerning(self, guild_id: int, user_id: int, singles: list[MeetingInfo], series: Series,
                          threads: set[int]) -> tuple[list[MeetingInfo], Series]:
        """A member expected at the group's meetings (the Member role, a chair) gets them all; anyone else
        those they answered the roll call for. Their drafting groups' meetings always."""
        polls = self.services.polls
        expected = set(await polls.board.expected_members(guild_id, None) or ()) | \
            set(await polls.board.chairs(guild_id))
        if user_id in expected:
            return singles, series
        async with self.ctx.db.reader() as session:
            answered = {e.meeting_id for e in await AttendanceRepository(session, guild_id).entries(
                [m.id for m in singles] + [m.id for _, ms in series for m in ms]) if e.user_id == user_id}
        return ([m for m in singles if m.id in answered or m.channel_id in threads],
                [(s, ms) for s, ms in series if s.channel_id in threads or any(m.id in answered for m in ms)])
