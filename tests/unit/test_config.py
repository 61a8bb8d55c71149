from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import DEFAULT_DATABASE_URL, ConfigError, from_mapping, load, parse_duration

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_without_any_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load(env={})
    assert config.database.url == DEFAULT_DATABASE_URL
    assert config.bot.token is None
    assert config.reminders.meeting_offsets == (timedelta(hours=24), timedelta(hours=1))
    assert config.reminders.grace_period == timedelta(hours=6)
    assert config.roles.chair == "Chair"


def test_example_config_loads_and_matches_defaults() -> None:
    config = load(ROOT / "config.example.toml", env={})
    defaults = from_mapping({}, env={})
    assert config.reminders == defaults.reminders
    assert config.polls == defaults.polls
    assert config.agenda == defaults.agenda


def test_environment_overrides_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[database]\nurl = "sqlite+aiosqlite:///x.db"\n[discord]\napi_base = "http://a/api/v10"\n')
    env = {
        "DISCORD_TOKEN": "secret",
        "CONVENER_DATABASE_URL": "postgresql+asyncpg://u@h/db",
        "CONVENER_API_BASE": "http://127.0.0.1:8555/api/v10",
        "CONVENER_GATEWAY_URL": "ws://127.0.0.1:8555/gateway",
    }
    config = load(path, env=env)
    assert config.bot.token == "secret"
    assert config.database.url == "postgresql+asyncpg://u@h/db"
    assert config.endpoint.api_base == "http://127.0.0.1:8555/api/v10"
    assert config.endpoint.gateway_url == "ws://127.0.0.1:8555/gateway"


def test_config_path_from_env(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[bot]\ngroup_name = "WG-MWP"\n')
    assert load(env={"CONVENER_CONFIG": str(path)}).bot.group_name == "WG-MWP"


def test_token_is_never_read_from_the_file() -> None:
    with pytest.raises(ConfigError) as info:
        from_mapping({"bot": {"token": "abc"}}, env={})
    assert info.value.key == "bot.token"


@pytest.mark.parametrize(
    ("raw", "key", "fragment"),
    [
        ({"bot": {"default_timezone": "Mars/Olympus"}}, "bot.default_timezone", "IANA"),
        ({"bot": {"log_level": "LOUD"}}, "bot.log_level", "DEBUG"),
        ({"database": {"url": "mysql://x"}}, "database.url", "sqlite+aiosqlite"),
        ({"reminders": {"grace_period": "soon"}}, "reminders.grace_period", "duration"),
        ({"reminders": {"meeting_offsets": "24h"}}, "reminders.meeting_offsets", "list"),
        ({"polls": {"quorum_share": 1.5}}, "polls.quorum_share", "between 0"),
        ({"polls": {"max_slots": 5000}}, "polls.max_slots", "1000"),
        ({"polls": {"fair_hours_start": 23, "fair_hours_end": 7}}, "polls.fair_hours_start", "<"),
        ({"meetings": {"auto_start": "yes"}}, "meetings.auto_start", "bool"),
        ({"meetings": {"auto_end_after": "30s"}}, "meetings.auto_end_after", "between 1 minute and 12 hours"),
        ({"agenda": {"template": "AOB"}}, "agenda.template", "list"),
        ({"discord": {"gateway_url": "http://x"}}, "discord.gateway_url", "ws://"),
        ({"colours": {}}, "colours", "unknown section"),
        ({"polls": {"quorum": 0.5}}, "polls.quorum", "unknown key"),
        ({"bot": {"shard_count": True}}, "bot.shard_count", "int"),
    ],
)
def test_bad_values_name_the_key(raw: dict[str, object], key: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        from_mapping(raw, env={})
    assert info.value.key == key
    assert fragment in str(info.value)


@pytest.mark.parametrize(("text", "expected"), [("24h", timedelta(hours=24)), ("90m", timedelta(minutes=90)),
                                                ("1d 2h", timedelta(days=1, hours=2)), ("45s", timedelta(seconds=45))])
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "h", "1 hour", "-1h", "2h1d"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_duration(text)


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load(env={"CONVENER_CONFIG": str(tmp_path / "nope.toml")})
    assert "does not exist" in str(info.value)


@pytest.mark.parametrize(("content", "said"), [("[polls]\nquorum_share = 7\n", "polls.quorum_share"),
                                              ("[polls\n", "not valid TOML")])
def test_cli_bad_config_exits_2_without_traceback(tmp_path: Path, content: str, said: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content)
    result = subprocess.run([sys.executable, "-m", "bot", "--config", str(path), "migrate"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert said in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_help_explains_each_command() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for command in ("run", "demo", "migrate", "export"):
        assert command in result.stdout


def test_run_without_token_explains(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "CONVENER_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/c.db"}
    result = subprocess.run([sys.executable, "-m", "bot", "run"], capture_output=True, text=True, cwd=tmp_path,
                            env=env, timeout=60)
    assert result.returncode == 2
    assert "DISCORD_TOKEN" in result.stderr


def test_a_process_runs_a_range_of_shards_from_the_file_or_the_environment() -> None:
    cfg = from_mapping({"bot": {"shard_count": 4, "shard_ids": [3, 2]}}, env={})
    assert (cfg.bot.shard_count, cfg.bot.shard_ids) == (4, (2, 3))
    cfg = from_mapping({}, env={"CONVENER_SHARD_COUNT": "8", "CONVENER_SHARD_IDS": "0-3,6"})
    assert (cfg.bot.shard_count, cfg.bot.shard_ids) == (8, (0, 1, 2, 3, 6))
    assert from_mapping({"bot": {"shard_count": 2}}, env={}).bot.shard_ids is None  # all of them, here
    for raw, env, key in (({"bot": {"shard_ids": [0]}}, {}, "bot.shard_ids"),
                          ({"bot": {"shard_count": 2, "shard_ids": [2]}}, {}, "bot.shard_ids"),
                          ({}, {"CONVENER_SHARD_COUNT": "2", "CONVENER_SHARD_IDS": "0-x"}, "CONVENER_SHARD_IDS"),
                          ({}, {"CONVENER_SHARD_COUNT": "two"}, "CONVENER_SHARD_COUNT")):
        with pytest.raises(ConfigError) as caught:
            from_mapping(raw, env=env)
        assert caught.value.key == key


def test_the_read_cache_lives_ten_seconds_unless_told() -> None:
    assert from_mapping({}, env={}).database.cache_ttl == timedelta(seconds=10)
    assert from_mapping({"database": {"cache_ttl": "0"}}, env={}).database.cache_ttl == timedelta(0)
    assert from_mapping({"database": {"cache_ttl": "2s"}}, env={}).database.cache_ttl == timedelta(seconds=2)
    with pytest.raises(ConfigError, match="cache_ttl"):
        from_mapping({"database": {"cache_ttl": "1h"}}, env={})
