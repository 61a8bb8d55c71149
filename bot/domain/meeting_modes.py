"""Meeting modes and what they mean for the meeting's voice or stage channel (seeds 002 and 004).

- a *plenary* is open to observers without the right to speak: observers (and anyone else in the server) may
  connect but not speak; members, chairs and the secretariat speak;
- a *closed* working meeting is for members only: observers (and anyone else) may not connect;
- an *open consultation* lets anyone in the server join and speak.

A closed agenda item makes the channel closed while the meeting is on it. The mode is enforced through
channel permission overwrites on roles (@everyone, the observer roles, the participants' roles), touching
only the Connect and Speak bits (and Request to Speak on a stage) of what was there before, so that the
channel's own settings come back exactly when the meeting ends.

Pure code: no Discord, no storage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.errors import InvalidInput
from bot.i18n import _

PLENARY, CLOSED, OPEN = "plenary", "closed", "open"
MODES = (PLENARY, CLOSED, OPEN)

# Discord permission bits (topics-permissions.mdx).
CONNECT = 1 << 20
SPEAK = 1 << 21
REQUEST_TO_SPEAK = 1 << 32
ROLE_TARGET = 0


@dataclass(frozen=True)
class Overwrite:
    """A role's permission overwrite on a channel; ``allow`` and ``deny`` are permission bit sets."""

    target_id: int
    allow: int = 0
    deny: int = 0

    @property
    def empty(self) -> bool:
        return not (self.allow or self.deny)


@dataclass(frozen=True)
class Audience:
    """Who is who on the channel: the server's @everyone role (its id is the server's), the observer roles and
    the roles of those who take part in full (members, chairs, secretariat)."""

    everyone_id: int
    observer_roles: frozenset[int]
    participant_roles: frozenset[int]

    @property
    def observers(self) -> frozenset[int]:
        # A role mapped both ways takes part: the stronger right wins, as it does for a member's role.
        return self.observer_roles - self.participant_roles - {self.everyone_id}

    @property
    def participants(self) -> frozenset[int]:
        return self.participant_roles - {self.everyone_id}


def check_mode(mode: str) -> str:
    value = mode.strip().casefold()
    if value not in MODES:
        raise InvalidInput(_("`{mode}` is not a meeting mode; use plenary, closed or open.", mode=mode[:20]))
    return value


def effective_mode(meeting_mode: str | None, item_closed: bool) -> str | None:
    """The mode the channel should have now: a closed item closes it whatever the meeting's mode."""
    return CLOSED if item_closed else meeting_mode


# (connect, speak) for each kind of target: True allows, False denies, None leaves the bit as it was.
_RULES: dict[str, dict[str, tuple[bool | None, bool | None]]] = {
    PLENARY: {"everyone": (None, False), "observer": (True, False), "participant": (True, True)},
    CLOSED: {"everyone": (False, None), "observer": (False, None), "participant": (True, True)},
    OPEN: {"everyone": (True, True), "observer": (True, True), "participant": (True, True)},
}


def _kinds(audience: Audience) -> list[tuple[int, str]]:
    targets = [(audience.everyone_id, "everyone")]
    targets += [(role, "observer") for role in sorted(audience.observers)]
    targets += [(role, "participant") for role in sorted(audience.participants)]
    return targets


def targets(audience: Audience) -> list[int]:
    """Every role whose overwrite a mode may change (what must be kept to restore the channel)."""
    return [target for target, _ in _kinds(audience)]


def _set(bits: int, allow: int, deny: int, value: bool | None) -> tuple[int, int]:
    if value is None:
        return allow, deny
    if value:
        return allow | bits, deny & ~bits
    return allow & ~bits, deny | bits


def overwrites_for(mode: str, audience: Audience, original: Mapping[int, Overwrite], *,
                   stage: bool) -> list[Overwrite]:
    """The overwrites that enforce ``mode``, each built from the role's original overwrite (missing: none) by
    changing only the Connect and Speak bits; Request to Speak follows Speak on a stage channel."""
    speak_bits = SPEAK | (REQUEST_TO_SPEAK if stage else 0)
    rules = _RULES[mode]
    result = []
    for target, kind in _kinds(audience):
        connect, speak = rules[kind]
        before = original.get(target, Overwrite(target))
        allow, deny = _set(CONNECT, before.allow, before.deny, connect)
        allow, deny = _set(speak_bits, allow, deny, speak)
        result.append(Overwrite(target, allow, deny))
    return result


def must_leave(mode: str | None, member_roles: Iterable[int], audience: Audience, *, is_admin: bool) -> bool:
    """Whether someone connected to the channel has to leave it now: in a closed meeting (or item) everyone
    but the participants. Administrators pass every overwrite, so they are never moved."""
    if mode != CLOSED or is_admin:
        return False
    return not set(member_roles) & audience.participants
