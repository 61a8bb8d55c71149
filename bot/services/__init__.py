"""Use cases combining domain logic, storage and the scheduler. No discord types here."""

from __future__ import annotations

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
    """Every service, built once per process. Services reach each other through this object."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.profiles = ProfileService(ctx)
        self.settings = SettingsService(ctx)
        self.dates = DateReader(ctx, self)
        self.reminders = ReminderService(ctx)
        self.reminders.language_of = self.settings.language
        self.reach = ReachService(ctx, self)
        self.meetings = MeetingService(ctx, self)
        self.polls = PollService(ctx, self)
        self.agendas = AgendaService(ctx, self)
        self.rollcall = RollCallService(ctx, self)
        self.attendance = AttendanceService(ctx, self)
        self.minutes = MinutesService(ctx, self)
        self.diversity = DiversityService(ctx, self)
        self.groups = GroupService(ctx, self)
        self.deliverables = DeliverableService(ctx, self)
        self.circulation = CirculationService(ctx, self)
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


__all__ = ["ServiceContext", "Services"]
