"""`convener export`: the secretariat's files straight from the database (filled in by the attendance feature)."""

from __future__ import annotations

import argparse

from bot.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=["attendance"], help="what to export")


async def run_export(config: Config, args: argparse.Namespace) -> int:
    raise SystemExit("convener export: not available yet")
