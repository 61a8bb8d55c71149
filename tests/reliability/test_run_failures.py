"""`convener run` against the stand-in when its database cannot be used: it says so in one line and exits."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.sandbox import Sandbox
from bot.sandbox.process import BotProcess


async def test_run_with_an_unusable_database_exits_with_one_line(sandbox: Sandbox, tmp_path: Path,
                                                                processes: list[BotProcess]) -> None:
    (tmp_path / "taken").write_text("a file where the database folder should be")
    path = tmp_path / "taken" / "convener.db"
    process = BotProcess(sandbox.standin, f"sqlite+aiosqlite:///{path}", tmp_path)
    processes.append(process)
    await process.spawn()
    assert process.process is not None
    assert await asyncio.wait_for(process.process.wait(), 60) == 1
    output = process.output()
    assert "Traceback" not in output, output
    assert output.strip().splitlines()[-1] == (
        f"convener run: cannot create the SQLite database {path}: {path.parent} is not a folder "
        "(--verbose for the traceback)")
