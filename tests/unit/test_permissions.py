from __future__ import annotations

from bot.domain.permissions import Role, can_chair, can_secretariat, roles_of

DEFAULTS = {Role.CHAIR: "Chair", Role.SECRETARIAT: "Secretariat", Role.MEMBER: "Member", Role.OBSERVER: "Observer"}
GUILD_ROLES = {1: "Chair", 2: "member", 3: "Observer", 4: "Secretariat", 5: "Co-chairs"}


def test_default_role_names_match_case_insensitively() -> None:
    assert roles_of([2], GUILD_ROLES, {}, DEFAULTS) == {Role.MEMBER}
    assert roles_of([1, 3], GUILD_ROLES, {}, DEFAULTS) == {Role.CHAIR, Role.OBSERVER}
    assert roles_of([], GUILD_ROLES, {}, DEFAULTS) == frozenset()


def test_explicit_mapping_replaces_the_default_name() -> None:
    mapping = {"chair": [5]}
    assert roles_of([5], GUILD_ROLES, mapping, DEFAULTS) == {Role.CHAIR}
    # The role literally named "Chair" no longer grants chair once a mapping exists.
    assert roles_of([1], GUILD_ROLES, mapping, DEFAULTS) == frozenset()


def test_administrators_can_always_chair() -> None:
    roles = roles_of([], GUILD_ROLES, {}, DEFAULTS, is_admin=True)
    assert can_chair(roles) and can_secretariat(roles)


def test_secretariat_and_chair_rules() -> None:
    member = roles_of([2], GUILD_ROLES, {}, DEFAULTS)
    secretariat = roles_of([4], GUILD_ROLES, {}, DEFAULTS)
    assert not can_chair(member) and not can_secretariat(member)
    assert can_secretariat(secretariat) and not can_chair(secretariat)
