"""The weeks after the poll: reminders the day and the hour before, the meeting at its time (a plenary whose
observers listen without speaking, an item in closed session, voice joins, leaves, a late arrival, an automatic
start and end), minutes with the recording, attendance, an action falling due a week later, a tentative date
confirmed and the next meeting of the series announced. `demo_script` plays the first week."""

from __future__ import annotations

from . import demo_drafting
from .demo_script import CHAIR_ZONE, FIRST_NUMBER, RECORDING, TITLE, Cycle, Scene, at, last_of_next_month
from .demo_stage import DemoError, Stage
from .objects import PERM_CONNECT, PERM_SPEAK

ROOM = "Meeting room"

# The meeting: Tuesday of the second week, 10:00 in New York (15:00 UTC), an hour long.
MEETING_DAY = 8


async def day_before(c: Cycle) -> None:
    s = c.stage
    s.transcript.narrate("Nothing happens until the eve of the meeting: convener reminds the members the day before, "
                         "then the hour before.")
    await s.advance_to(at(MEETING_DAY - 1, 15))
    await s.advance_to(at(MEETING_DAY, 14))


async def meeting_opens(c: Cycle) -> None:
    s = c.stage
    await s.advance_to(at(MEETING_DAY, 14, 52))
    s.transcript.narrate("Two members wait in the voice channel before the start; their early minutes do not count.")
    await s.join_voice("lynn", "Meeting room")
    await s.advance_to(at(MEETING_DAY, 14, 55))
    await s.join_voice("concettina", "Meeting room")
    s.transcript.narrate("15:00 UTC: the meeting goes live on its own. It is a plenary: convener sets the voice "
                         "channel's permissions so that observers may listen but not speak.")
    await s.advance_to(at(MEETING_DAY, 15))
    await s.wait_for("the plenary's permissions on the voice channel", lambda: can(s, "pradeep", PERM_CONNECT)
                     and not can(s, "pradeep", PERM_SPEAK) and can(s, "jutta", PERM_SPEAK))
    await s.slash("lynn", "rollcall start", meeting=c.meeting, consent=True)
    c.board = await s.wait_for("the roll-call message", lambda: next(
        (m for m in reversed(s.standin.messages("general")) if m.content.startswith("🗳️")), None))


async def rollcall(c: Cycle) -> None:
    s = c.stage
    board = c.board
    assert board is not None
    await s.advance_to(at(MEETING_DAY, 15, 2))
    await s.join_voice("lianna", "Meeting room")
    await s.click("chengetai", board, "Present")
    await s.click("jutta", board, "Present")
    await s.click("flavio", board, "Present")
    await s.click("antoine", board, "Observing")
    await s.click("pradeep", board, "Observing")
    await s.click("lynn", board, "I agree to recording")
    await s.click("lianna", board, "I agree to recording")
    await s.click("jutta", board, "I agree to recording")
    await s.join_voice("pradeep", ROOM)
    s.transcript.narrate("Pradeep, an observer, listens in the voice channel: Discord lets him connect, and his "
                         "microphone stays silent — observers have no right to speak in a plenary.")
    await s.advance_to(at(MEETING_DAY, 15, 10))
    await s.click("danko", board, "Late")
    await s.advance_to(at(MEETING_DAY, 15, 14))
    await s.join_voice("danko", "Meeting room")
    await s.slash("lynn", "rollcall add", meeting=c.meeting, name="Sivasubramanian, M", role="guest",
                  group="Civil society")
    wanted = ["Sivasubramanian, M", "Jevtović, Danko", "Cassa, Concettina", "Galstyan, Lianna", "St.Amour, Lynn"]
    await s.wait_for("the roll-call message to show everyone", lambda: all(n in board.content for n in wanted))
    s.transcript.post("#general", "Convener", ["(the roll-call message, as it stands)", *s.lines(board, 20)])


async def discussion(c: Cycle) -> None:
    s = c.stage
    await s.slash("chengetai", "item next")
    await s.advance_to(at(MEETING_DAY, 15, 18))
    await s.slash("chengetai", "item goto", item="2a")
    await s.slash("chengetai", "note", text="The Chair summarised the review period on the IGF Programme Framework "
                                            "and the ongoing work to find a platform to share it with the "
                                            "community.")
    await s.advance_to(at(MEETING_DAY, 15, 27))
    await s.slash("chengetai", "item goto", item="2c")
    await s.slash("chengetai", "note", text="The group reviewed the goals and status of the two pilots. To advance "
                                            "them, executive summaries explaining goals, opportunities and "
                                            "approach are needed.")
    c.said = await s.say("jutta", "general", "Missions Publiques is interested in working with the IGF on the "
                                             "two pilots discussed above.")
    await s.message_command("chengetai", "Add to minutes", c.said)
    await s.advance_to(at(MEETING_DAY, 15, 34))
    await s.slash("lynn", "decision", text="Executive summaries of both pilots are produced before further "
                                           "steps are taken.")
    owner = await s.pick("chengetai", "action", "owner", "croll")
    await s.slash("chengetai", "action", text="Draft the executive summaries of the two pilots", owner=owner,
                  due="in 8 days")
    await s.advance_to(at(MEETING_DAY, 15, 40))
    await s.leave_voice("concettina")
    await closed_session(c)
    await s.advance_to(at(MEETING_DAY, 15, 51))
    await s.slash("chengetai", "item goto", item="4")
    await s.wait_for("the plenary again", lambda: can(s, "pradeep", PERM_CONNECT))
    await s.join_voice("pradeep", ROOM)
    await s.slash("chengetai", "note", text="The importance of getting concrete proposals out as soon as possible "
                                            "was stressed.")
    await s.advance_to(at(MEETING_DAY, 15, 57))
    await s.slash("chengetai", "item goto", item="5")
    await s.slash("chengetai", "note", text="No other business was raised.")


def can(s: Stage, key: str, permission: int) -> bool:
    """Whether Discord gives this member ``permission`` in the meeting's voice channel now."""
    return bool(s.member(key).permissions(ROOM) & permission)


async def closed_session(c: Cycle) -> None:
    """Item 3 is held in closed session: observers are moved out of the voice channel and cannot rejoin."""
    s = c.stage
    await s.slash("chengetai", "item goto", item="3")
    await s.wait_for("the observer moved out of the voice channel",
                     lambda: s.member("pradeep").id not in s.sandbox.guild.voice_states)
    if can(s, "pradeep", PERM_CONNECT) or not can(s, "jutta", PERM_CONNECT):
        raise DemoError("the closed session did not keep observers out while members stayed")
    s.transcript.narrate("convener moved Pradeep out of the voice channel; only members can join it until item 3 "
                         "is over.")
    await s.slash("chengetai", "note", text="A small drafting group will work on a more concrete proposal for a "
                                            "multi-year strategic work programme and evaluate a poll of the "
                                            "IGF community.")
    await s.slash("chengetai", "action", text="Concrete proposal for the multi-year work programme",
                  owner="Drafting group", due="in 3 weeks")


async def meeting_closes(c: Cycle) -> None:
    s = c.stage
    s.transcript.narrate("The hour is up but the conversation runs on a few minutes; nobody ends the meeting by "
                         "hand. Once the voice channel is empty, convener ends it, at the time the last person left.")
    for when, key in ((at(MEETING_DAY, 16), "lianna"), (at(MEETING_DAY, 16), "pradeep"),
                      (at(MEETING_DAY, 16, 5), "danko"), (at(MEETING_DAY, 16, 6), "lynn")):
        await s.advance_to(when)
        await s.leave_voice(key)
    await s.advance_to(at(MEETING_DAY, 16, 15))
    await s.advance_to(at(MEETING_DAY, 16, 20))
    await s.slash("lynn", "rollcall close", meeting=c.meeting)
    board = c.board
    assert board is not None
    await s.wait_for("the roll-call message to close", lambda: "🔒" in board.content)


async def minutes(c: Cycle) -> None:
    s = c.stage
    await s.advance_to(at(MEETING_DAY, 17))
    s.transcript.narrate("Everyone who answered the roll call's question agreed to the recording; the secretariat "
                         "adds where it is, and the minutes say so.")
    await s.slash("chengetai", "meeting recording", meeting=c.meeting, url=RECORDING, limit=2)
    draft = await s.slash("chengetai", "minutes draft", meeting=c.meeting, limit=6)
    c.artefacts.save("minutes.md", draft, ".md")
    await s.advance_to(at(MEETING_DAY + 1, 14))
    s.transcript.narrate("Wednesday: the chair publishes the minutes; open actions move to the next meeting's agenda.")
    await s.slash("lynn", "minutes publish", meeting=c.meeting)
    await s.slash("jutta", "actions list", limit=6)


async def attendance(c: Cycle) -> None:
    s = c.stage
    await s.advance_to(at(MEETING_DAY + 1, 14, 30))
    csv_reply = await s.slash("chengetai", "attendance export", meeting=c.meeting, format="csv")
    c.artefacts.save("attendance.csv", csv_reply, ".csv")
    md_reply = await s.slash("chengetai", "attendance export", meeting=c.meeting, format="markdown")
    c.artefacts.save("attendance.md", md_reply, ".md")
    today = s.now().date()
    period = {"from": f"{today.replace(day=1):%Y-%m-%d}", "to": f"{last_of_next_month(today):%Y-%m-%d}"}
    report = await s.slash("chengetai", "attendance report", limit=3, options=period)
    c.artefacts.save("participation.png", report, ".png")


async def action_due(c: Cycle) -> None:
    s = c.stage
    s.transcript.narrate("A week goes by. The day before Jutta's action is due (09:00 in Berlin), convener reminds "
                         "her; she marks it done that afternoon.")
    await s.advance_to(at(MEETING_DAY + 7, 8))
    await s.advance_to(at(MEETING_DAY + 7, 16))
    done = await s.pick("jutta", "actions done", "action", "executive")
    await s.slash("jutta", "actions done", action=done)


async def date_confirmed(c: Cycle) -> None:
    s = c.stage
    await s.advance_to(at(MEETING_DAY + 7, 16, 30))
    s.transcript.narrate("The open consultation's date is settled: the chair confirms it, and convener announces it; "
                         "its reminders start now.")
    await s.slash("lynn", "meeting confirm", meeting=c.consultation, limit=4)


async def next_meeting(c: Cycle) -> None:
    s = c.stage
    following = MEETING_DAY + 14
    s.transcript.narrate("Two weeks after the sixth, the seventh meeting comes round: the day before, convener "
                         "announces it.")
    await s.advance_to(at(following - 1, 15))
    await s.slash("danko", "meeting list", limit=4)
    local = at(following, 15).astimezone(CHAIR_ZONE)
    s.transcript.narrate(f"The story ends here: {TITLE} #{FIRST_NUMBER + 1} meets tomorrow, {local:%A} {local.day} "
                         f"{local:%B}, at {local:%H:%M} in New York.")


async def circulation(c: Cycle) -> None:
    await c.stage.advance_to(at(MEETING_DAY, 16, 30))
    await demo_drafting.circulation(c)


async def drafting_group(c: Cycle) -> None:
    await c.stage.advance_to(at(MEETING_DAY + 1, 15))
    await demo_drafting.drafting_group(c)


async def issue_paper(c: Cycle) -> None:
    await c.stage.advance_to(at(MEETING_DAY + 1, 15, 30))
    await demo_drafting.issue_paper(c)


MEETING_WEEKS: list[Scene] = [
    ("Monday and Tuesday: the reminders", day_before),
    ("Tuesday 15:00 UTC: the meeting opens at its time", meeting_opens),
    ("Who is here", rollcall),
    ("The discussion, item by item", discussion),
    ("The meeting ends", meeting_closes),
    ("Draft minutes sent round for comments", circulation),
    ("Minutes", minutes),
    ("Attendance for the secretariat", attendance),
    ("A drafting group with a balance rule", drafting_group),
    ("An issue paper through its stages", issue_paper),
    ("A week later: an action falls due", action_due),
    ("A tentative date confirmed", date_confirmed),
    ("The next meeting of the series", next_meeting),
]
