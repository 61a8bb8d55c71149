"""Demo scenes for the work between meetings: stakeholder groups and diversity, a drafting group whose balance
first fails then holds, an issue paper through its stages with a deadline reminder, and draft minutes sent
round for comments."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .demo_stage import DemoError

if TYPE_CHECKING:
    from .demo_script import Cycle

STAKEHOLDERS = "Government, Private sector, Civil society, Technical community, Academia, " \
               "Intergovernmental organisations"
DRAFTING_GROUP = "Strategic work programme"
PAPER = "Issue paper: engaging the IGF community"


async def diversity(c: Cycle) -> None:
    s = c.stage
    s.transcript.narrate("Seed 001 asks for diversity of participation to be visible. The chair fixes the list of "
                         "stakeholder groups (so “academia” and “=Academia” are one group), and members may declare "
                         "region, developing-country status, gender and youth — counted only in aggregate.")
    await s.slash("lynn", "setup stakeholders", groups=STAKEHOLDERS, limit=4)
    await s.slash("xiaofeng", "profile group", group="=academia", limit=1)
    await s.slash("xiaofeng", "profile diversity", region="Asia-Pacific Group", developing_country="yes",
                  gender="man", limit=3)
    await s.slash("jutta", "profile diversity", region="Western European and Others Group (WEOG)", gender="woman",
                  limit=3)
    await s.slash("lianna", "profile diversity", region="Eastern European Group", gender="woman", youth="yes",
                  limit=3)


async def drafting_group(c: Cycle) -> None:
    s = c.stage
    s.transcript.narrate("“A small drafting group would come back to this WG for review” (seed 000). The chair "
                         "wants one government member and two others; the first list has no government member.")
    created = await s.slash("lynn", "group create", name=DRAFTING_GROUP, rule="1 Government, 2 non-Government",
                            limit=8)
    found = re.search(r"Drafting group #(\d+)", created.content)
    if found is None:
        raise DemoError("the drafting group was not created")
    c.group_id = int(found.group(1))
    for key in ("jutta", "danko"):
        added = await s.slash("lynn", "group add", group=c.group_id, member=s.member(key).name, limit=6)
    if "does not hold" not in added.content:
        raise DemoError("the balance held without a government member")
    added = await s.slash("lynn", "group add", group=c.group_id, member=s.member("concettina").name, limit=6)
    if "The balance holds" not in added.content:
        raise DemoError("the balance did not hold after adding a government member")
    await s.slash("lynn", "group add", group=c.group_id, member=s.member("xiaofeng").name, limit=6)
    await s.slash("lynn", "group remove", group=c.group_id, member=s.member("xiaofeng").name, limit=6)


async def issue_paper(c: Cycle) -> None:
    s = c.stage
    s.transcript.narrate("Seed 004: issue papers “ready by 15 December”. The drafting group owns one, with a "
                         "deadline per stage; the group would be reminded in its private thread a week and a day "
                         "before each deadline — this draft comes in early, so those reminders are withdrawn.")
    await s.slash("lynn", "deliverable create", title=PAPER, group=c.group_id, draft_due="in 2 weeks",
                  final_due="in 6 weeks", limit=6)
    await s.slash("jutta", "deliverable stage", deliverable=1, stage="draft", limit=2)
    await s.slash("jutta", "deliverable version", deliverable=1, link="https://docs.example.org/engaging-v1",
                  note="first full draft", limit=2)
    await s.slash("danko", "deliverable stage", deliverable=1, stage="final", expect_error=True, limit=2)
    await s.slash("jutta", "deliverable stage", deliverable=1, stage="review", limit=2)
    await s.slash("antoine", "deliverable show", deliverable=1, limit=8)


async def circulation(c: Cycle) -> None:
    s = c.stage
    s.transcript.narrate("Before publishing, the secretariat sends the draft round; a member comments on one "
                         "section in a form, and the chair sees the comments beside the sections.")
    await s.slash("chengetai", "minutes circulate", meeting=c.meeting, period="3d", limit=2)
    posted = await s.wait_for("the draft sent round", lambda: next(
        (m for m in reversed(s.standin.messages("general")) if "open for comments" in m.content), None))
    picker = await s.click("jutta", posted, "Comment on a section", limit=2)
    options = picker.components[0]["components"][0]["options"]
    intro = next((o["value"] for o in options if "Intro" in o["label"]), options[0]["value"])
    form = await s.cast["jutta"].select(picker, "Pick a section", [intro], timeout=10.0)
    await s.submit("jutta", form, {"Your comment on this section": "Please note that the recording is kept for "
                                                                   "90 days."}, "a comment on the introduction")
    await s.slash("lynn", "minutes comments", meeting=c.meeting, limit=4)
