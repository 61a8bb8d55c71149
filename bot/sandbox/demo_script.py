"""The first week of the working-group cycle the demo plays: profiles, the poll from Monday to Thursday, the
chosen slots, the meetings in the calendar and the agenda. `demo_meeting` plays the weeks after.

Modelled on seed 000 (the sixth meeting of the IGF MAG WG-MWP, 2018): the same agenda, the same kind of
discussion, the same participants (see `bot.sandbox.cast`); the meeting is a plenary with an item held in closed
session, as seed 004's working group alternated them. Every scene is something members do in the server,
at a simulated date and time: the demo moves the sandbox clock (`Stage.advance_to`) and everything the bot does
on its own — last calls, deadlines, reminders, a meeting starting and ending — happens on the way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from . import demo_drafting
from .cast import CAST
from .demo_stage import DemoError, Pick, Stage
from .objects import Message, walk_components
from .replies import Reply

GROUP = "MAG WG – Multi-year Strategic Work Programme (WG-MWP)"
TITLE = "WG-MWP"
CHAIR_ZONE = ZoneInfo("America/New_York")
JOIN_LINK = "https://meet.example.org/wg-mwp"
AGENDA_LABEL = "One item per line: 1 - …, sub-items a) …"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
# The story starts on a fixed Monday, 09:00 in New York (the chair's zone), so every run prints the same dates.
START = datetime(2027, 2, 1, 14, 0, tzinfo=UTC)
DEADLINE = "2027-02-04 17:00"  # Thursday, typed in New York time
# The poll extends the calendar: its best slot and the two later Tuesdays become meetings six, seven and eight.
FIRST_NUMBER = 6
RECORDING = "https://recordings.example.org/wg-mwp/2027-02-09"
FRAMEWORK = "https://docs.example.org/igf-programme-framework-v2"
# An open consultation (seed 002), still to be confirmed: the Wednesday after the eighth meeting's week.
CONSULTATION = "Open consultation on the work programme"
CONSULTATION_START = "2027-02-26 09:00"  # typed in New York time

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


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """``days`` after the Monday the story starts, at ``hour:minute`` UTC."""
    return datetime.combine(START.date() + timedelta(days=days), time(hour, minute), tzinfo=UTC)


def seed_agenda() -> str:
    """Annex I of seed 000, from ../shared/seeds when it is there."""
    files = sorted(SEEDS.glob("000_*.txt")) if SEEDS.is_dir() else []
    if files:
        text = files[0].read_text(encoding="utf-8")
        if "ANNEX I" in text and "ANNEX II" in text:
            return text.split("ANNEX I", 1)[1].split("\n", 1)[1].split("ANNEX II", 1)[0].strip() + "\n"
    return SEED_000_ANNEX_I


def poll_slots(now: datetime) -> str:
    """Four slots in the chair's zone (New York): two on Tuesday next week (the first at least a week away), and
    the Tuesdays two and four weeks later, for a calendar of meetings every other week."""
    base = now.astimezone(CHAIR_ZONE).date() + timedelta(days=7)
    tuesday = base + timedelta(days=(1 - base.weekday()) % 7)
    picks = [(tuesday, time(8)), (tuesday, time(10)), (tuesday + timedelta(days=14), time(10)),
             (tuesday + timedelta(days=28), time(10))]
    return ", ".join(f"{day:%Y-%m-%d} {at:%H:%M}" for day, at in picks)


def later_tuesdays(now: datetime) -> list[str]:
    """How the poll created at ``now`` lists its two later slots ("Tue 23 Feb"), in the chair's zone."""
    base = now.astimezone(CHAIR_ZONE).date() + timedelta(days=7)
    tuesday = base + timedelta(days=(1 - base.weekday()) % 7)
    return [f"{tuesday + timedelta(days=days):%a %d %b}" for days in (14, 28)]


def last_of_next_month(day: date) -> date:
    first_after = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return (first_after + timedelta(days=32)).replace(day=1) - timedelta(days=1)


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
    consultation: Pick | None = None
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
    s.transcript.narrate("Monday morning in New York. Ten members of the working group arrive: a chair in New "
                         "York, members in Berlin, Shanghai and São Paulo, two observers and the secretariat. Each "
                         "tells convener their time zone, how the secretariat lists them, and their stakeholder group.")
    await s.slash("lynn", "setup group", name=GROUP, limit=3)
    for person in CAST:
        await s.slash(person.key, "profile timezone", zone=person.timezone, limit=1)
        await s.slash(person.key, "profile name", name=person.listed, limit=1)
        await s.slash(person.key, "profile group", group=person.group, limit=1)


async def diversity(c: Cycle) -> None:
    await c.stage.advance_to(at(0, 14, 5))
    await demo_drafting.diversity(c)


async def poll(c: Cycle) -> None:
    s = c.stage
    await s.advance_to(at(0, 14, 10))
    slots = poll_slots(s.now())
    s.transcript.narrate("The chair proposes four slots — two next Tuesday, and the Tuesdays two and four weeks "
                         "later — typed in her own zone; voting closes on Thursday at 17:00 New York time.")
    await s.slash("lynn", "poll create", title=TITLE, slots=slots, timezone="America/New_York", deadline=DEADLINE,
                  expected_role=s.role("Member"))
    c.poll = await s.wait_for("the poll message", lambda: next(
        (m for m in s.standin.messages("general") if m.embeds and TITLE in str(m.embeds[0].get("title"))), None))


async def monday_votes(c: Cycle) -> None:
    s = c.stage
    s.transcript.narrate("Members vote from the poll message as they get to it; each sees the slots in their own "
                         "time zone. When half of the six expected members have voted, the chair hears of it.")
    for when, keys in ((at(0, 14, 20), ("lynn", "concettina")), (at(0, 15, 5), ("jutta", "antoine", "chengetai")),
                       (at(0, 17, 10), ("flavio",))):
        await s.advance_to(when)
        for key in keys:
            await vote(c, key, *BALLOTS[key])


async def tuesday_chase(c: Cycle) -> None:
    s = c.stage
    assert c.poll is not None
    await s.advance_to(at(1, 15))
    s.transcript.narrate("Tuesday, 10:00 in New York: three expected members have not voted. The chair chases them.")
    c.poll_pick = await s.pick("lynn", "poll remind", "poll", TITLE)
    await s.slash("lynn", "poll remind", poll=c.poll_pick)
    for when, keys in ((at(1, 16, 30), ("lianna",)), (at(2, 1), ("xiaofeng", "pradeep"))):
        await s.advance_to(when)
        for key in keys:
            await vote(c, key, *BALLOTS[key])


async def wednesday_last_call(c: Cycle) -> None:
    s = c.stage
    s.transcript.narrate("Nobody runs a command now: 24 hours before the deadline, convener itself gives the last "
                         "call to whoever expected has still not voted.")
    await s.advance_to(at(2, 22))
    await s.advance_to(at(3, 8))
    s.transcript.narrate("Thursday morning in Berlin: Danko votes, and two members change their minds.")
    await vote(c, "danko", *BALLOTS["danko"])
    await s.advance_to(at(3, 8, 25))
    for key, (yes, maybe) in CHANGED.items():
        await vote(c, key, yes, maybe)
    poll_message = c.poll
    assert poll_message is not None
    await s.finish()  # the last tally is on the message
    await s.wait_for("the poll message to count ten voters",
                     lambda: "**10** voted" in str(poll_message.embeds[0].get("description")))
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
    await s.settle()


async def thursday_close(c: Cycle) -> None:
    s = c.stage
    s.transcript.narrate("17:00 in New York: the deadline. The poll closes itself and posts its results.")
    await s.advance_to(at(3, 22))


async def results(c: Cycle) -> None:
    s = c.stage
    await s.advance_to(at(4, 14))
    s.transcript.narrate("Friday: the chair looks at the ranking and the fairness notes. The poll extends the "
                         "calendar: the best slot, and the two later Tuesdays, become the group's sixth, seventh "
                         "and eighth meetings.")
    c.poll_pick = await s.pick("lynn", "poll results", "poll", TITLE)
    reply = await s.slash("lynn", "poll results", poll=c.poll_pick, limit=10)
    c.artefacts.save("poll-heatmap.png", reply, ".png")
    choices = await s.member("lynn").autocomplete("poll finalize", "slot", "", poll=c.poll_pick.value)
    best = Pick(str(choices[0]["name"]), choices[0]["value"])
    later = [n for day in later_tuesdays(START) for n, choice in enumerate(choices, 1) if day in choice["name"]]
    if len(later) != 2:
        raise DemoError(f"the later Tuesdays are not both among the poll's slots: {[c['name'] for c in choices]}")
    await s.slash("lynn", "poll finalize", poll=c.poll_pick, slot=best, more_slots=", ".join(map(str, later)),
                  first_number=FIRST_NUMBER)
    c.meeting = await s.pick("lynn", "meeting reschedule", "meeting", TITLE)


async def calendar(c: Cycle) -> None:
    s = c.stage
    await s.advance_to(at(4, 14, 30))
    s.transcript.narrate("The chair adds the voice channel and a join link for remote participation, and makes the "
                         "sixth meeting a plenary: observers may listen, not speak.")
    await s.slash("lynn", "meeting reschedule", meeting=c.meeting, voice_channel=s.channel("Meeting room"),
                  link=JOIN_LINK)
    await s.slash("lynn", "meeting mode", meeting=c.meeting, mode="plenary")
    s.transcript.narrate("An open consultation with all stakeholders is planned too, its date still to be "
                         "confirmed: no reminders until then.")
    await s.slash("lynn", "meeting schedule", title=CONSULTATION, start=CONSULTATION_START, mode="open",
                  voice_channel=s.channel("Meeting room"), tentative=True)
    c.consultation = await s.pick("lynn", "meeting confirm", "meeting", "consultation")
    reply = await s.slash("jutta", "meeting ics", meeting=c.meeting)
    c.artefacts.save("meeting.ics", reply, ".ics")
    await s.slash("danko", "meeting list", limit=6)


async def agenda(c: Cycle) -> None:
    s = c.stage
    await s.advance_to(at(4, 16))
    s.transcript.narrate("The secretariat circulated the agenda by e-mail; the chair pastes it into the form.")
    form = await s.slash("lynn", "agenda edit", meeting=c.meeting)
    await s.submit("lynn", form, {AGENDA_LABEL: seed_agenda()}, "pastes Annex I of the e-mail", limit=14)
    s.transcript.narrate("Item 3, the drafting group's proposal, is for members only: it will be held in closed "
                         "session. Item 2a gets the updated document to review.")
    await s.slash("lynn", "agenda closed", meeting=c.meeting, item="3", limit=2)
    await s.slash("chengetai", "agenda document", meeting=c.meeting, item="2a", link=FRAMEWORK,
                  title="review updated document", limit=2)
    await s.slash("lynn", "agenda post", meeting=c.meeting, limit=6)
    await s.advance_to(at(5, 3))
    await s.slash("xiaofeng", "rollcall apologies", meeting=c.meeting)


POLL_WEEK: list[Scene] = [
    ("Monday: members set up their profiles", profiles),
    ("Monday: stakeholder groups and diversity", diversity),
    ("Monday: the chair starts a scheduling poll", poll),
    ("Monday: members vote", monday_votes),
    ("Tuesday: the chair chases those who have not voted", tuesday_chase),
    ("Wednesday: the last call, then the last votes", wednesday_last_call),
    ("Thursday: the deadline", thursday_close),
    ("Friday: results and the chosen slot", results),
    ("The meeting in the calendar", calendar),
    ("The agenda from the secretariat's e-mail", agenda),
]
