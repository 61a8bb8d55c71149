"""Roll-call rules: meeting roles, statuses after a voice join, minutes over rejoins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import rollcall as rc
from bot.domain.permissions import Role
from bot.domain.rollcall import VoiceSession
from bot.errors import InvalidInput

T0 = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.mark.parametrize(("roles", "expected"), [
    ({Role.CHAIR, Role.MEMBER}, "chair"),
    ({Role.SECRETARIAT, Role.MEMBER}, "secretariat"),
    ({Role.MEMBER, Role.OBSERVER}, "member"),
    ({Role.OBSERVER}, "observer"),
    (set(), "guest"),
])
def test_meeting_role_precedence(roles: set[Role], expected: str) -> None:
    assert rc.meeting_role(roles) == expected


def test_role_and_status_checks_list_what_is_accepted() -> None:
    assert rc.check_role(" Guest ") == "guest"
    with pytest.raises(InvalidInput, match="chair, member, observer, secretariat, guest"):
        rc.check_role("boss")
    assert rc.check_status("LATE") == "late"
    with pytest.raises(InvalidInput, match="present, late, apologies, observing"):
        rc.check_status("absent", rc.SELF_STATUSES)


@pytest.mark.parametrize(("current", "role", "expected"), [
    (None, "member", "present"), ("apologies", "member", "present"), ("absent", "chair", "present"),
    ("late", "member", "late"), ("observing", "member", "observing"), (None, "observer", "observing"),
    ("apologies", "observer", "observing"),
])
def test_status_after_joining_voice(current: str | None, role: str, expected: str) -> None:
    assert rc.status_after_join(current, role) == expected


def test_minutes_sum_over_rejoins() -> None:
    sessions = [VoiceSession(at(0), at(20)), VoiceSession(at(25), at(40)), VoiceSession(at(50), None)]
    assert rc.minutes_attended(sessions, until=at(60)) == 20 + 15 + 10
    assert rc.first_join(sessions) == at(0)
    assert rc.last_leave(sessions, until=at(60)) == at(60)
    assert rc.last_leave(sessions, until=None) is None  # still in the channel while the meeting runs


def test_overlapping_sessions_count_once_and_stop_at_the_end() -> None:
    sessions = [VoiceSession(at(0), at(30)), VoiceSession(at(10), at(45)), VoiceSession(at(70), at(80))]
    assert rc.minutes_attended(sessions, until=at(60)) == 45
    assert rc.last_leave(sessions, until=at(60)) == at(60)
    assert rc.last_leave(sessions[:2], until=None) == at(45)


def test_minutes_round_to_nearest() -> None:
    assert rc.minutes_attended([VoiceSession(at(0), at(0.49))], until=at(5)) == 0
    assert rc.minutes_attended([VoiceSession(at(0), at(0.5))], until=at(5)) == 1
    assert rc.minutes_attended([], until=at(5)) == 0
    assert rc.first_join([]) is None and rc.last_leave([], until=at(5)) is None
