"""/minutes draft|entries|edit|upload|publish and the "Add to minutes" message command."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import ConfigError, parse_duration
from bot.domain.minutes import ACTION, MAX_ENTRY_TEXT, Entry, Owner, clip
from bot.errors import InvalidInput
from bot.i18n import LANGUAGES, NATIVE_NAMES, _, _p
from bot.render import circulation as circulation_text
from bot.render import minutes_replies as replies
from bot.render.capture import credited_note
from bot.render.discord_text import ts
from bot.render.labels import entry_kind
from bot.render.minutes_publication import publication_note
from bot.render.minutes_review import ENTRIES_PER_PAGE, entries_page, entry_detail, entry_option, pages
from bot.render.minutes_text import preview_pages
from bot.services.minutes import MAX_SECTION_BODY, MAX_UPLOAD, Draft
from bot.services.ports import OutFile
from cogs._circulation import DYNAMIC_ITEMS as CIRCULATION_ITEMS
from cogs._common import (
    BoundItem,
    BoundModal,
    Interaction,
    chair_only,
    ensure_can_post,
    ensure_chair,
    ensure_secretariat,
    files_for,
    guild_id,
    meeting_autocomplete,
    modal_follows,
    reply,
    report_error,
    secretariat_only,
    update_message,
)
from cogs.capture import resolve_owner

if TYPE_CHECKING:
    from bot.app import ConvenerBot

EDIT_WINDOW = 900.0
DRAFT_LANGUAGES = [app_commands.Choice(name=NATIVE_NAMES[lang], value=lang) for lang in LANGUAGES]


def _cog(interaction: Interaction) -> MinutesCog:
    cog = interaction.client.get_cog(MinutesCog.__cog_name__)
    assert isinstance(cog, MinutesCog)
    return cog


# -- persistent components -------------------------------------------------------------------------------------


class EntryPicker(BoundItem, discord.ui.DynamicItem[discord.ui.Select[Any]],
                  template=r"minutes:entries:(?P<meeting_id>\d+):(?P<page>\d+)"):
    def __init__(self, meeting_id: int, page: int, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(discord.ui.Select(custom_id=f"minutes:entries:{meeting_id}:{page}",
                                           placeholder=_p("select placeholder", "Pick an entry to edit or drop"),
                                           options=options or [discord.SelectOption(label="—", value="0")]))
        self.meeting_id, self.page = meeting_id, page

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Select[Any],
                             match: re.Match[str]) -> EntryPicker:
        return cls(int(match["meeting_id"]), int(match["page"]))

    async def callback(self, interaction: Interaction) -> None:
        await _cog(interaction).show_entry(interaction, int(self.item.values[0]) if self.item.values else 0)


class PageButton(BoundItem, discord.ui.DynamicItem[discord.ui.Button[Any]],
                 template=r"minutes:page:(?P<meeting_id>\d+):(?P<page>\d+):(?P<dir>prev|next)"):
    def __init__(self, meeting_id: int, page: int, direction: str, disabled: bool = False) -> None:
        label = _p("button", "◀ Previous") if direction == "prev" else _p("button", "Next ▶")
        super().__init__(discord.ui.Button(label=label,
                                           custom_id=f"minutes:page:{meeting_id}:{page}:{direction}",
                                           disabled=disabled, row=1))
        self.meeting_id, self.page = meeting_id, page

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Button[Any],
                             match: re.Match[str]) -> PageButton:
        return cls(int(match["meeting_id"]), int(match["page"]), match["dir"])

    async def callback(self, interaction: Interaction) -> None:
        await _cog(interaction).turn_page(interaction, self.meeting_id, self.page)


class EntryButton(BoundItem, discord.ui.DynamicItem[discord.ui.Button[Any]],
                  template=r"minutes:entry:(?P<entry_id>\d+):(?P<action>edit|drop)"):
    def __init__(self, entry_id: int, action: str) -> None:
        style = discord.ButtonStyle.primary if action == "edit" else discord.ButtonStyle.danger
        label = _p("button", "Edit") if action == "edit" else _p("button", "Drop")
        super().__init__(discord.ui.Button(label=label, style=style,
                                           custom_id=f"minutes:entry:{entry_id}:{action}"))
        self.entry_id, self.action = entry_id, action

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Button[Any],
                             match: re.Match[str]) -> EntryButton:
        return cls(int(match["entry_id"]), match["action"])

    async def callback(self, interaction: Interaction) -> None:
        cog = _cog(interaction)
        await (cog.open_entry_editor if self.action == "edit" else cog.drop_entry)(interaction, self.entry_id)


# -- forms --------------------------------------------------------------------------------------------------------


class EntryEditor(BoundModal):
    def __init__(self, entry: Entry) -> None:
        super().__init__(title=_p("modal title", "Edit {kind} #{entry}", kind=entry_kind(entry.kind),
                                  entry=entry.id)[:45], timeout=EDIT_WINDOW)
        self.entry = entry
        self.text: discord.ui.TextInput[EntryEditor] = discord.ui.TextInput(
            label=_p("field label", "Text"), style=discord.TextStyle.paragraph, default=entry.text,
            max_length=MAX_ENTRY_TEXT)
        self.add_item(self.text)
        self.owner: discord.ui.TextInput[EntryEditor] | None = None
        self.due: discord.ui.TextInput[EntryEditor] | None = None
        self.due_default = entry.due.isoformat() if entry.due else ""
        if entry.kind == ACTION:
            self.owner = discord.ui.TextInput(label=_p("field label", "Owner (a name, or @mention a member)"),
                                              default=entry.owner_name or "", max_length=100)
            self.due = discord.ui.TextInput(label=_p("field label", "Due date (empty: none)"),
                                            default=self.due_default or None,
                                            required=False, max_length=60)
            self.add_item(self.owner)
            self.add_item(self.due)

    async def on_submit(self, interaction: Interaction) -> None:
        await ensure_chair(interaction)
        owner = resolve_owner(interaction.guild, self.owner.value) if self.owner else None
        due = self.due.value if self.due is not None and self.due.value != self.due_default else None
        capture = interaction.client.services.minutes.capture
        entry = await capture.edit(guild_id(interaction), self.entry.id, interaction.user.id, self.text.value,
                                   owner=owner, due=due)
        await reply(interaction, replies.entry_saved(entry, due_changed=due is not None))

    async def on_error(self, interaction: Interaction, error: Exception) -> None:
        await report_error(interaction, error)


class SectionEditor(BoundModal):
    def __init__(self, draft: Draft, index: int, heading: str, body: str) -> None:
        super().__init__(title=clip(_p("modal title", "Edit: {section}", section=heading), 45), timeout=EDIT_WINDOW)
        self.draft, self.index = draft, index
        self.body: discord.ui.TextInput[SectionEditor] = discord.ui.TextInput(
            label=_p("field label", "Section text (Markdown)"), style=discord.TextStyle.paragraph, default=body or None,
            required=False, max_length=MAX_SECTION_BODY)
        self.add_item(self.body)

    async def on_submit(self, interaction: Interaction) -> None:
        await ensure_chair(interaction)
        saved = await interaction.client.services.minutes.edit_section(
            guild_id(interaction), self.draft.meeting.id, self.index, self.body.value, interaction.user.id,
            based_on=self.draft.version)
        await reply(interaction, replies.section_saved(saved.version), files=files_for(saved.files()))

    async def on_error(self, interaction: Interaction, error: Exception) -> None:
        await report_error(interaction, error)


# -- the cog ------------------------------------------------------------------------------------------------------


class MinutesCog(commands.GroupCog, group_name="minutes", group_description="Meeting summaries"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.minutes = bot.services.minutes
        self.add_menu = app_commands.ContextMenu(name="Add to minutes", callback=self.add_to_minutes)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(EntryPicker, PageButton, EntryButton, *CIRCULATION_ITEMS)
        self.bot.tree.add_command(self.add_menu)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(EntryPicker, PageButton, EntryButton, *CIRCULATION_ITEMS)
        self.bot.tree.remove_command(self.add_menu.name, type=self.add_menu.type)

    async def section_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        meeting_id = getattr(interaction.namespace, "meeting", None)
        if interaction.guild_id is None or not isinstance(meeting_id, int):
            return []
        try:
            _draft, found = await self.minutes.sections(interaction.guild_id, meeting_id)
        except Exception:  # no draft yet: the command itself explains
            return []
        needle = current.casefold().strip()
        return [app_commands.Choice(name=clip(("  " * (s.level - 1)) + s.heading, 100), value=str(s.index))
                for s in found if not needle or needle in s.heading.casefold()][:25]

    # -- commands ---------------------------------------------------------------------------------------------

    @app_commands.command(name="draft", description="Draft the summary from what was captured, by the agenda")
    @app_commands.describe(language="The language of this draft (default: the server's)")
    @app_commands.choices(language=DRAFT_LANGUAGES)
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @secretariat_only()
    async def draft(self, interaction: Interaction, meeting: int,
                    language: app_commands.Choice[str] | None = None) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        draft = await self.minutes.draft(guild_id(interaction), meeting, interaction.user.id,
                                         language.value if language else None)
        shown, truncated = preview_pages(draft.markdown)
        embeds = [discord.Embed(title=replies.draft_title(draft) if i == 0 else None, description=page)
                  for i, page in enumerate(shown)]
        notes = replies.draft_notes(draft, language.value if language else None, truncated)
        await reply(interaction, notes, embeds=embeds, files=files_for(draft.files()))

    @app_commands.command(name="entries", description="Review what was captured: edit or drop entries")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @chair_only()
    async def entries(self, interaction: Interaction, meeting: int) -> None:
        content, view = await self._entries_view(guild_id(interaction), meeting, 0)
        await reply(interaction, content, view=view)

    @app_commands.command(name="edit", description="Edit one section of the current draft in a form")
    @app_commands.describe(section="The section (pick from the list)")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @app_commands.autocomplete(section=section_autocomplete)
    @chair_only()
    async def edit(self, interaction: Interaction, meeting: int, section: app_commands.Range[str, 1, 200]) -> None:
        modal_follows()
        draft, found, body = await self.minutes.section(guild_id(interaction), meeting, section)
        await interaction.response.send_modal(SectionEditor(draft, found.index, found.heading, body))

    @app_commands.command(name="upload", description="Replace the draft with an edited Markdown file")
    @app_commands.describe(file="The edited minutes-….md (it must keep the Annex I and Annex II headings)")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @chair_only()
    async def upload(self, interaction: Interaction, meeting: int, file: discord.Attachment) -> None:
        if file.size > MAX_UPLOAD:
            raise InvalidInput(replies.upload_too_large(file.filename, file.size, MAX_UPLOAD))
        await interaction.response.defer(ephemeral=True, thinking=True)
        saved = await self.minutes.upload(guild_id(interaction), meeting, await file.read(), interaction.user.id)
        await reply(interaction, replies.uploaded(file.filename, saved.version))

    @app_commands.command(name="publish", description="Post the final summary, mark the meeting done, track actions")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @chair_only()
    async def publish(self, interaction: Interaction, meeting: int) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        info = await self.bot.services.meetings.get(guild_id(interaction), meeting)
        ensure_can_post(interaction, await self.minutes.minutes_channel(info.guild_id, info))
        result = await self.minutes.publish(guild_id(interaction), meeting, interaction.user.id)
        await reply(interaction, publication_note(result))

    @app_commands.command(name="circulate", description="Send the draft round for comments per section")
    @app_commands.describe(period="How long comments are open, e.g. 7d or 48h (default from the configuration)")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @secretariat_only()
    async def circulate(self, interaction: Interaction, meeting: int,
                        period: app_commands.Range[str, 1, 20] | None = None) -> None:
        try:
            length = parse_duration(period, "period") if period else None
        except ConfigError as exc:
            raise InvalidInput(circulation_text.bad_period(period or "")) from exc
        channel = interaction.channel
        assert channel is not None and isinstance(channel, discord.abc.Messageable)
        ensure_can_post(interaction, interaction.channel_id)  # the draft goes round here
        await interaction.response.defer(ephemeral=True, thinking=True)
        info, link = await self.bot.services.circulation.circulate(guild_id(interaction), meeting, period=length,
                                                                   channel_id=channel.id, by=interaction.user.id)
        await reply(interaction, _(circulation_text.SENT_TO_CHAIR, closes=ts(info.closes_at, "f"), link=link))

    @app_commands.command(name="comments", description="The comments on the draft, beside their sections")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @chair_only()
    async def comments(self, interaction: Interaction, meeting: int) -> None:
        draft, beside, orphans = await self.bot.services.circulation.comments(guild_id(interaction), meeting)
        document = circulation_text.comments_markdown(draft.meeting.label(), draft.version, beside, orphans)
        await reply(interaction, replies.comments_summary(beside, orphans),
                    files=files_for([OutFile(f"comments-{meeting}.md", document.encode("utf-8"))]))

    async def add_to_minutes(self, interaction: Interaction, message: discord.Message) -> None:
        await ensure_secretariat(interaction)
        speaker = Owner(message.author.id, message.author.display_name)
        captured = await self.minutes.capture.add_message(guild_id(interaction), interaction.user.id, message.id,
                                                          message.content, speaker)
        await reply(interaction, credited_note(captured))

    # -- component handlers -----------------------------------------------------------------------------------

    async def _entries_view(self, gid: int, meeting_id: int, page: int) -> tuple[str, discord.ui.View]:
        info, rows = await self.minutes.review(gid, meeting_id)
        total = pages(len(rows), ENTRIES_PER_PAGE)
        page = min(page, total - 1)
        view = discord.ui.View(timeout=None)
        shown = rows[page * ENTRIES_PER_PAGE:(page + 1) * ENTRIES_PER_PAGE]
        if shown:
            options = [discord.SelectOption(label=name, value=str(e.id), description=detail or None)
                       for e, label in shown for name, detail in [entry_option(e, label)]]
            view.add_item(EntryPicker(meeting_id, page, options))
        if total > 1:
            view.add_item(PageButton(meeting_id, page - 1 if page else 0, "prev", disabled=page == 0))
            view.add_item(PageButton(meeting_id, min(page + 1, total - 1), "next", disabled=page >= total - 1))
        return entries_page(rows, page, info.label()), view

    async def turn_page(self, interaction: Interaction, meeting_id: int, page: int) -> None:
        try:
            await ensure_chair(interaction)
            content, view = await self._entries_view(guild_id(interaction), meeting_id, page)
            await update_message(interaction, content=content, view=view)
        except Exception as exc:
            await report_error(interaction, exc)

    async def show_entry(self, interaction: Interaction, entry_id: int) -> None:
        try:
            await ensure_chair(interaction)
            entry, label = await self.minutes.entry(guild_id(interaction), entry_id)
            view = discord.ui.View(timeout=None)
            view.add_item(EntryButton(entry.id, "edit"))
            view.add_item(EntryButton(entry.id, "drop"))
            await reply(interaction, entry_detail(entry, label)[:2000], view=view)
        except Exception as exc:
            await report_error(interaction, exc)

    async def open_entry_editor(self, interaction: Interaction, entry_id: int) -> None:
        try:
            await ensure_chair(interaction)
            modal_follows()
            entry, _ = await self.minutes.entry(guild_id(interaction), entry_id)
            await self.minutes.ensure_editable(guild_id(interaction), entry.meeting_id)
            await interaction.response.send_modal(EntryEditor(entry))
        except Exception as exc:
            await report_error(interaction, exc)

    async def drop_entry(self, interaction: Interaction, entry_id: int) -> None:
        try:
            await ensure_chair(interaction)
            entry = await self.minutes.capture.drop(guild_id(interaction), entry_id)
            await update_message(interaction, content=replies.entry_dropped(entry), view=None)
        except Exception as exc:
            await report_error(interaction, exc)


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(MinutesCog(bot))
