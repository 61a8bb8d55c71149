"""The ephemeral voting panel: one page of slots as text plus the options of its two selects (pure).

The text uses ``<t:…:F>`` (each reader's own zone). Select options cannot hold Discord timestamps, so their
labels are written in the voter's profile zone (or the server's) and name it.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.domain.poll import Answer, PollInfo, Slot, summarize
from bot.domain.poll_panel import PAGE_SIZE, PendingBallot, clamp_page, page_count, page_slots
from bot.i18n import _
from bot.i18n.formatting import format_number, format_short_slot, format_time, format_weekday_time
from bot.render.discord_text import escape_md, ts
from bot.render.poll import MESSAGE_LIMIT, length_text

MARKS = {Answer.YES: "✅", Answer.MAYBE: "🟨", Answer.NO: "▫️", Answer.NONE: "▫️"}


@dataclass(frozen=True)
class PanelOption:
    value: str  # the slot id
    label: str  # ≤ 100 characters
    answer: Answer


@dataclass(frozen=True)
class PanelPage:
    poll_id: int
    page: int
    pages: int
    content: str
    options: tuple[PanelOption, ...]

    @property
    def has_prev(self) -> bool:
        return self.page > 0

    @property
    def has_next(self) -> bool:
        return self.page < self.pages - 1


def option_label(number: int, slot: Slot, zone: ZoneInfo) -> str:
    start = slot.start.astimezone(zone)
    end = slot.end.astimezone(zone)
    end_text = format_time(end) if end.date() == start.date() else format_weekday_time(end)
    return f"{number}. {format_short_slot(start)}–{end_text} {start:%Z}"[:100]


def voting_panel(poll: PollInfo, pending: PendingBallot, page: int, zone: ZoneInfo) -> PanelPage:
    page = clamp_page(page, len(poll.slots))
    pages = page_count(len(poll.slots))
    slots = page_slots(poll.slots, page)
    first = page * PAGE_SIZE + 1
    if pages > 1:
        heading = _("**Vote: {title}** — page {page} of {pages} (slots {first}–{last} of {total})",
                    title=escape_md(poll.title), page=page + 1, pages=pages, first=first,
                    last=first + len(slots) - 1, total=format_number(len(poll.slots)))
    else:
        heading = _("**Vote: {title}**", title=escape_md(poll.title))
    lines = [heading,
             _("Pick the slots you can make under **Yes** and the ones you could make if need be under "
               "**If need be**; the rest count as no. Then press **Submit**."),
             _("Menus show {zone} time (`/profile timezone` changes it); the list below is in your own zone.",
               zone=zone.key)]
    options: list[PanelOption] = []
    for offset, slot in enumerate(slots):
        answer = pending.answer(slot.id)
        lines.append(f"`{first + offset:>3}` {MARKS[answer]} {ts(slot.start)} · {length_text(slot.minutes)}")
        options.append(PanelOption(str(slot.id), option_label(first + offset, slot, zone), answer))
    yes, maybe, no = summarize(pending.complete(s.id for s in poll.slots))
    lines.append(_("Your answers so far: ✅ {yes} · 🟨 {maybe} · ❌ {no} — not saved until you press **Submit**.",
                   yes=format_number(yes), maybe=format_number(maybe), no=format_number(no)))
    return PanelPage(poll.id, page, pages, "\n".join(lines)[:MESSAGE_LIMIT], tuple(options))
