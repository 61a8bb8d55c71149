"""Action items after publication: tracking, due-date reminders and carrying open ones forward."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.domain.meeting import MeetingInfo
from bot.domain.minutes import ACTION, ActionItem, ActionStatus, Entry, format_day, single_line
from bot.domain.reach import Recipients, offset_key
from bot.errors import Conflict, Forbidden, NotFound
from bot.i18n import _
from bot.render.reach import action_dm
from bot.services.context import ServiceContext
from bot.services.fanout import Audience
from bot.services.reminders import ReminderJob, SkipReminder
from storage.repositories.minutes import MinutesRepository

if TYPE_CHECKING:
    from bot.services import Services

DUE_KIND = "action.due"
REVIEW_ITEM = "Review of action items"
DUE_HOUR = time(9, 0)
MAX_CARRIED = 26  # an agenda item has at most 26 sub-items (a to z)


class ActionTracker:
    def __init__(self, ctx: ServiceContext, services: Services) -> None:
        self.ctx = ctx
        self.services = services

    async def create(self, guild_id: int, meeting: MeetingInfo, entries: Sequence[Entry],
                     channel_id: int | None) -> tuple[list[ActionItem], int]:
        """Tracked items for the meeting's action entries, with their due-date reminders, in one unit of work
        (idempotent: one item per entry). Returns the new items and how many reminders were set."""
        wanted = [e for e in entries if e.kind == ACTION]
        zones = {e.owner_id: await self.services.profiles.timezone_of(guild_id, e.owner_id)
                 for e in wanted if e.owner_id is not None}
        created: list[ActionItem] = []
        armed: list[tuple[int, datetime]] = []
        now = self.ctx.clock.now()
        reach = self.services.reach
        async with self.ctx.db.session() as session:
            repo = MinutesRepository(session, guild_id)
            for entry in wanted:
                if await repo.has_action_for_entry(entry.id):
                    continue
                action = await repo.add_action(meeting, entry, now)
                created.append(action)
                zone = zones.get(action.owner_id, meeting.timezone) if action.owner_id else meeting.timezone
                offsets = await reach.offsets_of(session, guild_id, action.owner_id,
                                                 [self.ctx.config.reminders.action_due])
                for at, key in self.remind_at(action, zone, now, offsets):
                    reminder_id = await self.services.reminders.add_in(
                        session, guild_id, DUE_KIND, at, ref_id=action.id, channel_id=meeting.channel_id or channel_id,
                        text=key)
                    armed.append((reminder_id, at))
        await self.ctx.db.after_commit(lambda: self._arm(armed))
        return created, len(armed)

    async def _arm(self, armed: list[tuple[int, datetime]]) -> None:
        for reminder_id, at in armed:
            self.services.reminders.arm(reminder_id, at)

    def remind_at(self, action: ActionItem, zone: str, now: datetime,
                  offsets: Sequence[timedelta]) -> list[tuple[datetime, str]]:
        """(when, offset key): each offset before 09:00 on the due date in ``zone`` (the owner's, else the
        meeting's); none once that deadline has passed. Inside a notice window the reminder goes out at once
        (and only once, however many offsets fall inside it)."""
        if action.due is None:
            return []
        deadline = datetime.combine(action.due, DUE_HOUR, ZoneInfo(zone))
        if deadline <= now:
            return []
        seen: dict[datetime, str] = {}
        for offset in sorted(offsets):
            seen.setdefault(max(deadline - offset, now), offset_key(offset))
        return sorted(seen.items())

    async def carry_forward(self, guild_id: int, meeting: MeetingInfo) -> tuple[MeetingInfo | None, list[ActionItem]]:
        """Put the series' open actions under "Review of action items" in the next meeting's agenda."""
        following = await self.services.meetings.next_in_series(guild_id, meeting.id)
        if following is None:
            return None, []
        if meeting.series_id is not None:
            carried = await self.open_actions(guild_id, series_id=meeting.series_id)
        else:
            carried = [a for a in await self.open_actions(guild_id) if a.meeting_id == meeting.id]
        carried = carried[:MAX_CARRIED]
        if carried:
            await self.services.agendas.ensure_item(guild_id, following.id, REVIEW_ITEM,
                                                    [a.agenda_title() for a in carried])
        return following, carried

    async def open_actions(self, guild_id: int, series_id: int | None = None,
                           owner_id: int | None = None) -> list[ActionItem]:
        """Open actions, soonest due first (undated last)."""
        async with self.ctx.db.reader() as session:
            return await MinutesRepository(session, guild_id).actions(status=ActionStatus.OPEN, series_id=series_id,
                                                                      owner_id=owner_id)

    async def get(self, guild_id: int, action_id: int) -> ActionItem:
        async with self.ctx.db.reader() as session:
            action = await MinutesRepository(session, guild_id).action(action_id)
        if action is None:
            raise NotFound(_("There is no action item #{id} in this server. `/actions list` shows them.",
                                 id=action_id))
        return action

    async def complete(self, guild_id: int, action_id: int, user_id: int, *, may_close_any: bool) -> ActionItem:
        """Mark done: the owner may, and so may chairs and the secretariat (``may_close_any``)."""
        async with self.ctx.db.session() as session:
            repo = MinutesRepository(session, guild_id)
            found = await repo.action(action_id)
            if found is None:
                raise NotFound(_("There is no action item #{id} in this server. `/actions list` shows them.",
                                 id=action_id))
            if found.status == ActionStatus.DONE:
                raise Conflict(_("Action #{id} was already marked done.", id=action_id))
            if found.owner_id != user_id and not may_close_any:
                raise Forbidden(_("Action #{id} belongs to {owner}; only they, a chair or the secretariat can mark "
                                  "it done.", id=action_id, owner=found.owner_name))
            action = await repo.mark_action_done(action_id, user_id, self.ctx.clock.now())
        await self.services.reminders.cancel(guild_id, [DUE_KIND], action_id)
        return action

    async def handle_due(self, job: ReminderJob) -> None:
        """To the owner, as they chose (a DM, or a mention where the action was recorded)."""
        if job.ref_id is None:
            raise SkipReminder("no action item")
        async with self.ctx.db.reader() as session:
            row = await MinutesRepository(session, job.guild_id).action(job.ref_id)
        if row is None or not row.is_open:
            raise SkipReminder("the action item is gone or done")
        owner = f"<@{row.owner_id}>" if row.owner_id else row.owner_name
        body = single_line(row.text)[:1500]
        if row.due:
            text = _("⏰ Action #{id} is due {day}: {text} — {owner}. Mark it with `/actions done` when finished.",
                     id=row.id, day=format_day(row.due), text=body, owner=owner)
        else:
            text = _("⏰ Action #{id} is due soon: {text} — {owner}. Mark it with `/actions done` when finished.",
                     id=row.id, text=body, owner=owner)
        if row.owner_id is None:
            if job.channel_id is None:
                raise SkipReminder("nowhere to post: no channel and no owner on Discord")
            await self.ctx.outbox.send(job.channel_id, text)
            return
        reach = self.services.reach
        zone = await self.services.profiles.timezone_of(job.guild_id, row.owner_id)
        deadline = datetime.combine(row.due, DUE_HOUR, ZoneInfo(zone)) if row.due else None
        group = (await self.services.settings.get(job.guild_id)).group_name
        recipients = await reach.recipients(job, [row.owner_id], (self.ctx.config.reminders.action_due,))
        if job.channel_id is None:  # nowhere to mention the owner: a direct message is the only way
            recipients = Recipients(dm=recipients.everyone)
        action_id = row.id
        await reach.deliver(job, Audience(
            recipients, lambda: action_dm(action_id, body, deadline, group=group), job.channel_id,
            lambda ids: [(text, list(ids))]))
