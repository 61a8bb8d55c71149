"""/poll: Doodle-style scheduling polls — create, vote through a paged panel, results, close, finalize."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import i18n
from bot.domain.permissions import can_chair
from bot.domain.poll import Calendar
from bot.domain.recurrence import describe
from bot.errors import UserError
from bot.i18n import _, _p, using
from bot.render import poll_replies as replies
from bot.render.guard import (
    CANNOT_POST_SHOWN_PRIVATELY,
    EXPECTED_EVERYONE,
    EXPECTED_ROLE,
    EXPECTED_ROLE_FOR_CHAIRS,
)
from bot.render.meeting import calendar_text
from bot.render.poll import list_text, my_votes_text
from bot.services.poll_ports import VoteReceipt
from bot.services.ports import OutFile
from cogs._common import (
    BoundModal,
    Interaction,
    MissingRole,
    answer_soon,
    can_post,
    chair_only,
    ensure_can_post,
    file_for,
    guild_id,
    member_roles,
    reply,
    report_error,
    timezone_autocomplete,
    update_message,
)
from cogs._language import server_language
from cogs.polls import _comments
from cogs.polls._components import DYNAMIC_ITEMS, panel_view, shown_picks
from cogs.polls._pickers import poll_autocomplete, slot_autocomplete
from cogs.polls._series import series_autocomplete

if TYPE_CHECKING:
    from bot.app import ConvenerBot

SLOTS_EXAMPLE = "2026-12-03 15:00, 2026-12-03 17:30-18:30, Dec 4 9am"


@dataclass(frozen=True)
class CreateOptions:
    title: str
    duration: str | None
    deadline: str | None
    timezone: str | None
    expected_role_id: int | None
    anonymous: bool


def _prefill(typed: str | None, limit: int) -> str | None:
    """What the member typed as a form's default, cut to the box's limit (Discord refuses a longer default; the
    member sees the cut and can correct it)."""
    return typed[:limit] if typed else None


class SlotsModal(BoundModal):
    """Long slot lists: two 4,000-character boxes (about 1,000 slots written as `date time, time, time…`)."""

    def __init__(self, cog: PollCog, *, create: CreateOptions | None = None, poll_id: int | None = None) -> None:
        super().__init__(title=_p("modal title", "New scheduling poll") if create else _p("modal title", "Add slots"),
                         timeout=900)
        self.cog, self.options, self.poll_id = cog, create, poll_id
        self.title_box: discord.ui.TextInput[SlotsModal] | None = None
        self.deadline_box: discord.ui.TextInput[SlotsModal] | None = None
        if create is not None:
            self.title_box = discord.ui.TextInput(label=_p("field label", "Title"),
                                                  default=_prefill(create.title, 100), max_length=100)
            self.add_item(self.title_box)
        self.slots_box: discord.ui.TextInput[SlotsModal] = discord.ui.TextInput(
            label=_p("field label", "Slots (commas, semicolons or new lines)"), style=discord.TextStyle.paragraph,
            max_length=4000, placeholder=_p("field placeholder", "2026-12-03 15:00\n2026-12-03 17:30-18:30\nDec 4 9am, "
                                                                 "11am, 14:00"))
        self.more_box: discord.ui.TextInput[SlotsModal] = discord.ui.TextInput(
            label=_p("field label", "More slots (optional)"), style=discord.TextStyle.paragraph, max_length=4000,
            required=False)
        self.duration_box: discord.ui.TextInput[SlotsModal] = discord.ui.TextInput(
            label=_p("field label", "Default slot length (optional)"), placeholder="60m, 1h30", max_length=20,
            required=False,
            default=_prefill(create.duration, 20) if create else None)
        for box in (self.slots_box, self.more_box, self.duration_box):
            self.add_item(box)
        if create is not None:
            self.deadline_box = discord.ui.TextInput(
                label=_p("field label", "Deadline (optional)"),
                placeholder=_p("field placeholder", "3d or 2026-12-01 18:00"), max_length=60, required=False,
                default=_prefill(create.deadline, 60))
            self.add_item(self.deadline_box)

    async def on_submit(self, interaction: Interaction) -> None:
        slots = "\n".join(v for v in (self.slots_box.value, self.more_box.value) if v.strip())
        duration = self.duration_box.value.strip() or None
        if self.options is not None and self.title_box is not None:
            deadline = (self.deadline_box.value.strip() if self.deadline_box else "") or None
            options = CreateOptions(self.title_box.value, duration, deadline, self.options.timezone,
                                    self.options.expected_role_id, self.options.anonymous)
            await self.cog.do_create(interaction, options, slots)
        elif self.poll_id is not None:
            await self.cog.do_add_slots(interaction, self.poll_id, slots, duration)

    async def on_error(self, interaction: Interaction, error: Exception) -> None:
        await report_error(interaction, error)


class PollCog(commands.GroupCog, group_name="poll", group_description="Doodle-style scheduling polls"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.polls = bot.services.polls

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        await self.polls.stop()

    async def _is_chair(self, interaction: Interaction) -> bool:
        return can_chair(await member_roles(interaction))

    # -- commands -----------------------------------------------------------------------------------------

    @app_commands.command(name="create", description="Start a scheduling poll (omit slots to type a long list)")
    @app_commands.describe(title="What the meeting is about", slots=f"e.g. {SLOTS_EXAMPLE}",
                           duration="Length of slots given without an end, e.g. 60m or 1h30 (default 1 h)",
                           deadline="When voting closes, e.g. 3d or 2026-12-01 18:00 (default: a chair closes it)",
                           timezone="Zone the slots are typed in (default: your profile, then the server's)",
                           expected_role="Who is expected to vote (reminders, quorum notice)",
                           anonymous="Hide who voted what from everyone but chairs")
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    async def create(self, interaction: Interaction, title: app_commands.Range[str, 1, 100],
                     slots: app_commands.Range[str, 1, 6000] | None = None, duration: str | None = None,
                     deadline: str | None = None, timezone: str | None = None,
                     expected_role: discord.Role | None = None, anonymous: bool = False) -> None:
        if expected_role is not None and not await self._is_chair(interaction):
            raise MissingRole(_(EXPECTED_ROLE_FOR_CHAIRS))
        ensure_can_post(interaction, interaction.channel_id)  # the poll message goes here
        options = CreateOptions(title, duration, deadline, timezone, expected_role.id if expected_role else None,
                                anonymous)
        if slots is None:
            await interaction.response.send_modal(SlotsModal(self, create=options))
            return
        await self.do_create(interaction, options, slots)

    async def do_create(self, interaction: Interaction, options: CreateOptions, slots: str) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        assert interaction.channel_id is not None
        created = await self.polls.create(
            guild_id(interaction), title=options.title, slots=slots, channel_id=interaction.channel_id,
            created_by=interaction.user.id, timezone=options.timezone, duration=options.duration,
            deadline=options.deadline, expected_role_id=options.expected_role_id, anonymous=options.anonymous,
            is_chair=await self._is_chair(interaction))
        expected = expected_line(interaction, options.expected_role_id)
        await reply(interaction, replies.created(created.poll, expected, created.notes))

    @app_commands.command(name="add-slots", description="Add slots to a poll (omit slots to type a long list)")
    @app_commands.describe(poll="The poll", slots=f"e.g. {SLOTS_EXAMPLE}", duration="Length of slots without an end")
    @app_commands.autocomplete(poll=poll_autocomplete)
    async def add_slots(self, interaction: Interaction, poll: int,
                        slots: app_commands.Range[str, 1, 6000] | None = None, duration: str | None = None) -> None:
        if slots is None:
            await self.polls.get(guild_id(interaction), poll)  # a wrong id fails before the modal opens
            await interaction.response.send_modal(SlotsModal(self, poll_id=poll))
            return
        await self.do_add_slots(interaction, poll, slots, duration)

    async def do_add_slots(self, interaction: Interaction, poll_id: int, slots: str, duration: str | None) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        before = {slot.id for slot in (await self.polls.get(guild_id(interaction), poll_id)).slots}
        result = await self.polls.add_slots(guild_id(interaction), poll_id, slots, actor_id=interaction.user.id,
                                            is_chair=await self._is_chair(interaction), duration=duration)
        new = [slot for slot in result.poll.slots if slot.id not in before]
        await reply(interaction, replies.slots_added(result.poll, new, result.notes))

    @app_commands.command(name="remove-slot", description="Remove one slot (and its votes) from a poll")
    @app_commands.autocomplete(poll=poll_autocomplete, slot=slot_autocomplete)
    async def remove_slot(self, interaction: Interaction, poll: int, slot: int) -> None:
        info, removed = await self.polls.remove_slot(guild_id(interaction), poll, slot, actor_id=interaction.user.id,
                                                     is_chair=await self._is_chair(interaction))
        await reply(interaction, replies.slot_removed(info, removed))

    @app_commands.command(name="vote", description="Open your voting panel for a poll")
    @app_commands.describe(comment="A short comment for the chairs, e.g. 'can only stay 30 min'")
    @app_commands.autocomplete(poll=poll_autocomplete)
    async def vote(self, interaction: Interaction, poll: int,
                   comment: app_commands.Range[str, 1, 200] | None = None) -> None:
        saved = await _comments.store(self.polls, interaction, poll, comment) if comment is not None else None
        await self.open_panel(interaction, poll)
        if saved is not None:
            await reply(interaction, saved)

    @app_commands.command(name="results", description="Ranking with reasons, time-zone fairness and a heatmap")
    @app_commands.describe(public="Post the results in the channel instead of only to you")
    @app_commands.autocomplete(poll=poll_autocomplete)
    async def results(self, interaction: Interaction, poll: int, public: bool = False) -> None:
        await self.show_results(interaction, poll, public=public)

    @app_commands.command(name="list", description="Open polls in this server")
    async def list_polls(self, interaction: Interaction) -> None:
        found = await self.polls.search(guild_id(interaction), include_closed=False)
        await reply(interaction, list_text(found))

    @app_commands.command(name="close", description="Close voting now (the poll's creator or a chair)")
    @app_commands.autocomplete(poll=poll_autocomplete)
    async def close(self, interaction: Interaction, poll: int) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        ensure_can_post(interaction, (await self.polls.get(guild_id(interaction), poll)).channel_id)  # the results
        info = await self.polls.close(guild_id(interaction), poll, actor_id=interaction.user.id,
                                      is_chair=await self._is_chair(interaction))
        await reply(interaction, replies.closed(info))

    @app_commands.command(name="reopen", description="Open a closed poll again")
    @app_commands.describe(deadline="New deadline, e.g. 2d or 2026-12-01 18:00 (default: none, or the old one)")
    @app_commands.autocomplete(poll=poll_autocomplete)
    async def reopen(self, interaction: Interaction, poll: int, deadline: str | None = None) -> None:
        info = await self.polls.reopen(guild_id(interaction), poll, actor_id=interaction.user.id,
                                       is_chair=await self._is_chair(interaction), deadline=deadline)
        await reply(interaction, replies.reopened(info))

    @app_commands.command(name="remind", description="Ping expected members who have not voted (once per 12 h)")
    @app_commands.autocomplete(poll=poll_autocomplete)
    async def remind(self, interaction: Interaction, poll: int) -> None:
        # Mentioning many members waits on Discord's rate limits: acknowledge first.
        await interaction.response.defer(ephemeral=True, thinking=True)
        ensure_can_post(interaction, (await self.polls.get(guild_id(interaction), poll)).channel_id)
        count = await self.polls.remind(guild_id(interaction), poll, actor_id=interaction.user.id,
                                        is_chair=await self._is_chair(interaction))
        await reply(interaction, replies.reminded(count))

    @app_commands.command(name="finalize", description="Pick the slot, close the poll and schedule the meeting")
    @app_commands.describe(repeat="weekly, every 2 weeks, monthly on first tuesday, … or an RRULE",
                           more_slots="Also schedule these slots, numbered as /poll results shows them: 2, 3",
                           series="Number the meetings in this series, after its last meeting",
                           first_number="The number of the first new meeting, e.g. 7 for 'the seventh meeting'")
    @app_commands.autocomplete(poll=poll_autocomplete, slot=slot_autocomplete, series=series_autocomplete)
    @chair_only()
    async def finalize(self, interaction: Interaction, poll: int, slot: int,
                       repeat: app_commands.Range[str, 1, 300] | None = None,
                       more_slots: app_commands.Range[str, 1, 100] | None = None, series: int | None = None,
                       first_number: app_commands.Range[int, 1, 999] | None = None) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        gid = guild_id(interaction)
        calendar = Calendar(more_slots, series, first_number)
        if not calendar.single:
            info, meetings = await self.polls.finalizer.finalize(gid, poll, slot, actor_id=interaction.user.id,
                                                                 is_chair=True, repeat=repeat, calendar=calendar)
            await reply(interaction, calendar_text(info, meetings))
            return
        info, meeting = await self.polls.finalize(gid, poll, slot, actor_id=interaction.user.id, is_chair=True,
                                                  repeat=repeat)
        repeats = None
        if meeting.series_id is not None:
            made = await self.bot.services.meetings.series(gid, meeting.series_id)
            repeats = describe(made.rule, made.timezone)
        await reply(interaction, replies.finalized(info, meeting, repeats))

    # -- what the components call ---------------------------------------------------------------------------

    # Panel interactions answer at once when the database work is quick, and acknowledge first when it is not:
    # with many members voting at once, ballots queue for SQLite's single writer and must not push the answer
    # past Discord's 3 seconds (see answer_soon).

    async def open_panel(self, interaction: Interaction, poll_id: int) -> None:
        page = await answer_soon(interaction, self.polls.open_panel(guild_id(interaction), poll_id,
                                                                    interaction.user.id), thinking=True)
        await reply(interaction, page.content, view=panel_view(page), ephemeral=True)

    async def update_panel(self, interaction: Interaction, poll_id: int, page: int,
                           pick: tuple[str, list[int]] | None = None) -> None:
        view = await answer_soon(interaction, self.polls.open_panel(guild_id(interaction), poll_id,
                                                                    interaction.user.id, page, pick=pick))
        await update_message(interaction, content=view.content, view=panel_view(view))

    async def submit_panel(self, interaction: Interaction, poll_id: int) -> None:
        try:
            receipt = await answer_soon(interaction, self._submit(interaction, poll_id))
        except UserError:
            raise
        except Exception as exc:  # the ballot is one transaction: it failed, so none of it was stored
            await report_error(interaction, exc, unsaved=replies.not_saved)
            return
        await update_message(interaction, content=replies.vote_saved(receipt), view=None)

    async def _submit(self, interaction: Interaction, poll_id: int) -> VoteReceipt:
        gid = guild_id(interaction)
        if not self.polls.has_pending_ballot(gid, poll_id, interaction.user.id):
            # The bot restarted since this panel was opened: the picks it shows are the ones to save.
            # If the poll closed meanwhile, Submit below refuses with the message members expect.
            with contextlib.suppress(UserError):
                for page, which, values in shown_picks(interaction.message, poll_id):
                    await self.polls.open_panel(gid, poll_id, interaction.user.id, page, pick=(which, values))
        return await self.polls.submit_panel(gid, poll_id, interaction.user.id)

    async def show_my_votes(self, interaction: Interaction, poll_id: int) -> None:
        poll = await self.polls.get(guild_id(interaction), poll_id)
        ballot = await self.polls.ballot_of(guild_id(interaction), poll_id, interaction.user.id)
        await reply(interaction, my_votes_text(poll, ballot) + await _comments.mine(self.polls, interaction, poll_id))

    async def show_results(self, interaction: Interaction, poll_id: int, *, public: bool = False) -> None:
        # Look the poll up before deferring: a refusal must stay private even when results are public.
        await self.polls.get(guild_id(interaction), poll_id)
        shown_privately = public and not can_post(interaction, interaction.channel_id or 0)
        public = public and not shown_privately
        await interaction.response.defer(ephemeral=not public, thinking=True)
        is_chair = await self._is_chair(interaction)
        results = await self.polls.results(guild_id(interaction), poll_id, public=public, viewer_is_chair=is_chair)
        with using(await server_language(interaction) if public else i18n.current()):
            title = replies.results_title(results.view.poll)
        embed = discord.Embed(title=title, description=results.text, colour=discord.Colour.blurple())
        files = []
        if results.heatmap:
            files.append(file_for(OutFile("heatmap.png", results.heatmap)))
            embed.set_image(url="attachment://heatmap.png")
        embeds = [embed]
        if is_chair and not public:  # the comments, and every answer in a file, for the chairs' eyes only
            comments, results_file = await _comments.for_chairs(self.polls, interaction, results.view.poll, results)
            embeds.append(comments)
            files.append(results_file)
        note = _(CANNOT_POST_SHOWN_PRIVATELY) if shown_privately else None
        await reply(interaction, note, ephemeral=not public, embeds=embeds, files=files)
        if results.heatmap_later is not None:  # the text did not wait for a slow picture: it follows
            picture = await results.heatmap_later
            await interaction.followup.send(file=file_for(OutFile("heatmap.png", picture)),
                                            ephemeral=not public, allowed_mentions=discord.AllowedMentions.none())


def expected_line(interaction: Interaction, role_id: int | None) -> list[str]:
    """Who a chair's poll will chase, said plainly (above all when it is everyone in the server)."""
    role = interaction.guild.get_role(role_id) if interaction.guild is not None and role_id is not None else None
    if role is None:
        return []
    count = sum(1 for m in role.members if not m.bot)
    if role.is_default():
        return [_(EXPECTED_EVERYONE, count=count)]
    return [_(EXPECTED_ROLE, count=count, role=role.mention)]
