"""Use cases combining domain logic, storage and the scheduler. No discord types here."""

from __future__ import annotations

from bot.services.adapters import Adapters
from bot.services.agendas import AgendaService
from bot.services.attendance import AttendanceService
from bot.services.catalog import CatalogService
from bot.services.circulation import CirculationService
from bot.services.context import ServiceContext
from bot.services.dates import DateReader
from bot.services.deliverables import DeliverableService
from bot.services.diversity import DiversityService
from bot.services.feeds import FeedService
from bot.services.groups import GroupService
from bot.services.meetings import MeetingService
from bot.services.minutes import MinutesService
from bot.services.polls import PollService
from bot.services.privacy import PrivacyService
from bot.services.profiles import ProfileService
from bot.services.reach import ReachService
from bot.services.reminders import ReminderService
from bot.services.replays import ReplayGuard
from bot.services.rollcall import RollCallService
from bot.services.schedule import ScheduleService
from bot.services.settings import SettingsService
from bot.services.templates import TemplateService


class Services:
    """Every service, built once per process. Services reach each other through this object, and Discord
    through the ports in ``adapters`` (the outbox travels in ``ctx``), each passed to its service here."""

    def __init__(self, ctx: ServiceContext, adapters: Adapters | None = None) -> None:
        ports = adapters or Adapters(outbox=ctx.outbox)
        self.ctx = ctx
        self.profiles = ProfileService(ctx)
        self.settings = SettingsService(ctx)
        self.dates = DateReader(ctx, self)
        self.reminders = ReminderService(ctx)
        self.reminders.language_of = self.settings.language
        self.reach = ReachService(ctx, self)
        self.meetings = MeetingService(ctx, self, events=ports.events, voice=ports.voice)
        self.polls = PollService(ctx, self, ports.polls)
        self.agendas = AgendaService(ctx, self, ports.agendas)
        self.rollcall = RollCallService(ctx, self, ports.rollcall)
        self.attendance = AttendanceService(ctx, self)
        self.minutes = MinutesService(ctx, self, ports.channels)
        self.diversity = DiversityService(ctx, self)
        self.groups = GroupService(ctx, self, ports.groups)
        self.deliverables = DeliverableService(ctx, self)
        self.circulation = CirculationService(ctx, self, ports.circulation)
        self.templates = TemplateService(ctx, self)
        self.schedule = ScheduleService(ctx, self)
        self.feeds = FeedService(ctx, self)
        self.privacy = PrivacyService(ctx, self)
        self.catalog = CatalogService(ctx)
        self.replays = ReplayGuard(ctx)

    async def start(self) -> None:
        """Register handlers, then let the reminder worker apply the downtime policy and arm jobs."""
        await self.dates.start()
        for service in (self.meetings, self.polls, self.agendas, self.rollcall, self.attendance, self.minutes,
                        self.diversity, self.groups, self.deliverables, self.circulation,
                        self.templates, self.privacy):
            await service.start()
        await self.reminders.start()

    async def settle_messages(self) -> None:
        """Until every requested refresh of a posted message has run (poll tallies, roll calls, agendas),
        including those that one refresh asks of another coalescer."""
        coalescers = (self.polls.coalescer, self.rollcall.message.coalescer, self.agendas.posting.coalescer)
        while any(c.pending() for c in coalescers):
            for coalescer in coalescers:
                await coalescer.drain()

    async def stop(self) -> None:
        """At shutdown: let the reminder sends in progress end (closing a poll or a roll call asks for one more
        refresh), finish ballots being written and the last pending message refreshes (briefly), wait for
        replayed interactions, then stop the date reader."""
        await self.reminders.stop()
        await self.polls.stop()
        await self.rollcall.message.stop()
        await self.agendas.posting.stop()
        await self.replays.idle()
        await self.dates.stop()


__all__ = ["Adapters", "ServiceContext", "Services"]
