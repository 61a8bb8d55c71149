"""/meeting: schedule (single or recurring), list, reschedule, cancel, calendar file, and the live window."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.dates import parse_minutes
from bot.domain.meeting import MeetingInfo
from bot.domain.recurrence import describe
from bot.errors import NotFound
from bot.i18n import _, using
from bot.render import meeting_replies as replies
from bot.render.meeting import confirmed_text, ended_text, meeting_list, mode_text, scheduled_text
from bot.services.ports import OutFile
from cogs._common import (
    Interaction,
    chair_only,
    ensure_can_post,
    file_for,
    guild_id,
    meeting_autocomplete,
    reply,
    secretariat_only,
    timezone_autocomplete,
)
from cogs._language import server_language

if TYPE_CHECKING:
    from bot.app import ConvenerBot

REPEAT_EXAMPLES = ("weekly", "every 2 weeks", "monthly on first tuesday", "first monday of the month",
                   "monthly on last friday", "monthly on the 15th", "quarterly", "daily", "weekdays",
                   "weekly for 10 meetings", "weekly until 30 June 2027", "RRULE:FREQ=WEEKLY;BYDAY=TU")
VoiceLike = discord.VoiceChannel | discord.StageChannel
MODE_CHOICES = [app_commands.Choice(name="plenary: observers listen, members speak", value="plenary"),
                app_commands.Choice(name="closed working meeting: members only", value="closed"),
                app_commands.Choice(name="open consultation: anyone joins and speaks", value="open")]
SCOPE_CHOICES = [app_commands.Choice(name="only this meeting", value="this"),
                 app_commands.Choice(name="the whole series (upcoming meetings)", value="series")]


async def repeat_autocomplete(_: Interaction, current: str) -> list[app_commands.Choice[str]]:
    typed = current.strip()
    matches = [r for r in REPEAT_EXAMPLES if typed.casefold() in r.casefold()]
    if typed and typed not in matches:
        matches.insert(0, typed[:100])  # free text is allowed: offer exactly what was typed first
    return [app_commands.Choice(name=m, value=m) for m in matches[:25]]


class MeetingsCog(commands.GroupCog, group_name="meeting", group_description="Meetings, their calendar, live window"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.meetings = bot.services.meetings

    async def _repeat_text(self, meeting: MeetingInfo) -> str | None:
        if meeting.series_id is None:
            return None
        series = await self.meetings.series(meeting.guild_id, meeting.series_id)
        return describe(series.rule, series.timezone)

    @app_commands.command(name="schedule", description="Schedule a meeting, or a recurring series")
    @app_commands.describe(
        title="What the meeting is called, e.g. WG-MWP",
        start="When, in your time zone: 2026-12-01 15:00, tomorrow 3pm, tue 15:00, <t:…>",
        duration="How long: 60, 90m, 1h30m (default 60 minutes)",
        timezone="Time zone for start and for the series' local time (default: yours)",
        repeat="weekly, every 2 weeks, monthly on first tuesday, … or an RRULE",
        voice_channel="Voice channel where the meeting takes place",
        link="Join link for remote participation (https://…)",
        channel="Where reminders are posted (default: the announcements channel, else here)",
        mode="Plenary, closed working meeting or open consultation, enforced on the voice channel",
        tentative="The date is still to be confirmed: no reminders until /meeting confirm",
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete, repeat=repeat_autocomplete)
    @app_commands.choices(mode=MODE_CHOICES)
    @chair_only()
    async def schedule(self, interaction: Interaction, title: app_commands.Range[str, 1, 100],
                       start: app_commands.Range[str, 1, 100], duration: app_commands.Range[str, 1, 20] | None = None,
                       timezone: str | None = None, repeat: app_commands.Range[str, 1, 300] | None = None,
                       voice_channel: VoiceLike | None = None, link: app_commands.Range[str, 1, 500] | None = None,
                       channel: discord.TextChannel | None = None, mode: app_commands.Choice[str] | None = None,
                       tentative: bool = False) -> None:
        gid = guild_id(interaction)
        when, zone = await self.meetings.read_start(gid, interaction.user.id, start, timezone)
        setup = await self.bot.services.settings.get(gid)
        target = channel.id if channel else (None if setup.announcements_channel_id else interaction.channel_id)
        ensure_can_post(interaction, target)  # where its reminders will be posted
        meeting = await self.meetings.schedule(
            gid, title=title, start=when.at, duration=parse_minutes(duration) if duration else None, timezone=zone,
            repeat=repeat, voice_channel_id=voice_channel.id if voice_channel else None, link=link,
            channel_id=target, created_by=interaction.user.id, mode=mode.value if mode else None, tentative=tentative,
        )
        following: list[MeetingInfo] = []
        if meeting.series_id is not None:
            following = [m for m in await self.meetings.series_meetings(gid, meeting.series_id) if m.id != meeting.id]
        repeat = await self._repeat_text(meeting)
        with using(await server_language(interaction)):  # posted in the channel for everyone
            await reply(interaction, scheduled_text(meeting, following, repeat, notes=when.notes), ephemeral=False)

    @app_commands.command(name="list", description="Upcoming meetings, in your own time zone")
    async def list_(self, interaction: Interaction) -> None:
        gid = guild_id(interaction)
        upcoming = await self.meetings.upcoming(gid)
        repeats = {s.id: describe(s.rule, s.timezone) for s in await self.meetings.all_series(gid)}
        await reply(interaction, meeting_list(upcoming, repeats))

    @app_commands.command(name="reschedule", description="Move or edit one meeting (one occurrence of a series)")
    @app_commands.describe(meeting="The meeting to change", start="New start, in your time zone (or `timezone`)",
                           duration="New length: 60, 90m, 1h30m", timezone="Time zone of the new start",
                           title="New title", link="New join link (https://…)", voice_channel="New voice channel")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    @chair_only()
    async def reschedule(self, interaction: Interaction, meeting: int,
                         start: app_commands.Range[str, 1, 100] | None = None,
                         duration: app_commands.Range[str, 1, 20] | None = None, timezone: str | None = None,
                         title: app_commands.Range[str, 1, 100] | None = None,
                         link: app_commands.Range[str, 1, 500] | None = None,
                         voice_channel: VoiceLike | None = None) -> None:
        gid = guild_id(interaction)
        when = (await self.meetings.read_start(gid, interaction.user.id, start, timezone))[0] if start else None
        changed = await self.meetings.reschedule(
            gid, meeting, start=when.at if when else None, duration=parse_minutes(duration) if duration else None,
            title=title, link=link, voice_channel_id=voice_channel.id if voice_channel else None,
        )
        repeat = await self._repeat_text(changed)
        with using(await server_language(interaction)):
            await reply(interaction, scheduled_text(changed, [], repeat, verb="Rescheduled",
                                                    notes=when.notes if when else ()), ephemeral=False)

    @app_commands.command(name="confirm",
                          description="Confirm a tentative date: reminders start, the date is announced")
    @app_commands.describe(meeting="The tentative meeting")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @chair_only()
    async def confirm(self, interaction: Interaction, meeting: int) -> None:
        gid = guild_id(interaction)
        confirmed = await self.meetings.options.confirm(gid, meeting)
        with using(await server_language(interaction)):  # an announcement: in the server's language
            announcement = confirmed_text(confirmed)
            await reply(interaction, announcement, ephemeral=False)
        if confirmed.channel_id is not None and confirmed.channel_id != interaction.channel_id:
            await self.bot.services.ctx.outbox.send(confirmed.channel_id, announcement)

    @app_commands.command(name="mode", description="Plenary, closed working meeting or open consultation")
    @app_commands.describe(meeting="The meeting", mode="What to enforce on its voice channel while it is live "
                                                        "(leave empty to leave the channel alone)",
                           scope="Only this meeting, or the whole series")
    @app_commands.choices(mode=MODE_CHOICES, scope=SCOPE_CHOICES)
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @chair_only()
    async def mode(self, interaction: Interaction, meeting: int, mode: app_commands.Choice[str] | None = None,
                   scope: app_commands.Choice[str] | None = None) -> None:
        changed = await self.meetings.options.set_mode(guild_id(interaction), meeting, mode.value if mode else None,
                                                       whole_series=scope is not None and scope.value == "series")
        with using(await server_language(interaction)):
            await reply(interaction, mode_text(changed), ephemeral=False)

    @app_commands.command(name="recording", description="Where the meeting's recording is (linked in the minutes)")
    @app_commands.describe(meeting="The meeting", url="The recording's address (https://…)")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @secretariat_only()
    async def recording(self, interaction: Interaction, meeting: int, url: app_commands.Range[str, 1, 500]) -> None:
        saved = await self.meetings.options.set_recording(guild_id(interaction), meeting, url)
        await reply(interaction, replies.recording_saved(saved))

    @app_commands.command(name="cancel", description="Cancel one meeting, or every upcoming meeting of its series")
    @app_commands.describe(meeting="The meeting to cancel", scope="Only this meeting, or the whole series")
    @app_commands.choices(scope=SCOPE_CHOICES)
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @chair_only()
    async def cancel(self, interaction: Interaction, meeting: int,
                     scope: app_commands.Choice[str] | None = None) -> None:
        whole = scope is not None and scope.value == "series"
        cancelled = await self.meetings.cancel(guild_id(interaction), meeting, whole_series=whole)
        first = cancelled[0] if cancelled else await self.meetings.get(guild_id(interaction), meeting)
        with using(await server_language(interaction)):
            await reply(interaction, replies.cancelled(first, cancelled, whole), ephemeral=False)

    @app_commands.command(name="ics", description="Download a calendar file (.ics) of the meetings")
    @app_commands.describe(meeting="One meeting (with its whole series); leave empty for all upcoming meetings")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    async def ics(self, interaction: Interaction, meeting: int | None = None) -> None:
        filename, data = await self.meetings.calendar(guild_id(interaction), meeting)
        await reply(interaction, replies.calendar_file(), file=file_for(OutFile(filename, data)))

    @app_commands.command(name="start", description="Mark a meeting as live (roll call and minutes follow it)")
    @app_commands.describe(meeting="The meeting (default: the next one due within 12 hours)")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @secretariat_only()
    async def start(self, interaction: Interaction, meeting: int | None = None) -> None:
        gid = guild_id(interaction)
        target = meeting if meeting is not None else (await self.meetings.due_to_start(gid)).id
        live = await self.meetings.start_live(gid, target)
        with using(await server_language(interaction)):
            await reply(interaction, replies.live(live), ephemeral=False)

    @app_commands.command(name="end", description="Mark the live meeting as ended")
    @app_commands.describe(meeting="The meeting (default: the live one)")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @secretariat_only()
    async def end(self, interaction: Interaction, meeting: int | None = None) -> None:
        gid = guild_id(interaction)
        if meeting is None:
            live = await self.meetings.live(gid)
            if live is None:
                raise NotFound(_("No meeting is live. Name one with the `meeting` option."))
            meeting = live.id
        ended = await self.meetings.end_live(gid, meeting)
        following = await self.meetings.next_in_series(gid, ended.id)
        with using(await server_language(interaction)):
            await reply(interaction, ended_text(ended, following, automatic=False), ephemeral=False)


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(MeetingsCog(bot))
