"""Seed 000 as a scripted meeting: its agenda, participants and what the secretariat captured.

Used by the golden-file test (render), the service tests (through fake collaborators) and the skeleton
comparison with the real summary in ``seed000_reference.txt``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from bot.domain.agenda import Agenda, AgendaItem, Document
from bot.domain.meeting import MeetingInfo
from bot.domain.minutes import ACTION, DECISION, NOTE, Entry
from bot.domain.rollcall import ConsentTally, Participant

HERE = Path(__file__).parent
GROUP = "MAG WG – Multi-year Strategic Work Programme (WG-MWP)"
TITLE = "2018 MAG WG-Multi-year Strategic Work Programme"

AGENDA_TITLES: list[tuple[str, list[str]]] = [
    ("Intro/Logistics/Admin", []),
    ("Continue to progress the following proposals:", [
        "Proposal for an “IGF Programme Framework” - review updated document",
        "Option Paper on Methodologies for the Development of Written IGF Outputs",
        "Strengthening Cooperation within the Context of the IGF: A Roadmap for 2018",
    ]),
    ("Discussion on engaging MAG, IGF community, Intersessional activities, and NRIs in the development of a "
     "multi-year strategic work programme.",
     ["discussion on possible poll based on the discussion at the last meeting"]),
    ("Next steps/future agenda items", []),
    ("AOB", []),
]


def agenda(first_id: int = 1) -> Agenda:
    """The agenda with ids in order: 1, 2, 2a=3, 2b=4, 2c=5, 3=6, 3a=7, 4=8, 5=9 (from ``first_id``)."""
    next_id = first_id
    items = []
    for title, children in AGENDA_TITLES:
        item_id = next_id
        kids = tuple(AgendaItem(item_id + 1 + i, child, documents=(FRAMEWORK,) if child.endswith("updated document")
                                else ()) for i, child in enumerate(children))
        items.append(AgendaItem(item_id, title, kids))
        next_id = item_id + 1 + len(children)
    return Agenda(tuple(items))


MEETING = MeetingInfo(
    id=6, guild_id=1, title=TITLE, start=datetime(2018, 8, 15, 15, 0, tzinfo=UTC),
    end=datetime(2018, 8, 15, 16, 0, tzinfo=UTC), timezone="UTC", status="ended", series_id=1, number=6,
    channel_id=500, recording_url="https://recordings.example.org/wg-mwp/2018-08-15",
)
# Everyone who answered the roll call's recording question agreed (seed: "participants agreed to the meeting being
# recorded. That recording can be found here.").
CONSENT = ConsentTally(agree=9, object=0, objecting=())
# Item 2a's "review updated document".
FRAMEWORK = Document(1, "IGF Programme Framework, updated draft", "https://docs.example.org/igf-programme-framework-v2")
POLL_NOTE = "A doodle poll will be sent to extend the meeting calendar."
NEXT_MEETING = MeetingInfo(
    id=7, guild_id=1, title=TITLE, start=datetime(2018, 8, 28, 15, 0, tzinfo=UTC),
    end=datetime(2018, 8, 28, 16, 0, tzinfo=UTC), timezone="UTC", status="scheduled", series_id=1, number=7,
    channel_id=500,
)


def _person(user_id: int | None, name: str, role: str, status: str = "present") -> Participant:
    # The seed's meeting was not on Discord: nobody has voice data, so no minutes are known.
    joined = None if status in ("apologies", "absent") else MEETING.start
    minutes = None
    return Participant(user_id, name, role, None, status, joined, None if joined is None else MEETING.end, minutes)


# Shuffled on purpose: the annex sorts them (accents folded: Jevtović between Galstyan and Tao).
PARTICIPANTS = [
    _person(101, "Tao, Xiaofeng", "member"),
    _person(102, "Jevtović, Danko", "member"),
    _person(100, "Lynn St.Amour", "chair"),
    _person(103, "Galstyan, Lianna", "member"),
    _person(104, "Cassa, Concettina", "member"),
    _person(105, "Croll, Jutta", "member"),
    _person(110, "Wagner, Flávio", "guest"),
    _person(111, "Vergne, Antoine", "guest"),
    _person(None, "Sivasubramanian, M", "guest"),
    _person(112, "Balachandran, Pradeep", "guest"),
    _person(106, "Doria, Avri", "member", "apologies"),
    _person(107, "Absent, Someone", "member", "absent"),
]

# (item label, kind, text, credit, owner, due) in capture order.
CAPTURED: list[tuple[str, str, str, str | None, str | None, date | None]] = [
    ("2a", NOTE, "Following on from the review period on the Proposal for an IGF Programme Framework, a brief summary "
     "was provided by the Chair focusing on the ongoing work to determine the appropriate platform in order to share "
     "the work more broadly with the Community.", None, None, None),
    ("2c", NOTE, "The group reviewed the goals and present status of these two pilots. The subsequent discussion "
     "stressed that in order to advance these proposed pilots, we need to produce Executive Summaries, explaining the "
     "goals, opportunities, proposed approach, etc.", None, None, None),
    ("2", NOTE, "Missions Publiques: Finally, under this agenda item the representative from Missions Publiques "
     "provided an update on their activities on involving citizens in global governance issues.",
     "Vergne, Antoine", None, None),
    ("3", NOTE, "The group discussed a proposal that had been sent by a WG member focused on how best to engage more "
     "broadly across the intersessional activities.", None, None, None),
    ("3", DECISION, "A small drafting group will work on a more concrete proposal for how the MAG and the IGF "
     "community could advance a multi-year strategic work programme, and come back to this WG for review.",
     None, None, None),
    ("3", ACTION, "Drafting group to evaluate whether a poll of the IGF community could be helpful",
     None, "Croll, Jutta", date(2018, 8, 27)),
    ("4", NOTE, "The importance of getting more concrete proposals out ASAP for all the items above was again "
     "stressed.", None, None, None),
    ("4", ACTION, "Send a doodle poll to extend the meeting calendar", None, "Secretariat", None),
]


def entries(agenda_: Agenda, meeting_id: int = MEETING.id) -> list[Entry]:
    ids = {label: item.id for label, item in agenda_.numbered()}
    return [
        Entry(n, meeting_id, ids[label], kind, text, None, credit, None, owner, due)
        for n, (label, kind, text, credit, owner, due) in enumerate(CAPTURED, 1)
    ]


# -- comparing structure with the real summary -------------------------------------------------------------------

_DASHES = str.maketrans({"–": "-", "—": "-"})


def _norm(line: str) -> str:
    line = " ".join(line.translate(_DASHES).split())
    return re.sub(r"\s*,\s*", ", ", line).strip()


def skeleton(text: str) -> list[str]:
    """The structural lines of a summary in order: title sentence shape, section and sub-item lines,
    "Future meetings", annex headings, participant group headings and names."""
    out: list[str] = []
    in_participants = False
    for raw in text.splitlines():
        line = _norm(raw)
        if not line or line == "<end>":
            continue
        if m := re.match(r"^The (\w+) meeting of .+ was held on", line):
            out.append(f"held:{m.group(1)}")
        elif line.startswith("The meeting summary below is organized according to the agreed agenda (Annex I)"):
            out.append("organized")
        elif re.match(r"^\d+ - ", line) or re.match(r"^[a-z]\) ", line):
            out.append(line.rstrip(" ."))
        elif line.startswith("Future meetings:"):
            out.append("Future meetings:")
        elif line.upper().startswith("ANNEX I"):
            out.append(line.upper())
            in_participants = line.upper().startswith("ANNEX II")
        elif in_participants and (line.endswith(":") or line.startswith("CHAIR:")):
            out.append(line.replace("MAG MEMBERS", "MEMBERS"))
        elif in_participants and "," in line:
            out.append(line)
    return out
