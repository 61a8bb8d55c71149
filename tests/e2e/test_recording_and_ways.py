"""Recording and how people took part, through the stand-in: the roll call's consent question feeds the minutes,
`/meeting recording` links the recording, and in the room / online / by phone reach the attendance CSV, the
participation report and the session report."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from bot.domain.meeting import MeetingInfo
from bot.sandbox import Message
from tests.e2e.conftest import Convener
from tests.e2e.test_rollcall import Room, board_shows

START = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
RECORDING = "https://recordings.example.org/wg-mwp/2026-11-30"


async def live_meeting(convener: Convener) -> MeetingInfo:
    meeting = await convener.bot.services.meetings.schedule(
        convener.guild.id, title="WG-MWP", start=START, duration=60, timezone="UTC",
        channel_id=convener.channel("general").id, voice_channel_id=convener.channel("Meeting room").id)
    convener.clock.set(START)
    return await convener.bot.services.meetings.start_live(convener.guild.id, meeting.id)


async def minutes(convener: Convener, meeting_id: int) -> str:
    draft = await convener.chair.slash("minutes draft", meeting=meeting_id)
    return str(draft.attachments[0].data.decode())


async def test_consent_and_the_recording_link_reach_the_minutes(convener: Convener) -> None:
    await convener.seed_profiles()
    lynn, jutta, danko = convener.chair, convener.member("jutta"), convener.member("danko")
    meeting = await live_meeting(convener)
    await lynn.slash("rollcall start", meeting=meeting.id, consent=True)
    [board] = [m for m in convener.standin.messages("general") if m.content.startswith("🗳️")]
    await lynn.click(board, "I agree to recording")
    await jutta.click(board, "I agree to recording")
    linked = await convener.member("chengetai").slash("meeting recording", meeting=meeting.id, url=RECORDING)
    assert linked.ephemeral and f"The recording of **WG-MWP** is <{RECORDING}>" in linked.content
    not_a_link = await convener.member("chengetai").slash("meeting recording", meeting=meeting.id, url="zoom")
    assert not_a_link.ephemeral and "is not a join link" in not_a_link.content
    refused = await jutta.slash("meeting recording", meeting=meeting.id, url=RECORDING)
    assert refused.ephemeral and "Only the secretariat or chairs" in refused.content
    agreed = await minutes(convener, meeting.id)
    assert ("The list of participants can be found in Annex II. Participants agreed to the meeting being recorded. "
            f"That recording can be found [here]({RECORDING}).") in agreed
    await danko.click(board, "Please do not record")
    await board_shows(convener, board, "🎙️ May this meeting be recorded? 2 agree · 1 object")
    split = await minutes(convener, meeting.id)
    assert "2 participants agreed to the meeting being recorded and 1 did not." in split
    assert "Participants agreed" not in split and f"[here]({RECORDING})" in split
    export = await convener.member("chengetai").slash("attendance export", meeting=meeting.id, format="csv")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(export.attachments[0].data.decode()))}
    assert rows["St.Amour, Lynn"]["recording_consent"] == "yes" and rows["Jevtović, Danko"]["recording_consent"] == "no"


async def click_board(convener: Convener) -> Message:
    return next(m for m in convener.standin.messages("general") if m.content.startswith("🗳️"))


async def test_in_the_room_online_and_by_phone(convener: Convener) -> None:
    await convener.seed_profiles()
    lynn, chengetai = convener.chair, convener.member("chengetai")
    meeting = await live_meeting(convener)
    await lynn.slash("rollcall start", meeting=meeting.id, room=True)
    board = await click_board(convener)
    labels = [c.get("label") for row in board.components for c in row["components"]]
    assert labels == ["Present", "Late", "Apologies", "Observing", "In the room"]
    here = await lynn.click(board, "In the room")
    assert here.ephemeral and "you are marked **present**" in here.content
    room = Room(convener, meeting)
    await room.join(convener.member("jutta"))
    await room.join(convener.member("danko"))
    await convener.member("concettina").click(board, "Present")  # how, nobody knows yet …
    await lynn.slash("rollcall set", meeting=meeting.id, member=convener.member("concettina").id, status="present",
                     took_part="online")  # … until a chair says
    await lynn.slash("rollcall add", meeting=meeting.id, name="Sivasubramanian, M", role="guest")
    await lynn.slash("rollcall add", meeting=meeting.id, name="Doria, Avri", role="member", took_part="room")
    convener.clock.set(datetime(2026, 11, 30, 16, 0, tzinfo=UTC))
    await lynn.slash("meeting end", meeting=meeting.id)
    await lynn.slash("rollcall close", meeting=meeting.id)
    export = await chengetai.slash("attendance export", meeting=meeting.id, format="csv")
    rows = {r["name"]: r["took_part"] for r in csv.DictReader(io.StringIO(export.attachments[0].data.decode()))}
    assert {name: way for name, way in rows.items() if way} == {
        "St.Amour, Lynn": "room", "Doria, Avri": "room", "Croll, Jutta": "online", "Jevtović, Danko": "online",
        "Cassa, Concettina": "online", "Sivasubramanian, M": "phone"}
    report = await chengetai.slash("attendance report", **{"from": "2026-11-01", "to": "2026-11-30"},
                                   format="markdown")
    table = next(a for a in report.attachments if a.filename.endswith(".md")).data.decode()
    assert "Attendances in the room: 2; online: 3; by phone or other means: 1." in table
    session = await chengetai.slash("report draft", meeting=meeting.id)
    text = session.attachments[0].data.decode()
    assert "6 participants, 4 of them remotely (3 online, 1 by phone or other means), 2 in the room." in text
