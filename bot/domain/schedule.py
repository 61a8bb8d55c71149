"""What one member has to do, as `/my schedule` shows it (a read-only snapshot; times are aware, UTC)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.deliverables import Deliverable
from bot.domain.meeting import MeetingInfo
from bot.domain.minutes import ActionItem
from bot.domain.poll import PollInfo


@dataclass(frozen=True)
class MeetingAhead:
    meeting: MeetingInfo
    rollcall: str | None  # the member's roll-call answer so far (present, late, apologies, …), None if none
    channel_id: int | None  # where its agenda and roll call are posted


@dataclass(frozen=True)
class ActionDue:
    action: ActionItem
    due_at: datetime | None  # 09:00 on the due date in the member's zone
    channel_id: int | None  # the channel of the meeting that recorded it


@dataclass(frozen=True)
class DeliverableDue:
    item: Deliverable
    stage: str | None  # the next stage with a deadline
    due_at: datetime | None


@dataclass(frozen=True)
class Schedule:
    guild_id: int
    zone: str
    polls: tuple[PollInfo, ...] = ()
    meetings: tuple[MeetingAhead, ...] = ()
    actions: tuple[ActionDue, ...] = ()
    deliverables: tuple[DeliverableDue, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.polls or self.meetings or self.actions or self.deliverables)
