"""/agenda: edit a meeting's agenda (paste it, or item by item), show it, post it in the meeting channel."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.agenda import Agenda, AgendaParseError
from bot.domain.meeting import MeetingInfo
from bot.errors import InvalidInput
from bot.i18n import _, _p
from bot.render.agenda import agenda_messages, agenda_text, not_posted_note, posted_note, removed_note
from bot.render.proposals import proposed_text
from bot.services.agendas import MAX_TEXT
from cogs._common import (
    NO_MENTIONS,
    BoundModal,
    BoundView,
    Interaction,
    can_post,
    chair_only,
    ensure_can_post,
    ensure_secretariat,
    guild_id,
    meeting_autocomplete,
    modal_follows,
    reply,
    report_error,
    secretariat_only,
)
from cogs._proposals import DecisionButton

if TYPE_CHECKING:
    from bot.app import ConvenerBot

EDITOR_LABEL = "One item per line: 1 - …, sub-items a) …"  # the English label (tests fill the form by it)
EDIT_WINDOW = 900.0  # seconds a chair has to finish pasting before the editor is forgotten


def _outline(agenda: Agenda) -> str:
    # Shown inside a code block, which a title containing ``` would end early.
    return (agenda_text(agenda) or _("(no items)")).replace("```", "ˋˋˋ")


class AgendaEditor(BoundModal):
    """The whole agenda as one text box; a parse problem keeps the rejected text so it can be fixed, not retyped."""

    def __init__(self, cog: AgendaCog, meeting: MeetingInfo, text: str) -> None:
        super().__init__(title=_p("modal title", "Agenda — {title}", title=meeting.title)[:45],
                         custom_id=f"agenda:{meeting.id}:edit",
                         timeout=EDIT_WINDOW)
        self.cog = cog
        self.meeting_id = meeting.id
        self.body: discord.ui.TextInput[AgendaEditor] = discord.ui.TextInput(
            label=_p("field label", "One item per line: 1 - …, sub-items a) …"), style=discord.TextStyle.paragraph,
            default=text[:MAX_TEXT] or None,
            max_length=MAX_TEXT, required=True,
            placeholder=_p("field placeholder", "1 - Intro/Logistics/Admin\n2 - Proposals:\n    a) …"))
        self.add_item(self.body)

    async def on_submit(self, interaction: Interaction) -> None:
        await self.cog.save_pasted(interaction, self.meeting_id, self.body.value)

    async def on_error(self, interaction: Interaction, error: Exception) -> None:
        await report_error(interaction, error)


class FixRejectedAgenda(BoundView):
    """Offered with a parse error: reopens the editor with the rejected text."""

    def __init__(self, cog: AgendaCog, meeting: MeetingInfo, rejected: str) -> None:
        super().__init__(timeout=EDIT_WINDOW)
        self.cog, self.meeting, self.rejected = cog, meeting, rejected
        self.fix.label = _p("button", "Fix the agenda")

    @discord.ui.button(label="Fix the agenda", style=discord.ButtonStyle.primary)
    async def fix(self, interaction: Interaction, _: discord.ui.Button[FixRejectedAgenda]) -> None:
        await interaction.response.send_modal(AgendaEditor(self.cog, self.meeting, self.rejected))

    async def on_error(self, interaction: Interaction, error: Exception, _: discord.ui.Item[FixRejectedAgenda]) -> None:
        await report_error(interaction, error)


class AgendaCog(commands.GroupCog, group_name="agenda", group_description="Meeting agendas"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.agendas = bot.services.agendas
        self.meetings = bot.services.meetings

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(DecisionButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(DecisionButton)

    async def item_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Items of the meeting chosen in the same command, e.g. "2b — Option paper…"."""
        meeting_id = getattr(interaction.namespace, "meeting", None)
        if interaction.guild_id is None or not isinstance(meeting_id, int):
            return []
        try:
            agenda = await self.agendas.get(interaction.guild_id, meeting_id)
        except Exception:  # autocomplete must answer something; errors show when the command runs
            return []
        needle = current.casefold().strip()
        return [app_commands.Choice(name=f"{label} — {item.title}"[:100], value=label)
                for label, item in agenda.numbered()
                if not needle or needle in label or needle in item.title.casefold()][:25]

    # -- commands -------------------------------------------------------------------------------------------------

    @app_commands.command(name="show", description="Show a meeting's agenda")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    async def show(self, interaction: Interaction, meeting: int) -> None:
        gid = guild_id(interaction)
        info = await self.meetings.get(gid, meeting)
        agenda = await self.agendas.get(gid, meeting)
        pieces = agenda_messages(info, agenda)
        await reply(interaction, pieces[0])
        for piece in pieces[1:]:
            await interaction.followup.send(piece, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="edit", description="Edit the whole agenda as text (paste it from an e-mail)")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @secretariat_only()
    async def edit(self, interaction: Interaction, meeting: int) -> None:
        gid = guild_id(interaction)
        info = await self.meetings.get(gid, meeting)
        modal_follows()
        agenda = await self.agendas.get(gid, meeting)
        await interaction.response.send_modal(AgendaEditor(self, info, agenda_text(agenda)))

    async def save_pasted(self, interaction: Interaction, meeting_id: int, text: str) -> None:
        await ensure_secretariat(interaction)
        gid = guild_id(interaction)
        try:
            agenda = await self.agendas.save_text(gid, meeting_id, text, interaction.user.id)
        except AgendaParseError as exc:
            info = await self.meetings.get(gid, meeting_id)
            await reply(interaction, f"❌ {exc.message}", view=FixRejectedAgenda(self, info, text))
            return
        await self._saved(interaction, gid, meeting_id, agenda, _("✅ Agenda saved."))

    @app_commands.command(name="add", description="Add an item (before Next steps/AOB) or a sub-item")
    @app_commands.describe(text="The item's title", parent="Make it a sub-item of this item (e.g. 2)")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @app_commands.autocomplete(parent=item_autocomplete)
    @secretariat_only()
    async def add(self, interaction: Interaction, meeting: int, text: app_commands.Range[str, 1, 200],
                  parent: str | None = None) -> None:
        gid = guild_id(interaction)
        agenda, label = await self.agendas.add(gid, meeting, text, parent, interaction.user.id)
        await self._saved(interaction, gid, meeting, agenda, _("✅ Added item **{label}**.", label=label))

    @app_commands.command(name="move", description="Move an item (or a sub-item among its siblings)")
    @app_commands.describe(item="The item to move (e.g. 3 or 2b)", position="Its new position, 1 = first")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @app_commands.autocomplete(item=item_autocomplete)
    @secretariat_only()
    async def move(self, interaction: Interaction, meeting: int, item: str,
                   position: app_commands.Range[int, 1, 30]) -> None:
        gid = guild_id(interaction)
        agenda, label = await self.agendas.move(gid, meeting, item, position, interaction.user.id)
        await self._saved(interaction, gid, meeting, agenda, _("✅ Moved; it is now item **{label}**.", label=label))

    @app_commands.command(name="remove", description="Remove an item (with its sub-items) or a sub-item")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @app_commands.autocomplete(item=item_autocomplete)
    @secretariat_only()
    async def remove(self, interaction: Interaction, meeting: int, item: str) -> None:
        gid = guild_id(interaction)
        agenda, removed = await self.agendas.remove(gid, meeting, item, interaction.user.id)
        await self._saved(interaction, gid, meeting, agenda, removed_note(removed.title))

    @app_commands.command(name="post", description="Post the agenda in the meeting channel and pin it")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @chair_only()
    async def post(self, interaction: Interaction, meeting: int) -> None:
        gid = guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        info = await self.meetings.get(gid, meeting)
        posted_in = await self.agendas.posted_channel(gid, meeting) if info.agenda_message_ids else None
        ensure_can_post(interaction, posted_in or info.channel_id or interaction.channel_id)  # where publish posts
        note = await self.publish(gid, meeting, interaction.channel_id)
        await reply(interaction, note)

    @app_commands.command(name="closed", description="Hold an item in closed session: observers leave the voice "
                                                     "channel while it is discussed")
    @app_commands.describe(item="The item (e.g. 3 or 2b)", closed="Closed session (default) or open again")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @app_commands.autocomplete(item=item_autocomplete)
    @chair_only()
    async def closed(self, interaction: Interaction, meeting: int, item: str, closed: bool = True) -> None:
        gid = guild_id(interaction)
        agenda, label, _item = await self.agendas.set_closed(gid, meeting, item, closed, interaction.user.id)
        done = (_("🔒 Item **{label}** will be held in closed session: observers leave the voice channel while it "
                  "is discussed.", label=label) if closed else
                _("🔓 Item **{label}** is open to observers again.", label=label))
        await self._saved(interaction, gid, meeting, agenda, done)

    @app_commands.command(name="document", description="Attach a document to an item: a link or a file")
    @app_commands.describe(item="The item (e.g. 2a)", link="The document's address (https://…)",
                           file="Or attach the file", title="What to call it, e.g. 'updated proposal'")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @app_commands.autocomplete(item=item_autocomplete)
    @secretariat_only()
    async def document(self, interaction: Interaction, meeting: int, item: str,
                       link: app_commands.Range[str, 1, 500] | None = None, file: discord.Attachment | None = None,
                       title: app_commands.Range[str, 1, 200] | None = None) -> None:
        gid = guild_id(interaction)
        url, name = _document(link, file, title)
        agenda, label = await self.agendas.add_document(gid, meeting, item, url, name, interaction.user.id)
        await self._saved(interaction, gid, meeting, agenda, _("📎 Document added to item **{label}**.", label=label))

    @app_commands.command(name="propose", description="Propose an agenda item; a chair accepts or declines it")
    @app_commands.describe(text="The item's title", parent="Propose it as a sub-item of this item (e.g. 2)",
                           link="A document it is about (https://…)", file="Or attach the document")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @app_commands.autocomplete(parent=item_autocomplete)
    async def propose(self, interaction: Interaction, meeting: int, text: app_commands.Range[str, 1, 200],
                      parent: str | None = None, link: app_commands.Range[str, 1, 500] | None = None,
                      file: discord.Attachment | None = None) -> None:
        gid = guild_id(interaction)
        info = await self.meetings.get(gid, meeting)
        setup = await self.bot.services.settings.get(gid)
        target = info.channel_id or setup.announcements_channel_id or interaction.channel_id
        if target is None or not can_post(interaction, target):
            target = interaction.channel_id
        ensure_can_post(interaction, target)
        assert target is not None
        url, name = _document(link, file, None) if link or file else (None, None)
        proposal = await self.agendas.proposals.propose(gid, meeting, interaction.user.id, text, parent=parent,
                                                        document_url=url, document_label=name)
        await self.agendas.proposals.post(gid, proposal, target)
        await reply(interaction, proposed_text(proposal, target))

    # -- posting --------------------------------------------------------------------------------------------------

    async def _saved(self, interaction: Interaction, gid: int, meeting_id: int, agenda: Agenda, done: str) -> None:
        info = await self.meetings.get(gid, meeting_id)
        note = ""
        if info.agenda_message_ids:
            # Updating posted messages can wait on Discord's edit rate limit: answer within 3 s first.
            if not interaction.response.is_done():
                await interaction.response.defer(ephemeral=True, thinking=True)
            note = "\n" + await self.publish(gid, meeting_id, None)
        await reply(interaction, f"{done}{note}\n```\n{_outline(agenda)[:1700]}\n```")

    async def publish(self, gid: int, meeting_id: int, fallback_channel_id: int | None) -> str:
        """Post or update the agenda messages (the first is pinned); returns a note for the chair."""
        posted = await self.agendas.posting.publish(gid, meeting_id, fallback_channel_id)
        if posted is None:
            return not_posted_note()
        return posted_note(gid, posted.channel_id, posted.message_ids, fresh=posted.fresh, pinned=posted.pinned)


def _document(link: str | None, file: discord.Attachment | None, title: str | None) -> tuple[str, str | None]:
    """A document given as a link or an attached file (its address on Discord, named after the file)."""
    if file is not None:
        return file.url, title or file.filename
    if link is None:
        raise InvalidInput(_("Give the document as a `link` or attach it as a `file`."))
    return link, title


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(AgendaCog(bot))
