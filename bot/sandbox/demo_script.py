"""The working-group cycle the demo plays: profiles → poll → meeting → agenda → roll call → minutes → attendance.

Modelled on seed 000 (the sixth meeting of the IGF MAG WG-MWP, 2018): the same agenda, the same kind of
discussion, the same participants (see `bot.sandbox.cast`). Every scene is something members do in the server.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from .cast import CAST
from .demo_drafting import circulation, diversity, drafting_group, issue_paper
from .demo_stage import DemoError, Pick, Stage
from .harness import Reply
from .state import Message, ScheduledEvent, walk_components

GROUP = "MAG WG – Multi-year Strategic Work Programme (WG-MWP)"
TITLE = "WG-MWP"
CHAIR_ZONE = ZoneInfo("America/New_York")
JOIN_LINK = "https://meet.example.org/wg-mwp"
AGENDA_LABEL = "One item per line: 1 - …, sub-items a) …"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

# Annex I of seed 000 as the secretariat wrote it (used when ../shared/seeds is not beside the repository).
SEED_000_ANNEX_I = """\
1 - Intro/Logistics/Admin
2 - Continue to progress the following proposals:
a)  Proposal for an “IGF Programme Framework”  - review updated document
b)  Option Paper on Methodologies for the Development of Written IGF Outputs
c)  Strengthening Cooperation within the Context of the IGF: A Roadmap for 2018
3 -  Discussion on engaging MAG, IGF community, Intersessional activities, and NRIs in the development of a \
multi-year strategic work programme.
a) discussion on possible poll based on the discussion at the last meeting
4 - Next steps/future agenda items
5 - AOB
"""

# Who votes for which slots (positions in the poll, 0-based): (yes, if need be). Xiaofeng and Pradeep are in
# Shanghai, where the New York mornings are late evenings.
BALLOTS: dict[str, tuple[list[int], list[int]]] = {
    "lynn": ([0, 1, 2], [3]),
    "concettina": ([1, 2], [0]),
    "jutta": ([0, 1], [2]),
    "lianna": ([1], [2, 3]),
    "danko": ([3], [1]),
    "xiaofeng": ([0, 2], [1]),
    "pradeep": ([0], [1, 2]),
    "antoine": ([1, 2, 3], []),
    "flavio": ([0, 1, 2, 3], []),
    "chengetai": ([1, 2], [0]),
}
CHANGED: dict[str, tuple[list[int], list[int]]] = {
    "danko": ([1, 3], []),  # moves a private-sector call to make Tuesday work
    "jutta": ([1, 2], [0]),
}


def seed_agenda() -> str:
    """Annex I of seed 000, from ../shared/seeds when it is there."""
    files = sorted(SEEDS.glob("000_*.txt")) if SEEDS.is_dir() else []
    if files:
        text = files[0].read_text(encoding="utf-8")
        if "ANNEX I" in text and "ANNEX II" in text:
            return text.split("ANNEX I", 1)[1].split("\n", 1)[1].split("ANNEX II", 1)[0].strip() + "\n"
    return SEED_000_ANNEX_I


def poll_slots(now: datetime) -> str:
    """Four slots next week in the chair's zone (New York), the first at least a week away."""
    base = now.astimezone(CHAIR_ZONE).date() + timedelta(days=7)
    tuesday = base + timedelta(days=(1 - base.weekday()) % 7)
    picks = [(tuesday, time(8)), (tuesday, time(10)), (tuesday + timedelta(days=1), time(9)),
             (tuesday + timedelta(days=2), time(11))]
    return ", ".join(f"{day:%Y-%m-%d} {at:%H:%M}" for day, at in picks)


@dataclass
class Artefacts:
    """Files the members downloaded from the bot's answers, by the name the demo saves them under."""

    folder: Path
    written: dict[str, int] = field(default_factory=dict)

    def save(self, name: str, reply: Reply, suffix: str) -> Path:
        found = [a for a in reply.attachments if a.filename.endswith(suffix)]
        if not found:
            raise DemoError(f"the answer had no {suffix} file to save as {name} "
                            f"(it had: {[a.filename for a in reply.attachments]})")
        path = self.folder / name
        path.write_bytes(found[0].data)
        self.written[name] = len(found[0].data)
        return path


@dataclass
class Cycle:
    """State the scenes hand on: the poll message, the meeting picked from the list, the roll-call board."""

    stage: Stage
    artefacts: Artefacts
    poll: Message | None = None
    poll_pick: Pick | None = None
    meeting: Pick | None = None
    board: Message | None = None
    said: Message | None = None
    group_id: int | None = None

    @property
    def meeting_id(self) -> int:
        if self.meeting is None:
            raise DemoError("no meeting was scheduled")
        return int(self.meeting.value)


Scene = tuple[str, Callable[[Cycle], Awaitable[None]]]


# -- scenes -----------------------------------------------------------------------------------------------------
async def profiles(c: Cycle) -> None:
    s = c.stage
    s.transcript.narrate("Ten members of the working group arrive: a chair in New York, members in Berlin, "
                         "Shanghai and São Paulo, two observers and the secretariat. Each tells convener their "
                         "time zone, how the secretariat lists them, and their stakeholder group.")
    await s.slash("lynn", "setup group", name=GROUP, limit=3)
    for person in CAST:
        await s.slash(person.key, "profile timezone", zone=person.timezone, limit=1)
        await s.slash(person.key, "profile name", name=person.listed, limit=1)
        await s.slash(person.key, "profile group", group=person.group, limit=1)


async def poll(c: Cycle) -> None:
    s = c.stage
    slots = poll_slots(s.now())
    s.transcript.narrate("The chair proposes four slots for the next meeting, typed in her own zone.")
    await s.slash("lynn", "poll create", title=TITLE, slots=slots, timezone="America/New_York", deadline="3d",
                  expected_role=s.role("Member"))
    c.poll = await s.wait_for("the poll message", lambda: next(
        (m for m in s.standin.messages("general") if m.embeds and TITLE in str(m.embeds[0].get("title"))), None))


async def votes(c: Cycle) -> None:
    s = c.stage
    assert c.poll is not None
    s.transcript.narrate("Everyone votes from the poll message; each sees the slots in their own time zone.")
    for key, (yes, maybe) in BALLOTS.items():
        await vote(c, key, yes, maybe)
    s.transcript.narrate("Two members change their minds.")
    for key, (yes, maybe) in CHANGED.items():
        await vote(c, key, yes, maybe)
    poll_message = c.poll
    await s.wait_for("the poll message to count ten voters",
                     lambda: "**10** voted" in str(poll_message.embeds[0].get("description")))
    await s.feed()
    s.transcript.post("#general", "Convener", ["(the poll message, kept up to date as votes come in)",
                                               *s.lines(poll_message, 12)])


async def vote(c: Cycle, key: str, yes: Sequence[int], maybe: Sequence[int]) -> None:
    s = c.stage
    member = s.member(key)
    assert c.poll is not None
    panel = await member.click(c.poll, "Vote", timeout=10.0)
    selects = {which: next(comp for comp in walk_components(panel.components)
                           if f":pick:{which}:" in str(comp.get("custom_id")))
               for which in ("yes", "maybe")}
    options = selects["yes"]["options"]
    for which, picked in (("yes", yes), ("maybe", maybe)):
        await member.select(panel, selects[which]["custom_id"], [options[i]["value"] for i in picked],
                            wait_update=True, timeout=10.0)
    done = await member.click(panel, "Submit", wait_update=True, timeout=10.0)

    def labels(picked: Sequence[int]) -> str:
        return ", ".join(str(options[i]["label"]).split(". ", 1)[-1] for i in picked) or "—"

    s.show(member, f"clicks [Vote], picks ✅ {labels(yes)} · 🟨 {labels(maybe)}, clicks [Submit]", done, limit=1)
    await s.feed()


async def results(c: Cycle) -> None:
    s = c.stage
    c.poll_pick = await s.pick("lynn", "poll results", "poll", TITLE)
    reply = await s.slash("lynn", "poll results", poll=c.poll_pick, limit=10)
    c.artefacts.save("poll-heatmap.png", reply, ".png")
    best = await s.pick("lynn", "poll finalize", "slot", "", poll=c.poll_pick.value)
    await s.slash("lynn", "poll finalize", poll=c.poll_pick, slot=best)
    c.meeting = await s.pick("lynn", "meeting reschedule", "meeting", TITLE)


async def calendar(c: Cycle) -> None:
    s = c.stage
    event = await s.wait_for("the meeting's scheduled event", lambda: next(iter(s.guild.scheduled_events.values()),
                                                                            None))
    show_event(s, event, "appears in the server's Events")
    s.transcript.narrate("The chair adds the voice channel and a join link for remote participation.")
    await s.slash("lynn", "meeting reschedule", meeting=c.meeting, voice_channel=s.channel("Meeting room"),
                  link=JOIN_LINK)
    voice = s.channel("Meeting room")
    await s.wait_for("the event to move to the voice channel",
                     lambda: event.to_json().get("channel_id") == str(voice.id))
    show_event(s, event, "now takes place in 🔊Meeting room")
    reply = await s.slash("jutta", "meeting ics", meeting=c.meeting)
    c.artefacts.save("meeting.ics", reply, ".ics")
    await s.slash("danko", "meeting list", limit=4)


async def event_reaches(s: Stage, status: int, what: str) -> None:
    event = await s.wait_for("the meeting's scheduled event", lambda: next(iter(s.guild.scheduled_events.values()),
                                                                            None))
    await s.wait_for(f"the scheduled event to reach status {status}", lambda: event.to_json()["status"] == status)
    show_event(s, event, what)


def show_event(s: Stage, event: ScheduledEvent, what: str) -> None:
    data = event.to_json()
    start = datetime.fromisoformat(str(data["scheduled_start_time"]).replace("Z", "+00:00"))
    end = data.get("scheduled_end_time")
    until = datetime.fromisoformat(str(end).replace("Z", "+00:00")) if end else None
    where = (f"🔊{s.standin.world.channels[int(data['channel_id'])].name}" if data.get("channel_id")
             else (data.get("entity_metadata") or {}).get("location") or "—")
    status = {1: "scheduled", 2: "active", 3: "completed", 4: "cancelled"}.get(int(data["status"]), "?")
    lines = [f"📅 {data['name']} — {start:%A} {start.day} {start:%B %Y %H:%M} UTC"
             + (f"–{until:%H:%M} UTC" if until else "") + f" · {where} · {status}"]
    lines += [s.readable(line) for line in str(data.get("description") or "").splitlines()[:4]]
    s.transcript.post("Events", f"scheduled event {what}", lines)


async def agenda(c: Cycle) -> None:
    s = c.stage
    s.transcript.narrate("The secretariat circulated the agenda by e-mail; the chair pastes it into the form.")
    form = await s.slash("lynn", "agenda edit", meeting=c.meeting)
    await s.submit("lynn", form, {AGENDA_LABEL: seed_agenda()}, "pastes Annex I of the e-mail", limit=14)
    await s.slash("lynn", "agenda post", meeting=c.meeting, limit=3)
    await s.slash("xiaofeng", "rollcall apologies", meeting=c.meeting)


async def meeting_opens(c: Cycle) -> None:
    s = c.stage
    s.transcript.narrate("The meeting is set for next week; the demo does not wait: the chair opens it now, and "
                         "the meeting below takes seconds of real time.")
    await s.slash("lynn", "meeting start", meeting=c.meeting)
    await event_reaches(s, 2, "is live in the server's Events")
    await s.slash("lynn", "rollcall start", meeting=c.meeting, consent=True)
    c.board = await s.wait_for("the roll-call message", lambda: next(
        (m for m in reversed(s.standin.messages("general")) if m.content.startswith("🗳️")), None))


async def rollcall(c: Cycle) -> None:
    s = c.stage
    board = c.board
    assert board is not None
    for key in ("lynn", "concettina", "lianna"):
        await s.join_voice(key, "Meeting room")
    await s.click("chengetai", board, "Present")
    await s.click("jutta", board, "Present")
    await s.click("flavio", board, "Present")
    await s.click("antoine", board, "Observing")
    await s.click("pradeep", board, "Observing")
    await s.click("lianna", board, "I agree to recording")
    await s.click("jutta", board, "I agree to recording")
    await s.click("danko", board, "Late")
    await s.join_voice("danko", "Meeting room")
    await s.slash("lynn", "rollcall add", meeting=c.meeting, name="Sivasubramanian, M", role="guest",
                  group="Civil society")
    wanted = ["Sivasubramanian, M", "Jevtović, Danko", "Cassa, Concettina", "Galstyan, Lianna", "St.Amour, Lynn"]
    await s.wait_for("the roll-call message to show everyone", lambda: all(n in board.content for n in wanted))
    s.transcript.post("#general", "Convener", ["(the roll-call message, as it stands)", *s.lines(board, 20)])


async def discussion(c: Cycle) -> None:
    s = c.stage
    await s.slash("chengetai", "item next")
    await s.slash("chengetai", "note", text="Participants agreed to the meeting being recorded.")
    await s.slash("chengetai", "item goto", item="2a")
    await s.slash("chengetai", "note", text="The Chair summarised the review period on the IGF Programme Framework "
                                            "and the ongoing work to find a platform to share it with the "
                                            "community.")
    await s.slash("chengetai", "item goto", item="2c")
    await s.slash("chengetai", "note", text="The group reviewed the goals and status of the two pilots. To advance "
                                            "them, executive summaries explaining goals, opportunities and "
                                            "approach are needed.")
    c.said = await s.say("jutta", "general", "Missions Publiques is interested in working with the IGF on the "
                                             "two pilots discussed above.")
    await s.message_command("chengetai", "Add to minutes", c.said)
    await s.slash("lynn", "decision", text="Executive summaries of both pilots are produced before further "
                                           "steps are taken.")
    owner = await s.pick("chengetai", "action", "owner", "croll")
    await s.slash("chengetai", "action", text="Draft the executive summaries of the two pilots", owner=owner,
                  due="in 2 weeks")
    await s.slash("chengetai", "item goto", item="3")
    await s.slash("chengetai", "note", text="A small drafting group will work on a more concrete proposal for a "
                                            "multi-year strategic work programme and evaluate a poll of the "
                                            "IGF community.")
    await s.slash("chengetai", "action", text="Concrete proposal for the multi-year work programme",
                  owner="Drafting group", due="in 3 weeks")
    await s.slash("chengetai", "item goto", item="4")
    await s.slash("chengetai", "note", text="The importance of getting concrete proposals out as soon as possible "
                                            "was stressed.")
    s.transcript.narrate("As in the seed's minutes, a scheduling poll will extend the meeting calendar.")
    later = datetime.combine(s.now().astimezone(CHAIR_ZONE).date() + timedelta(days=21), time(10))
    await s.slash("lynn", "poll create", title=f"{TITLE}: next meetings",
                  slots=", ".join(f"{(later + timedelta(days=d)):%Y-%m-%d %H:%M}" for d in (0, 7, 14)),
                  timezone="America/New_York", deadline="5d", limit=2)
    await s.slash("chengetai", "item goto", item="5")
    await s.slash("chengetai", "note", text="No other business was raised.")


async def meeting_closes(c: Cycle) -> None:
    s = c.stage
    await s.slash("lynn", "meeting end")
    await event_reaches(s, 3, "is over")
    await s.slash("lynn", "rollcall close", meeting=c.meeting)
    board = c.board
    assert board is not None
    await s.wait_for("the roll-call message to close", lambda: "🔒" in board.content)


async def minutes(c: Cycle) -> None:
    s = c.stage
    draft = await s.slash("chengetai", "minutes draft", meeting=c.meeting, limit=6)
    c.artefacts.save("minutes.md", draft, ".md")
    await s.slash("lynn", "minutes publish", meeting=c.meeting)
    await s.slash("jutta", "actions list", limit=6)


async def attendance(c: Cycle) -> None:
    s = c.stage
    csv_reply = await s.slash("chengetai", "attendance export", meeting=c.meeting, format="csv")
    c.artefacts.save("attendance.csv", csv_reply, ".csv")
    md_reply = await s.slash("chengetai", "attendance export", meeting=c.meeting, format="markdown")
    c.artefacts.save("attendance.md", md_reply, ".md")
    today = s.now().date()
    period = {"from": f"{today.replace(day=1):%Y-%m-%d}", "to": f"{last_of_next_month(today):%Y-%m-%d}"}
    report = await s.slash("chengetai", "attendance report", limit=3, options=period)
    c.artefacts.save("participation.png", report, ".png")


def last_of_next_month(day: date) -> date:
    first_after = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return (first_after + timedelta(days=32)).replace(day=1) - timedelta(days=1)


SCENES: list[Scene] = [
    ("Members set up their profiles", profiles),
    ("Stakeholder groups and diversity", diversity),
    ("The chair starts a scheduling poll", poll),
    ("Members vote", votes),
    ("Results and the chosen slot", results),
    ("The meeting in the calendar", calendar),
    ("The agenda from the secretariat's e-mail", agenda),
    ("The meeting opens: roll call", meeting_opens),
    ("Who is here", rollcall),
    ("The discussion, item by item", discussion),
    ("The meeting ends", meeting_closes),
    ("Draft minutes sent round for comments", circulation),
    ("Minutes", minutes),
    ("Attendance for the secretariat", attendance),
    ("A drafting group with a balance rule", drafting_group),
    ("An issue paper through its stages", issue_paper),
]
