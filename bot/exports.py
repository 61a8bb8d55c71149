"""`convener export attendance`: the secretariat's files straight from the database, without Discord.

    convener export attendance --guild 123 --meeting 42 [--format csv|markdown] [--out DIR]
    convener export attendance --guild 123 --from 2026-09-01 --to 2026-11-30 [--format csv|markdown] [--out DIR]

The first writes one meeting's attendance list; the second the participation report (table + bar chart),
exactly as `/attendance export` and `/attendance report` attach them on Discord.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import SystemClock
from bot.config import Config
from bot.domain.attendance import parse_day
from bot.errors import UserError
from bot.services import ServiceContext, Services
from bot.services.ports import OutFile
from storage.db import Database


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=["attendance"], help="what to export")
    parser.add_argument("--guild", type=int, required=True, metavar="ID", help="the Discord server (guild) id")
    scope = parser.add_mutually_exclusive_group(required=True)
    scope.add_argument("--meeting", type=int, metavar="ID", help="one meeting's attendance list")
    scope.add_argument("--from", dest="start", metavar="YYYY-MM-DD",
                       help="first day of a participation report (with --to)")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day of the report (inclusive)")
    parser.add_argument("--format", choices=["csv", "markdown"], default="csv",
                        help="table format (default csv); reports always add a PNG bar chart")
    parser.add_argument("--out", default=".", metavar="DIR", help="folder to write into (default: current folder)")


def _fail(message: str) -> int:
    print(f"convener export: {message}", file=sys.stderr)
    return 2


async def _files(services: Services, args: argparse.Namespace) -> list[OutFile]:
    if args.meeting is not None:
        return [await services.attendance.export(args.guild, args.meeting, args.format)]
    start, end = parse_day(args.start, "--from date"), parse_day(args.end, "--to date")
    report = await services.attendance.report(args.guild, start, end)
    return await services.attendance.report_files(report, args.format)


async def run_export(config: Config, args: argparse.Namespace) -> int:
    if args.meeting is not None and args.end is not None:
        return _fail("--to goes with --from, not with --meeting")
    if args.start is not None and args.end is None:
        return _fail("--from needs --to (the last day of the report)")
    out = Path(args.out)
    if await asyncio.to_thread(lambda: out.exists() and not out.is_dir()):
        return _fail(f"--out {out} is a file, not a folder")
    database = Database(config.database.url)
    ctx = ServiceContext(db=database, clock=SystemClock(), config=config,
                         scheduler=AsyncIOScheduler(timezone="UTC"), worker_id="convener-export")
    try:
        files = await _files(Services(ctx), args)
    except UserError as exc:
        print(f"convener export: {exc.message}", file=sys.stderr)
        return 1
    finally:
        await database.dispose()
    for path in await asyncio.to_thread(_write, out, files):
        print(path)
    return 0


def _write(out: Path, files: list[OutFile]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for file in files:
        path = out / file.filename
        path.write_bytes(file.data)
        paths.append(path)
    return paths
