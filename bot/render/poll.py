"""Poll texts: the poll message, results, a member's votes, lists, reminders (pure functions).

Every time is a Discord timestamp (``<t:…:F>``) so each reader sees it in their own zone. Titles are
member text: Markdown is escaped and messages are sent with mentions disabled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.poll import Answer, PollInfo, PollStatus, Slot, Tally
from bot.domain.ranking import OffHours, SlotScore, order_slots
from bot.i18n import _, _n
from bot.i18n.formatting import format_number, format_percent, format_time
from bot.render.discord_text import escape_md, poll_link, ts

MESSAGE_LIMIT = 2000
DESCRIPTION_LIMIT = 4096
CARD_CHRONOLOGICAL_MAX = 40  # beyond this many slots the card shows the best ones instead of all
CARD_BEST = 25
RESULTS_TOP = 10
BAR_WIDTH = 10
NAMES_SHOWN = 15



def slots_text(count: int) -> str:
    return _n("{count} slot", "{count} slots", count)


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


def length_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{minutes} min", minutes=rest)
    return _("{hours} h {minutes}", hours=hours, minutes=str(rest).zfill(2)) if rest else _("{hours} h", hours=hours)


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
        if poll.meeting_id:
            return _("📅 **Chosen:** {start} ({relative}) — meeting #{meeting}", start=ts(chosen.start),
                     relative=ts(chosen.start, "R"), meeting=poll.meeting_id)
        return _("📅 **Chosen:** {start} ({relative})", start=ts(chosen.start), relative=ts(chosen.start, "R"))
    if poll.status is PollStatus.CLOSED:
        return _("🔒 **Voting is closed.**")
    if poll.deadline is not None:
        return _("⏳ Closes {relative} ({deadline})", relative=ts(poll.deadline, "R"), deadline=ts(poll.deadline, "f"))
    return _("⏳ Open until a chair closes it.")


def _slot_line(slot: Slot, yes: int, maybe: int, voters: int, mark: str = "") -> str:
    return (f"{mark}{ts(slot.start)} · {length_text(slot.minutes)}\n"
            f"`{bar(yes, maybe, voters)}` ✅ {format_number(yes)} · 🟨 {format_number(maybe)}")


def poll_card(poll: PollInfo, tally: Tally) -> PollCard:
    """The poll message: status, every slot with a bar (or the best ones for long polls), voter count."""
    head = [status_line(poll)]
    if poll.anonymous:
        head.append(_("🕶️ Anonymous: only chairs can see who voted what."))
    head.append(_n("**{count}** voted · ✅ yes · 🟨 if need be · times are in your own time zone",
                   "**{count}** voted · ✅ yes · 🟨 if need be · times are in your own time zone", tally.voters))
    ranked = order_slots(poll.slots, tally)
    best = {s.slot.id for s in ranked[:1] if s.available > 0}
    if len(poll.slots) <= CARD_CHRONOLOGICAL_MAX:
        shown = [(s, *tally.counts(s.id)[:2]) for s in poll.slots]
        intro = ""
    else:
        shown = [(s.slot, s.yes, s.maybe) for s in ranked[:CARD_BEST]]
        intro = _("Best {best} of {total} slots so far — press **Results** for all.", best=CARD_BEST,
                  total=format_number(len(poll.slots)))
    lines: list[str] = []
    budget = DESCRIPTION_LIMIT - len("\n".join(head)) - len(intro) - 120
    for index, (slot, yes, maybe) in enumerate(shown):
        mark = "📅 " if slot.id == poll.chosen_slot_id else ("⭐ " if slot.id in best else "")
        line = _slot_line(slot, yes, maybe, tally.voters, mark)
        if budget - len(line) - 1 < 0:
            lines.append(_("… and {count} more — press **Results**.", count=format_number(len(shown) - index)))
            break
        budget -= len(line) + 1
        lines.append(line)
    body = "\n".join([*head, "", *([intro] if intro else []), *lines])
    footer = _("Poll #{poll} · {slots} · typed in {zone}", poll=poll.id, slots=slots_text(len(poll.slots)),
               zone=poll.timezone)
    return PollCard(poll.id, f"🗓️ {escape_md(poll.title)}"[:256], body[:DESCRIPTION_LIMIT], footer, poll.status)


def _people(user_ids: Sequence[int], limit: int = NAMES_SHOWN) -> str:
    shown = ", ".join(f"<@{u}>" for u in user_ids[:limit])
    if len(user_ids) > limit:
        return _("{people} and {count} more", people=shown, count=format_number(len(user_ids) - limit))
    return shown


def _off_hours_text(entries: Sequence[OffHours], reveal: bool) -> str:
    if reveal:
        parts = ", ".join(f"<@{o.user_id}> {format_time(o.local_start)}–{format_time(o.local_end)} ({o.zone})"
                          for o in entries[:NAMES_SHOWN])
        if len(entries) > NAMES_SHOWN:
            return _("{people} and {count} more", people=parts, count=format_number(len(entries) - NAMES_SHOWN))
        return parts
    by_zone: dict[str, list[OffHours]] = {}
    for entry in entries:
        by_zone.setdefault(entry.zone, []).append(entry)
    return ", ".join(_("{count} in {zone} ({time})", count=format_number(len(group)), zone=zone,
                       time=format_time(group[0].local_start)) for zone, group in by_zone.items())


def results_text(view: ResultsView, limit: int = DESCRIPTION_LIMIT) -> str:
    """Ranking with reasons: counts, who cannot make it, who it is unfair to; fits in ``limit`` characters."""
    poll = view.poll
    first, last = view.fair_hours
    lines = [status_line(poll),
             _n("**{count}** voted. Ranked by available (✅ + 🟨), then fewer 🟨, then earlier.",
                "**{count}** voted. Ranked by available (✅ + 🟨), then fewer 🟨, then earlier.", view.voters),
             _("🌙 = outside {first}–{last} in a member's own time zone (from `/profile timezone`).",
               first=str(first).zfill(2) + ":00", last=str(last).zfill(2) + ":00")]
    if not view.reveal:
        lines.append(_("🕶️ Anonymous poll: names are hidden (chairs can see them)."))
    if view.voters == 0:
        lines.append("\n" + _("Nobody has voted yet."))
    tail: list[str] = []
    if view.non_voters:
        people = _people(view.non_voters) if view.reveal else _("names hidden")
        tail.append("\n" + _("**Not voted yet ({count}):** {people}", count=format_number(len(view.non_voters)),
                             people=people))
    used = len("\n".join(lines)) + len("\n".join(tail)) + 40
    for score in view.ranking[:RESULTS_TOP] if view.voters else ():
        block = [f"\n**{score.position}.** {ts(score.slot.start)} · {length_text(score.slot.minutes)} — "
                 f"✅ {format_number(score.yes)} · 🟨 {format_number(score.maybe)} · ❌ {format_number(score.cannot)}"]
        cannot = view.cannot.get(score.slot.id, ())
        if score.cannot and view.reveal and cannot:
            block.append(_("Cannot: {people}", people=_people(cannot)))
        elif score.cannot == 0:
            block.append(_("Everyone who voted can make it."))
        unfair = view.off_hours.get(score.slot.id, ())
        if unfair:
            block.append(f"🌙 {_off_hours_text(unfair, view.reveal)}")
        text = "\n".join(block)
        if used + len(text) + 1 > limit:
            lines.append("\n" + _n("… {count} more slot not shown.", "… {count} more slots not shown.",
                                    len(view.ranking) - score.position + 1))
            break
        used += len(text) + 1
        lines.append(text)
    if len(view.ranking) > RESULTS_TOP and view.voters:
        lines.append("\n" + _("(Top {top} of {total} slots.)", top=RESULTS_TOP, total=format_number(len(view.ranking))))
    return "\n".join(lines + tail)[:limit]


def closing_text(poll: PollInfo, ranking: Sequence[SlotScore], voters: int, top: int = 3) -> str:
    """The post made when a poll closes (by deadline or by a chair)."""
    lines = [_n("🔒 The poll **{title}** is closed: {count} voted.",
                "🔒 The poll **{title}** is closed: {count} voted.", voters, title=escape_md(poll.title))]
    if voters:
        lines.append(_("Best slots:"))
        for score in ranking[:top]:
            lines.append(f"**{score.position}.** {ts(score.slot.start)} — ✅ {format_number(score.yes)} · "
                         f"🟨 {format_number(score.maybe)} · ❌ {format_number(score.cannot)}")
    lines.append(_("Full ranking: `/poll results poll:{poll}` · a chair picks the slot with `/poll finalize`.",
                   poll=poll.id))
    return "\n".join(lines)[:MESSAGE_LIMIT]


def my_votes_text(poll: PollInfo, ballot: Mapping[int, Answer]) -> str:
    if not ballot:
        return _("You have not voted on **{title}** yet — press **Vote**.", title=escape_md(poll.title))
    yes = [s for s in poll.slots if ballot.get(s.id) is Answer.YES]
    maybe = [s for s in poll.slots if ballot.get(s.id) is Answer.MAYBE]
    no = len(poll.slots) - len(yes) - len(maybe)
    lines = [_("**Your votes on {title}** (times in your own zone):", title=escape_md(poll.title))]
    budget = MESSAGE_LIMIT - 200
    for label, slots in ((_("✅ Yes ({count}):", count=len(yes)), yes),
                         (_("🟨 If need be ({count}):", count=len(maybe)), maybe)):
        lines.append(label)
        for index, slot in enumerate(slots):
            line = f"• {ts(slot.start)}"
            if budget - len(line) < 0:
                lines.append(_("• … and {count} more", count=format_number(len(slots) - index)))
                break
            budget -= len(line) + 1
            lines.append(line)
    lines.append(_n("❌ No: {count} slot.", "❌ No: {count} slots.", no))
    if poll.is_open:
        lines.append(_("Press **Vote** to change them until the poll closes."))
    return "\n".join(lines)[:MESSAGE_LIMIT]


@dataclass(frozen=True)
class PollSummary:
    poll: PollInfo
    slots: int
    voters: int


def list_text(summaries: Sequence[PollSummary]) -> str:
    if not summaries:
        return _("No open polls. Start one with `/poll create`.")
    lines = [_("**Open polls**")]
    for item in summaries:
        poll = item.poll
        counts = _n("{slots}, {count} voted", "{slots}, {count} voted", item.voters, slots=slots_text(item.slots))
        if poll.deadline:
            line = _("• **#{poll} {title}** — {counts}, closes {relative}", poll=poll.id, title=escape_md(poll.title),
                     counts=counts, relative=ts(poll.deadline, "R"))
        else:
            line = _("• **#{poll} {title}** — {counts}, no deadline", poll=poll.id, title=escape_md(poll.title),
                     counts=counts)
        line += f" — {poll_link(poll)}" if poll_link(poll) else ""
        if len("\n".join(lines)) + len(line) + 40 > MESSAGE_LIMIT:
            lines.append(_("… and {count} more.", count=format_number(len(summaries) - len(lines) + 1)))
            break
        lines.append(line)
    return "\n".join(lines)


MENTIONS_PER_MESSAGE = 90  # Discord accepts at most 100 users in allowed_mentions


def reminder_texts(poll: PollInfo, user_ids: Sequence[int], *, last_call: bool) -> list[tuple[str, list[int]]]:
    """Reminder messages pinging ``user_ids``: (text, ids it mentions), each under Discord's limits."""
    title = escape_md(poll.title)
    if last_call:
        head = _("📣 **Last call** for **{title}**.", title=title)
    else:
        head = _("⏰ Reminder: please vote on **{title}**.", title=title)
    if poll.deadline:
        head += " " + _("It closes {relative}.", relative=ts(poll.deadline, "R"))
    head += f" {poll_link(poll)}" if poll_link(poll) else ""
    messages: list[tuple[str, list[int]]] = []
    text, ids = head, list[int]()
    for user_id in user_ids:
        mention = f" <@{user_id}>"
        if len(text) + len(mention) > MESSAGE_LIMIT - 10 or len(ids) >= MENTIONS_PER_MESSAGE:
            messages.append((text, ids))
            text, ids = _("(continued)"), []
        text += mention
        ids.append(user_id)
    messages.append((text, ids))
    return messages


def quorum_text(poll: PollInfo, voted: int, expected: int, share: float) -> str:
    link = f" {poll_link(poll)}" if poll_link(poll) else ""
    return _("✅ Quorum reached on **{title}**: {voted} of {expected} expected members have voted (threshold "
             "{share}).", title=escape_md(poll.title), voted=format_number(voted), expected=format_number(expected),
             share=format_percent(share)) + link


SLOTS_SHOWN = 10


def understood_text(slots: Sequence[Slot], deadline: datetime | None, notes: Sequence[str]) -> str:
    """What was read from the typed slots and deadline, each as a Discord timestamp in the reader's own zone."""
    lines = [f"• {ts(slot.start)} – {ts(slot.end, 't')}" for slot in slots[:SLOTS_SHOWN]]
    if len(slots) > SLOTS_SHOWN:
        lines.append(_("… and {count} more.", count=format_number(len(slots) - SLOTS_SHOWN)))
    if deadline is not None:
        lines.append(_("Voting closes {deadline} ({relative}).", deadline=ts(deadline), relative=ts(deadline, "R")))
    lines += [f"ℹ️ {note}" for note in notes[:5]]
    return "\n".join(lines)
