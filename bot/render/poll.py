"""Poll texts: the poll message, results, a member's votes, lists, reminders (pure functions).

Every time is a Discord timestamp (``<t:…:F>``) so each reader sees it in their own zone. Titles are
member text: Markdown is escaped and messages are sent with mentions disabled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.poll import Answer, PollInfo, PollStatus, Slot, Tally
from bot.domain.ranking import OffHours, SlotScore, order_slots

MESSAGE_LIMIT = 2000
DESCRIPTION_LIMIT = 4096
CARD_CHRONOLOGICAL_MAX = 40  # beyond this many slots the card shows the best ones instead of all
CARD_BEST = 25
RESULTS_TOP = 10
BAR_WIDTH = 10
NAMES_SHOWN = 15

_MARKDOWN = re.compile(r"([\\*_~|`>\[\]])")


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class PollCard:
    """What the poll message shows; the cog turns it into an embed with Vote / My votes / Results buttons."""

    poll_id: int
    title: str
    description: str
    footer: str
    status: PollStatus

    @property
    def voting_open(self) -> bool:
        return self.status is PollStatus.OPEN


@dataclass(frozen=True)
class ResultsView:
    """Everything the results text needs, already filtered for what the viewer may see."""

    poll: PollInfo
    ranking: Sequence[SlotScore]
    voters: int
    cannot: Mapping[int, Sequence[int]]  # slot id -> user ids (only for shown slots; empty when hidden)
    off_hours: Mapping[int, Sequence[OffHours]]  # slot id -> members outside fair hours
    reveal: bool  # False: anonymous poll seen by a non-chair (counts only)
    non_voters: Sequence[int] | None
    fair_hours: tuple[int, int]


def escape_md(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", text)


def ts(moment: datetime, style: str = "F") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def length_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def bar(yes: int, maybe: int, voters: int, width: int = BAR_WIDTH) -> str:
    """``█`` yes, ``▒`` if need be, ``░`` the rest, scaled to the number of voters."""
    if voters <= 0:
        return "░" * width
    full = round(width * yes / voters)
    part = round(width * (yes + maybe) / voters) - full
    return "█" * full + "▒" * part + "░" * (width - full - part)


def status_line(poll: PollInfo) -> str:
    chosen = poll.chosen_slot
    if poll.status is PollStatus.FINALIZED and chosen is not None:
        meeting = f" — meeting #{poll.meeting_id}" if poll.meeting_id else ""
        return f"📅 **Chosen:** {ts(chosen.start)} ({ts(chosen.start, 'R')}){meeting}"
    if poll.status is PollStatus.CLOSED:
        return "🔒 **Voting is closed.**"
    if poll.deadline is not None:
        return f"⏳ Closes {ts(poll.deadline, 'R')} ({ts(poll.deadline, 'f')})"
    return "⏳ Open until a chair closes it."


def _slot_line(slot: Slot, yes: int, maybe: int, voters: int, mark: str = "") -> str:
    return (f"{mark}{ts(slot.start)} · {length_text(slot.minutes)}\n"
            f"`{bar(yes, maybe, voters)}` ✅ {yes} · 🟨 {maybe}")


def poll_card(poll: PollInfo, tally: Tally) -> PollCard:
    """The poll message: status, every slot with a bar (or the best ones for long polls), voter count."""
    head = [status_line(poll)]
    if poll.anonymous:
        head.append("🕶️ Anonymous: only chairs can see who voted what.")
    head.append(f"**{tally.voters}** voted · ✅ yes · 🟨 if need be · times are in your own time zone")
    ranked = order_slots(poll.slots, tally)
    best = {s.slot.id for s in ranked[:1] if s.available > 0}
    if len(poll.slots) <= CARD_CHRONOLOGICAL_MAX:
        shown = [(s, *tally.counts(s.id)[:2]) for s in poll.slots]
        intro = ""
    else:
        shown = [(s.slot, s.yes, s.maybe) for s in ranked[:CARD_BEST]]
        intro = f"Best {CARD_BEST} of {len(poll.slots):,} slots so far — press **Results** for all."
    lines: list[str] = []
    budget = DESCRIPTION_LIMIT - len("\n".join(head)) - len(intro) - 120
    for index, (slot, yes, maybe) in enumerate(shown):
        mark = "📅 " if slot.id == poll.chosen_slot_id else ("⭐ " if slot.id in best else "")
        line = _slot_line(slot, yes, maybe, tally.voters, mark)
        if budget - len(line) - 1 < 0:
            lines.append(f"… and {len(shown) - index} more — press **Results**.")
            break
        budget -= len(line) + 1
        lines.append(line)
    body = "\n".join([*head, "", *([intro] if intro else []), *lines])
    footer = f"Poll #{poll.id} · {plural(len(poll.slots), 'slot')} · typed in " \
             f"{poll.timezone}"
    return PollCard(poll.id, f"🗓️ {escape_md(poll.title)}"[:256], body[:DESCRIPTION_LIMIT], footer, poll.status)


def _people(user_ids: Sequence[int], limit: int = NAMES_SHOWN) -> str:
    shown = ", ".join(f"<@{u}>" for u in user_ids[:limit])
    more = f" and {len(user_ids) - limit} more" if len(user_ids) > limit else ""
    return shown + more


def _off_hours_text(entries: Sequence[OffHours], reveal: bool) -> str:
    if reveal:
        parts = [f"<@{o.user_id}> {o.local_start:%H:%M}–{o.local_end:%H:%M} ({o.zone})"
                 for o in entries[:NAMES_SHOWN]]
        more = f" and {len(entries) - NAMES_SHOWN} more" if len(entries) > NAMES_SHOWN else ""
        return ", ".join(parts) + more
    by_zone: dict[str, list[OffHours]] = {}
    for entry in entries:
        by_zone.setdefault(entry.zone, []).append(entry)
    return ", ".join(f"{len(group)} in {zone} ({group[0].local_start:%H:%M})" for zone, group in by_zone.items())


def results_text(view: ResultsView, limit: int = DESCRIPTION_LIMIT) -> str:
    """Ranking with reasons: counts, who cannot make it, who it is unfair to; fits in ``limit`` characters."""
    poll = view.poll
    first, last = view.fair_hours
    lines = [status_line(poll),
             f"**{view.voters}** voted. Ranked by available (✅ + 🟨), then fewer 🟨, then earlier.",
             f"🌙 = outside {first:02d}:00–{last:02d}:00 in a member's own time zone (from `/profile timezone`)."]
    if not view.reveal:
        lines.append("🕶️ Anonymous poll: names are hidden (chairs can see them).")
    if view.voters == 0:
        lines.append("\nNobody has voted yet.")
    tail: list[str] = []
    if view.non_voters:
        tail.append(f"\n**Not voted yet ({len(view.non_voters)}):** "
                    + (_people(view.non_voters) if view.reveal else "names hidden"))
    used = len("\n".join(lines)) + len("\n".join(tail)) + 40
    for score in view.ranking[:RESULTS_TOP] if view.voters else ():
        block = [f"\n**{score.position}.** {ts(score.slot.start)} · {length_text(score.slot.minutes)} — "
                 f"✅ {score.yes} · 🟨 {score.maybe} · ❌ {score.cannot}"]
        cannot = view.cannot.get(score.slot.id, ())
        if score.cannot and view.reveal and cannot:
            block.append(f"Cannot: {_people(cannot)}")
        elif score.cannot == 0:
            block.append("Everyone who voted can make it.")
        unfair = view.off_hours.get(score.slot.id, ())
        if unfair:
            block.append(f"🌙 {_off_hours_text(unfair, view.reveal)}")
        text = "\n".join(block)
        if used + len(text) + 1 > limit:
            lines.append(f"\n… {len(view.ranking) - score.position + 1} more slots not shown.")
            break
        used += len(text) + 1
        lines.append(text)
    if len(view.ranking) > RESULTS_TOP and view.voters:
        lines.append(f"\n(Top {RESULTS_TOP} of {len(view.ranking):,} slots.)")
    return "\n".join(lines + tail)[:limit]


def closing_text(poll: PollInfo, ranking: Sequence[SlotScore], voters: int, top: int = 3) -> str:
    """The post made when a poll closes (by deadline or by a chair)."""
    lines = [f"🔒 The poll **{escape_md(poll.title)}** is closed: {voters} voted."]
    if voters:
        lines.append("Best slots:")
        for score in ranking[:top]:
            lines.append(f"**{score.position}.** {ts(score.slot.start)} — ✅ {score.yes} · 🟨 {score.maybe} · "
                         f"❌ {score.cannot}")
    lines.append(f"Full ranking: `/poll results poll:{poll.id}` · a chair picks the slot with `/poll finalize`.")
    return "\n".join(lines)[:MESSAGE_LIMIT]


def my_votes_text(poll: PollInfo, ballot: Mapping[int, Answer]) -> str:
    if not ballot:
        return f"You have not voted on **{escape_md(poll.title)}** yet — press **Vote**."
    yes = [s for s in poll.slots if ballot.get(s.id) is Answer.YES]
    maybe = [s for s in poll.slots if ballot.get(s.id) is Answer.MAYBE]
    no = len(poll.slots) - len(yes) - len(maybe)
    lines = [f"**Your votes on {escape_md(poll.title)}** (times in your own zone):"]
    budget = MESSAGE_LIMIT - 200
    for label, slots in (("✅ Yes", yes), ("🟨 If need be", maybe)):
        lines.append(f"{label} ({len(slots)}):")
        for index, slot in enumerate(slots):
            line = f"• {ts(slot.start)}"
            if budget - len(line) < 0:
                lines.append(f"• … and {len(slots) - index} more")
                break
            budget -= len(line) + 1
            lines.append(line)
    lines.append(f"❌ No: {no} slot{'s' if no != 1 else ''}.")
    if poll.is_open:
        lines.append("Press **Vote** to change them until the poll closes.")
    return "\n".join(lines)[:MESSAGE_LIMIT]


@dataclass(frozen=True)
class PollSummary:
    poll: PollInfo
    slots: int
    voters: int


def list_text(summaries: Sequence[PollSummary]) -> str:
    if not summaries:
        return "No open polls. Start one with `/poll create`."
    lines = ["**Open polls**"]
    for item in summaries:
        poll = item.poll
        when = f"closes {ts(poll.deadline, 'R')}" if poll.deadline else "no deadline"
        link = f" — {poll.jump_url()}" if poll.jump_url() else ""
        counts = f"{plural(item.slots, 'slot')}, {item.voters} voted"
        line = f"• **#{poll.id} {escape_md(poll.title)}** — {counts}, {when}{link}"
        if len("\n".join(lines)) + len(line) + 40 > MESSAGE_LIMIT:
            lines.append(f"… and {len(summaries) - len(lines) + 1} more.")
            break
        lines.append(line)
    return "\n".join(lines)


MENTIONS_PER_MESSAGE = 90  # Discord accepts at most 100 users in allowed_mentions


def reminder_texts(poll: PollInfo, user_ids: Sequence[int], *, last_call: bool) -> list[tuple[str, list[int]]]:
    """Reminder messages pinging ``user_ids``: (text, ids it mentions), each under Discord's limits."""
    closes = f" It closes {ts(poll.deadline, 'R')}." if poll.deadline else ""
    link = f" {poll.jump_url()}" if poll.jump_url() else ""
    head = ("📣 **Last call** for" if last_call else "⏰ Reminder: please vote on") + \
        f" **{escape_md(poll.title)}**.{closes}{link}"
    messages: list[tuple[str, list[int]]] = []
    text, ids = head, list[int]()
    for user_id in user_ids:
        mention = f" <@{user_id}>"
        if len(text) + len(mention) > MESSAGE_LIMIT - 10 or len(ids) >= MENTIONS_PER_MESSAGE:
            messages.append((text, ids))
            text, ids = "(continued)", []
        text += mention
        ids.append(user_id)
    messages.append((text, ids))
    return messages


def quorum_text(poll: PollInfo, voted: int, expected: int, share: float) -> str:
    link = f" {poll.jump_url()}" if poll.jump_url() else ""
    return (f"✅ Quorum reached on **{escape_md(poll.title)}**: {voted} of {expected} expected members have voted "
            f"(threshold {share:.0%}).{link}")


SLOTS_SHOWN = 10


def understood_text(slots: Sequence[Slot], deadline: datetime | None, notes: Sequence[str]) -> str:
    """What was read from the typed slots and deadline, each as a Discord timestamp in the reader's own zone."""
    lines = [f"• {ts(slot.start)} – {ts(slot.end, 't')}" for slot in slots[:SLOTS_SHOWN]]
    if len(slots) > SLOTS_SHOWN:
        lines.append(f"… and {len(slots) - SLOTS_SHOWN:,} more.")
    if deadline is not None:
        lines.append(f"Voting closes {ts(deadline)} ({ts(deadline, 'R')}).")
    lines += [f"ℹ️ {note}" for note in notes[:5]]
    return "\n".join(lines)
