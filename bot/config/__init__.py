"""Configuration: a TOML file (optional) plus environment overrides, loaded into frozen dataclasses.

``schema`` holds the dataclasses and defaults, ``sections`` reads and checks one section each, ``loading`` finds
the file and assembles them. The bot token is never read from the file: only ``DISCORD_TOKEN`` carries it.
"""

from bot.config.loading import from_mapping, load
from bot.config.schema import (
    DEFAULT_AGENDA_TEMPLATE,
    DEFAULT_DATABASE_URL,
    AgendaConfig,
    BotConfig,
    ChannelNames,
    Config,
    ConfigError,
    DatabaseConfig,
    DiscordEndpoint,
    DraftingConfig,
    MeetingConfig,
    ParticipationConfig,
    PollConfig,
    ReminderConfig,
    RoleNames,
    WebConfig,
)
from bot.config.sections import PERSONAL_KEYS, check_timezone, parse_duration

__all__ = [
    "DEFAULT_AGENDA_TEMPLATE", "DEFAULT_DATABASE_URL", "PERSONAL_KEYS", "AgendaConfig", "BotConfig", "ChannelNames",
    "Config", "ConfigError", "DatabaseConfig", "DiscordEndpoint", "DraftingConfig", "MeetingConfig",
    "ParticipationConfig", "PollConfig", "ReminderConfig", "RoleNames", "WebConfig", "check_timezone",
    "from_mapping", "load", "parse_duration",
]
