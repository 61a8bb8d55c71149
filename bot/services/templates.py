"""Templates a group adjusts: Annex II labels ("MAG MEMBERS"), optional minutes sections ("Main points",
"Key messages"), and the standard session/workshop report with required sections (seed 001)."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.domain.diversity import DIMENSIONS, NOT_STATED
from bot.domain.minutes import format_span
from bot.domain.names import sort_key
from bot.domain.rollcall import ONLINE, PHONE, ROOM
from bot.domain.templates import StoredTemplates
from bot.errors import InvalidInput
from bot.i18n import _, using
from bot.render import templates as text
from bot.render.discord_text import escape_md
from bot.render.diversity import dimension_title, value_label
from bot.render.reports import ReportContext, check_template, default_template, incomplete_sections, render_report
from bot.services.context import ServiceContext
from bot.services.ports import OutFile
from storage.repositories.templates import TemplateRepository

if TYPE_CHECKING:
    from bot.services import Services

LABEL_ROLES = ("chair", "member", "observer", "secretariat", "guest", "apologies")
MAX_LABEL = 60
MAX_SECTIONS = 8
MAX_REPORT = 100_000
RENDER_TIMEOUT = 5.0


@dataclass(frozen=True)
class Templates:
    labels: dict[str, str]
    sections: tuple[str, ...]
    report: str
    custom_report: bool


class TemplateService:
    def __init__(self, ctx: ServiceContext, services: Services) -> None:
        self.ctx = ctx
        self.services = services

    async def start(self) -> None:
        """Nothing to arm."""

    async def get(self, guild_id: int) -> Templates:
        async with self.ctx.db.reader() as session:
            stored = await TemplateRepository(session, guild_id).get()
        if stored is None:
            return Templates({}, (), default_template(), False)
        return Templates(dict(stored.labels), stored.sections, stored.report_template or default_template(),
                         stored.report_template is not None)

    async def set_label(self, guild_id: int, role: str, label: str | None) -> Templates:
        if role not in LABEL_ROLES:
            raise InvalidInput(_(text.BAD_ROLE, roles=", ".join(LABEL_ROLES)))
        clean = " ".join((label or "").split())
        if len(clean) > MAX_LABEL:
            raise InvalidInput(_(text.LABEL_TOO_LONG, limit=MAX_LABEL))
        async with self.ctx.db.session() as session:
            repo = TemplateRepository(session, guild_id)
            stored = await repo.get() or StoredTemplates()
            labels = dict(stored.labels)
            if clean:
                labels[role] = clean
            else:
                labels.pop(role, None)
            await repo.put(replace(stored, labels=tuple(labels.items())), self.ctx.clock.now())
        return await self.get(guild_id)

    async def set_sections(self, guild_id: int, typed: str | None) -> Templates:
        names = [" ".join(p.split()) for p in (typed or "").replace(";", ",").split(",")]
        names = list(dict.fromkeys(n for n in names if n))
        if len(names) > MAX_SECTIONS or any(len(n) > 100 for n in names):
            raise InvalidInput(_(text.TOO_MANY_SECTIONS, limit=MAX_SECTIONS))
        async with self.ctx.db.session() as session:
            repo = TemplateRepository(session, guild_id)
            stored = await repo.get() or StoredTemplates()
            await repo.put(replace(stored, sections=tuple(names)), self.ctx.clock.now())
        return await self.get(guild_id)

    async def set_report_template(self, guild_id: int, data: bytes | None) -> Templates:
        source = None
        if data is not None:
            try:
                source = data.decode("utf-8-sig").replace("\r\n", "\n")
            except UnicodeDecodeError as exc:
                raise InvalidInput(_(text.NOT_UTF8)) from exc
            await asyncio.wait_for(asyncio.to_thread(check_template, source), RENDER_TIMEOUT)
        async with self.ctx.db.session() as session:
            repo = TemplateRepository(session, guild_id)
            stored = await repo.get() or StoredTemplates()
            await repo.put(replace(stored, report_template=source), self.ctx.clock.now())
        return await self.get(guild_id)

    # -- session reports --------------------------------------------------------------------------------------

    async def _context(self, guild_id: int, meeting_id: int, title: str | None) -> ReportContext:
        meeting = await self.services.meetings.get(guild_id, meeting_id)
        setup = await self.services.settings.get(guild_id)
        people = [p for p in await self.services.rollcall.participants(guild_id, meeting_id) if p.attended]
        groups = Counter(p.group or value_label(NOT_STATED) for p in people)
        declared = await self.services.diversity.declared_many(guild_id, [p.user_id for p in people if p.user_id])
        diversity = []
        for dimension in DIMENSIONS:
            counts = Counter(declared[p.user_id].value(dimension) if p.user_id in declared else NOT_STATED
                             for p in people)
            if set(counts) != {NOT_STATED}:
                ordered = sorted(counts.items(), key=lambda kv: (kv[0] == NOT_STATED, sort_key(kv[0])))
                rows = tuple((escape_md(value_label(v)), n) for v, n in ordered)
                diversity.append((dimension_title(dimension), rows))
        return ReportContext(
            title=escape_md(title or meeting.title), group_name=escape_md(setup.group_name),
            when=format_span(meeting.start, meeting.end), attended=len(people),
            remote=sum(1 for p in people if p.remote), in_room=sum(1 for p in people if p.took_part == ROOM),
            online=sum(1 for p in people if p.took_part == ONLINE),
            by_phone=sum(1 for p in people if p.took_part == PHONE),
            stakeholder_groups=tuple((escape_md(g), n) for g, n in sorted(groups.items(),
                                                                            key=lambda kv: sort_key(kv[0]))),
            diversity=tuple(diversity))

    async def draft_report(self, guild_id: int, meeting_id: int, title: str | None = None) -> OutFile:
        """The report pre-filled from the roll call (aggregate participation), for the secretariat to complete."""
        with using(await self.services.settings.language(guild_id)):  # a report is the server's, in its language
            context = await self._context(guild_id, meeting_id, title)
            source = (await self.get(guild_id)).report
            markdown = await asyncio.wait_for(asyncio.to_thread(render_report, source, context), RENDER_TIMEOUT)
        return OutFile(f"report-{meeting_id}.md", markdown.encode("utf-8"))

    async def submit_report(self, guild_id: int, meeting_id: int, data: bytes, by: int) -> tuple[int, int]:
        """Check the required sections are filled in, keep the report and post it; returns (id, channel id)."""
        meeting = await self.services.meetings.get(guild_id, meeting_id)
        if len(data) > MAX_REPORT:
            raise InvalidInput(_(text.REPORT_TOO_BIG, limit=MAX_REPORT))
        try:
            markdown = data.decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError as exc:
            raise InvalidInput(_(text.NOT_UTF8)) from exc
        problems = incomplete_sections(markdown)
        if problems:
            raise InvalidInput(_(text.INCOMPLETE, sections=", ".join(problems)))
        title = next((line[2:].strip() for line in markdown.splitlines() if line.startswith("# ")), meeting.title)
        channel_id = await self.services.minutes.minutes_channel(guild_id, meeting)
        async with self.ctx.db.session() as session:
            report_id = await TemplateRepository(session, guild_id).add_report(
                meeting_id, title[:200], markdown, by, self.ctx.clock.now())
        with using(await self.services.settings.language(guild_id)):  # posted for everyone
            posted = _(text.REPORT_POSTED, title=escape_md(title[:200]))
        await self.ctx.outbox.send(channel_id, posted,
                                   files=[OutFile(f"report-{meeting_id}.md", markdown.encode("utf-8"))])
        return report_id, channel_id
