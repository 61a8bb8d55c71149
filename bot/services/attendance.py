"""Attendance lists and participation reports for the secretariat (used by the cog and by `convener export`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.domain.attendance import MeetingAttendance, ParticipationReport, participation
from bot.domain.diversity import REGION, Counted, by_dimension
from bot.domain.meeting import MeetingInfo, MeetingStatus
from bot.errors import InvalidInput, NotFound
from bot.i18n import _, using
from bot.render.attendance import attendance_csv, attendance_markdown
from bot.render.attendance_chart import report_png
from bot.render.attendance_report import report_csv, report_markdown
from bot.services.context import ServiceContext
from bot.services.ports import OutFile
from storage.repositories.attendance import AttendanceRepository

if TYPE_CHECKING:
    from bot.services import Services

FORMATS = ("csv", "markdown")
MAX_REPORT_DAYS = 5 * 366


def check_format(fmt: str) -> str:
    value = fmt.strip().casefold()
    if value == "md":
        value = "markdown"
    if value not in FORMATS:
        raise InvalidInput(_("`{format}` is not an export format; use `csv` or `markdown`.", format=fmt[:20]))
    return value


@dataclass(frozen=True)
class Period:
    """A report period as typed: whole days in the server's zone, with what was assumed (a year, say)."""

    start: date
    end: date
    since: datetime  # the first day's 00:00 in the server's zone
    until: datetime  # the day after the last one, 00:00
    notes: tuple[str, ...] = ()


class AttendanceService:
    def __init__(self, ctx: ServiceContext, services: Services) -> None:
        self.ctx = ctx
        self.services = services

    async def start(self) -> None:
        """Nothing to arm: exports run on request."""

    async def meeting_attendance(self, guild_id: int, meeting_id: int) -> MeetingAttendance:
        meeting = await self.services.meetings.get(guild_id, meeting_id)  # NotFound across guilds
        return (await self._attendance(guild_id, [meeting]))[0]

    async def _attendance(self, guild_id: int, meetings: list[MeetingInfo]) -> list[MeetingAttendance]:
        participants = await self.services.rollcall.participants_of(guild_id, meetings)
        async with self.ctx.db.reader() as session:
            repo = AttendanceRepository(session, guild_id)
            closed = {m.id: bool((row := await repo.rollcall(m.id)) and row.closed_at) for m in meetings}
        return [MeetingAttendance(meeting_id=m.id, title=m.title, start=m.start, end=m.end, number=m.number,
                                  participants=tuple(participants[m.id]), closed=closed[m.id],
                                  held_start=None if m.held_as_scheduled else m.held_start,
                                  held_end=None if m.held_as_scheduled else m.held_end) for m in meetings]

    async def export(self, guild_id: int, meeting_id: int, fmt: str = "csv") -> OutFile:
        """The meeting's attendance list as a CSV or Markdown (Annex II) file."""
        fmt = check_format(fmt)
        attendance = await self.meeting_attendance(guild_id, meeting_id)
        stem = f"attendance-{attendance.start:%Y-%m-%d}-meeting-{meeting_id}"
        group_name = (await self.services.settings.get(guild_id)).group_name
        with using(await self.services.settings.language(guild_id)):  # exports are in the server's language
            if fmt == "csv":
                return OutFile(f"{stem}.csv", attendance_csv(attendance))
            return OutFile(f"{stem}.md", attendance_markdown(attendance, group_name).encode("utf-8"))

    async def read_period(self, guild_id: int, start: str, end: str, user_id: int | None = None) -> Period:
        """The first and last day of a report as typed (``2026-09-01``, ``1 Sep``, ``3 months ago``, ``today``),
        read in the server's zone; a date without a year is the nearest such date."""
        first = await self.services.dates.server_day(guild_id, start, user_id=user_id)
        last = await self.services.dates.server_day(guild_id, end, user_id=user_id)
        zone = await self.services.dates.server_zone(guild_id)
        since = datetime.combine(first.day, time(0), tzinfo=zone)
        until = datetime.combine(last.day + timedelta(days=1), time(0), tzinfo=zone)
        return Period(first.day, last.day, since, until, first.notes + last.notes)

    async def report(self, guild_id: int, start: date, end: date) -> ParticipationReport:
        """Participation over the meetings that had a roll call and started between ``start`` and ``end``
        (whole days, inclusive, in the server's time zone); cancelled meetings are left out."""
        if end < start:
            raise InvalidInput(_("The period ends ({end}) before it starts ({start}).", end=end.isoformat(),
                                 start=start.isoformat()))
        if (end - start).days > MAX_REPORT_DAYS:
            raise InvalidInput(_("A report covers at most five years; choose a shorter period."))
        zone = ZoneInfo((await self.services.settings.get(guild_id)).timezone)
        since = datetime.combine(start, time(0), tzinfo=zone)
        until = datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone)
        async with self.ctx.db.reader() as session:
            rollcalls = await AttendanceRepository(session, guild_id).rollcalls_between(since, until)
        meetings: list[MeetingInfo] = []
        for row in rollcalls:
            try:
                meeting = await self.services.meetings.get(guild_id, row.meeting_id)
            except NotFound:
                # The meeting itself is gone; its roll call still tells who came.
                meeting = MeetingInfo(id=row.meeting_id, guild_id=guild_id, title=row.meeting_title,
                                      start=row.meeting_start, end=row.meeting_start, timezone="UTC",
                                      status=MeetingStatus.DONE, series_id=row.series_id)
            if not meeting.is_cancelled:
                meetings.append(meeting)
        report = participation(await self._attendance(guild_id, meetings), start, end)
        return await self._with_dimensions(guild_id, report)

    async def _with_dimensions(self, guild_id: int, report: ParticipationReport) -> ParticipationReport:
        """Add participation per self-declared dimension (aggregate counts only)."""
        ids = [p.user_id for p in report.people if p.user_id is not None]
        declared = await self.services.diversity.declared_many(guild_id, ids)
        counted = [Counted(p.user_id, p.attended, p.apologies, p.absent) for p in report.people]
        rows = by_dimension(counted, declared, {REGION: self.services.diversity.regions})
        shown = tuple((uid, d) for uid, d in sorted(declared.items()) if d.named)
        return replace(report, dimensions=rows, shown=shown)

    async def report_files(self, report: ParticipationReport, fmt: str = "csv") -> list[OutFile]:
        """The report as CSV (or Markdown) plus the bar chart, in the language bound by the caller (the server's)."""
        fmt = check_format(fmt)
        stem = f"participation-{report.start.isoformat()}-to-{report.end.isoformat()}"
        table = OutFile(f"{stem}.csv", report_csv(report)) if fmt == "csv" \
            else OutFile(f"{stem}.md", report_markdown(report).encode("utf-8"))
        png = await asyncio.to_thread(report_png, report)  # drawing a long chart should not stall the bot
        return [table, OutFile(f"{stem}.png", png)]
