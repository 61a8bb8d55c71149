"""`convener demo` end to end: three simulated weeks through the stand-in, and the files they leave behind."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from icalendar import Calendar
from PIL import Image

from bot.__main__ import main
from bot.config import Config
from bot.sandbox import demo as demo_module
from bot.sandbox.cast import CAST
from bot.sandbox.demo import SCENES, TIMELINE, run_demo
from bot.sandbox.demo_script import START, Cycle


@dataclass(frozen=True)
class DemoRun:
    code: int
    folder: Path
    console: str
    seconds: float


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """One run of the demo for the whole module (it takes a few seconds)."""
    folder = tmp_path_factory.mktemp("demo") / "out"
    console = io.StringIO()
    started = time.monotonic()
    # asyncio.run, as `convener demo` does: a loop of its own, whose leftover tasks are cancelled at the end.
    code = asyncio.run(run_demo(Config(), out=str(folder), keep_running=False, stream=console))
    return DemoRun(code, folder, console.getvalue(), time.monotonic() - started)


def test_the_demo_completes_quickly_and_cleanly(demo: DemoRun) -> None:
    assert demo.code == 0, demo.console[-3000:]
    assert demo.seconds < 60
    assert "✔ The whole cycle ran through the stand-in." in demo.console and "0 rate-limited" in demo.console
    log = (demo.folder / "demo.log").read_text(encoding="utf-8")
    assert not [line for line in log.splitlines() if " ERROR " in line or "unexpected error" in line]
    listed = demo.console.split(f"Artefacts written to {demo.folder.resolve()}:")[1]
    for name in ("transcript.md", "minutes.md", "attendance.csv", "meeting.ics", "poll-heatmap.png"):
        assert re.search(rf"^  {re.escape(name)} ", listed, re.MULTILINE), name


def test_closing_lines_lead_to_export_list(demo: DemoRun, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    match = re.search(r"^  CONVENER_DATABASE_URL=(\S+) convener export list$", demo.console, re.MULTILINE)
    assert match is not None, demo.console[-1500:]
    monkeypatch.setenv("CONVENER_DATABASE_URL", match[1])
    monkeypatch.delenv("CONVENER_CONFIG", raising=False)
    assert main(["export", "list"]) == 0
    listing = capsys.readouterr().out
    server, _header, meeting = listing.splitlines()[:3]
    # The calendar the poll extended (the sixth meeting held, the seventh and eighth ahead) and the consultation.
    assert re.fullmatch(r"Server \d+ 'Working Group' \(group: MAG WG – .+\): 4 meetings", server), listing
    assert re.fullmatch(r"\s+\d+  2027-02-09 15:00  done       WG-MWP #6", meeting), listing
    assert "convener export attendance --guild " in listing


def test_minutes_have_both_annexes_with_the_cast_grouped_by_role(demo: DemoRun) -> None:
    minutes = (demo.folder / "minutes.md").read_text(encoding="utf-8")
    body, annexes = minutes.split("## ANNEX I - AGENDA")
    agenda, participants = annexes.split("## ANNEX II - LIST OF PARTICIPANTS")
    assert body.startswith("# MAG WG – Multi-year Strategic Work Programme (WG-MWP)")
    assert "## 2 - Continue to progress the following proposals:" in body
    assert "two pilots discussed above. — *Croll, Jutta*" in body
    assert "**Decision:** Executive summaries of both pilots" in body
    assert "(owner: Croll, Jutta; due 17 February 2027)" in body
    # What happened, not what was planned: it ran six minutes over; how it was held; item 3 in closed session.
    assert ("The sixth meeting of the WG-MWP was held on 9 February 2027, 15:00–16:06 UTC. It was scheduled for "
            "9 February 2027, 15:00–16:00 UTC. It was a plenary meeting, open to observers without the right to "
            "speak. Observers were allowed to attend parts of the meeting: item 3 was held in closed session.") in body
    assert ("The list of participants can be found in Annex II. Participants agreed to the meeting being recorded. "
            "That recording can be found [here](https://recordings.example.org/wg-mwp/2027-02-09).") in body
    # The meetings the poll added after this one.
    assert "**Future meetings:**\n\n23 February 2027, 15:00–16:00 UTC\n9 March 2027, 15:00–16:00 UTC" in body
    assert ("Minutes attended in the meeting's voice channel: Balachandran, Pradeep 47 min; Cassa, Concettina 40 "
            "min; Galstyan, Lianna 58 min; Jevtović, Danko 51 min; St.Amour, Lynn 66 min.") in participants
    assert "(closed session)" in agenda and "Document: [review updated document](https://docs.example.org/" in agenda
    assert "c) Strengthening Cooperation within the Context of the IGF: A Roadmap for 2018" in agenda
    assert agenda.strip().splitlines()[-1] == "5 - AOB"
    groups = dict(re.findall(r"\*\*([A-Z ]+):\*\*\s*(.*?)(?=\n\n\*\*|\n\nStakeholder|\Z)", participants, re.S))
    names = {role: [line.split(" (")[0] for line in text.strip().splitlines()] for role, text in groups.items()}
    assert names == {
        "CHAIR": ["St.Amour, Lynn"],
        "MEMBERS": ["Cassa, Concettina", "Croll, Jutta", "Galstyan, Lianna", "Jevtović, Danko", "Wagner, Flávio"],
        "OBSERVERS": ["Balachandran, Pradeep", "Vergne, Antoine"],
        "SECRETARIAT": ["Masango, Chengetai"],
        "OTHER PARTICIPANTS": ["Sivasubramanian, M"],
        "APOLOGIES": ["Tao, Xiaofeng"],
    }


def test_attendance_csv_lists_the_cast_and_the_guest(demo: DemoRun) -> None:
    with (demo.folder / "attendance.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["name"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {p.listed for p in CAST} | {"Sivasubramanian, M"}
    status = {name: row["status"] for name, row in rows.items()}
    assert (status["Jevtović, Danko"], status["Tao, Xiaofeng"], status["Vergne, Antoine"]) == (
        "late", "apologies", "observing")
    assert status["St.Amour, Lynn"] == "present" and rows["St.Amour, Lynn"]["role"] == "chair"
    voice = {name: (row["first_join"][11:16], row["last_leave"][11:16], row["minutes_attended"])
             for name, row in rows.items()}
    # Lynn waited in the voice channel from 14:52: only the meeting's time counts, from 15:00 when it went live.
    assert voice["St.Amour, Lynn"] == ("15:00", "16:06", "66")
    assert voice["Cassa, Concettina"] == ("15:00", "15:40", "40")  # left early
    assert voice["Jevtović, Danko"] == ("15:14", "16:05", "51")  # arrived late
    assert voice["Croll, Jutta"] == ("", "", "")  # present by button, no voice data: unknown, not 0
    # The observer listened from 15:02, left for the closed item 3 (15:40–15:51), and came back.
    assert voice["Balachandran, Pradeep"] == ("15:02", "16:00", "47")
    ways = {name: row["took_part"] for name, row in rows.items()}
    assert (ways["St.Amour, Lynn"], ways["Croll, Jutta"], ways["Tao, Xiaofeng"]) == ("online", "", "")
    assert rows["St.Amour, Lynn"]["recording_consent"] == "yes" and rows["Croll, Jutta"]["recording_consent"] == "yes"
    assert rows["Sivasubramanian, M"]["role"] == "guest" and not rows["Sivasubramanian, M"]["discord_id"]
    assert {row["stakeholder_group"] for row in rows.values()} >= {"Government", "Academia", "Private sector"}


def test_the_calendar_file_holds_the_slots_the_members_chose(demo: DemoRun) -> None:
    calendar = Calendar.from_ical((demo.folder / "meeting.ics").read_bytes())
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    # The poll's best slot and the two later Tuesdays: 10:00 in New York (15:00 UTC, like seed 000's meeting),
    # each meeting an event of its own (the series has no rule).
    assert [str(e["SUMMARY"]) for e in events] == ["WG-MWP"] * 3 and not [e for e in events if "RRULE" in e]
    starts = [e.decoded("DTSTART").astimezone(ZoneInfo("America/New_York")) for e in events]
    assert [f"{s:%a %d %b %H:%M}" for s in starts] == ["Tue 09 Feb 10:00", "Tue 23 Feb 10:00", "Tue 09 Mar 10:00"]
    assert starts[0] > START and len({str(e["UID"]) for e in events}) == 3
    assert "meet.example.org/wg-mwp" in calendar.to_ical().decode()


def test_pictures_open(demo: DemoRun) -> None:
    for name in ("poll-heatmap.png", "participation.png"):
        with Image.open(demo.folder / name) as image:
            assert image.format == "PNG" and image.size[0] > 300 and image.size[1] > 100
            image.verify()


def test_the_transcript_reads_like_the_meeting(demo: DemoRun) -> None:
    text = (demo.folder / "transcript.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \d+\. (.+)$", text, re.MULTILINE)
    assert headings == [title for title, _ in SCENES]
    for person in CAST:
        assert f"· {person.name}** — " in text, person.name  # everyone acts, in their own script
    for command in ("/poll create", "/poll remind", "/poll finalize", "/agenda edit", "/rollcall start",
                    "/rollcall add", "/decision", "/action", "/minutes publish", "/attendance export", "/actions done",
                    "/meeting mode", "/agenda closed", "/meeting recording", "/meeting confirm"):
        assert f"`{command} " in text or f"`{command}`" in text, command
    assert "right-clicks Jutta Croll's message › Apps › Add to minutes" in text
    assert "*(only visible to Lynn)*" in text and "<t:" not in text and "<@" not in text
    assert "📅 WG-MWP #6 — Tuesday " in text  # the scheduled event, as the server shows it
    assert 'more_slots:"2, 4" first_number:6' in text and "3 meetings are scheduled" in text
    assert "🔒 This item is held in closed session: observers leave #Meeting room" in text
    assert "📅 Open consultation on the work programme (to be confirmed) — Friday 26" in text
    assert "📅 Confirmed: **Open consultation on the work programme** will take place on Friday, 26 February" in text


def test_the_story_lives_through_three_weeks_and_each_reminder_happens_once(demo: DemoRun) -> None:
    text = (demo.folder / "transcript.md").read_text(encoding="utf-8")
    story, timeline = text.split(f"**{TIMELINE}**")
    stamps = re.findall(r"^\*\*(\w{3} \d\d \w{3} \d\d:\d\d) · ", story, re.MULTILINE)
    moments = [datetime.strptime(f"2027 {stamp}", "%Y %a %d %b %H:%M") for stamp in stamps]
    assert moments == sorted(moments) and len(moments) > 100  # every step at its simulated time, in order
    assert (moments[0], moments[-1]) == (datetime(2027, 2, 1, 14, 0), datetime(2027, 2, 22, 15, 0))
    once = {"Reminder: please vote": 1, "📣 **Last call**": 1, "is closed: 10 voted": 1,
            "⏰ **WG-MWP #6** starts in 1 day": 1, "⏰ **WG-MWP #6** starts in 1 hour": 1,
            "🟢 **WG-MWP #6** is live now": 1, "⏹️ **WG-MWP #6** is over": 1, "⏰ Action #1 is due": 1,
            "⏰ Action #2": 0, "⏰ **WG-MWP #7** starts in 1 day": 1, "Quorum reached": 1,
            "⏰ **Open consultation": 0}  # tentative until confirmed, and after the story's end
    assert {needle: story.count(needle) for needle in once} == once
    # What the bot did on its own, at its own time: the poll's week, the meeting's day, the weeks after.
    lines = timeline.splitlines()
    for stamp, what in (("Tue 02 Feb 15:00", "#general: ⏰ Reminder: please vote on WG-MWP."),
                        ("Wed 03 Feb 22:00", "#general: 📣 Last call for WG-MWP."),
                        ("Thu 04 Feb 22:00", "#general: 🔒 The poll WG-MWP is closed: 10 voted."),
                        ("Fri 05 Feb 14:00", "Events: WG-MWP #8 appears in the server's Events"),
                        ("Mon 08 Feb 15:00", "⏰ WG-MWP #6 starts in 1 day"),
                        ("Tue 09 Feb 14:00", "⏰ WG-MWP #6 starts in 1 hour"),
                        ("Tue 09 Feb 15:00", "#general: 🟢 WG-MWP #6 is live now (15:00 UTC)."),
                        ("Tue 09 Feb 16:15", "#general: ⏹️ WG-MWP #6 is over: it ran 15:00 UTC–16:06 UTC (66 min)"),
                        ("Tue 16 Feb 08:00", "#general: ⏰ Action #1 is due 17 February 2027"),
                        ("Tue 16 Feb 16:30", "Events: Open consultation on the work programme is updated"),
                        ("Mon 22 Feb 15:00", "⏰ WG-MWP #7 starts in 1 day")):
        assert [line for line in lines if line.startswith(f"  {stamp}  ") and what in line], (stamp, what)
    assert TIMELINE in demo.console


def test_an_unusable_output_folder_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("not a folder", encoding="utf-8")
    code = asyncio.run(run_demo(Config(), out=str(blocker), keep_running=False))
    assert code == 2
    assert f"cannot use the output folder: {blocker} exists and is not a folder" in capsys.readouterr().err


class Console(io.StringIO):
    """The demo's output, with an event set when it says the stand-in is being kept up."""

    def __init__(self) -> None:
        super().__init__()
        self.holding = asyncio.Event()

    def write(self, text: str) -> int:
        if "Press Ctrl-C to stop." in text:
            self.holding.set()
        return super().write(text)


async def test_keep_running_leaves_the_stand_in_up_until_stopped(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    scenes = SCENES[:next(i for i, (title, _) in enumerate(SCENES) if "poll" in title) + 1]
    monkeypatch.setattr(demo_module, "SCENES", scenes)  # up to the poll: enough to look at, and quick
    console = Console()
    stop = asyncio.Event()
    run = asyncio.create_task(run_demo(Config(), out=str(tmp_path / "out"), keep_running=True, stream=console,
                                       stop=stop))
    holding = asyncio.create_task(console.holding.wait())
    await asyncio.wait({run, holding}, timeout=60, return_when=asyncio.FIRST_COMPLETED)
    assert holding.done() and not run.done(), console.getvalue()[-2000:]
    match = re.search(r"#general as JSON: curl -s -H '(Authorization): (Bot \w+)' (\S+)", console.getvalue())
    assert match is not None
    async with aiohttp.ClientSession() as http, http.get(match[3], headers={match[1]: match[2]}) as response:
        assert response.status == 200
        messages = await response.json()
    assert any("WG-MWP" in m["content"] + str(m["embeds"]) for m in messages)  # the poll message
    page = re.search(r"Browse the story and carry on as any member in your browser: (\S+)", console.getvalue())
    assert page is not None, console.getvalue()[-1500:]
    async with aiohttp.ClientSession() as http, http.get(page[1]) as response:
        assert response.status == 200 and "/web/static/app.js" in await response.text()
    stop.set()
    assert await asyncio.wait_for(run, 30) == 0, console.getvalue()[-1500:]
    assert "Stopping the stand-in and the bot." in console.getvalue()
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.ClientConnectionError):
            await http.get(match[3], headers={match[1]: match[2]})


async def test_a_refused_step_stops_the_demo_with_a_clear_reason(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    async def wrong_meeting(cycle: Cycle) -> None:
        await cycle.stage.slash("lynn", "meeting start", meeting=999)

    async def never_reached(cycle: Cycle) -> None:
        raise AssertionError("the demo went on after a refusal")

    monkeypatch.setattr(demo_module, "SCENES", [("Opening a meeting that does not exist", wrong_meeting),
                                                ("Afterwards", never_reached)])
    console = io.StringIO()
    code = await run_demo(Config(), out=str(tmp_path / "out"), keep_running=False, stream=console)
    assert code == 1
    assert ("✗ The demo stopped in “Opening a meeting that does not exist”: Lynn St.Amour: /meeting start "
            "meeting:999 was refused: ❌ There is no meeting #999 in this server") in console.getvalue()
    assert "✗ The cycle did not complete." in console.getvalue()
    assert "## 1. Opening a meeting" in (tmp_path / "out" / "transcript.md").read_text(encoding="utf-8")
