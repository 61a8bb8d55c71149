"""The machine the figures were measured on."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib.metadata import version

from bench.common import PG_ENV


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


async def postgres_version() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        return None
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        return str(await conn.fetchval("SHOW server_version"))
    finally:
        await conn.close()


async def describe() -> list[tuple[str, str]]:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    pg = await postgres_version()
    return [
        ("CPU", f"{cpu_model()} — {os.cpu_count()} logical cores (load average at start: {load})"),
        ("OS", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("PostgreSQL", pg or "not measured (set CONVENER_TEST_PG_URL, or run a server on 127.0.0.1:5432)"),
        ("Libraries", f"discord.py {version('discord.py')}, SQLAlchemy {version('SQLAlchemy')}, "
                      f"APScheduler {version('APScheduler')}, aiosqlite {version('aiosqlite')}, "
                      f"asyncpg {version('asyncpg')}"),
    ]
