"""Minutes: capture during the live meeting, drafting by the agenda, editing, publishing, action items.

Entries are captured only while a meeting is live and stay editable until publication. Every version of
the summary is kept; the highest-numbered one is current and is what gets published.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.domain.agenda import Agenda
from bot.domain.meeting import MeetingInfo
from bot.domain.minutes import ActionItem, Entry, VersionInfo
from bot.errors import Conflict, InvalidInput, NotFound
from bot.i18n import _, using
from bot.i18n.formatting import format_day, format_number
from bot.render.discord_text import neutralise_html
from bot.render.minutes import ANNEX_I, ANNEX_II, MinutesInput, filename, poll_note, render_markdown
from bot.render.minutes_text import (
    Section,
    annex_headings,
    markdown_to_text,
    replace_section_body,
    section_body,
    sections,
)
from bot.services.context import ServiceContext
from bot.services.minutes_actions import DUE_KIND, ActionTracker
from bot.services.minutes_capture import CaptureDesk
from bot.services.minutes_publish import Publication, Publisher
from bot.services.ports import OutFile
from storage.repositories.minutes import MinutesRepository

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

MAX_UPLOAD = 512_000
MAX_SECTION_BODY = 4000  # a modal text input holds at most 4,000 characters
# "Future meetings" lists at most this many meetings of the series still to come, and of open polls.
FUTURE_MEETINGS = 5
FUTURE_POLLS = 3


class ChannelDirectory(Protocol):
    """Finding a channel by name (the cog implements it with the guild's channel list)."""

    async def channel_named(self, guild_id: int, name: str) -> int | None: ...


class NoDirectory:
    async def channel_named(self, guild_id: int, name: str) -> int | None:
        return None


@dataclass(frozen=True)
class Draft:
    meeting: MeetingInfo
    version: int
    source: str  # draft | edit | upload
    markdown: str
    published: bool = False
    replaced: str | None = None  # source of the version this one superseded, when it was hand-made

    @property
    def text(self) -> str:
        return markdown_to_text(self.markdown)

    def files(self) -> list[OutFile]:
        return [OutFile(filename(self.meeting, "md"), self.markdown.encode()),
                OutFile(filename(self.meeting, "txt"), self.text.encode())]


class MinutesService:
    def __init__(self, ctx: ServiceContext, services: Services, directory: ChannelDirectory | None = None) -> None:
        self.ctx = ctx
        self.services = services
        self.actions = ActionTracker(ctx, services)
        self.capture = CaptureDesk(ctx, services, self.ensure_editable)
        self.publisher = Publisher(self)
        self.directory: ChannelDirectory = directory or NoDirectory()
        self._publishing: dict[tuple[int, int], asyncio.Lock] = {}

    async def start(self) -> None:
        self.services.reminders.register(DUE_KIND, self.actions.handle_due)
        await self.publisher.start()

    # -- state ------------------------------------------------------------------------------------------------

    async def ensure_editable(self, guild_id: int, meeting_id: int) -> None:
        async with self.ctx.db.reader() as session:
            published_at = await MinutesRepository(session, guild_id).published_on(meeting_id)
        if published_at is not None:
            raise Conflict(_("The minutes of this meeting were published on {day}; they can no longer be changed.",
                             day=format_day(published_at.date())))

    async def entries(self, guild_id: int, meeting_id: int) -> list[Entry]:
        await self.services.meetings.get(guild_id, meeting_id)
        return await self.capture.entries(guild_id, meeting_id)

    async def review(self, guild_id: int, meeting_id: int) -> tuple[MeetingInfo, list[tuple[Entry, str | None]]]:
        """The meeting's entries with the agenda label each is filed under (None: no or a removed item)."""
        meeting = await self.services.meetings.get(guild_id, meeting_id)
        labels = await self._labels(guild_id, meeting_id)
        entries = await self.capture.entries(guild_id, meeting_id)
        return meeting, [(e, labels.get(e.item_id) if e.item_id is not None else None) for e in entries]

    async def entry(self, guild_id: int, entry_id: int) -> tuple[Entry, str | None]:
        entry = await self.capture.entry(guild_id, entry_id)
        labels = await self._labels(guild_id, entry.meeting_id)
        return entry, labels.get(entry.item_id) if entry.item_id is not None else None

    async def _labels(self, guild_id: int, meeting_id: int) -> dict[int, str]:
        agenda: Agenda = await self.services.agendas.get(guild_id, meeting_id)
        return {item.id: label for label, item in agenda.numbered() if item.id is not None}

    # -- drafting ---------------------------------------------------------------------------------------------

    async def compose(self, guild_id: int, meeting: MeetingInfo, language: str | None = None) -> str:
        """The summary drafted from what was captured (not stored), in ``language`` (default: the server's)."""
        with using(language or await self.services.settings.language(guild_id)):
            return await self._compose(guild_id, meeting)

    async def _compose(self, guild_id: int, meeting: MeetingInfo) -> str:
        setup = await self.services.settings.get(guild_id)
        agenda: Agenda = await self.services.agendas.get(guild_id, meeting.id)
        entries = await self.capture.entries(guild_id, meeting.id)
        participants = await self.services.rollcall.participants(guild_id, meeting.id)
        following = await self.services.meetings.options.following(guild_id, meeting.id, FUTURE_MEETINGS)
        notes = await self._open_polls(guild_id)
        consent = await self.services.rollcall.consent_of(guild_id, meeting.id)
        titles = [child.title for item in agenda.items for child in item.children]
        reviewed = await self.services.deliverables.on_agenda(guild_id, titles)
        templates = await self.services.templates.get(guild_id)
        return render_markdown(MinutesInput(setup.group_name, meeting, agenda, entries, participants, following, notes,
                                            reviewed, templates.labels, templates.sections, consent))

    async def _open_polls(self, guild_id: int) -> list[str]:
        """Scheduling polls still open are future meetings too (seed 000: "A doodle poll will be sent to extend
        the meeting calendar"), listed after the meetings already set."""
        summaries = await self.services.polls.search(guild_id, include_closed=False, limit=FUTURE_POLLS)
        return [poll_note(s.poll.title, s.poll.deadline.date() if s.poll.deadline else None) for s in summaries]

    async def draft(self, guild_id: int, meeting_id: int, user_id: int | None, language: str | None = None) -> Draft:
        """Draft afresh from the captured entries and keep it as the newest version, in ``language`` (one of the
        six; default: the server's)."""
        meeting = await self.services.meetings.get(guild_id, meeting_id)
        if meeting.is_cancelled:
            raise Conflict(_("{meeting} was cancelled; there are no minutes to draft.", meeting=meeting.label()))
        await self.ensure_editable(guild_id, meeting_id)
        markdown = await self.compose(guild_id, meeting, language)
        return await self._save(guild_id, meeting, "draft", markdown, user_id)

    async def current(self, guild_id: int, meeting_id: int) -> Draft | None:
        meeting = await self.services.meetings.get(guild_id, meeting_id)
        async with self.ctx.db.reader() as session:
            latest = await MinutesRepository(session, guild_id).latest_info(meeting_id)
        return None if latest is None else self._as_draft(meeting, latest)

    async def _current_or_fail(self, guild_id: int, meeting_id: int) -> Draft:
        draft = await self.current(guild_id, meeting_id)
        if draft is None:
            raise NotFound(_("There is no draft for this meeting yet; make one with `/minutes draft`."))
        return draft

    async def versions(self, guild_id: int, meeting_id: int) -> int:
        async with self.ctx.db.reader() as session:
            return await MinutesRepository(session, guild_id).count_versions(meeting_id)

    async def _save(self, guild_id: int, meeting: MeetingInfo, source: str, markdown: str,
                    user_id: int | None) -> Draft:
        async with self.ctx.db.session() as session:
            repo = MinutesRepository(session, guild_id)
            previous = await repo.latest_info(meeting.id)
            row = await repo.add_version(meeting.id, source, markdown, user_id, self.ctx.clock.now())
            replaced = previous.source if previous is not None and previous.source != "draft" else None
            return Draft(meeting, row.number, source, markdown, False, replaced)

    @staticmethod
    def _as_draft(meeting: MeetingInfo, version: VersionInfo) -> Draft:
        return Draft(meeting, version.number, version.source, version.markdown, version.published_at is not None)

    # -- editing ----------------------------------------------------------------------------------------------

    async def sections(self, guild_id: int, meeting_id: int) -> tuple[Draft, list[Section]]:
        draft = await self._current_or_fail(guild_id, meeting_id)
        return draft, sections(draft.markdown)

    async def section(self, guild_id: int, meeting_id: int, ref: str) -> tuple[Draft, Section, str]:
        """A section of the current version by index (as the autocomplete gives) or by heading text."""
        draft, found = await self.sections(guild_id, meeting_id)
        await self.ensure_editable(guild_id, meeting_id)
        wanted = ref.strip()
        match = next((s for s in found if wanted.isdecimal() and s.index == int(wanted)), None)
        match = match or next((s for s in found if s.heading.casefold() == wanted.casefold()), None)
        if match is None:
            candidates = [s for s in found if wanted.casefold() in s.heading.casefold()]
            match = candidates[0] if len(candidates) == 1 else None
        if match is None:
            raise InvalidInput(_("The draft has no section `{section}`; pick one from the list as you type.",
                                 section=wanted[:60]))
        body = section_body(draft.markdown, match)
        if len(body) > MAX_SECTION_BODY:
            raise InvalidInput(_("Section “{section}” is {length} characters long, more than a form can hold "
                                 "({limit}); edit the Markdown file and use `/minutes upload`.",
                                 section=match.heading[:60], length=format_number(len(body)),
                                 limit=format_number(MAX_SECTION_BODY)))
        return draft, match, body

    async def edit_section(self, guild_id: int, meeting_id: int, index: int, body: str, user_id: int,
                           based_on: int) -> Draft:
        """Replace one section's text; refused when the draft changed since the form was opened."""
        draft = await self._current_or_fail(guild_id, meeting_id)
        await self.ensure_editable(guild_id, meeting_id)
        if draft.version != based_on:
            raise Conflict(_("The draft changed while you were editing (now version {version}); open the section "
                             "again.", version=draft.version))
        found = sections(draft.markdown)
        if not 0 <= index < len(found):
            raise NotFound(_("That section no longer exists in the draft."))
        markdown = replace_section_body(draft.markdown, found[index], neutralise_html(body.replace("\r\n", "\n")))
        self._check_annexes(markdown, uploaded=False)
        return await self._save(guild_id, draft.meeting, "edit", markdown, user_id)

    async def upload(self, guild_id: int, meeting_id: int, data: bytes, user_id: int) -> Draft:
        """An edited Markdown file replaces the draft if it still has both annexes."""
        meeting = await self.services.meetings.get(guild_id, meeting_id)
        await self.ensure_editable(guild_id, meeting_id)
        if len(data) > MAX_UPLOAD:
            raise InvalidInput(_("The file is {size} bytes; minutes files can be at most {limit} bytes.",
                                 size=format_number(len(data)), limit=format_number(MAX_UPLOAD)))
        try:
            markdown = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInput(_("The file is not UTF-8 text; save the Markdown file as UTF-8 and upload it again.")) \
                from exc
        markdown = neutralise_html(markdown.replace("\r\n", "\n").replace("\x00", ""))
        if not markdown.strip():
            raise InvalidInput(_("The file is empty."))
        self._check_annexes(markdown, uploaded=True)
        return await self._save(guild_id, meeting, "upload", markdown.rstrip("\n") + "\n", user_id)

    @staticmethod
    def _check_annexes(markdown: str, *, uploaded: bool) -> None:
        has_i, has_ii = annex_headings(markdown)
        if has_i and has_ii:
            return
        which = _("Annex I or Annex II") if not (has_i or has_ii) else _("Annex I") if not has_i else _("Annex II")
        if uploaded:
            raise InvalidInput(_("The uploaded file has no {annex} heading (a line such as `## {annex_i}` / "
                                 "`## {annex_ii}`); nothing was replaced.", annex=which, annex_i=_(ANNEX_I),
                                 annex_ii=_(ANNEX_II)))
        raise InvalidInput(_("The edited draft has no {annex} heading (a line such as `## {annex_i}` / "
                             "`## {annex_ii}`); nothing was replaced.", annex=which, annex_i=_(ANNEX_I),
                             annex_ii=_(ANNEX_II)))

    # -- publishing -------------------------------------------------------------------------------------------

    async def minutes_channel(self, guild_id: int, meeting: MeetingInfo) -> int:
        setup = await self.services.settings.get(guild_id)
        if setup.minutes_channel_id:
            return setup.minutes_channel_id
        named = await self.directory.channel_named(guild_id, self.ctx.config.channels.minutes)
        if named is not None:
            return named
        if meeting.channel_id is not None:
            return meeting.channel_id
        raise Conflict(_("There is no minutes channel: choose one with `/setup channels minutes:` or create a "
                         "channel named #{channel}.", channel=self.ctx.config.channels.minutes))

    async def publish(self, guild_id: int, meeting_id: int, user_id: int) -> Publication:
        lock = self._publishing.setdefault((guild_id, meeting_id), asyncio.Lock())
        async with lock:
            return await self.publisher.publish(guild_id, meeting_id, user_id)

    # -- actions (the agreed cross-feature interface) -----------------------------------------------------------

    async def open_actions(self, guild_id: int, series_id: int | None = None,
                           owner_id: int | None = None) -> list[ActionItem]:
        return await self.actions.open_actions(guild_id, series_id, owner_id)

    async def complete_action(self, guild_id: int, action_id: int, user_id: int, *,
                              may_close_any: bool) -> ActionItem:
        return await self.actions.complete(guild_id, action_id, user_id, may_close_any=may_close_any)
