"""Configuration: a TOML file (optional) plus environment overrides, loaded into frozen dataclasses.

The bot token is never read from the file: only ``DISCORD_TOKEN`` carries it, so a config file can be
committed or shared without leaking credentials.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from bot.config.schema import Config, ConfigError
from bot.config.sections import (
    read_agenda,
    read_bot,
    read_channels,
    read_database,
    read_discord,
    read_drafting,
    read_meetings,
    read_participation,
    read_polls,
    read_reminders,
    read_roles,
    read_table,
    read_web,
)


def from_mapping(raw: dict[str, Any], env: dict[str, str] | None = None) -> Config:
    """Build a Config from parsed TOML and environment variables (env wins)."""
    env = dict(os.environ) if env is None else env
    sections = {"bot", "database", "discord", "roles", "channels", "reminders", "polls", "meetings", "agenda",
                "participation", "drafting", "web"}
    unknown = sorted(set(raw) - sections)
    if unknown:
        raise ConfigError(unknown[0], f"unknown section; allowed sections: {', '.join(sorted(sections))}")

    return Config(
        # Keyword order is evaluation order: sections are checked, and their errors raised, as the file lists them.
        bot=read_bot(raw, env), database=read_database(raw, env), endpoint=read_discord(raw, env),
        roles=read_roles(raw), channels=read_channels(raw), reminders=read_reminders(raw), polls=read_polls(raw),
        meetings=read_meetings(raw), agenda=read_agenda(raw), participation=read_participation(raw),
        drafting=read_drafting(raw), web=read_web(read_table(raw, "web", {"listen", "public_url"})),
    )


def load(path: str | Path | None = None, env: dict[str, str] | None = None) -> Config:
    """Load the config file (``path``, else ``$CONVENER_CONFIG``, else ``./config.toml`` if present)."""
    env = dict(os.environ) if env is None else env
    # A missing file is blamed on where its name came from: the --config flag or the environment.
    source, explicit = ("--config", str(path)) if path else ("CONVENER_CONFIG", env.get("CONVENER_CONFIG"))
    candidate = Path(explicit) if explicit else Path("config.toml")
    if not candidate.exists():
        if explicit:
            raise ConfigError(source, f"file {str(candidate)!r} does not exist")
        return from_mapping({}, env)
    try:
        raw = tomllib.loads(candidate.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(candidate), f"not valid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(candidate), f"cannot be read: {exc}") from exc
    return from_mapping(raw, env)
