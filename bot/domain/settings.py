"""A server's stored setup and a member's profile, as values: storage reads and writes them, services derive
what they show (defaults from the config, the server's current name) from them."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class ServerSettings:
    """What /setup stored for a server; None where nothing was chosen (the config's default applies)."""

    timezone: str | None = None
    role_map: tuple[tuple[str, tuple[int, ...]], ...] = ()  # convener role -> Discord role ids, in stored order
    announcements_channel_id: int | None = None
    minutes_channel_id: int | None = None
    meeting_offsets: tuple[int, ...] | None = None  # seconds before a meeting
    group_name: str | None = None
    language: str | None = None
    server_name: str | None = None

    def roles(self) -> dict[str, list[int]]:
        return {k: list(v) for k, v in self.role_map}

    def with_role(self, role: str, discord_role_ids: list[int]) -> ServerSettings:
        """``role`` mapped to these Discord roles (unmapped when there are none), the others kept in order."""
        mapping = dict(self.role_map)
        if discord_role_ids:
            mapping[role] = tuple(sorted(set(discord_role_ids)))
        else:
            mapping.pop(role, None)
        return replace(self, role_map=tuple(mapping.items()))


@dataclass(frozen=True)
class Profile:
    user_id: int
    timezone: str | None = None
    display_name: str | None = None
    stakeholder_group: str | None = None
    language: str | None = None

    @property
    def empty(self) -> bool:
        return self == Profile(self.user_id)
