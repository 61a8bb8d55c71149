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


def test_no_voice_data_is_unknown_not_zero() -> None:
    assert rc.presence([], at(0), at(60), running=False) == rc.Presence(None, None, None)


def test_only_the_meeting_window_counts() -> None:
    # In the channel ten minutes before it went live, and back after it ended: only the hour in between counts.
    sessions = [VoiceSession(at(-10), at(30)), VoiceSession(at(40), at(75))]
    seen = rc.presence(sessions, at(0), at(60), running=False)
    assert seen == rc.Presence(at(0), at(60), 30 + 20)


def test_a_join_wholly_outside_the_window_is_voice_data_worth_zero_minutes() -> None:
    before, after = VoiceSession(at(-30), at(-5)), VoiceSession(at(61), at(70))
    assert rc.presence([before, after], at(0), at(60), running=False) == rc.Presence(None, None, 0)


def test_while_the_meeting_runs_an_open_session_has_not_left() -> None:
    sessions = [VoiceSession(at(-5), None)]
    assert rc.presence(sessions, at(0), at(25), running=True) == rc.Presence(at(0), None, 25)
    assert rc.within([VoiceSession(at(-20), at(-1))], at(0), None) == []
