"""The meeting summary as Markdown, laid out like the secretariat's summaries (seed 000).

Title, the "The sixth meeting of … was held on …" sentence, one section per agenda item in agenda order
(sub-items lettered, empty ones sharing the next paragraph), "Future meetings", an action-item table,
Annex I (the agenda) and Annex II (participants grouped by role). User text is escaped so it can never
forge a heading; the plain-text version is derived from this Markdown (see ``minutes_text``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.domain import rollcall as rc
from bot.domain.agenda import Agenda, AgendaItem, Document
from bot.domain.agenda_input import closed_labels
from bot.domain.deliverables import Deliverable
from bot.domain.meeting import MeetingInfo
from bot.domain.minutes import ACTION, DECISION, Entry, format_day, format_span, ordinal
from bot.domain.names import collation_key, sort_key
from bot.domain.rollcall import ConsentTally, Participant
from bot.i18n import N_, _, _n, current
from bot.i18n.formatting import format_number
from bot.render.deliverables import STATUS_HEADING, status_table
from bot.render.discord_text import escape_cell, escape_md
from bot.render.labels import section_heading
from bot.render.modes import closed_items_sentence, mode_sentence

# The English text of each fixed part; the minutes are drafted in the current language (``_`` at render time).
ORGANIZED = N_("The meeting summary below is organized according to the agreed agenda (Annex I).")
PARTICIPANTS_POINTER = N_("The list of participants can be found in Annex II.")
ANNEX_I = N_("ANNEX I - AGENDA")
ANNEX_II = N_("ANNEX II - LIST OF PARTICIPANTS")
ACTIONS_HEADING = N_("Action items")
OTHER_HEADING = N_("Other notes")
NEXT_STEPS_HEADING = N_("Next steps")
NO_FUTURE = N_("No further meeting is scheduled yet.")
SCHEDULED_FOR = N_("It was scheduled for {when}.")
VOICE_MINUTES = N_("Minutes attended in the meeting's voice channel: {people}.")
NO_VOICE_DATA = N_("No voice data (took part another way): {people}.")

# Annex II groups in the order the secretariat lists them: (role, heading for one, heading for several).
ROLE_GROUPS = (
    ("chair", "CHAIR", "CHAIRS"),
    ("member", "MEMBERS", "MEMBERS"),
    ("observer", "OBSERVERS", "OBSERVERS"),
    ("secretariat", "SECRETARIAT", "SECRETARIAT"),
)
OTHERS = "OTHER PARTICIPANTS"
APOLOGIES = "APOLOGIES"
TO_COMPLETE = N_("_To be completed by the secretariat._")
_INTRO_WORDS = ("intro", "logistic", "admin", "welcome", "opening")


@dataclass(frozen=True)
class MinutesInput:
    group_name: str
    meeting: MeetingInfo
    agenda: Agenda
    entries: Sequence[Entry]
    participants: Sequence[Participant]
    next_meetings: Sequence[MeetingInfo] = ()  # the series' meetings still to come, soonest first
    future_notes: Sequence[str] = ()  # e.g. the scheduling polls still open
    deliverables: Sequence[Deliverable] = ()  # reviewed at the meeting: their status gets a table
    labels: Mapping[str, str] = field(default_factory=dict)  # Annex II headings the group chose, by role
    extra_sections: Sequence[str] = ()  # optional sections the group asks for ("Main points", "Key messages")
    consent: ConsentTally | None = None  # the roll call's answers on recording, when it asked


def filename(meeting: MeetingInfo, extension: str) -> str:
    return f"minutes-{meeting.id}.{extension}"


def intro_sentence(meeting: MeetingInfo) -> str:
    title = escape_md(" ".join(meeting.title.split()))
    when = format_span(meeting.held_start, meeting.held_end)
    # English puts "the" before the group's title unless it has one; the other languages word it their way.
    has_the = title.casefold().startswith("the ")
    # What happened, not what was planned: a meeting that started late or ran over says so.
    if meeting.number and has_the:
        held = _("The {ordinal} meeting of {title} was held on {when}.", ordinal=meeting_ordinal(meeting.number),
                 title=title, when=when)
    elif meeting.number:
        held = _("The {ordinal} meeting of the {title} was held on {when}.",
                 ordinal=meeting_ordinal(meeting.number), title=title, when=when)
    elif has_the:
        held = _("A meeting of {title} was held on {when}.", title=title, when=when)
    else:
        held = _("A meeting of the {title} was held on {when}.", title=title, when=when)
    if meeting.held_as_scheduled:
        return held
    return f"{held} {_(SCHEDULED_FOR, when=format_span(meeting.start, meeting.end))}"


def meeting_ordinal(number: int) -> str:
    """The meeting's rank as each language writes it in a sentence: "sixth", "6e", "6.ª", "6-е", "第6次"."""
    language = current()
    if language == "en":
        return ordinal(number)
    if language == "fr":
        return "1re" if number == 1 else f"{number}e"
    if language == "es":
        return f"{number}.ª"
    if language == "ru":
        return f"{number}-е"
    if language == "zh":
        return f"第{number}次"
    return str(number)


def opening(meeting: MeetingInfo, agenda: Agenda) -> str:
    """The first paragraph: when it was held, then how (its mode, and the items held in closed session)."""
    sentences = [intro_sentence(meeting), mode_sentence(meeting.mode),
                 closed_items_sentence(meeting.mode, closed_labels(agenda))]
    return " ".join(s for s in sentences if s)


def recording_sentences(consent: ConsentTally | None, url: str | None) -> str | None:
    """Seed 000: "participants agreed to the meeting being recorded. That recording can be found here." — the
    first only when nobody objected, otherwise what was agreed."""
    said = []
    if consent is not None and consent.object == 0 and consent.agree > 0:
        said.append(_("Participants agreed to the meeting being recorded."))
    elif consent is not None and consent.object > 0:
        said.append(_n("{agreed} participant agreed to the meeting being recorded and {objected} did not.",
                       "{agreed} participants agreed to the meeting being recorded and {objected} did not.",
                       consent.agree, agreed=consent.agree, objected=consent.object))
    if url:
        link = f"[{_('here')}]({link_target(url)})"
        said.append(_("That recording can be found {here}.", here=link) if said else
                    _("The meeting was recorded; the recording can be found {here}.", here=link))
    return " ".join(said) or None


def link_target(url: str) -> str:
    """A URL as a Markdown link target: parentheses would end it early."""
    return url.replace("(", "%28").replace(")", "%29")


def future_line(meeting: MeetingInfo) -> str:
    when = format_span(meeting.start, meeting.end)
    return _("{when} (date to be confirmed)", when=when) if meeting.tentative else when


def future_meetings(next_meetings: Sequence[MeetingInfo], notes: Sequence[str]) -> list[str]:
    """Seed 000: the next meeting's date, then "A doodle poll will be sent to extend the meeting calendar"."""
    lines = [_("**Future meetings:**"), ""]
    lines += [future_line(m) for m in next_meetings]
    for note in notes:
        if lines[-1]:
            lines.append("")
        lines.append(escape_md(note))
    if not next_meetings and not notes:
        lines.append(_(NO_FUTURE))
    return lines


def poll_note(title: str, closes: date | None) -> str:
    """The future-meetings line when a scheduling poll is still open (plain text; escaped when rendered)."""
    title = " ".join(title.split())
    if closes:
        return _("A scheduling poll is open to set the next meeting: “{title}” (voting closes {day}).", title=title,
                 day=format_day(closes))
    return _("A scheduling poll is open to set the next meeting: “{title}”.", title=title)


def entry_block(entry: Entry) -> str:
    body = escape_md(entry.text)
    if entry.kind == DECISION:
        return _("**Decision:** {text}", text=body)
    if entry.kind == ACTION:
        return _("**Action:** {text} ({terms})", text=body, terms=action_terms(entry))
    if entry.credit:
        return f"{body} — *{escape_md(entry.credit)}*"
    return body


def action_terms(entry: Entry) -> str:
    owner = escape_md(entry.owner_name or _("unassigned"))
    if entry.due:
        return _("owner: {owner}; due {day}", owner=owner, day=format_day(entry.due))
    return _("owner: {owner}", owner=owner)


def _is_intro(item: AgendaItem) -> bool:
    title = item.title.casefold()
    return any(word in title for word in _INTRO_WORDS)


def _is_next_steps(item: AgendaItem) -> bool:
    return item.title.casefold().startswith(("next steps", "future agenda", "future meeting"))


class _Writer:
    """Collects lines; blocks are separated by exactly one blank line."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def block(self, *lines: str) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines.extend(lines)

    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def render_markdown(data: MinutesInput) -> str:
    """The full summary. Linear in the number of entries, agenda items and participants."""
    out = _Writer()
    numbered = data.agenda.numbered()
    labels = {item.id: label for label, item in numbered if item.id is not None}
    by_item: dict[int | None, list[Entry]] = defaultdict(list)
    for entry in data.entries:
        by_item[entry.item_id if entry.item_id in labels else None].append(entry)

    out.block(f"# {escape_md(' '.join(data.group_name.split()))}")
    out.block(opening(data.meeting, data.agenda))
    intro_index = 0 if data.agenda.items and _is_intro(data.agenda.items[0]) else None
    recording = recording_sentences(data.consent, data.meeting.recording_url)
    pointer = f"{_(PARTICIPANTS_POINTER)} {recording}" if recording else _(PARTICIPANTS_POINTER)
    out.block(_(ORGANIZED) if intro_index is not None else f"{_(ORGANIZED)} {pointer}")
    next_steps = next((i for i, item in enumerate(data.agenda.items) if _is_next_steps(item)), None)

    for index, item in enumerate(data.agenda.items):
        label = str(index + 1)
        out.block(f"## {label} - {escape_md(item.title)}")
        if index == intro_index:
            out.block(pointer)
        _children(out, item, label, by_item)
        for entry in by_item.get(item.id, []) if item.id is not None else []:
            out.block(entry_block(entry))
        if index == next_steps:
            out.block(*future_meetings(data.next_meetings, data.future_notes))

    if by_item.get(None):
        out.block(f"## {_(OTHER_HEADING)}")
        for entry in by_item[None]:
            out.block(entry_block(entry))
    if next_steps is None:
        out.block(f"## {_(NEXT_STEPS_HEADING)}")
        out.block(*future_meetings(data.next_meetings, data.future_notes))

    for heading in data.extra_sections:
        out.block(f"## {escape_md(heading)}")
        out.block(_(TO_COMPLETE))

    if data.deliverables:
        out.block(f"## {_(STATUS_HEADING)}")
        out.block(*status_table(data.deliverables))

    actions = [e for e in data.entries if e.kind == ACTION]
    if actions:
        out.block(f"## {_(ACTIONS_HEADING)}")
        out.block(*action_table(actions, labels))

    out.block(f"## {_(ANNEX_I)}")
    out.block(*annex_agenda(data.agenda))
    out.block(f"## {_(ANNEX_II)}")
    annex_participants(out, data.participants, data.labels)
    return out.text()


def _children(out: _Writer, item: AgendaItem, label: str, by_item: dict[int | None, list[Entry]]) -> None:
    """The sub-item list, then a block per sub-item with notes. Sub-items with nothing captured share the
    next paragraph (their headings stack), as the secretariat writes "b) … c) …" over one paragraph."""
    if not item.children:
        return
    letters = [f"{chr(ord('a') + i)})" for i in range(len(item.children))]
    out.block(*(f"{letter} {escape_md(child.title)}" for letter, child in zip(letters, item.children, strict=True)))
    waiting: list[str] = []
    for letter, child in zip(letters, item.children, strict=True):
        waiting.append(f"### {letter} {escape_md(child.title)}")
        entries = by_item.get(child.id, []) if child.id is not None else []
        if entries:
            out.block(*waiting)
            waiting = []
            for entry in entries:
                out.block(entry_block(entry))


def action_table(actions: Sequence[Entry], labels: dict[int, str]) -> list[str]:
    rows = [_("| # | Action | Owner | Due | Agenda item |"), "|---|---|---|---|---|"]
    for number, entry in enumerate(actions, 1):
        item = labels.get(entry.item_id, "—") if entry.item_id is not None else "—"
        due = format_day(entry.due) if entry.due else "—"
        owner = escape_cell(entry.owner_name or _("unassigned"))
        rows.append(f"| {number} | {escape_cell(entry.text)} | {owner} | {due} | {item} |")
    return rows


def annex_agenda(agenda: Agenda) -> list[str]:
    if not agenda.items:
        return [_("No agenda was set for this meeting.")]
    lines = []
    for index, item in enumerate(agenda.items, 1):
        lines.append(annex_item(f"{index} -", item))
        lines += documents_lines(item.documents)
        for i, child in enumerate(item.children):
            lines.append(annex_item(f"{chr(ord('a') + i)})", child))
            lines += documents_lines(child.documents)
    return lines


def annex_item(label: str, item: AgendaItem) -> str:
    title = escape_md(item.title)
    return f"{label} {_('{title} (closed session)', title=title) if item.closed else title}"


def documents_lines(documents: Sequence[Document]) -> list[str]:
    """One line per document, as the agenda lists them ("review updated document", "India's proposal (enclosed)")."""
    return [_("Document: {link}", link=f"[{escape_md(d.label)}]({link_target(d.url)})") for d in documents]


def _name(person: Participant) -> str:
    return escape_md(" ".join(person.name.split()) or _("(unnamed)"))


def _listed(person: Participant) -> str:
    name = _name(person)
    return f"{name} ({escape_md(person.group)})" if person.group else name


def _sorted(people: list[Participant]) -> list[Participant]:
    return sorted(people, key=lambda p: (sort_key(p.name), p.name))


def annex_participants(out: _Writer, participants: Sequence[Participant],
                       labels: Mapping[str, str] | None = None) -> None:
    """Attendees grouped by role; ``labels`` replaces a group's heading (e.g. "MAG MEMBERS" for members)."""
    labels = labels or {}
    attended = [p for p in participants if p.status in rc.ATTENDED]
    apologies = [p for p in participants if p.status == rc.APOLOGIES]
    if not attended:
        out.block(_("No participants were recorded."))
    known = {role for role, *_headings in ROLE_GROUPS}
    for role, one, several in ROLE_GROUPS:
        people = _sorted([p for p in attended if p.role == role])
        heading = escape_md(labels[role]) if role in labels else section_heading(several if len(people) > 1 else one)
        if len(people) == 1 and role == "chair":
            out.block(_("**{heading}:** {person}", heading=heading, person=_listed(people[0])))
        elif people:
            out.block(_("**{heading}:**", heading=heading), *(_listed(p) for p in people))
    others = _sorted([p for p in attended if p.role not in known])
    if others:
        heading = escape_md(labels["guest"]) if "guest" in labels else section_heading(OTHERS)
        out.block(_("**{heading}:**", heading=heading), *(_listed(p) for p in others))
    if apologies:
        heading = escape_md(labels["apologies"]) if "apologies" in labels else section_heading(APOLOGIES)
        out.block(_("**{heading}:**", heading=heading), *(_listed(p) for p in _sorted(apologies)))
    groups = Counter(p.group for p in attended if p.group)
    if groups:
        shares = ", ".join(f"{escape_md(g)} ({format_number(n)})"
                           for g, n in sorted(groups.items(), key=lambda kv: collation_key(kv[0])))
        out.block(_("Stakeholder groups present: {groups}.", groups=shares))
    voice_minutes(out, attended)


def voice_minutes(out: _Writer, attended: Sequence[Participant]) -> None:
    """Time in the voice channel where it was recorded; those without voice data are named apart, since
    "unknown" is not "0 minutes"."""
    known = _sorted([p for p in attended if p.minutes_attended is not None])
    if not known:
        return
    people = "; ".join(_("{name} {minutes} min", name=_name(p), minutes=format_number(p.minutes_attended or 0))
                       for p in known)
    out.block(_(VOICE_MINUTES, people=people))
    unknown = _sorted([p for p in attended if p.minutes_attended is None])
    if unknown:
        out.block(_(NO_VOICE_DATA, people="; ".join(_name(p) for p in unknown)))
