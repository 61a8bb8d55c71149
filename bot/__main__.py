"""The `convener` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from bot.config import Config, ConfigError, load

DESCRIPTION = """convener runs the logistics of working-group meetings on Discord:
scheduling polls, agendas, roll call, minutes and attendance lists."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="convener", description=DESCRIPTION)
    parser.add_argument("--config", help="path to a TOML config file (default: $CONVENER_CONFIG, else ./config.toml "
                                         "if present, else built-in defaults)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="connect to Discord and serve (token from $DISCORD_TOKEN)",
                         description="Connect to Discord (or to the endpoint in $CONVENER_API_BASE / "
                                     "$CONVENER_GATEWAY_URL), apply migrations and serve until stopped.")
    run.add_argument("--sync", action="store_true", help="sync slash commands even if they did not change")

    demo = sub.add_parser("demo", help="run a whole meeting cycle offline against the local Discord stand-in",
                          description="Start the local Discord stand-in, connect the real bot to it and walk "
                                      "simulated members through poll, agenda, roll call, minutes and attendance.")
    demo.add_argument("--out", help="folder for the artefacts (default: a new demo-output-* folder)")
    demo.add_argument("--keep-running", action="store_true", help="leave the stand-in and bot up for exploring")

    migrate = sub.add_parser("migrate", help="apply database migrations (also done at start-up)",
                             description="Apply alembic migrations to the configured database.")
    migrate.add_argument("--revision", default="head", help="target revision (default: head)")
    migrate.add_argument("--downgrade", action="store_true", help="downgrade to --revision instead (e.g. base)")

    export = sub.add_parser("export", help="secretariat exports without Discord (attendance lists, reports)",
                            description="Write attendance lists and participation reports straight from the "
                                        "database, for the secretariat's scripts.")
    from bot.exports import add_arguments

    add_arguments(export)
    return parser


async def _run(config: Config, sync: bool) -> int:
    if not config.bot.token:
        print("convener: DISCORD_TOKEN is not set; create a bot token in the Discord developer portal "
              "(see README, 'Run it on a real server').", file=sys.stderr)
        return 2
    from bot.app import create_bot

    bot = create_bot(config, sync=sync)
    async with bot:
        await bot.start(config.bot.token)
    return 0


async def _migrate(config: Config, revision: str, downgrade: bool) -> int:
    from storage.db import Database

    db = Database(config.database.url)
    try:
        if downgrade:
            await db.downgrade(revision)
        else:
            await db.migrate(revision)
    finally:
        await db.dispose()
    print(f"convener: database at {config.database.url} {'downgraded' if downgrade else 'migrated'} to {revision}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load(args.config)
    except ConfigError as exc:
        print(f"convener: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=config.bot.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("discord").setLevel(max(logging.INFO, logging.getLevelName(config.bot.log_level)))
    try:
        if args.command == "run":
            return asyncio.run(_run(config, args.sync))
        if args.command == "migrate":
            return asyncio.run(_migrate(config, args.revision, args.downgrade))
        if args.command == "demo":
            from bot.sandbox.demo import run_demo

            return asyncio.run(run_demo(config, out=args.out, keep_running=args.keep_running))
        from bot.exports import run_export

        return asyncio.run(run_export(config, args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
