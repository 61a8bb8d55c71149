"""Meeting modes through the stand-in: a plenary's observers listen without speaking, a closed item empties the voice
channel of observers, an open consultation lets anyone speak; the channel's own overwrites come back afterwards."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.sandbox import Channel, SandboxError
from bot.sandbox.access import overwrite
from bot.sandbox.objects import PERM_ATTACH_FILES, PERM_CONNECT, PERM_SPEAK, PERM_VIEW_CHANNEL
from tests.e2e.conftest import Convener

START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # an hour after the fixture's clock starts
PERMISSIONS = "/channels/{channel_id}/permissions/{overwrite_id}"


@pytest.fixture
def convener_config() -> dict[str, dict[str, Any]]:
    return {"meetings": {"auto_start": True}}


def room(convener: Convener) -> Channel:
    return convener.channel("Meeting room")


def overwrites(convener: Convener) -> dict[str, tuple[int, int]]:
    """The voice channel's overwrites by role name."""
    guild = convener.guild
    return {guild.roles[o.id].name: (o.allow, o.deny) for o in room(convener).overwrites}


def permission_requests(convener: Convener) -> list[tuple[str, str]]:
    """(method, role name) of every overwrite request the bot sent for the voice channel, in order."""
    guild, channel = convener.guild, room(convener)
    prefix = f"/channels/{channel.id}/permissions/"
    return [(r.method, guild.roles[int(r.path.removeprefix(prefix))].name) for r in convener.standin.requests
            if r.route == PERMISSIONS and r.path.startswith(prefix) and r.status == 204]


async def schedule(convener: Convener, mode: str) -> int:
    reply = await convener.chair.slash("meeting schedule", title="WGIG", start="2026-11-23 10:00 UTC",
                                       voice_channel="Meeting room", mode=mode)
    assert not reply.ephemeral
    [meeting] = await convener.bot.services.meetings.upcoming(convener.guild.id)
    return meeting.id


async def settle(convener: Convener, what: str, check: Any) -> None:
    await convener.bot.services.reminders.run_due()
    await convener.standin.wait_until(check, 5.0, what)


async def test_a_plenary_lets_observers_listen_but_not_speak_and_restores_the_channel(convener: Convener) -> None:
    guild, standin = convener.guild, convener.standin
    # The channel has an overwrite of its own already: observers may not attach files there.
    await overwrite(standin, room(convener), guild.role("Observer"), deny=PERM_ATTACH_FILES)
    meeting_id = await schedule(convener, "plenary")
    listed = await convener.member("jutta").slash("meeting list")
    assert "🎙️ Plenary: observers may listen, not speak" in listed.content
    observer, member = convener.member("pradeep"), convener.member("jutta")
    assert observer.permissions(room(convener)) & PERM_SPEAK  # before the meeting, nothing is enforced
    await convener.advance_to(START)  # it goes live on its own
    await settle(convener, "the plenary's overwrites", lambda: len(overwrites(convener)) == 5)
    assert overwrites(convener) == {"@everyone": (0, PERM_SPEAK), "Observer": (PERM_CONNECT, PERM_ATTACH_FILES |
                                                                               PERM_SPEAK),
                                    "Member": (PERM_CONNECT | PERM_SPEAK, 0), "Chair": (PERM_CONNECT | PERM_SPEAK, 0),
                                    "Secretariat": (PERM_CONNECT | PERM_SPEAK, 0)}
    await observer.join_voice("Meeting room")  # observers may come in …
    assert not observer.permissions(room(convener)) & PERM_SPEAK  # … but not speak
    assert member.permissions(room(convener)) & PERM_SPEAK
    roleless = convener.sandbox.member("Rolf Roleless", roles=[])
    assert not roleless.permissions(room(convener)) & PERM_SPEAK  # no convener role: heard as an observer
    ended = await convener.chair.slash("meeting end", meeting=meeting_id)
    assert not ended.ephemeral
    await settle(convener, "the channel's own overwrites back",
                 lambda: overwrites(convener) == {"Observer": (0, PERM_ATTACH_FILES)})
    assert observer.permissions(room(convener)) & PERM_SPEAK
    requests = permission_requests(convener)
    assert sorted(requests[:5]) == sorted([("PUT", "@everyone"), ("PUT", "Observer"), ("PUT", "Member"),
                                           ("PUT", "Chair"), ("PUT", "Secretariat")])
    assert sorted(requests[5:]) == sorted([("DELETE", "@everyone"), ("PUT", "Observer"), ("DELETE", "Member"),
                                           ("DELETE", "Chair"), ("DELETE", "Secretariat")])
    standin.assert_clean()


async def test_a_closed_meeting_keeps_observers_out(convener: Convener) -> None:
    meeting_id = await schedule(convener, "closed")
    await convener.chair.slash("meeting start", meeting=meeting_id)
    await settle(convener, "the closed meeting's overwrites", lambda: len(overwrites(convener)) == 5)
    with pytest.raises(SandboxError, match="Connect"):
        await convener.member("antoine").join_voice("Meeting room")
    with pytest.raises(SandboxError, match="Connect"):
        await convener.sandbox.member("Rolf Roleless", roles=[]).join_voice("Meeting room")
    await convener.member("jutta").join_voice("Meeting room")
    assert convener.member("antoine").permissions(room(convener)) & PERM_VIEW_CHANNEL  # they still see it
    await convener.chair.slash("meeting end", meeting=meeting_id)
    await settle(convener, "the channel restored", lambda: not room(convener).overwrites)
    await convener.member("antoine").join_voice("Meeting room")


async def test_a_closed_item_clears_observers_from_the_channel_and_opens_it_again_after(convener: Convener) -> None:
    guild, lynn = convener.guild, convener.chair
    meeting_id = await schedule(convener, "plenary")
    await convener.bot.services.agendas.save_text(guild.id, meeting_id, "1 - Opening\n2 - Drafting the report\n"
                                                                        "3 - Next steps", None)
    marked = await lynn.slash("agenda closed", meeting=meeting_id, item="2")
    assert "Item **2** will be held in closed session" in marked.content
    shown = await convener.member("pradeep").slash("agenda show", meeting=meeting_id)
    assert "**2 - Drafting the report** 🔒 closed session" in shown.content
    await convener.advance_to(START)
    await settle(convener, "the plenary's overwrites", lambda: len(overwrites(convener)) == 5)
    observer, member = convener.member("pradeep"), convener.member("jutta")
    await observer.join_voice("Meeting room")
    await member.join_voice("Meeting room")
    first = await lynn.slash("item next")
    assert "Now on item **1**" in first.content and "closed session" not in first.content
    closed = await lynn.slash("item next")
    assert not closed.ephemeral and "Now on item **2**" in closed.content
    voice = room(convener)
    assert (f"🔒 This item is held in closed session: observers leave <#{voice.id}> until it is over; only members "
            "can join it now.") in closed.content
    await settle(convener, "the observer moved out", lambda: observer.id not in guild.voice_states)
    assert member.id in guild.voice_states  # members stay
    assert overwrites(convener)["Observer"] == (0, PERM_CONNECT)  # built from the channel's own settings
    with pytest.raises(SandboxError, match="Connect"):
        await observer.join_voice("Meeting room")
    reopened = await lynn.slash("item next")
    assert f"🔓 The closed session is over: observers may join <#{voice.id}> again." in reopened.content
    await settle(convener, "the plenary again", lambda: overwrites(convener)["Observer"] == (PERM_CONNECT, PERM_SPEAK))
    await observer.join_voice("Meeting room")
    disconnects = [r for r in convener.standin.requests if r.method == "PATCH" and r.path.endswith(f"/{observer.id}")]
    assert len(disconnects) == 1 and disconnects[0].status == 200


async def test_an_open_consultation_and_a_mode_changed_while_live(convener: Convener) -> None:
    meeting_id = await schedule(convener, "open")
    await convener.chair.slash("meeting start", meeting=meeting_id)
    await settle(convener, "the open consultation", lambda: len(overwrites(convener)) == 5)
    roleless = convener.sandbox.member("Rolf Roleless", roles=[])
    assert roleless.permissions(room(convener)) & PERM_SPEAK
    changed = await convener.chair.slash("meeting mode", meeting=meeting_id, mode="closed")
    assert "🔒 Closed working meeting: members only" in changed.content
    await settle(convener, "closed now", lambda: overwrites(convener)["@everyone"] == (0, PERM_CONNECT))
    cleared = await convener.chair.slash("meeting mode", meeting=meeting_id)
    assert "has no mode now" in cleared.content
    await settle(convener, "the channel's own settings", lambda: not room(convener).overwrites)
    refused = await convener.member("jutta").slash("meeting mode", meeting=meeting_id, mode="plenary")
    assert refused.ephemeral and "Only chairs" in refused.content


async def test_the_channel_comes_back_after_a_restart_from_the_stored_overwrites(convener: Convener) -> None:
    guild = convener.guild
    await overwrite(convener.standin, room(convener), guild.everyone, deny=PERM_ATTACH_FILES)
    meeting_id = await schedule(convener, "closed")
    await convener.chair.slash("meeting start", meeting=meeting_id)
    await settle(convener, "the closed meeting's overwrites", lambda: len(overwrites(convener)) == 5)
    await convener.restart()  # what the channel had before is in the database, not in memory
    await convener.chair.slash("meeting end", meeting=meeting_id)
    await settle(convener, "the channel's own overwrite back",
                 lambda: overwrites(convener) == {"@everyone": (0, PERM_ATTACH_FILES)})
