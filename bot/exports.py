"""`convener export`: the secretariat's files straight from the database, without Discord.

    convener export list [--guild 123]
    convener export attendance --guild 123 --meeting 42 [--format csv|markdown] [--out DIR]
    convener export attendance --guild 123 --from 2026-09-01 --to 2026-11-30 [--format csv|markdown] [--out DIR]

The first lists the servers and their meetings with ids; the second writes one meeting's attendance list;
the third the participation report (table + bar chart), exactly as `/attendance export` and
`/attendance report` attach them on Discord.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Config
from bot.errors import UserError
from bot.i18n import using
from bot.render.catalog import listing_hint, nothing_stored, server_listing, unknown_server

if TYPE_CHECKING:  # the rest loads only when an export runs, so that `convener --help` answers at once
    from bot.services import Services
    from bot.services.ports import OutFile


def add_arguments(export: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    what = export.add_subparsers(dest="what", required=True, metavar="WHAT")
    listing = what.add_parser("list", parents=[common], help="the servers in the database and their meetings",
                              description="Every server the database knows, and each one's meetings with the "
                                          "ids, start times and titles that `export attendance` takes.")
    listing.add_argument("--guild", type=int, metavar="ID", help="only this Discord server (guild) id")
    parser = what.add_parser("attendance", parents=[common], help="a meeting's attendance list, or a report",
                             description="One meeting's attendance list (--meeting), or the participation "
                                         "report over a period (--from/--to).")
    parser.add_argument("--guild", type=int, required=True, metavar="ID", help="the Discord server (guild) id")
    scope = parser.add_mutually_exclusive_group(required=True)
    scope.add_argument("--meeting", type=int, metavar="ID", help="one meeting's attendance list")
    scope.add_argument("--from", dest="start", metavar="DATE",
                       help="first day of a participation report (with --to), e.g. 2026-09-01, '1 Sep', "
                            "'3 months ago'; read in the server's time zone")
    parser.add_argument("--to", dest="end", metavar="DATE", help="last day of the report (inclusive), e.g. today")
    parser.add_argument("--format", choices=["csv", "markdown"], default="csv",
                        help="table format (default csv); reports always add a PNG bar chart")
    parser.add_argument("--out", default=".", metavar="DIR", help="folder to write into (default: current folder)")


def _fail(message: str) -> int:
    print(f"convener export: {message}", file=sys.stderr)
    return 2


async def _files(services: Services, args: argparse.Namespace) -> list[OutFile]:
    if args.meeting is not None:
        return [await services.attendance.export(args.guild, args.meeting, args.format)]
    period = await services.attendance.read_period(args.guild, args.start, args.end)
    for note in period.notes:
        print(f"convener export: {note}", file=sys.stderr)
    report = await services.attendance.report(args.guild, period.start, period.end)
    with using(await services.settings.language(args.guild)):  # the files are the server's, as on Discord
        return await services.attendance.report_files(report, args.format)


@contextlib.asynccontextmanager
async def _services(config: Config) -> AsyncIterator[Services]:
    """Services on the configured database, once it is known to exist and be migrated (nothing is created)."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.clock import SystemClock
    from bot.services import ServiceContext, Services
    from storage.db import Database

    logging.getLogger("alembic").setLevel(logging.WARNING)  # its start-up chatter is noise here
    database = Database(config.database.url)
    ctx = ServiceContext(db=database, clock=SystemClock(), config=config,
                         scheduler=AsyncIOScheduler(timezone="UTC"), worker_id="convener-export")
    try:
        await database.ensure_ready()
        yield Services(ctx)
    finally:
        await database.dispose()


async def _list(config: Config, args: argparse.Namespace) -> int:
    from storage.problems import safe_url

    async with _services(config) as services:
        servers = await services.catalog.servers(args.guild)
    if not servers:
        if args.guild is not None:
            return _fail(unknown_server(args.guild))
        print(nothing_stored(safe_url(config.database.url)))
        return 0
    print(server_listing(servers))
    print(f"\n{listing_hint(servers)}")
    return 0


async def run_export(config: Config, args: argparse.Namespace) -> int:
    if args.what == "list":
        return await _list(config, args)
    if args.meeting is not None and args.end is not None:
        return _fail("--to goes with --from, not with --meeting")
    if args.start is not None and args.end is None:
        return _fail("--from needs --to (the last day of the report)")
    out = Path(args.out)
    if await asyncio.to_thread(lambda: out.exists() and not out.is_dir()):
        return _fail(f"--out {out} is a file, not a folder")
    try:
        async with _services(config) as services:
            files = await _files(services, args)
    except UserError as exc:
        print(f"convener export: {exc.message}", file=sys.stderr)
        return 1
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
