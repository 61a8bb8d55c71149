"""The out-of-process bot fixture itself: its config file, and a process that cannot start says why."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.config import from_mapping
from bot.sandbox import Sandbox
from bot.sandbox.process import BotProcess, BotProcessError, TomlValue, toml_document


def test_the_config_file_is_toml_that_convener_reads() -> None:
    tricky = 'WG "MWP" \\ 2026\nnext'
    sections: dict[str, dict[str, TomlValue]] = {
        "bot": {"guild_ids": [1, 2], "forget_on_leave": True, "group_name": tricky},
        "reminders": {"poll_interval": "1s"}, "polls": {"quorum_share": 0.75}}
    parsed = tomllib.loads(toml_document(sections))
    assert parsed == sections
    config = from_mapping(parsed, env={})
    assert config.bot.guild_ids == (1, 2) and config.polls.quorum_share == 0.75


async def test_a_process_that_cannot_start_reports_its_log(sandbox: Sandbox, tmp_path: Path,
                                                           processes: list[BotProcess]) -> None:
    process = BotProcess(sandbox.standin, f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", tmp_path,
                         config={"polls": {"quorum_share": 7}})
    processes.append(process)
    with pytest.raises(BotProcessError) as failure:
        await process.start(timeout=30)
    assert "exited with status 2" in str(failure.value)
    assert "polls.quorum_share" in str(failure.value)  # the child's own message, from its log
    assert not process.running
