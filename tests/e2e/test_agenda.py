"""Agendas end to end through the stand-in: paste seed 000's agenda, post, edit, re-post, split, refuse."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.meeting import MeetingInfo
from bot.render.agenda import POSTED_INDENT
from bot.sandbox import Message
from cogs.agenda import EDITOR_LABEL
from tests.e2e.conftest import Convener
from tests.support_attendance import seed_000_annex_i

START = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


async def scheduled(convener: Convener, channel: str = "general") -> MeetingInfo:
    """Set-up shortcut: a meeting whose agenda and roll call belong in #general."""
    return await convener.bot.services.meetings.schedule(
        convener.guild.id, title="WG-MWP", start=START, duration=60, timezone="UTC",
        channel_id=convener.channel(channel).id)


def agenda_messages(convener: Convener, channel: str = "general") -> list[Message]:
    return [m for m in convener.standin.messages(channel) if m.content.startswith(("📋", "*(agenda continued)*"))]


async def test_chair_pastes_seed_000_agenda_posts_and_reposts_one_pinned_message(convener: Convener) -> None:
    meeting = await scheduled(convener)
    lynn = convener.chair

    form = await lynn.slash("agenda edit", meeting=meeting.id)
    assert form.modal is not None
    [box] = form.modal.inputs()
    assert box["value"].splitlines()[0] == "1 - Intro/Logistics/Admin"  # the template
    saved = await lynn.submit_modal(form, {EDITOR_LABEL: seed_000_annex_i()})
    assert saved.ephemeral and saved.content.startswith("✅ Agenda saved.")
    assert "2 - Continue to progress the following proposals:\n    a) Proposal for an “IGF Programme Framework”" \
        in saved.content

    posted = await lynn.slash("agenda post", meeting=meeting.id)
    assert posted.ephemeral and "📌 Posted the agenda: https://discord.com/channels/" in posted.content
    [message] = agenda_messages(convener)
    assert message.pinned and message.allowed_mentions == {"parse": []}
    lines = message.content.splitlines()
    assert lines[0] == "📋 **Agenda — WG-MWP**"
    assert lines[3:8] == ["**1 - Intro/Logistics/Admin**", "**2 - Continue to progress the following proposals:**",
                          f"{POSTED_INDENT}a) Proposal for an “IGF Programme Framework” - review updated document",
                          f"{POSTED_INDENT}b) Option Paper on Methodologies for the Development of Written IGF Outputs",
                          f"{POSTED_INDENT}c) Strengthening Cooperation within the Context of the IGF: A Roadmap for "
                          "2018"]
    assert lines[-1] == "**5 - AOB**"
    assert (await convener.bot.services.meetings.get(convener.guild.id, meeting.id)).agenda_message_ids == (
        message.id,)

    # Editing an item updates the posted message in place.
    choices = await lynn.autocomplete("agenda add", "parent", "progress", meeting=meeting.id)
    assert [c["value"] for c in choices] == ["2"]
    added = await lynn.slash("agenda add", meeting=meeting.id, text="Missions Publiques update", parent="2")
    assert "Added item **2d**" in added.content and "📌 Updated the agenda" in added.content
    assert message.edits == 1 and f"{POSTED_INDENT}d) Missions Publiques update" in message.content

    moved = await lynn.slash("agenda move", meeting=meeting.id, item="2d", position=1)
    assert "it is now item **2a**" in moved.content
    removed = await lynn.slash("agenda remove", meeting=meeting.id, item="3a")
    assert "Removed “discussion on possible poll" in removed.content

    again = await lynn.slash("agenda post", meeting=meeting.id)
    assert "📌 Updated the agenda" in again.content
    assert agenda_messages(convener) == [message] and message.pinned
    assert [p for p in convener.standin.pins if p[0] == "pin"] == [("pin", message.channel_id, message.id)]
    assert f"{POSTED_INDENT}a) Missions Publiques update" in message.content
    assert "discussion on possible poll" not in message.content

    shown = await convener.member("jutta").slash("agenda show", meeting=meeting.id)
    assert shown.ephemeral and shown.content == message.content


async def test_paste_problems_permissions_and_unknown_ids(convener: Convener) -> None:
    meeting = await scheduled(convener)
    lynn = convener.chair
    draft = "Agenda:\n1 - Intro\nsee you all\n2 -\n3 - AOB"
    form = await lynn.slash("agenda edit", meeting=meeting.id)
    refused = await lynn.submit_modal(form, {EDITOR_LABEL: draft})
    assert refused.ephemeral
    assert refused.content == "❌ Line 4: this item has no title; write it after the number, e.g. `1 - Intro`. " \
                              "Nothing was saved."
    reopened = await lynn.click(refused, "Fix the agenda")
    assert reopened.modal is not None and reopened.modal.inputs()[0]["value"] == draft
    fixed = await lynn.submit_modal(reopened, {EDITOR_LABEL: draft.replace("2 -", "2 - Proposals")})
    assert "✅ Agenda saved." in fixed.content
    agenda = await convener.bot.services.agendas.get(convener.guild.id, meeting.id)
    assert [i.title for i in agenda.items] == ["Intro see you all", "Proposals", "AOB"]

    jutta = convener.member("jutta")
    for command, options in [("agenda post", {}), ("agenda edit", {}), ("agenda add", {"text": "Mine"})]:
        refused = await jutta.slash(command, meeting=meeting.id, **options)
        assert refused.ephemeral and refused.content.startswith("🔒 Only")
    secretariat = convener.member("chengetai")
    assert "Added item **3**" in (await secretariat.slash("agenda add", meeting=meeting.id, text="Budget")).content
    missing = await lynn.slash("agenda show", meeting=meeting.id + 1000)
    assert missing.ephemeral and missing.content == f"❌ There is no meeting #{meeting.id + 1000} in this server; " \
                                                    "pick one from the list."
    bad = await lynn.slash("agenda move", meeting=meeting.id, item="x9", position=1)
    assert bad.ephemeral and "`x9` is not an agenda item number" in bad.content


async def test_long_agendas_split_and_shrink_back(convener: Convener) -> None:
    meeting = await scheduled(convener)
    lynn = convener.chair
    long = "\n".join(f"{i} - Item {i} " + "x" * 120 + "\n" + "\n".join(f"  {c}) sub " + "y" * 90 for c in "abc")
                     for i in range(1, 10))
    await convener.bot.services.agendas.save_text(convener.guild.id, meeting.id, long, None)
    posted = await lynn.slash("agenda post", meeting=meeting.id)
    assert "in 3 messages" in posted.content
    first, *rest = agenda_messages(convener)
    assert len(rest) == 2 and first.pinned and not any(m.pinned for m in rest)
    assert all(len(m.content) <= 2000 for m in [first, *rest])
    assert all(m.content.splitlines()[1].startswith("**") for m in rest)  # each continues at an item

    await convener.bot.services.agendas.save_text(convener.guild.id, meeting.id, "1 - Intro\n2 - AOB", None)
    shrunk = await lynn.slash("agenda post", meeting=meeting.id)
    assert "📌 Updated the agenda: " in shrunk.content
    assert agenda_messages(convener) == [first] and all(m.deleted for m in rest)
    assert first.content.splitlines()[3:] == ["**1 - Intro**", "**2 - AOB**"]


async def test_open_actions_carried_forward_update_the_next_posted_agenda(convener: Convener) -> None:
    """Publishing the minutes carries the open actions into the next meeting's agenda; the agenda already posted
    for that meeting is edited to show them, without a chair touching it."""
    gid, lynn, jutta = convener.guild.id, convener.chair, convener.member("jutta")
    services = convener.bot.services
    meeting = await services.meetings.schedule(gid, title="WG-MWP", start=START, duration=60, timezone="UTC",
                                               repeat="every 2 weeks", channel_id=convener.channel("general").id)
    following = await services.meetings.next_in_series(gid, meeting.id)
    assert following is not None
    posted = await lynn.slash("agenda post", meeting=following.id)
    assert "📌 Posted the agenda" in posted.content
    [message] = agenda_messages(convener)
    assert "**2 - Review of action items**\n**3 - Next steps" in message.content  # empty, from the template
    assert message.edits == 0

    convener.clock.set(meeting.start)
    await lynn.slash("meeting start", meeting=meeting.id)
    action = await lynn.slash("action", text="Circulate the framework", owner=str(jutta.id), due="in 2 weeks")
    assert action.content.startswith("📌 Action #1 for **Jutta Croll**"), action.content
    convener.clock.set(meeting.end)
    await lynn.slash("meeting end", meeting=meeting.id)
    published = await lynn.slash("minutes publish", meeting=meeting.id)
    assert "carried to the next meeting" in published.content, published.content

    await services.agendas.posting.coalescer.drain()
    assert agenda_messages(convener) == [message] and message.edits == 1
    assert ("**2 - Review of action items**\n"
            f"{POSTED_INDENT}a) \\#1 Circulate the framework (Jutta Croll, due 14 December 2026)\n"
            "**3 - Next steps") in message.content, message.content
