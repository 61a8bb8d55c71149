"""Which convener roles a member holds, from their Discord roles and the server's mapping."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum


class Role(StrEnum):
    CHAIR = "chair"
    SECRETARIAT = "secretariat"
    MEMBER = "member"
    OBSERVER = "observer"


def roles_of(
    member_role_ids: Iterable[int],
    guild_role_names: Mapping[int, str],
    role_map: Mapping[str, Iterable[int]],
    default_names: Mapping[Role, str],
    *,
    is_admin: bool = False,
) -> frozenset[Role]:
    """Convener roles for a member.

    An explicit mapping (``/setup roles``) wins for the roles it names; otherwise a Discord role whose
    name matches the default (case-insensitive, e.g. "Chair") counts. Server administrators can always
    act as chair so that a fresh server can be configured.
    """
    held = set(member_role_ids)
    result: set[Role] = set()
    for role in Role:
        mapped = set(role_map.get(role.value, ()))
        if mapped:
            if held & mapped:
                result.add(role)
            continue
        wanted = default_names[role].casefold()
        if any(guild_role_names.get(rid, "").casefold() == wanted for rid in held):
            result.add(role)
    if is_admin:
        result.add(Role.CHAIR)
    return frozenset(result)


def can_chair(roles: frozenset[Role]) -> bool:
    return Role.CHAIR in roles


def can_secretariat(roles: frozenset[Role]) -> bool:
    """Secretariat tasks (exports, reports) are open to the secretariat and to chairs."""
    return bool(roles & {Role.SECRETARIAT, Role.CHAIR})


def role_ids(
    role: Role,
    guild_role_names: Mapping[int, str],
    role_map: Mapping[str, Iterable[int]],
    default_names: Mapping[Role, str],
) -> frozenset[int]:
    """The Discord roles that give a convener role, by the same rule as ``roles_of``: the mapping when it names
    the role, else the roles whose name is the default."""
    mapped = frozenset(role_map.get(role.value, ()))
    if mapped:
        return mapped & frozenset(guild_role_names)
    wanted = default_names[role].casefold()
    return frozenset(rid for rid, name in guild_role_names.items() if name.casefold() == wanted)
