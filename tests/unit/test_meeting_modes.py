"""Meeting modes as channel overwrites: only Connect and Speak change, and what was there comes back."""

from __future__ import annotations

import pytest

from bot.domain.meeting_modes import (
    CLOSED,
    CONNECT,
    OPEN,
    PLENARY,
    REQUEST_TO_SPEAK,
    SPEAK,
    Audience,
    Overwrite,
    check_mode,
    effective_mode,
    must_leave,
    overwrites_for,
    targets,
)
from bot.errors import InvalidInput

GUILD, OBSERVER, MEMBER, CHAIR = 1, 10, 20, 30
VIEW, SEND = 1 << 10, 1 << 11
AUDIENCE = Audience(GUILD, frozenset({OBSERVER}), frozenset({MEMBER, CHAIR}))


def by_target(found: list[Overwrite]) -> dict[int, tuple[int, int]]:
    return {o.target_id: (o.allow, o.deny) for o in found}


def test_a_plenary_lets_observers_listen_and_members_speak() -> None:
    found = by_target(overwrites_for(PLENARY, AUDIENCE, {}, stage=False))
    assert found == {GUILD: (0, SPEAK), OBSERVER: (CONNECT, SPEAK), MEMBER: (CONNECT | SPEAK, 0),
                     CHAIR: (CONNECT | SPEAK, 0)}


def test_a_closed_meeting_keeps_everyone_but_participants_out() -> None:
    found = by_target(overwrites_for(CLOSED, AUDIENCE, {}, stage=False))
    assert found[GUILD] == (0, CONNECT) and found[OBSERVER] == (0, CONNECT)
    assert found[MEMBER] == (CONNECT | SPEAK, 0)


def test_an_open_consultation_lets_anyone_join_and_speak() -> None:
    found = by_target(overwrites_for(OPEN, AUDIENCE, {}, stage=False))
    assert set(found.values()) == {(CONNECT | SPEAK, 0)}


def test_other_bits_of_the_original_overwrites_are_kept() -> None:
    original = {GUILD: Overwrite(GUILD, allow=VIEW, deny=SEND | CONNECT), OBSERVER: Overwrite(OBSERVER, deny=SPEAK)}
    found = by_target(overwrites_for(PLENARY, AUDIENCE, original, stage=False))
    # @everyone: Connect is left as the channel had it (denied), Speak denied, View and Send untouched.
    assert found[GUILD] == (VIEW, SEND | CONNECT | SPEAK)
    assert found[OBSERVER] == (CONNECT, SPEAK)
    opened = by_target(overwrites_for(OPEN, AUDIENCE, original, stage=False))
    assert opened[GUILD] == (VIEW | CONNECT | SPEAK, SEND)


def test_on_a_stage_request_to_speak_follows_speak() -> None:
    found = by_target(overwrites_for(PLENARY, AUDIENCE, {}, stage=True))
    assert found[OBSERVER] == (CONNECT, SPEAK | REQUEST_TO_SPEAK)
    assert found[MEMBER] == (CONNECT | SPEAK | REQUEST_TO_SPEAK, 0)


def test_a_role_that_is_both_observer_and_participant_takes_part() -> None:
    both = Audience(GUILD, frozenset({OBSERVER, MEMBER}), frozenset({MEMBER}))
    assert targets(both) == [GUILD, OBSERVER, MEMBER]
    assert by_target(overwrites_for(PLENARY, both, {}, stage=False))[MEMBER] == (CONNECT | SPEAK, 0)


def test_closed_items_close_the_channel_and_who_has_to_leave() -> None:
    assert effective_mode(PLENARY, item_closed=True) == CLOSED
    assert effective_mode(None, item_closed=True) == CLOSED
    assert effective_mode(PLENARY, item_closed=False) == PLENARY
    assert effective_mode(None, item_closed=False) is None
    assert must_leave(CLOSED, [OBSERVER], AUDIENCE, is_admin=False)
    assert must_leave(CLOSED, [], AUDIENCE, is_admin=False)
    assert not must_leave(CLOSED, [OBSERVER, MEMBER], AUDIENCE, is_admin=False)
    assert not must_leave(CLOSED, [OBSERVER], AUDIENCE, is_admin=True)
    assert not must_leave(PLENARY, [OBSERVER], AUDIENCE, is_admin=False)


def test_modes_are_read_in_any_case_and_others_refused() -> None:
    assert check_mode(" Plenary ") == PLENARY
    with pytest.raises(InvalidInput, match="not a meeting mode"):
        check_mode("secret")
