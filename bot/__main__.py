"""The `convener` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import traceback
from collections.abc import Sequence
from importlib import metadata

from bot.config import Config, ConfigError, load

DESCRIPTION = """convener runs the logistics of working-group meetings on Discord:
scheduling polls, agendas, roll call, minutes and attendance lists."""


class UsageError(Exception):
    """Options that do not go together; reported like argparse's own mistakes (exit code 2)."""


def version() -> str:
    try:
        return metadata.version("convener")
    except metadata.PackageNotFoundError:
        from bot import __version__

        return __version__


def _parser() -> argparse.ArgumentParser:
    # --verbose is accepted before or after the command; SUPPRESS keeps a later default from undoing it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--verbose", "-v", action="store_true", default=argparse.SUPPRESS,
                        help="on failure, print the traceback too")
    parser = argparse.ArgumentParser(prog="convener", description=DESCRIPTION, parents=[common])
    parser.set_defaults(verbose=False)
    parser.add_argument("--version", action="version", version=f"convener {version()}")
    parser.add_argument("--config", help="path to a TOML config file (default: $CONVENER_CONFIG, else ./config.toml "
                                         "if present, else built-in defaults)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", parents=[common], help="connect to Discord and serve (token from $DISCORD_TOKEN)",
                         description="Connect to Discord (or to the endpoint in $CONVENER_API_BASE / "
                                     "$CONVENER_GATEWAY_URL), apply migrations and serve until stopped.")
    run.add_argument("--sync", action="store_true", help="sync slash commands even if they did not change")

    demo = sub.add_parser("demo", parents=[common],
                          help="run a whole meeting cycle offline against the local Discord stand-in",
                          description="Start the local Discord stand-in, connect the real bot to it and walk "
                                      "simulated members through poll, agenda, roll call, minutes and attendance.")
    demo.add_argument("--out", help="folder for the artefacts (default: a new demo-output-* folder)")
    demo.add_argument("--keep-running", action="store_true", help="leave the stand-in and bot up for exploring")
    demo.add_argument("--web", action="store_true",
                      help="instead of playing the cycle, serve a Discord-like page where you act as any member "
                           "(prints its address; opens nothing)")
    demo.add_argument("--port", type=int, help="with --web: the port on 127.0.0.1 (default 8555, else any free one)")

    migrate = sub.add_parser("migrate", parents=[common], help="apply database migrations (also done at start-up)",
                             description="Apply alembic migrations to the configured database.")
    migrate.add_argument("--revision", help="target revision (default: head, the newest)")
    migrate.add_argument("--downgrade", action="store_true",
                         help="downgrade to --revision instead (required with it; 'base' removes every table)")

    export = sub.add_parser("export", parents=[common],
                            help="secretariat exports without Discord (servers and meetings, attendance, reports)",
                            description="List servers and meetings, write attendance lists and participation "
                                        "reports straight from the database, for the secretariat's scripts.")
    from bot.exports import add_arguments

    add_arguments(export, common)
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


async def _migrate(config: Config, revision: str | None, downgrade: bool) -> int:
    from storage.db import Database
    from storage.problems import safe_url

    if downgrade and revision is None:
        raise UsageError("--downgrade needs --revision: a migration id, or 'base' to remove every table")
    target = revision or "head"
    db = Database(config.database.url)
    try:
        if downgrade:
            await db.downgrade(target)
        else:
            await db.migrate(target)
    finally:
        await db.dispose()
    print(f"convener: database at {safe_url(config.database.url)} "
          f"{'downgraded' if downgrade else 'migrated'} to {target}")
    return 0


async def _dispatch(args: argparse.Namespace, config: Config) -> int:
    if args.command == "run":
        return await _run(config, args.sync)
    if args.command == "migrate":
        return await _migrate(config, args.revision, args.downgrade)
    if args.command == "demo" and args.web:
        from bot.sandbox.web.launch import run_web

        return await run_web(config, out=args.out, port=args.port)
    if args.command == "demo":
        if args.port is not None:
            raise UsageError("--port goes with --web")
        from bot.sandbox.demo import run_demo

        return await run_demo(config, out=args.out, keep_running=args.keep_running)
    from bot.exports import run_export

    return await run_export(config, args)


def _configure_logging(config: Config, verbose: bool) -> None:
    logging.basicConfig(level=config.bot.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("discord").setLevel(max(logging.INFO, logging.getLevelName(config.bot.log_level)))
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # a line per plugin on import
    if not verbose:
        from bot.cli_failures import QuietDiscord

        for handler in logging.getLogger().handlers:
            handler.addFilter(QuietDiscord())


def _failed(command: str, exc: BaseException, config: Config | None, verbose: bool) -> int:
    if verbose:
        traceback.print_exception(exc, file=sys.stderr)
    from bot.cli_failures import explain

    hint = "" if verbose else " (--verbose for the traceback)"
    print(f"convener {command}: {explain(exc, config)}{hint}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load(args.config)
    except ConfigError as exc:
        print(f"convener: {exc}", file=sys.stderr)
        return 2
    _configure_logging(config, args.verbose)
    try:
        return asyncio.run(_dispatch(args, config))
    except KeyboardInterrupt:
        return 130
    except UsageError as exc:
        print(f"convener {args.command}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        return _failed(args.command, exc, config, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
