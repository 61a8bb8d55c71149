"""Roll call end to end: twelve members answer by button and by voice, a guest is added, a chair corrects,
the close marks the silent absent, and the secretariat's exports match the golden files exactly."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from bot.domain.meeting import MeetingInfo
from bot.domain.rollcall import Participant
from bot.sandbox import Message, SimMember
from tests.e2e.conftest import Convener
from tests.support_golden import assert_golden

START = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
EXTRA = (("Alice Example", "Example, Alice"), ("Bob Sample", "Sample, Bob"))


async def scheduled(convener: Convener, in_voice: bool = True) -> MeetingInfo:
    """Set-up shortcut: a meeting in #general with the "Meeting room" voice channel."""
    return await convener.bot.services.meetings.schedule(
        convener.guild.id, title="WG-MWP", start=START, duration=60, timezone="UTC",
        channel_id=convener.channel("general").id,
        voice_channel_id=convener.channel("Meeting room").id if in_voice else None)


async def until(check: Callable[[], Awaitable[bool]], what: str) -> None:
    """Wait (at most 5 s) for the bot to have processed a gateway event it handles in the background.

    The bot's record lives in its database, readable only asynchronously, so the condition is polled under a
    deadline rather than awaited as an event."""
    try:
        async with asyncio.timeout(5.0):
            while not await check():  # noqa: ASYNC110
                await asyncio.sleep(0.01)
    except TimeoutError:
        raise TimeoutError(f"timed out waiting for {what}") from None


class Room:
    """The meeting's voice channel, waiting until the bot has recorded each join and leave."""

    def __init__(self, convener: Convener, meeting: MeetingInfo) -> None:
        self.convener, self.meeting = convener, meeting

    async def participant(self, member: SimMember) -> Participant | None:
        everyone = await self.convener.bot.services.rollcall.participants(self.convener.guild.id, self.meeting.id)
        return next((p for p in everyone if p.user_id == member.id), None)

    async def join(self, member: SimMember) -> None:
        await member.join_voice("Meeting room")

        async def recorded() -> bool:
            p = await self.participant(member)
            return p is not None and p.first_join is not None and p.last_leave is None
        await until(recorded, f"{member.name} joining")

    async def leave(self, member: SimMember) -> None:
        await member.leave_voice()
        now = self.convener.clock.now()

        async def recorded() -> bool:
            p = await self.participant(member)
            return p is not None and p.last_leave == now
        await until(recorded, f"{member.name} leaving")


def normalise(text: str, members: dict[str, SimMember]) -> str:
    """Discord ids differ on every run: write the cast key instead."""
    for key, member in members.items():
        text = text.replace(str(member.id), f"<{key}>")
    return text


async def board_shows(convener: Convener, board: Message, *fragments: str) -> None:
    await convener.standin.wait_until(lambda: all(f in board.content for f in fragments), 5.0,
                                      f"the roll-call message to show {fragments}")


async def test_twelve_members_by_button_and_voice_then_exports(convener: Convener) -> None:
    members = await twelve_members(convener)
    meeting = await scheduled(convener)
    lynn = members["lynn"]

    apologised = await members["bob"].slash("rollcall apologies", meeting=meeting.id)
    assert apologised.ephemeral and "Your apologies for **WG-MWP**" in apologised.content

    convener.clock.set(START)
    await convener.bot.services.meetings.start_live(convener.guild.id, meeting.id)
    started = await lynn.slash("rollcall start", meeting=meeting.id, consent=True)
    assert started.ephemeral and "✅ Roll call posted: https://discord.com/channels/" in started.content
    [board] = [m for m in convener.standin.messages("general") if m.content.startswith("🗳️")]
    labels = [c.get("label") for row in board.components for c in row["components"]]
    assert labels == ["Present", "Late", "Apologies", "Observing", "I agree to recording", "Please do not record"]
    assert "🙏 Apologies (1): Sample, Bob" in board.content

    room = Room(convener, meeting)
    await _answers_by_button(board, room, members)
    await _comings_and_goings_in_voice(convener, board, room, members)
    await _chair_adds_a_guest_and_corrects(convener, board, meeting, members)

    convener.clock.set(START + timedelta(minutes=60))
    await convener.bot.services.meetings.end_live(convener.guild.id, meeting.id)
    convener.clock.set(START + timedelta(minutes=65))
    closed = await lynn.slash("rollcall close", meeting=meeting.id)
    assert closed.content == ("🔒 Roll call closed: 6 present, 2 late, 2 apologies, 1 absent, 2 observing. "
                              "Export it with `/attendance export`.")
    await board_shows(convener, board, "🔒 Closed", "❌ Absent (1): Example, Alice")
    assert board.components == []
    await _exports_match_the_golden_files(meeting, members)


async def twelve_members(convener: Convener) -> dict[str, SimMember]:
    """The cast with their profiles, plus Alice and Bob who join now; keyed by cast key or first name."""
    await convener.seed_profiles()
    members = {key: convener.member(key) for key in convener.people}
    for name, listed in EXTRA:
        joined = await convener.sandbox.join(name, roles=["Member"])
        await convener.bot.services.profiles.set_name(convener.guild.id, joined.id, listed)
        members[name.split()[0].lower()] = joined
    assert len(members) == 12
    return members


async def _answers_by_button(board: Message, room: Room, members: dict[str, SimMember]) -> None:
    """Three are in the voice channel from the start; members answer, change their answer, give consent."""
    for key in ("lynn", "lianna", "concettina"):
        await room.join(members[key])
    answer = await members["concettina"].click(board, "Present")
    assert answer.ephemeral and "you are marked **present**" in answer.content
    await members["antoine"].click(board, "Observing")
    await members["chengetai"].click(board, "Present")
    await members["xiaofeng"].click(board, "Present")
    changed = await members["xiaofeng"].click(board, "Apologies")
    assert "you are marked **apologies**" in changed.content
    consent = await members["lianna"].click(board, "I agree to recording")
    assert "you agree" in consent.content
    await members["danko"].click(board, "Please do not record")


async def _comings_and_goings_in_voice(convener: Convener, board: Message, room: Room,
                                       members: dict[str, SimMember]) -> None:
    """Late joins, one who says so by button first, one who leaves and comes back, one who leaves early."""
    convener.clock.set(START + timedelta(minutes=2))
    await room.join(members["danko"])
    convener.clock.set(START + timedelta(minutes=5))
    await room.join(members["pradeep"])
    convener.clock.set(START + timedelta(minutes=12))
    await members["jutta"].click(board, "Late")
    await room.join(members["jutta"])
    convener.clock.set(START + timedelta(minutes=20))
    await room.leave(members["danko"])
    convener.clock.set(START + timedelta(minutes=25))
    await room.join(members["danko"])
    convener.clock.set(START + timedelta(minutes=50))
    await room.leave(members["lianna"])


async def _chair_adds_a_guest_and_corrects(convener: Convener, board: Message, meeting: MeetingInfo,
                                           members: dict[str, SimMember]) -> None:
    lynn = members["lynn"]
    guest = await lynn.slash("rollcall add", meeting=meeting.id, name="Sivasubramanian, M", role="guest",
                             group="Civil society")
    assert guest.content == "✅ Added: **Sivasubramanian, M** (guest, Civil society) is **present**."
    fixed = await lynn.slash("rollcall set", meeting=meeting.id, member=members["flavio"].id, status="late",
                             group="Academia")
    assert fixed.content == "✅ **Wagner, Flávio** (member, Academia) is **late**."
    await board_shows(convener, board, "Sivasubramanian, M *(guest)*", "⏰ Late (2): Croll, Jutta · Wagner, Flávio",
                      "👀 Observing (2): Balachandran, Pradeep · Vergne, Antoine",
                      "🙏 Apologies (2): Sample, Bob · Tao, Xiaofeng",
                      "🎙️ May this meeting be recorded? 1 agree · 1 object (Jevtović, Danko)")


async def _exports_match_the_golden_files(meeting: MeetingInfo, members: dict[str, SimMember]) -> None:
    chengetai = members["chengetai"]
    csv_reply = await chengetai.slash("attendance export", meeting=meeting.id, format="csv")
    assert csv_reply.ephemeral and "📎 Attendance for **WG-MWP**: 13 people." in csv_reply.content
    [csv_file] = csv_reply.attachments
    assert csv_file.filename == f"attendance-2026-11-30-meeting-{meeting.id}.csv"
    assert_golden("attendance/e2e-rollcall.csv", normalise(csv_file.data.decode("utf-8"), members))
    md_reply = await chengetai.slash("attendance export", meeting=meeting.id, format="markdown")
    [md_file] = md_reply.attachments
    assert_golden("attendance/e2e-rollcall.md", normalise(md_file.data.decode("utf-8"), members))


async def button_message(convener: Convener, custom_id: str) -> Message:
    """A message from the bot carrying one button with ``custom_id`` (as an old or tampered message would)."""
    from bot.sandbox.messages import build_message

    standin = convener.standin
    button = {"type": 2, "style": 1, "label": "Present", "custom_id": custom_id}
    msg = build_message(standin.world, standin.base_url, channel_id=convener.channel("general").id,
                        guild_id=convener.guild.id, author=standin.bot_user,
                        payload={"content": "🗳️ Roll call", "components": [{"type": 1, "components": [button]}]},
                        uploads=[])
    await standin.announce_message(msg)
    return msg


async def test_refusals_come_back_as_clear_ephemeral_messages(convener: Convener) -> None:
    meeting = await scheduled(convener)
    jutta, lynn = convener.member("jutta"), convener.chair
    refused = await jutta.slash("rollcall start", meeting=meeting.id)
    assert refused.ephemeral and refused.content.startswith("🔒 Only chairs")
    started = await lynn.slash("rollcall start", meeting=meeting.id)
    assert "Roll call posted" in started.content
    old_board = await button_message(convener, f"rollcall:{meeting.id}:present")

    # Another server's meeting id on a button is refused as unknown here.
    theirs = await convener.bot.services.meetings.schedule(4242, title="Their meeting", start=START,
                                                           timezone="UTC")
    forged = await jutta.click(await button_message(convener, f"rollcall:{theirs.id}:present"), "Present")
    assert forged.ephemeral and forged.content == f"❌ There is no meeting #{theirs.id} in this server; " \
                                                  "pick one from the list."

    # Buttons keep working after a restart (persistent dynamic items, state in the database).
    await convener.restart()
    after_restart = await jutta.click(old_board, "Present")
    assert after_restart.ephemeral and "you are marked **present**" in after_restart.content

    closed = await lynn.slash("rollcall close", meeting=meeting.id)
    assert closed.ephemeral and "1 present, 0 late" in closed.content
    stale = await jutta.click(old_board, "Present")
    assert stale.ephemeral and "The roll call for “WG-MWP” was closed" in stale.content
    again = await lynn.slash("rollcall close", meeting=meeting.id)
    assert again.ephemeral and "already closed" in again.content
    restart = await lynn.slash("rollcall start", meeting=meeting.id)
    assert restart.ephemeral and "was closed" in restart.content
    late = await jutta.slash("rollcall apologies", meeting=meeting.id)
    assert late.ephemeral and "was closed" in late.content
    shown = await jutta.slash("rollcall show", meeting=meeting.id)
    assert shown.ephemeral and "🔒 Closed" in shown.content and "❌ Absent (5)" in shown.content
