"""/rollcall: the roll-call message with its buttons, apologies ahead of time, voice presence, chairs' fixes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain import rollcall as rc
from bot.domain.meeting import MeetingInfo
from bot.domain.permissions import Role, roles_of
from bot.errors import InvalidInput
from bot.render import rollcall as text
from bot.render.attendance import rollcall_message
from bot.render.discord_text import jump_link
from bot.services.rollcall import Attendee
from cogs._common import (
    Interaction,
    chair_only,
    ensure_can_post,
    guild_id,
    meeting_autocomplete,
    reply,
    report_error,
)
from cogs._rollcall_board import DYNAMIC_ITEMS
from cogs._rollcall_room import WAY_CHOICES

if TYPE_CHECKING:
    from bot.app import ConvenerBot

log = logging.getLogger("convener.rollcall")

STATUS_CHOICES = [app_commands.Choice(name=s, value=s) for s in rc.STATUSES]
ROLE_CHOICES = [app_commands.Choice(name=r, value=r) for r in rc.ROLES]


class RollCallCog(commands.GroupCog, group_name="rollcall", group_description="Who is at the meeting"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.rollcall = bot.services.rollcall
        self.meetings = bot.services.meetings
        self.message = bot.services.rollcall.message
        # Voice events are handled one at a time per guild, in arrival order (a quick leave must not be
        # processed before the join that preceded it).
        self.voice_locks: dict[int, asyncio.Lock] = {}

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        self.meetings.jobs.on_live(self.voice_at_start)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    # -- who is who -----------------------------------------------------------------------------------------------

    async def attendees(self, guild: discord.Guild, members: Iterable[discord.Member],
                        only: Role | None = None) -> list[Attendee]:
        """Members as the roll call sees them: display name and meeting role (chair > secretariat > member >
        observer, else guest). Administrators are not made chairs here: the role must be held."""
        setup = await self.bot.services.settings.get(guild.id)
        defaults = self.bot.config.roles.by_role()
        guild_roles = {r.id: r.name for r in guild.roles}
        found = []
        for member in members:
            if member.bot:
                continue
            held = roles_of([r.id for r in member.roles], guild_roles, setup.role_map, defaults)
            if only is None or only in held:
                found.append(Attendee(member.id, member.display_name, rc.meeting_role(held)))
        return found

    async def attendee(self, interaction: Interaction) -> Attendee:
        member = interaction.user
        if interaction.guild is None or not isinstance(member, discord.Member):
            return Attendee(member.id, member.display_name)
        return (await self.attendees(interaction.guild, [member]))[0]

    # -- the message ----------------------------------------------------------------------------------------------

    async def answer(self, interaction: Interaction, meeting_id: int, status: str,
                     took_part: str | None = None) -> None:
        try:
            gid = guild_id(interaction)
            participant = await self.rollcall.respond(gid, meeting_id, await self.attendee(interaction), status,
                                                      took_part)
            await reply(interaction, text.marked(participant.status))
        except Exception as exc:
            await report_error(interaction, exc)

    async def answer_consent(self, interaction: Interaction, meeting_id: int, agree: bool) -> None:
        try:
            gid = guild_id(interaction)
            await self.rollcall.consent(gid, meeting_id, await self.attendee(interaction), agree)
            await reply(interaction, text.consent_noted(agree))
        except Exception as exc:
            await report_error(interaction, exc)

    # -- commands -------------------------------------------------------------------------------------------------

    @app_commands.command(name="start", description="Post the roll call with Present / Late / Apologies / Observing")
    @app_commands.describe(consent="Also ask whether everyone agrees to the meeting being recorded",
                           room="Some take part in a meeting room: add an 'In the room' button")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @chair_only()
    async def start(self, interaction: Interaction, meeting: int, consent: bool = False, room: bool = False) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        info = await self.meetings.get(gid, meeting)
        channel_id = info.channel_id or interaction.channel_id
        assert channel_id is not None
        ensure_can_post(interaction, channel_id)
        _board, message_id = await self.message.post(gid, info, channel_id, ask_consent=consent,
                                                     by=interaction.user.id, in_room=room)
        if info.is_live and info.voice_channel_id and interaction.guild is not None:
            voice = interaction.guild.get_channel(info.voice_channel_id)
            members = voice.members if isinstance(voice, discord.VoiceChannel | discord.StageChannel) else []
            present = await self.attendees(interaction.guild, members)
            if present:
                await self.rollcall.seen_in_voice(gid, meeting, present)
        await reply(interaction, text.posted(jump_link(gid, channel_id, message_id)))

    @app_commands.command(name="apologies", description="Send your apologies for a meeting (before or during it)")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    async def apologies(self, interaction: Interaction, meeting: int) -> None:
        gid = guild_id(interaction)
        info = await self.meetings.get(gid, meeting)
        await self.rollcall.respond(gid, meeting, await self.attendee(interaction), rc.APOLOGIES)
        await reply(interaction, text.apologies_recorded(info.title, info.start))

    @app_commands.command(name="set", description="Correct someone's status (and role or stakeholder group)")
    @app_commands.describe(took_part="How they took part: in the room, online, by phone or other means")
    @app_commands.choices(status=STATUS_CHOICES, role=ROLE_CHOICES, took_part=WAY_CHOICES)
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @chair_only()
    async def set_status(self, interaction: Interaction, meeting: int, member: discord.Member,
                         status: app_commands.Choice[str], role: app_commands.Choice[str] | None = None,
                         group: app_commands.Range[str, 1, 100] | None = None,
                         took_part: app_commands.Choice[str] | None = None) -> None:
        gid = guild_id(interaction)
        assert interaction.guild is not None
        if member.bot:
            raise InvalidInput(text.not_for_bots(member.display_name))
        who = (await self.attendees(interaction.guild, [member]))[0]
        p = await self.rollcall.set_status(gid, meeting, who, status.value, role=role.value if role else None,
                                           group=group, by=interaction.user.id,
                                           took_part=took_part.value if took_part else None)
        await reply(interaction, text.status_set(p))

    @app_commands.command(name="add", description="Add someone without a Discord account (e.g. dial-in)")
    @app_commands.describe(name="Their name as in the minutes: 'Last, First'", group="Their stakeholder group",
                           took_part="How they took part (default: by phone or other means)")
    @app_commands.choices(role=ROLE_CHOICES, status=STATUS_CHOICES, took_part=WAY_CHOICES)
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @chair_only()
    async def add(self, interaction: Interaction, meeting: int, name: app_commands.Range[str, 1, 100],
                  role: app_commands.Choice[str], group: app_commands.Range[str, 1, 100] | None = None,
                  status: app_commands.Choice[str] | None = None,
                  took_part: app_commands.Choice[str] | None = None) -> None:
        gid = guild_id(interaction)
        p = await self.rollcall.add_guest(gid, meeting, name, role.value, group,
                                          status.value if status else rc.PRESENT, by=interaction.user.id,
                                          took_part=took_part.value if took_part else rc.PHONE)
        await reply(interaction, text.added(p))

    @app_commands.command(name="close", description="Freeze the list; expected members who did nothing are absent")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @chair_only()
    async def close(self, interaction: Interaction, meeting: int) -> None:
        gid = guild_id(interaction)
        assert interaction.guild is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        info = await self.meetings.get(gid, meeting)
        group = await self.bot.services.groups.members_of_thread(gid, info.channel_id)
        if group is None:
            expected = await self.attendees(interaction.guild, interaction.guild.members, only=Role.MEMBER)
        else:  # a drafting group's meeting: its members are expected, whatever their role
            wanted = set(group)
            expected = await self.attendees(interaction.guild, [m for m in interaction.guild.members if m.id in wanted])
        board = await self.rollcall.close(gid, meeting, expected, by=interaction.user.id)
        await reply(interaction, text.closed(board))

    @app_commands.command(name="show", description="Show the roll call of a meeting")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    async def show(self, interaction: Interaction, meeting: int) -> None:
        gid = guild_id(interaction)
        info = await self.meetings.get(gid, meeting)
        await reply(interaction, rollcall_message(await self.rollcall.board(gid, meeting), info.voice_channel_id))

    # -- voice ----------------------------------------------------------------------------------------------------

    async def voice_at_start(self, meeting: MeetingInfo) -> None:
        """A meeting went live (by command or at its time): whoever already waits in its voice channel counts
        from now on, not from whenever they happen to move next."""
        guild = self.bot.get_guild(meeting.guild_id)
        if guild is None or meeting.voice_channel_id is None:
            return
        voice = guild.get_channel(meeting.voice_channel_id)
        members = voice.members if isinstance(voice, discord.VoiceChannel | discord.StageChannel) else []
        async with self.voice_locks.setdefault(guild.id, asyncio.Lock()):
            present = await self.attendees(guild, members)
            if present:
                await self.rollcall.seen_in_voice(guild.id, meeting.id, present)

    @commands.Cog.listener()
    async def on_voice_state_update(self, member: discord.Member, before: discord.VoiceState,
                                    after: discord.VoiceState) -> None:
        left = before.channel.id if before.channel else None
        joined = after.channel.id if after.channel else None
        if member.bot or left == joined:
            return
        async with self.voice_locks.setdefault(member.guild.id, asyncio.Lock()):
            try:
                people = [member, *(m for m in (after.channel.members if after.channel else []) if m.id != member.id)]
                who, *others = await self.attendees(member.guild, people)
                await self.rollcall.voice_moved(member.guild.id, who, left, joined, others)
            except Exception:
                log.exception("voice update of %s in guild %s not recorded", member.id, member.guild.id)


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(RollCallCog(bot))
