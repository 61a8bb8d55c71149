"""`make bench`: run every benchmark and write bench/results.md (about 12–15 minutes on a loaded 2-core machine).

PostgreSQL is measured side by side when CONVENER_TEST_PG_URL is set, or when a server answers `pg_isready`
on 127.0.0.1 (then postgresql+asyncpg://postgres@127.0.0.1:5432/test is used, as in CI).
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from bench import burst, latency, lateness, machine, minutes, personal, polls, scale, startup
from bench.common import PG_ENV, Figure, backends

RESULTS = Path(__file__).with_name("results.md")
DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
METHOD = [
    "- **Round trips**: convener and the floor (a bare discord.py client with fixed replies) each run in this "
    "process against their own stand-in, one interaction at a time, 200 samples (100 for `/poll results`) after "
    "20 warm-up ones, alternating floor and convener so that both see the same load. A sample is the time from "
    "dispatching the interaction to the answer the member waits for (for deferred answers: the follow-up or edit). "
    "Everyday interactions are compared with the bare floor of the same kind (slash command or click); "
    "`/poll results` with the floor answering in its shape (deferred, then a follow-up with two embeds, a 12 kB "
    "image and a CSV file).",
    "- **Vote burst**: convener runs as a separate `convener run` process. 2,000 members join and open their "
    "voting panels first (not timed), then press Submit evenly spread over 5 s. Ballots are read back through "
    "the poll repository; edits and 429s come from the stand-in; acknowledged = callback within Discord's 3 s.",
    "- **Start-up**: rows bulk-inserted (PostgreSQL COPY, SQLite executemany), one start (commands synced), stop, "
    "then the measured restart. Ready = gateway IDENTIFY (discord.py runs convener's whole set-up first); set-up = "
    "log timestamps from login to connected. Memory from /proc/<pid>/status (the bot process; pictures are drawn "
    "in a separate worker process started after ready).",
    "- **Reminders**: rows bulk-inserted 4 s ahead, armed by the service's sweep, fired by APScheduler through "
    "claim → handler → mark; lateness = handler start − due_at, and sent_at − due_at from the database. Exactly "
    "once: handler runs counted per reminder id, rows marked sent counted in the database.",
    "- **Personal reminders**: convener in this process against the stand-in with Discord's limits on (50 "
    "requests per second in all, the per-route buckets). 500 members chose DMs and none voted; the clock moves to "
    "the poll's last call and the fan-out runs claim → delivery rows → paced DMs → marks. Time from the reminder "
    "firing to the last DM; DMs counted per member in the stand-in; 429s counted by the stand-in.",
    "- **Scale-out** (PostgreSQL only): one stand-in with 1,000 servers × 20 members and 4 shards; 1, 2 and 4 "
    "`convener run` processes each run a range of them. 1,500 `/profile show` from random members of random "
    "servers, 32 in flight; then 3 reminders per server (3,000) bulk-inserted to fall due within one second. "
    "Everything (members, stand-in, PostgreSQL, the processes) shares the machine's 2 cores.",
    "- **Ranking, minutes**: best of several runs of the pure functions; the service and `/minutes draft` on a "
    "seeded meeting.",
]


def find_postgres() -> None:
    if os.environ.get(PG_ENV) or not shutil.which("pg_isready"):
        return
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False).returncode == 0:
        os.environ[PG_ENV] = DEFAULT_PG


async def minutes_figures() -> list[Figure]:
    rows = minutes.render_figures() + await minutes.service_figures()
    return [Figure(name, {"all": value}) for name, value in rows]


async def ranking_figures() -> list[Figure]:
    return polls.figures()


def table(figures: list[Figure], kinds: list[str]) -> list[str]:
    lines = [f"| Metric | {' | '.join(kinds)} | Target | Verdict |", "|---|" + "---|" * (len(kinds) + 2)]
    for f in figures:
        cells = [f.values.get(k, "—") for k in kinds] if "all" not in f.values else \
            [f.values["all"], *(["″"] * (len(kinds) - 1))]
        lines.append(f"| {f.metric} | {' | '.join(cells)} | {f.target} | {f.verdict} |")
    return lines


async def main() -> int:
    find_postgres()
    kinds = backends()
    started = time.monotonic()
    sections: list[tuple[str, Callable[[], Awaitable[list[Figure]]]]] = [
        ("Interaction round trip through the stand-in", lambda: latency.run(kinds)),
        ("Vote burst", lambda: burst.run(kinds)),
        ("Start-up", lambda: startup.run(kinds)),
        ("Reminders", lambda: lateness.run(kinds)),
        ("Personal reminders", lambda: personal.run(kinds)),
        ("Scale-out: several processes on one PostgreSQL", lambda: scale.run(kinds)),
        ("Ranking 1,000 members × 1,000 slots", ranking_figures),
        ("Minutes for 1,000 notes and 200 participants", minutes_figures),
    ]
    about = await machine.describe()
    out = [f"# convener benchmarks — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
           "Written by `make bench` (`python -m bench`). Wall-clock figures on a shared machine: compare figures "
           "and ratios within one run. Every figure comes from the run below; see bench/*.py for the method.", "",
           "| Machine | |", "|---|---|", *(f"| {k} | {v} |" for k, v in about), ""]
    missed: list[str] = []
    timings: list[str] = []
    for title, section in sections:
        t0 = time.monotonic()
        print(f"bench: {title} …", file=sys.stderr, flush=True)
        try:
            figures = await section()
        except Exception as exc:  # one broken section must not cost the figures of all the others
            logging.exception("bench: %s failed", title)
            figures = [Figure(f"the section did not complete: {type(exc).__name__}: {exc}", {k: "—" for k in kinds},
                              "completes", {k: False for k in kinds})]
        print(f"bench: {title} done in {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)
        timings.append(f"{title.split(':')[0].split(' ')[0].lower()} {time.monotonic() - t0:.0f} s")
        out += [f"## {title}", "", *table(figures, kinds), ""]
        missed += [f"{title}: {f.metric}" for f in figures if f.verdict.startswith("❌")]
    total = time.monotonic() - started
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    run = Figure("whole `make bench` run (load average at the end: " + load + ")", {"all": f"{total:.0f} s"},
                 "< 15 min", {"all": total < 15 * 60})
    out += ["## The run", "", *table([run], kinds), "", f"Section times: {', '.join(timings)}.", ""]
    missed += [f"The run: {run.metric}"] if not run.met["all"] else []
    out += ["## How the figures are taken", "", *METHOD, "", "## Targets missed", ""]
    out += [f"- {m}" for m in missed] or ["None."]
    out += ["", f"Whole run: {total:.0f} s.", ""]
    RESULTS.write_text("\n".join(out), encoding="utf-8")
    print(f"bench: wrote {RESULTS} ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    sys.exit(asyncio.run(main()))
