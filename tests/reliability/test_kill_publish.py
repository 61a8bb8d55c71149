"""`kill -9` of a `convener run` process while it posts a multi-part publication of minutes, then a restart.

The process dies while Discord is still taking part 2 (the stand-in holds that request, then stores the
message although nobody reads the answer: the worst moment, when Discord has the message and convener has not
recorded it). After the restart the publication completes on its own: every part is in the channel exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.sandbox import Message, Sandbox
from bot.sandbox.process import BotProcess
from storage.db import Database
from storage.repositories.minutes import MinutesRepository

# A short lease so that the restarted process may take over the dead one's posting job within the test.
FAST = {"reminders": {"lease": "6s", "poll_interval": "1s"}}
STATEMENT = "Statement {n} for the record: " + "the group discussed the proposal at length, " * 40


def minutes_posts(sandbox: Sandbox) -> list[Message]:
    bot_id = sandbox.standin.bot_user.id
    return [m for m in sandbox.standin.messages("minutes") if m.author.id == bot_id]


async def stored_parts(url: str, guild_id: int) -> list[int | None]:
    """The message id stored for each part of the guild's publication (read from the database file)."""
    db = Database(url)
    try:
        async with db.reader() as session:
            repo = MinutesRepository(session, guild_id)
            versions = [v for v in [await repo.latest_version(m) for m in range(1, 4)] if v is not None]
            return [p.message_id for v in versions for p in await repo.parts(v.id)]
    finally:
        await db.dispose()


async def held_meeting(sandbox: Sandbox) -> int:
    lynn, chengetai = sandbox.member("Lynn St.Amour"), sandbox.member("Chengetai Masango")
    start = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    scheduled = await lynn.slash("meeting schedule", title="Crash plenary", start=start, timezone="UTC", timeout=10)
    assert "Crash plenary" in scheduled.content, scheduled.content
    (choice,) = await lynn.autocomplete("meeting start", "meeting", "Crash")
    meeting_id = int(choice["value"])
    assert "❌" not in (await lynn.slash("meeting start", meeting=meeting_id, timeout=10)).content
    for n in range(2):
        noted = await chengetai.slash("note", text=STATEMENT.format(n=n)[:1900], timeout=10)
        assert "❌" not in noted.content, noted.content
    assert "❌" not in (await lynn.slash("meeting end", meeting=meeting_id, timeout=10)).content
    return meeting_id


async def test_kill_9_during_a_multi_part_publish_posts_each_part_exactly_once(
        sandbox: Sandbox, tmp_path: Path, processes: list[BotProcess]) -> None:
    standin, guild_id = sandbox.standin, sandbox.guild.id
    url = f"sqlite+aiosqlite:///{tmp_path / 'convener.db'}"
    bot = BotProcess(standin, url, tmp_path, guild_ids=[guild_id], config=FAST)
    processes.append(bot)
    await bot.start()
    meeting_id = await held_meeting(sandbox)

    route = f"POST /channels/{sandbox.channel('minutes').id}/messages"
    standin.faults.inject(route, status=None, count=1)  # part 1 is posted at once
    # Part 2 is posted, but its answer comes late: the process dies before it can record the message id.
    held = standin.faults.inject(route, status=None, delay=5.0, late_answer=True, count=1)
    lynn = sandbox.member("Lynn St.Amour")
    publishing = asyncio.create_task(lynn.slash("minutes publish", meeting=meeting_id, timeout=30))
    await standin.wait_until(lambda: held.hits == 1 and len(minutes_posts(sandbox)) == 2, 20,
                             "part 2 to be posted, its answer still on the way")
    await bot.kill()
    publishing.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await publishing
    first, second = minutes_posts(sandbox)
    recorded = await stored_parts(url, guild_id)
    assert recorded[:2] == [first.id, None], "part 1 was recorded before the kill, part 2 not yet"

    await bot.start()
    parts = len(await stored_parts(url, guild_id))
    assert parts >= 3
    await standin.wait_until(lambda: len(minutes_posts(sandbox)) >= parts, 40, "the publication to complete")
    deadline = asyncio.get_running_loop().time() + 20
    while None in await stored_parts(url, guild_id):  # polled: the other process writes the ids
        assert asyncio.get_running_loop().time() < deadline, "the posted parts were not all recorded"
        await asyncio.sleep(0.2)
    posted = minutes_posts(sandbox)
    assert [m.id for m in posted[:2]] == [first.id, second.id], "parts 1 and 2 were not posted again"
    assert len(posted) == parts and len({m.content for m in posted}) == parts and posted[-1].attachments
    assert await stored_parts(url, guild_id) == [m.id for m in posted]
    again = await lynn.slash("minutes publish", meeting=meeting_id, timeout=10)
    assert "were published" in again.content and minutes_posts(sandbox) == posted
    assert not bot.unexpected_errors()
