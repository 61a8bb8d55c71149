"""`convener export attendance`: the same files as on Discord, straight from the database."""

from __future__ import annotations

import asyncio
import csv
import io
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.clock import FakeClock
from storage.db import Database
from tests.services.test_date_phrases import PHRASES
from tests.support_attendance import GUILD, VOICE_CHANNEL, make_services, person, schedule


async def prepare(url: str) -> int:
    """One meeting with a closed roll call: Alice in voice for 45 minutes, Bob absent, a guest added."""
    db = Database(url)
    await db.migrate()
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    services = make_services(db, clock)
    meeting = await schedule(services, in_hours=2)
    clock.set(meeting.start)
    await services.meetings.start_live(GUILD, meeting.id)
    await services.rollcall.voice_moved(GUILD, person(1, "Alice"), None, VOICE_CHANNEL)
    await services.rollcall.add_guest(GUILD, meeting.id, "Wagner, Flávio", "guest", "Academia")
    clock.advance(timedelta(minutes=45))
    await services.rollcall.close(GUILD, meeting.id, [person(1, "Alice"), person(2, "Bob")], by=9)
    await db.dispose()
    return meeting.id


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int]:
    """Built once: every test only reads it (each writes its files into its own folder)."""
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'convener.db'}"
    return url, asyncio.run(prepare(url))


@pytest.fixture
def database(prepared: tuple[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int]:
    url, meeting_id = prepared
    monkeypatch.setenv("CONVENER_DATABASE_URL", url)
    monkeypatch.delenv("CONVENER_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return url, meeting_id


def test_meeting_attendance_csv(database: tuple[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, meeting_id = database
    out = tmp_path / "exports"
    assert main(["export", "attendance", "--guild", str(GUILD), "--meeting", str(meeting_id), "--out", str(out)]) == 0
    written = out / f"attendance-2026-11-23-meeting-{meeting_id}.csv"
    assert capsys.readouterr().out.strip() == str(written)
    rows = list(csv.DictReader(io.StringIO(written.read_text(encoding="utf-8"))))
    assert [(r["name"], r["discord_id"], r["status"], r["minutes_attended"]) for r in rows] == [
        ("Alice", "1", "present", "45"), ("Bob", "2", "absent", ""), ("Wagner, Flávio", "", "present", "")]


def test_meeting_attendance_markdown(database: tuple[str, int], tmp_path: Path) -> None:
    _, meeting_id = database
    assert main(["export", "attendance", "--guild", str(GUILD), "--meeting", str(meeting_id),
                 "--format", "markdown"]) == 0
    text = (tmp_path / f"attendance-2026-11-23-meeting-{meeting_id}.md").read_text(encoding="utf-8")
    assert "**MEMBERS:**\n- Alice — 45 min in voice\n\n**OTHER PARTICIPANTS:**\n- Wagner, Flávio (Academia)\n" in text


def test_participation_report_writes_csv_and_png(database: tuple[str, int], tmp_path: Path) -> None:
    assert main(["export", "attendance", "--guild", str(GUILD), "--from", "2026-11-01", "--to", "2026-11-30"]) == 0
    table = (tmp_path / "participation-2026-11-01-to-2026-11-30.csv").read_text(encoding="utf-8")
    # in_room, online, by_phone: Alice took part once, online (her voice time)
    assert table.splitlines()[1] == ('"person","Alice","1","member","Not stated","","1","1","0","0","0","1.00","45",'
                                     '"","","","","","0","1","0"')
    assert (tmp_path / "participation-2026-11-01-to-2026-11-30.png").read_bytes().startswith(b"\x89PNG")


def test_report_dates_are_read_like_every_other_date(database: tuple[str, int], tmp_path: Path) -> None:
    assert main(["export", "attendance", "--guild", str(GUILD), "--from", "1 November 2026", "--to",
                 "Nov 30 2026"]) == 0
    assert (tmp_path / "participation-2026-11-01-to-2026-11-30.csv").exists()


@pytest.mark.parametrize("phrase", list(PHRASES.values()), ids=list(PHRASES))
def test_every_phrase_of_the_date_language_is_a_report_day(database: tuple[str, int], tmp_path: Path,
                                                           phrase: str) -> None:
    """The CLI reads on the wall clock, so only that each phrase is a day is checked (a report period may lie in
    the past or the future: whatever today is, each of these phrases names a day within the accepted range)."""
    assert main(["export", "attendance", "--guild", str(GUILD), "--from", phrase, "--to", phrase]) == 0
    assert len(list(tmp_path.glob("participation-*.csv"))) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--meeting", "999999"], "There is no meeting #999999"),
    (["--from", "2026-11-01"], "--from needs --to"),
    (["--from", "soonish", "--to", "2026-11-30"], "`soonish` is not a date I understand"),
    (["--from", "0001-01-01", "--to", "2026-11-30"], "before 1970"),
    (["--from", "2026-11-30", "--to", "2026-11-01"], "before it starts"),
])
def test_mistakes_are_explained(database: tuple[str, int], capsys: pytest.CaptureFixture[str], args: list[str],
                                message: str) -> None:
    assert main(["export", "attendance", "--guild", str(GUILD), *args]) in (1, 2)
    assert message in capsys.readouterr().err


def test_meeting_and_period_are_exclusive(database: tuple[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "attendance", "--guild", str(GUILD), "--meeting", "1", "--from", "2026-11-01"])
    assert "not allowed with argument" in capsys.readouterr().err


def test_list_shows_each_server_and_its_meetings_with_ids(database: tuple[str, int], tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    shared, meeting_id = database
    url = f"sqlite+aiosqlite:///{tmp_path / 'copy.db'}"  # the shared database stays as prepared
    shutil.copyfile(shared.removeprefix("sqlite+aiosqlite:///"), tmp_path / "copy.db")
    monkeypatch.setenv("CONVENER_DATABASE_URL", url)

    async def name_the_server() -> None:
        db = Database(url)
        services = make_services(db, FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)))
        await services.settings.remember_server_name(GUILD, "IGF  MAG\nserver")
        await db.dispose()

    asyncio.run(name_the_server())
    assert main(["export", "list"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:3] == [
        f"Server {GUILD} 'IGF MAG server': 1 meeting",
        "  meeting  start (UTC)       status     title",
        f"  {meeting_id:>7}  2026-11-23 11:00  live       WG-MWP",
    ]
    assert out.strip().endswith(f"convener export attendance --guild {GUILD} --meeting {meeting_id}")
    assert main(["export", "list", "--guild", str(GUILD)]) == 0
    assert capsys.readouterr().out == out


def test_list_of_an_unknown_server(database: tuple[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "list", "--guild", "42"]) == 2
    assert capsys.readouterr().err.strip() == ("convener export: there is no server 42 in this database; "
                                               "`convener export list` shows the ones there are")


def test_list_of_an_empty_database(migrated_sqlite_url: str, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CONVENER_DATABASE_URL", migrated_sqlite_url)
    monkeypatch.delenv("CONVENER_CONFIG", raising=False)
    assert main(["export", "list"]) == 0
    assert "holds no server yet" in capsys.readouterr().out
