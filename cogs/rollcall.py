"""/rollcall: the roll-call message with its buttons, apologies ahead of time, voice presence, chairs' fixes."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain import rollcall as rc
from bot.domain.meeting import MeetingInfo
from bot.domain.permissions import Role, roles_of
from bot.errors import InvalidInput
from bot.i18n import _p, using
from bot.render import rollcall as text
from bot.render.attendance import rollcall_message
from bot.render.labels import status_name
from bot.services.rollcall import Attendee
from cogs._common import (
    BoundItem,
    Interaction,
    chair_only,
    ensure_can_post,
    guild_id,
    meeting_autocomplete,
    reply,
    report_error,
)
from cogs._language import server_language
from cogs._rollcall_room import WAY_CHOICES, RoomButton

if TYPE_CHECKING:
    from bot.app import ConvenerBot

log = logging.getLogger("convener.rollcall")

BUTTONS = ((rc.PRESENT, discord.ButtonStyle.success, "✅"),
           (rc.LATE, discord.ButtonStyle.primary, "⏰"),
           (rc.APOLOGIES, discord.ButtonStyle.secondary, "🙏"),
           (rc.OBSERVING, discord.ButtonStyle.secondary, "👀"))
STATUS_CHOICES = [app_commands.Choice(name=s, value=s) for s in rc.STATUSES]
ROLE_CHOICES = [app_commands.Choice(name=r, value=r) for r in rc.ROLES]


def _cog(interaction: Interaction) -> RollCallCog:
    cog = interaction.client.get_cog(RollCallCog.__cog_name__)
    assert isinstance(cog, RollCallCog)
    return cog


class StatusButton(BoundItem, discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=r"rollcall:(?P<meeting_id>\d+):(?P<status>present|late|apologies|observing)"):
    """One of the four answers on a roll-call message; works on old messages after a restart."""

    def __init__(self, meeting_id: int, status: str) -> None:
        style, emoji = next(b[1:] for b in BUTTONS if b[0] == status)
        super().__init__(discord.ui.Button(label=status_name(status), style=style, emoji=emoji,
                                           custom_id=f"rollcall:{meeting_id}:{status}"))
        self.meeting_id, self.status = meeting_id, status

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Button[Any],
                             match: re.Match[str]) -> StatusButton:
        return cls(int(match["meeting_id"]), match["status"])

    async def callback(self, interaction: Interaction) -> None:
        await _cog(interaction).answer(interaction, self.meeting_id, self.status)


class ConsentButton(BoundItem, discord.ui.DynamicItem[discord.ui.Button[Any]],
                    template=r"rollcall:(?P<meeting_id>\d+):consent:(?P<answer>yes|no)"):
    """The optional recording-consent question."""

    def __init__(self, meeting_id: int, answer: str) -> None:
        label = _p("button", "I agree to recording") if answer == "yes" else _p("button", "Please do not record")
        super().__init__(discord.ui.Button(label=label, emoji="🎙️", style=discord.ButtonStyle.secondary,
                                           custom_id=f"rollcall:{meeting_id}:consent:{answer}", row=1))
        self.meeting_id, self.answer = meeting_id, answer

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Button[Any],
                             match: re.Match[str]) -> ConsentButton:
        return cls(int(match["meeting_id"]), match["answer"])

    async def callback(self, interaction: Interaction) -> None:
        await _cog(interaction).answer_consent(interaction, self.meeting_id, self.answer == "yes")


def rollcall_view(meeting_id: int, ask_consent: bool, in_room: bool = False) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for status, *_look in BUTTONS:
        view.add_item(StatusButton(meeting_id, status))
    if in_room:
        view.add_item(RoomButton(meeting_id))
    if ask_consent:
        view.add_item(ConsentButton(meeting_id, "yes"))
        view.add_item(ConsentButton(meeting_id, "no"))
    return view


class BoardRefresher:
    """Keeps each roll-call message current with at most one edit per ``interval`` seconds: a burst of clicks
    or voice joins becomes one edit showing the latest state (Discord allows ~5 edits per 5 s per message)."""

    def __init__(self, cog: RollCallCog, interval: float) -> None:
        self.cog = cog
        self.interval = interval
        self.tasks: dict[int, asyncio.Task[None]] = {}
        self.dirty: set[int] = set()

    def request(self, guild_id: int, meeting_id: int) -> None:
        if meeting_id in self.tasks:
            self.dirty.add(meeting_id)
            return
        self.tasks[meeting_id] = asyncio.create_task(self._run(guild_id, meeting_id), name=f"rollcall-{meeting_id}")

    async def _run(self, guild_id: int, meeting_id: int) -> None:
        try:
            while True:
                self.dirty.discard(meeting_id)
                await self.cog.redraw(guild_id, meeting_id)
                await asyncio.sleep(self.interval)
                if meeting_id not in self.dirty:
                    break  # no await between this check and the removal below, so no request is lost
        except Exception:
            log.exception("could not update the roll-call message of meeting %s", meeting_id)
        finally:
            self.tasks.pop(meeting_id, None)

    async def idle(self) -> None:
        """Until every pending update is done (tests, shutdown)."""
        while self.tasks:
            await asyncio.gather(*self.tasks.values(), return_exceptions=True)

    def cancel(self) -> None:
        for task in self.tasks.values():
            task.cancel()


class RollCallCog(commands.GroupCog, group_name="rollcall", group_description="Who is at the meeting"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.rollcall = bot.services.rollcall
        self.meetings = bot.services.meetings
        self.refresher = BoardRefresher(self, bot.config.polls.tally_edit_interval)
        # Voice events are handled one at a time per guild, in arrival order (a quick leave must not be
        # processed before the join that preceded it).
        self.voice_locks: dict[int, asyncio.Lock] = {}

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(StatusButton, ConsentButton, RoomButton)
        self.meetings.jobs.on_live(self.voice_at_start)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(StatusButton, ConsentButton, RoomButton)
        self.refresher.cancel()

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

    async def redraw(self, gid: int, meeting_id: int) -> None:
        where = await self.rollcall.message_of(gid, meeting_id)
        if where is None:
            return
        channel = self.bot.get_channel(where[0])
        if not isinstance(channel, discord.TextChannel | discord.Thread | discord.VoiceChannel):
            return
        meeting = await self.meetings.get(gid, meeting_id)
        board = await self.rollcall.board(gid, meeting_id)
        with using(await self.bot.services.settings.language(gid)):  # a public message, whoever clicked
            view = None if board.closed else rollcall_view(meeting_id, board.ask_consent, board.in_room)
            content = rollcall_message(board, meeting.voice_channel_id)
        try:
            await channel.get_partial_message(where[1]).edit(content=content, view=view,
                                                             allowed_mentions=discord.AllowedMentions.none())
        except discord.NotFound:
            log.info("roll-call message of meeting %s was deleted", meeting_id)

    async def answer(self, interaction: Interaction, meeting_id: int, status: str,
                     took_part: str | None = None) -> None:
        try:
            gid = guild_id(interaction)
            participant = await self.rollcall.respond(gid, meeting_id, await self.attendee(interaction), status,
                                                      took_part)
            await reply(interaction, text.marked(participant.status))
            self.refresher.request(gid, meeting_id)
        except Exception as exc:
            await report_error(interaction, exc)

    async def answer_consent(self, interaction: Interaction, meeting_id: int, agree: bool) -> None:
        try:
            gid = guild_id(interaction)
            await self.rollcall.consent(gid, meeting_id, await self.attendee(interaction), agree)
            await reply(interaction, text.consent_noted(agree))
            self.refresher.request(gid, meeting_id)
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
        previous = await self.rollcall.message_of(gid, meeting)
        board = await self.rollcall.begin(gid, meeting, channel_id=channel_id, ask_consent=consent,
                                          by=interaction.user.id, in_room=room)
        channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
        assert isinstance(channel, discord.abc.Messageable)
        with using(await server_language(interaction)):
            content = rollcall_message(board, info.voice_channel_id)
            view = rollcall_view(meeting, board.ask_consent, board.in_room)
        message = await channel.send(content, view=view, allowed_mentions=discord.AllowedMentions.none())
        await self.rollcall.attach_message(gid, meeting, message.channel.id, message.id)
        if previous is not None:  # one live roll-call message per meeting
            old = self.bot.get_channel(previous[0])
            if isinstance(old, discord.TextChannel | discord.Thread):
                try:
                    await old.get_partial_message(previous[1]).delete()
                except discord.NotFound:
                    pass
        if info.is_live and info.voice_channel_id and interaction.guild is not None:
            voice = interaction.guild.get_channel(info.voice_channel_id)
            members = voice.members if isinstance(voice, discord.VoiceChannel | discord.StageChannel) else []
            present = await self.attendees(interaction.guild, members)
            if present and await self.rollcall.seen_in_voice(gid, meeting, present):
                self.refresher.request(gid, meeting)
        await reply(interaction, text.posted(message.jump_url))

    @app_commands.command(name="apologies", description="Send your apologies for a meeting (before or during it)")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    async def apologies(self, interaction: Interaction, meeting: int) -> None:
        gid = guild_id(interaction)
        info = await self.meetings.get(gid, meeting)
        await self.rollcall.respond(gid, meeting, await self.attendee(interaction), rc.APOLOGIES)
        await reply(interaction, text.apologies_recorded(info.title, info.start))
        self.refresher.request(gid, meeting)

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
        self.refresher.request(gid, meeting)

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
        self.refresher.request(gid, meeting)

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
        self.refresher.request(gid, meeting)
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
            changed = bool(present) and await self.rollcall.seen_in_voice(guild.id, meeting.id, present)
        if changed:
            self.refresher.request(guild.id, meeting.id)

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
                meeting_id = await self.rollcall.voice_moved(member.guild.id, who, left, joined, others)
            except Exception:
                log.exception("voice update of %s in guild %s not recorded", member.id, member.guild.id)
                return
        if meeting_id is not None:
            self.refresher.request(member.guild.id, meeting_id)


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(RollCallCog(bot))
