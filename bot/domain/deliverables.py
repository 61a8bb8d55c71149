"""Deliverables (issue papers, reports): stages with deadlines, who may move them, when to remind the owners.

Pure code: ``now`` and ``today`` come in as arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from bot.domain.minutes import clip, format_day, single_line
from bot.errors import Conflict, Forbidden, InvalidInput
from bot.i18n import N_, _

OUTLINE, DRAFT, REVIEW, FINAL = "outline", "draft", "review", "final"
STAGES = (OUTLINE, DRAFT, REVIEW, FINAL)
STAGE_NAMES = {OUTLINE: N_("outline"), DRAFT: N_("draft"), REVIEW: N_("review by the working group"),
               FINAL: N_("final")}
KINDS = ("issue paper", "report", "proposal", "other")
DEADLINE_HOUR = time(9, 0)
MAX_TITLE = 150


def stage_name(stage: str) -> str:
    """A stage as the reader says it (the stage's key when it is not one of ours)."""
    return _(STAGE_NAMES[stage]) if stage in STAGE_NAMES else stage


def check_stage(text: str) -> str:
    value = text.strip().casefold()
    match = [s for s in STAGES if s.startswith(value)] if value else []
    if len(match) != 1:
        raise InvalidInput(_("{text} is not a stage; use one of: {stages}.", text=f"`{text[:20]}`",
                             stages=", ".join(STAGES)))
    return match[0]


def check_transition(current: str, target: str, *, is_chair: bool) -> None:
    """Forward one stage at a time (the working group reviews before anything is final); back any number of
    stages (returned for rework). Only chairs declare a deliverable final or reopen a final one."""
    here, there = STAGES.index(current), STAGES.index(target)
    if here == there:
        raise Conflict(_("It is already at the {stage} stage.", stage=stage_name(current)))
    if there > here + 1:
        raise InvalidInput(_("It is at the {stage} stage; it moves to {next} before {target}.",
                             stage=stage_name(current), next=stage_name(STAGES[here + 1]), target=stage_name(target)))
    if FINAL in (current, target) and not is_chair:
        raise Forbidden(_("Only chairs declare a deliverable final or reopen a final one, after the working "
                          "group's review."))


@dataclass(frozen=True)
class Version:
    number: int
    stage: str
    link: str | None
    filename: str | None
    note: str | None
    added_at: datetime


@dataclass(frozen=True)
class Deliverable:
    id: int
    guild_id: int
    title: str
    kind: str
    stage: str
    owner_id: int | None  # a person…
    group_id: int | None  # …or a drafting group
    owner_name: str  # how the owner is shown (the group's name for a group)
    deadlines: Mapping[str, date] = field(default_factory=dict)
    channel_id: int | None = None
    versions: tuple[Version, ...] = ()

    @property
    def is_final(self) -> bool:
        return self.stage == FINAL

    def next_deadline(self) -> tuple[str, date] | None:
        """The first stage still ahead that has a deadline (a stage's deadline is when it must be reached)."""
        ahead = STAGES[STAGES.index(self.stage) + 1:]
        return next(((s, self.deadlines[s]) for s in ahead if s in self.deadlines), None)

    def agenda_title(self) -> str:
        """Stable title for the "Review of deliverables" sub-item (so adding it again does nothing)."""
        return clip(f"#{self.id} {single_line(self.title)} ({self.owner_name})", 200)


def deadline_moment(day: date, zone: str) -> datetime:
    return datetime.combine(day, DEADLINE_HOUR, ZoneInfo(zone))


def reminder_times(day: date, zone: str, offsets: Sequence[timedelta], now: datetime) -> list[datetime]:
    """When to remind the owners before a stage deadline: each offset before 09:00 on the day, in the future
    only; if every one has passed but the deadline has not, one reminder now."""
    deadline = deadline_moment(day, zone)
    if deadline <= now:
        return []
    times = sorted({deadline - o for o in offsets if deadline - o > now})
    return times or [now]


def parse_deadlines(values: Mapping[str, str | None], parse: Callable[[str], date]) -> dict[str, date]:
    """Stage -> typed date text, read with ``parse`` (the due-date parser); deadlines must follow stage order."""
    out: dict[str, date] = {}
    for stage in STAGES:
        raw = values.get(stage)
        if raw:
            out[stage] = parse(raw)
    check_order(out)
    return out


def check_order(deadlines: Mapping[str, date]) -> None:
    ordered = [(s, deadlines[s]) for s in STAGES if s in deadlines]
    for (a, da), (b, db) in pairwise(ordered):
        if db < da:
            raise InvalidInput(_("The {stage} deadline ({day}) is before the {earlier} deadline ({earlier_day}).",
                                 stage=stage_name(b), day=format_day(db), earlier=stage_name(a),
                                 earlier_day=format_day(da)))


def check_document_link(link: str) -> str:
    value = link.strip()
    if not value.startswith(("https://", "http://")) or any(ch.isspace() for ch in value) or len(value) < 10:
        raise InvalidInput(_("{text} is not a link to a document; give a full https:// address.",
                             text=f"`{value[:60]}`"))
    if len(value) > 500:
        raise InvalidInput(_("The link is {length} characters long; at most {limit} are allowed.", length=len(value),
                             limit=500))
    return value
