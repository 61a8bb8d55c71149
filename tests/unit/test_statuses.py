"""Poll and meeting statuses and the moves between them (bot/domain)."""

from __future__ import annotations

import pytest

from bot.domain.meeting import MeetingStatus
from bot.domain.poll import PollStatus

POLL_MOVES = {
    (PollStatus.OPEN, PollStatus.CLOSED), (PollStatus.OPEN, PollStatus.FINALIZED),
    (PollStatus.CLOSED, PollStatus.OPEN), (PollStatus.CLOSED, PollStatus.FINALIZED),
}
MEETING_MOVES = {
    (MeetingStatus.SCHEDULED, MeetingStatus.LIVE), (MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED),
    (MeetingStatus.SCHEDULED, MeetingStatus.DONE), (MeetingStatus.LIVE, MeetingStatus.ENDED),
    (MeetingStatus.LIVE, MeetingStatus.DONE), (MeetingStatus.ENDED, MeetingStatus.DONE),
}


@pytest.mark.parametrize("source", list(PollStatus))
@pytest.mark.parametrize("target", list(PollStatus))
def test_a_poll_moves_only_along_its_lifecycle(source: PollStatus, target: PollStatus) -> None:
    assert source.may_become(target) == ((source, target) in POLL_MOVES)


def test_a_poll_closes_only_when_open_and_a_finalized_poll_never_changes() -> None:
    assert PollStatus.sources_of(PollStatus.CLOSED) == (PollStatus.OPEN,)
    assert PollStatus.sources_of(PollStatus.OPEN) == (PollStatus.CLOSED,)
    assert set(PollStatus.sources_of(PollStatus.FINALIZED)) == {PollStatus.OPEN, PollStatus.CLOSED}


@pytest.mark.parametrize("source", list(MeetingStatus))
@pytest.mark.parametrize("target", list(MeetingStatus))
def test_a_meeting_moves_only_along_its_lifecycle(source: MeetingStatus, target: MeetingStatus) -> None:
    assert source.may_become(target) == ((source, target) in MEETING_MOVES)


def test_active_and_over_meetings() -> None:
    assert {s for s in MeetingStatus if s.is_active} == {MeetingStatus.SCHEDULED, MeetingStatus.LIVE}
    assert {s for s in MeetingStatus if s.is_over} == {MeetingStatus.DONE, MeetingStatus.CANCELLED}
    assert MeetingStatus("live") is MeetingStatus.LIVE  # read back from the stored string
