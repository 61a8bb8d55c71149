"""What the configuration holds: one frozen dataclass per section, with the defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.domain.diversity import DEFAULT_REGIONS
from bot.domain.permissions import Role

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///convener.db"
DEFAULT_AGENDA_TEMPLATE = (
    "Intro/Logistics/Admin",
    "Review of action items",
    "Next steps/future agenda items",
    "AOB",
)


class ConfigError(Exception):
    """A configuration value is missing or not allowed; the message names the key."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"config: {key}: {problem}")
        self.key = key
        self.problem = problem


@dataclass(frozen=True)
class BotConfig:
    token: str | None = None
    guild_ids: tuple[int, ...] = ()
    default_timezone: str = "UTC"
    log_level: str = "INFO"
    group_name: str | None = None  # None: the Discord server's name
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    forget_on_leave: bool = False


@dataclass(frozen=True)
class DiscordEndpoint:
    api_base: str | None = None
    gateway_url: str | None = None


@dataclass(frozen=True)
class DatabaseConfig:
    url: str = DEFAULT_DATABASE_URL
    echo: bool = False
    # How long a change waits for SQLite while another process holds its write lock before giving up.
    write_wait: timedelta = timedelta(seconds=30)
    # How long settings and profiles read by every interaction are reused; bounds how late this process sees
    # another process's change to them (its own changes are seen at once). Zero turns the cache off.
    cache_ttl: timedelta = timedelta(seconds=10)


@dataclass(frozen=True)
class RoleNames:
    chair: str = "Chair"
    secretariat: str = "Secretariat"
    member: str = "Member"
    observer: str = "Observer"

    def by_role(self) -> dict[Role, str]:
        """The Discord role name that means each convener role until a server maps its own (/setup roles)."""
        return {Role.CHAIR: self.chair, Role.SECRETARIAT: self.secretariat, Role.MEMBER: self.member,
                Role.OBSERVER: self.observer}


@dataclass(frozen=True)
class ChannelNames:
    announcements: str = "announcements"
    minutes: str = "minutes"


@dataclass(frozen=True)
class ReminderConfig:
    meeting_offsets: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=1))
    poll_last_call: timedelta = timedelta(hours=24)
    action_due: timedelta = timedelta(hours=24)
    grace_period: timedelta = timedelta(hours=6)
    lease: timedelta = timedelta(minutes=5)
    max_attempts: int = 5
    poll_interval: timedelta = timedelta(seconds=30)
    send_concurrency: int = 8
    # How members are reminded until they choose with /profile reminders: "dm", "channel" or "off".
    member_delivery: str = "channel"
    # Direct messages are paced below Discord's global limit of 50 requests per second (a first DM to a
    # member costs two: opening the DM channel, then the message).
    dm_per_second: float = 15.0
    dm_concurrency: int = 4


@dataclass(frozen=True)
class PollConfig:
    quorum_share: float = 0.5
    remind_cooldown: timedelta = timedelta(hours=12)
    fair_hours_start: int = 7
    fair_hours_end: int = 22
    tally_edit_interval: float = 1.0
    max_slots: int = 1000


@dataclass(frozen=True)
class MeetingConfig:
    default_duration: timedelta = timedelta(minutes=60)
    auto_start: bool = False
    series_horizon: int = 3
    # A live meeting nobody ended is ended this long after its planned end, once its voice channel is empty.
    auto_end: bool = True
    auto_end_after: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class AgendaConfig:
    template: tuple[str, ...] = DEFAULT_AGENDA_TEMPLATE


@dataclass(frozen=True)
class ParticipationConfig:
    regions: tuple[str, ...] = DEFAULT_REGIONS


@dataclass(frozen=True)
class DraftingConfig:
    deadline_reminders: tuple[timedelta, ...] = (timedelta(days=7), timedelta(days=1))
    comment_period: timedelta = timedelta(days=7)
    minutes_overdue_after: timedelta = timedelta(days=7)  # zero: never remind


@dataclass(frozen=True)
class WebConfig:
    """The calendar-feed server: off unless ``listen`` is set."""

    listen: str | None = None  # "127.0.0.1:8080"
    public_url: str | None = None  # "https://convener.example.org" (what members' feed URLs start with)

    @property
    def host_port(self) -> tuple[str, int] | None:
        if not self.listen:
            return None
        host, _, port = self.listen.rpartition(":")
        return host.strip("[]") or "0.0.0.0", int(port)


@dataclass(frozen=True)
class Config:
    bot: BotConfig = field(default_factory=BotConfig)
    endpoint: DiscordEndpoint = field(default_factory=DiscordEndpoint)
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    roles: RoleNames = field(default_factory=RoleNames)
    channels: ChannelNames = field(default_factory=ChannelNames)
    reminders: ReminderConfig = field(default_factory=ReminderConfig)
    polls: PollConfig = field(default_factory=PollConfig)
    meetings: MeetingConfig = field(default_factory=MeetingConfig)
    agenda: AgendaConfig = field(default_factory=AgendaConfig)
    participation: ParticipationConfig = field(default_factory=ParticipationConfig)
    drafting: DraftingConfig = field(default_factory=DraftingConfig)
    web: WebConfig = field(default_factory=WebConfig)

