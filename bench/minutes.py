"""Minutes benchmarks: drafting a meeting with 1,000 notes and 200 participants.

Three layers, so a regression can be located: the pure renderer, the service (database reads, rendering,
storing the version) and `/minutes draft` answered through the stand-in. Run alone with
``python -m bench.minutes`` (prints Markdown), or call ``run()`` from the bench runner. Wall-clock figures
on a shared machine: compare ratios within one run.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import best_of, best_of_async
from bot.domain.agenda import Agenda, AgendaItem
from bot.domain.meeting import MeetingInfo, MeetingStatus
from bot.domain.minutes import ACTION, DECISION, NOTE, Entry
from bot.domain.rollcall import Participant
from bot.render.minutes import MinutesInput, render_markdown
from bot.render.minutes_text import for_discord, markdown_to_text, split_messages

NOTES = 1000
PEOPLE = 200
KINDS = (NOTE, DECISION, ACTION)
ROLES = ("chair", "member", "observer", "guest")
AGENDA_TEXT = "\n".join(f"{i} - Item {i}\n" + "".join(f"{letter}) Sub-item {letter}\n" for letter in "abc")
                        for i in range(1, 11))
START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)




def _note(n: int) -> str:
    return f"Note {n}: " + "the group discussed the proposal and its next steps " * 3


def synthetic(notes: int, people: int) -> MinutesInput:
    agenda = Agenda(tuple(AgendaItem(i * 10, f"Item {i}", tuple(AgendaItem(i * 10 + j, f"Sub-item {j}")
                                                                 for j in range(1, 4))) for i in range(1, 11)))
    ids = [item.id for _, item in agenda.numbered()]
    entries = [Entry(n, 1, ids[n % len(ids)], KINDS[n % 3], _note(n), owner_name="Croll, Jutta",
                     due=date(2026, 12, 1)) for n in range(notes)]
    participants = [Participant(i, f"Name{i:03d}, Person", ROLES[i % 4], "Civil society", "present", START,
                                START + timedelta(hours=1), 60) for i in range(people)]
    meeting = MeetingInfo(1, 1, "Bench", START, START + timedelta(hours=1), "UTC", MeetingStatus.ENDED, number=6)
    return MinutesInput("Working Group", meeting, agenda, entries, participants)


def render_figures(notes: int = NOTES, people: int = PEOPLE) -> list[tuple[str, str]]:
    small, large = synthetic(notes // 10, people // 10), synthetic(notes, people)
    t_small = best_of(5, lambda: markdown_to_text(render_markdown(small)))
    t_md = best_of(5, lambda: render_markdown(large))
    markdown = render_markdown(large)
    t_text = best_of(5, lambda: markdown_to_text(markdown))
    t_split = best_of(5, lambda: split_messages(for_discord(markdown)))
    pieces = len(split_messages(for_discord(markdown)))
    return [
        (f"render Markdown, {notes:,} notes × {people} participants",
         f"{t_md * 1000:.1f} ms ({len(markdown):,} chars)"),
        ("plain text from that Markdown", f"{t_text * 1000:.1f} ms"),
        ("split for Discord (≤ 2,000 chars each)", f"{t_split * 1000:.1f} ms → {pieces} messages"),
        ("linearity: 10× the notes and people", f"{(t_md + t_text) / t_small:.1f}× the time "
                                                f"({t_small * 1000:.1f} ms for {notes // 10} notes)"),
    ]


async def _seed(bot: Any, guild_id: int, notes: int, people: int) -> int:
    """A live-then-ended meeting with ``notes`` entries over a 40-item agenda and ``people`` on the roll call."""
    from storage.repositories.minutes import MinutesRepository

    services = bot.services
    meeting = await services.meetings.schedule(guild_id, title="Bench", start=START, timezone="UTC")
    agenda = await services.agendas.save_text(guild_id, meeting.id, AGENDA_TEXT, None)
    ids = [item.id for _, item in agenda.numbered()]
    async with bot.db.session() as session:
        repo = MinutesRepository(session, guild_id)
        for n in range(notes):
            kind = KINDS[n % 3]
            await repo.add_entry(meeting.id, ids[n % len(ids)], kind, _note(n), 1, START,
                                 owner_name="Croll, Jutta" if kind == ACTION else None,
                                 due=date(2026, 12, 1) if kind == ACTION else None)
    for i in range(people):
        await services.rollcall.add_guest(guild_id, meeting.id, f"Name{i:03d}, Person", role=ROLES[i % 4])
    return int(meeting.id)


async def service_figures(notes: int = NOTES, people: int = PEOPLE) -> list[tuple[str, str]]:
    """The service's draft and `/minutes draft` through the stand-in, on the same seeded meeting."""
    from bot.app import create_bot
    from bot.clock import FakeClock
    from bot.config import from_mapping
    from bot.sandbox import Sandbox

    with tempfile.TemporaryDirectory() as tmp:
        async with Sandbox() as sandbox:
            config = from_mapping({"bot": {"guild_ids": [sandbox.guild.id]},
                                   "database": {"url": f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"}}, env={})
            bot = create_bot(config, clock=FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),
                             guild_ready_timeout=0.05)
            async with sandbox.run(bot):
                gid = sandbox.guild.id
                meeting_id = await _seed(bot, gid, notes, people)
                t_service = await best_of_async(3, lambda: bot.services.minutes.draft(gid, meeting_id, None))
                chair = sandbox.member("Lynn St.Amour")
                latencies = []
                for _ in range(3):
                    reply = await chair.slash("minutes draft", meeting=meeting_id, timeout=30)
                    latencies.append(reply.latency)
                files = [a.filename for a in reply.attachments]
    return [
        ("MinutesService.draft (read entries, roll call, agenda; render; store version)",
         f"{t_service * 1000:.0f} ms"),
        ("`/minutes draft` through the stand-in (deferred, preview embeds + 2 files)",
         f"{min(latencies) * 1000:.0f} ms best of 3 (files: {', '.join(files)})"),
    ]


async def run() -> list[tuple[str, str]]:
    return render_figures() + await service_figures()


def markdown(rows: list[tuple[str, str]]) -> str:
    return "\n".join(["| Minutes | |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows)])


if __name__ == "__main__":
    print(markdown(asyncio.run(run())))
