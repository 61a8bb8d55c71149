"""The ephemeral voting panel: one page of slots as text plus the options of its two selects (pure).

The text uses ``<t:…:F>`` (each reader's own zone). Select options cannot hold Discord timestamps, so their
labels are written in the voter's profile zone (or the server's) and name it.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.domain.poll import Answer, PollInfo, Slot, summarize
from bot.domain.poll_panel import PAGE_SIZE, Draft, clamp_page, page_count, page_slots
from bot.render.poll import MESSAGE_LIMIT, escape_md, length_text, ts

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
    end_text = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%a %H:%M}"
    return f"{number}. {start:%a %d %b %H:%M}–{end_text} {start:%Z}"[:100]


def voting_panel(poll: PollInfo, draft: Draft, page: int, zone: ZoneInfo) -> PanelPage:
    page = clamp_page(page, len(poll.slots))
    pages = page_count(len(poll.slots))
    slots = page_slots(poll.slots, page)
    first = page * PAGE_SIZE + 1
    lines = [f"**Vote: {escape_md(poll.title)}**" + (f" — page {page + 1} of {pages} (slots {first}–"
                                                      f"{first + len(slots) - 1} of {len(poll.slots):,})"
                                                      if pages > 1 else ""),
             "Pick the slots you can make under **Yes** and the ones you could make if need be under "
             "**If need be**; the rest count as no. Then press **Submit**.",
             f"Menus show {zone.key} time (`/profile timezone` changes it); the list below is in your own zone."]
    options: list[PanelOption] = []
    for offset, slot in enumerate(slots):
        answer = draft.answer(slot.id)
        lines.append(f"`{first + offset:>3}` {MARKS[answer]} {ts(slot.start)} · {length_text(slot.minutes)}")
        options.append(PanelOption(str(slot.id), option_label(first + offset, slot, zone), answer))
    yes, maybe, no = summarize(draft.complete(s.id for s in poll.slots))
    lines.append(f"Your draft: ✅ {yes} · 🟨 {maybe} · ❌ {no} — not saved until you press **Submit**.")
    return PanelPage(poll.id, page, pages, "\n".join(lines)[:MESSAGE_LIMIT], tuple(options))
