"""The `convener` command line when things go wrong: one line saying what and what to do, a non-zero exit
code, nothing created by a command that failed, and the traceback only with --verbose."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import discord
import pytest

from bot.__main__ import main
from bot.sandbox.process import convener_command
from tests.conftest import PG_URL


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No config file, no database URL from the environment: what a newcomer starts with."""
    for name in ("CONVENER_CONFIG", "CONVENER_DATABASE_URL", "DISCORD_TOKEN", "CONVENER_API_BASE",
                 "CONVENER_GATEWAY_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def use_database(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("CONVENER_DATABASE_URL", url)


def failure(capsys: pytest.CaptureFixture[str]) -> str:
    """What the command printed on stderr, checked to be one line without a traceback."""
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A local port bound but not listening: connecting to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == "convener 0.1.0"


def test_export_with_no_database_file_says_so_and_creates_nothing(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    use_database(monkeypatch, f"sqlite+aiosqlite:///{workdir / 'convener.db'}")
    assert main(["export", "attendance", "--guild", "1", "--meeting", "1", "--out", "files"]) == 1
    line = failure(capsys)
    assert line.startswith(f"convener export: there is no database at {workdir / 'convener.db'};")
    assert list(workdir.iterdir()) == []


def test_export_from_a_database_without_tables_says_to_migrate(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "convener.db").write_bytes(b"")
    use_database(monkeypatch, f"sqlite+aiosqlite:///{workdir / 'convener.db'}")
    for args in (["attendance", "--guild", "1", "--meeting", "1", "--out", "files"], ["list"]):
        assert main(["export", *args]) == 1
        assert "has no convener tables yet; run `convener migrate` first" in failure(capsys)
    assert sorted(p.name for p in workdir.iterdir()) == ["convener.db"]  # no output folder, no file


def test_migrate_with_postgresql_unreachable(workdir: Path, monkeypatch: pytest.MonkeyPatch, closed_port: int,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    use_database(monkeypatch, f"postgresql+asyncpg://convener:s3cret@127.0.0.1:{closed_port}/convener")
    assert main(["migrate"]) == 1
    line = failure(capsys)
    assert line.startswith(f"convener migrate: cannot reach the database at "
                           f"postgresql+asyncpg://convener:***@127.0.0.1:{closed_port}/convener: the connection "
                           "was refused (is the server running?)")
    assert "s3cret" not in line


@pytest.mark.skipif(not PG_URL, reason="set CONVENER_TEST_PG_URL to run PostgreSQL tests")
def test_migrate_with_a_postgresql_database_that_does_not_exist(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert PG_URL is not None
    use_database(monkeypatch, PG_URL.rsplit("/", 1)[0] + "/convener_no_such_database")
    assert main(["migrate"]) == 1
    assert 'database "convener_no_such_database" does not exist' in failure(capsys)


@pytest.mark.parametrize(("where", "problem"), [
    ("missing/convener.db", "the folder {folder} does not exist"),
    ("a-file/convener.db", "{folder} is not a folder"),
])
def test_migrate_with_an_unusable_sqlite_path(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str], where: str, problem: str) -> None:
    (workdir / "a-file").write_text("not a folder")
    path = workdir / where
    use_database(monkeypatch, f"sqlite+aiosqlite:///{path}")
    assert main(["migrate"]) == 1
    assert failure(capsys).startswith(f"convener migrate: cannot create the SQLite database {path}: "
                                      + problem.format(folder=path.parent))


def test_migrate_to_an_unknown_revision(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    use_database(monkeypatch, f"sqlite+aiosqlite:///{workdir / 'convener.db'}")
    assert main(["migrate", "--revision", "nosuch"]) == 1
    line = failure(capsys)
    assert line.startswith("convener migrate: there is no migration 'nosuch'; use one of ")
    assert "head (the newest) or base" in line


def test_downgrade_needs_a_revision(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    use_database(monkeypatch, f"sqlite+aiosqlite:///{workdir / 'convener.db'}")
    assert main(["migrate", "--downgrade"]) == 2
    assert failure(capsys) == ("convener migrate: --downgrade needs --revision: a migration id, or 'base' to "
                               "remove every table")
    assert not (workdir / "convener.db").exists()


def test_migrate_down_and_up_again(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    use_database(monkeypatch, f"sqlite+aiosqlite:///{workdir / 'convener.db'}")
    assert main(["migrate"]) == 0
    assert main(["migrate", "--downgrade", "--revision", "base"]) == 0
    assert main(["export", "list"]) == 1
    assert "no convener tables" in capsys.readouterr().err
    assert main(["migrate", "--revision", "head"]) == 0
    assert main(["export", "list"]) == 0


def test_verbose_adds_the_traceback(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    use_database(monkeypatch, f"sqlite+aiosqlite:///{workdir / 'convener.db'}")
    assert main(["migrate", "--revision", "nosuch", "--verbose"]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert err.splitlines()[-1].startswith("convener migrate: there is no migration 'nosuch'")
    assert main(["migrate", "--revision", "nosuch"]) == 1
    assert failure(capsys).endswith("(--verbose for the traceback)")


@pytest.mark.parametrize(("args", "env", "key"), [
    (["--config", "nope.toml"], {}, "--config"),
    ([], {"CONVENER_CONFIG": "nope.toml"}, "CONVENER_CONFIG"),
])
def test_a_missing_config_file_names_where_its_name_came_from(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str],
        env: dict[str, str], key: str) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main([*args, "migrate"]) == 2
    assert failure(capsys) == f"convener: config: {key}: file 'nope.toml' does not exist"


@pytest.mark.parametrize(("written", "zone"), [("Europe/Geneva", "Europe/Zurich"), ("geneva", "Europe/Zurich"),
                                               ("america/new_york", "America/New_York"), ("Tokyo", "Asia/Tokyo")])
def test_the_config_reads_time_zones_as_the_commands_do(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str], written: str,
                                                        zone: str) -> None:
    from bot.config import load
    from bot.services.profiles import validate_zone

    (workdir / "config.toml").write_text(f'[bot]\ndefault_timezone = "{written}"\n', encoding="utf-8")
    use_database(monkeypatch, f"sqlite+aiosqlite:///{workdir / 'convener.db'}")
    assert main(["--config", "config.toml", "migrate"]) == 0
    assert load("config.toml").bot.default_timezone == zone == validate_zone(written)


def test_a_config_time_zone_nobody_knows_is_refused(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "config.toml").write_text('[bot]\ndefault_timezone = "Mars/Olympus"\n', encoding="utf-8")
    assert main(["migrate"]) == 2
    assert failure(capsys) == ("convener: config: bot.default_timezone: 'Mars/Olympus' is not a time zone; use an "
                               "IANA name such as 'Europe/Zurich' or 'America/New_York'")


def run_convener(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*convener_command(), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


def test_run_without_a_network(tmp_path: Path, closed_port: int) -> None:
    """A real `convener run` process whose Discord endpoint refuses connections."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONVENER_", "DISCORD_"))}
    env |= {"DISCORD_TOKEN": "token", "CONVENER_API_BASE": f"http://127.0.0.1:{closed_port}/api/v10",
            "CONVENER_GATEWAY_URL": f"ws://127.0.0.1:{closed_port}/gateway",
            "CONVENER_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'convener.db'}"}
    quiet = run_convener("run", env=env, cwd=tmp_path)
    assert quiet.returncode == 1
    assert "Traceback" not in quiet.stderr and "voice will NOT be supported" not in quiet.stderr, quiet.stderr
    assert quiet.stderr.splitlines()[-1] == (
        f"convener run: cannot reach Discord at http://127.0.0.1:{closed_port}/api/v10: Cannot connect to host "
        f"127.0.0.1:{closed_port} ssl:default [Connect call failed ('127.0.0.1', {closed_port})]; check the "
        "network connection (--verbose for the traceback)")
    verbose = run_convener("run", "--verbose", env=env, cwd=tmp_path)
    assert verbose.returncode == 1 and "Traceback (most recent call last)" in verbose.stderr


def test_usage_mistakes_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["export"])
    assert done.value.code == 2
    assert "convener export: error:" in capsys.readouterr().err


def test_a_failing_export_prints_exactly_one_line(tmp_path: Path) -> None:
    """In a real process, with logging as `convener` sets it up: no library chatter around the one line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONVENER_", "DISCORD_"))}
    env["CONVENER_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'convener.db'}"
    done = run_convener("export", "attendance", "--guild", "1", "--meeting", "1", env=env, cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"convener export: there is no database at {tmp_path / 'convener.db'}; set CONVENER_DATABASE_URL (or "
        "database.url) to the bot's database, or run `convener migrate` to create one (--verbose for the traceback)"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("error", "expected"), [
    (discord.LoginFailure("Improper token has been passed."),
     "Discord did not accept the token in DISCORD_TOKEN; copy a fresh one (Bot → Reset Token)"),
    (discord.PrivilegedIntentsRequired(None), "Discord refused the connection because the Server Members intent is "
     "off; enable it under Bot → Privileged Gateway Intents in the developer portal"),
    (discord.GatewayNotFound(), "Discord's gateway could not be found (a Discord outage?); try again later"),
])
def test_discord_refusals_in_one_line(error: Exception, expected: str) -> None:
    """Also when discord.py raised them as the cause of another exception."""
    from bot.cli_failures import explain
    from bot.config import Config

    try:
        raise RuntimeError("while starting") from error
    except RuntimeError as wrapped:
        assert explain(wrapped, Config()) == explain(error, Config()) == expected
    assert explain(ValueError("first line\nsecond line"), Config()) == "unexpected ValueError: first line"


def test_gateway_retries_are_logged_in_one_line() -> None:
    from bot.cli_failures import QuietDiscord

    try:
        raise ConnectionResetError("Connection reset by peer")
    except ConnectionResetError:
        record = logging.LogRecord("discord.client", logging.ERROR, __file__, 1, "Attempting a reconnect in %.2fs",
                                   (2.5,), sys.exc_info())
    assert QuietDiscord().filter(record) and record.exc_info is None
    assert record.getMessage() == "Attempting a reconnect in 2.50s (Connection reset by peer)"
    voice = logging.LogRecord("discord.client", logging.WARNING, __file__, 1,
                              "PyNaCl is not installed, voice will NOT be supported", (), None)
    assert not QuietDiscord().filter(voice)
