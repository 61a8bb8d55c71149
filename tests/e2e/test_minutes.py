"""Minutes end to end through the stand-in: capture while live, draft, edit, upload, publish, actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.meeting import MeetingInfo
from bot.sandbox import Reply
from cogs.agenda import EDITOR_LABEL
from tests.e2e.conftest import Convener

AGENDA = """1 - Intro/Logistics/Admin
2 - Continue to progress the following proposals:
a) Proposal for an “IGF Programme Framework” - review updated document
b) Option Paper on Methodologies for the Development of Written IGF Outputs
3 - Next steps/future agenda items
4 - AOB
"""
START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
OTHER_GUILD = 4242


async def scheduled(convener: Convener) -> MeetingInfo:
    """Set-up shortcut: a fortnightly series in #general with the agenda saved."""
    services = convener.bot.services
    gid = convener.guild.id
    await services.settings.set_group_name(gid, "MAG WG – Multi-year Strategic Work Programme (WG-MWP)")
    meeting = await services.meetings.schedule(gid, title="WG-MWP", start=START, duration=60, timezone="UTC",
                                               repeat="every 2 weeks", channel_id=convener.channel("general").id)
    await services.agendas.save_text(gid, meeting.id, AGENDA, None)
    return meeting


async def start_live(convener: Convener, meeting: MeetingInfo) -> None:
    convener.clock.set(meeting.start)
    reply = await convener.chair.slash("meeting start", meeting=meeting.id)
    assert not reply.ephemeral and "❌" not in reply.text(), reply.text()


async def end_live(convener: Convener, meeting: MeetingInfo) -> None:
    convener.clock.advance(timedelta(hours=1))
    reply = await convener.chair.slash("meeting end", meeting=meeting.id)
    assert "❌" not in reply.text(), reply.text()


def attachment_names(reply: Reply) -> list[str]:
    return [a.filename for a in reply.attachments]


async def test_meeting_to_published_minutes(convener: Convener) -> None:
    """The whole cycle through Discord: setup, schedule, agenda, /meeting start, roll call, capture,
    /meeting end, draft, section edit, publish, the action's reminder and /actions done."""
    await convener.seed_profiles()
    jutta = convener.member("jutta")
    meeting = await _set_up_by_commands(convener)
    await _capture_while_live(convener, meeting)
    draft = await _draft_reads_like_minutes(convener, meeting)
    await _edit_a_section_then_publish(convener, meeting, draft)

    listed = await jutta.slash("actions list", owner=jutta.id)
    assert "Circulate the framework" in listed.content and "7 December 2026" in listed.content

    # 24 h before 09:00 on the due date in Jutta's zone (Europe/Berlin: 08:00 UTC on 6 December)
    seen = {m.id for m in convener.standin.messages("general")}
    await convener.advance_to(datetime(2026, 12, 6, 8, 0, tzinfo=UTC))
    reminder = [m for m in convener.standin.messages("general") if "⏰" in m.content and m.id not in seen]
    assert len(reminder) == 1 and jutta.mention in reminder[0].content, [m.content for m in reminder]

    picks = await jutta.autocomplete("actions done", "action", "")
    done = await jutta.slash("actions done", action=picks[0]["value"])
    assert not done.ephemeral and "is done: Circulate the framework" in done.content
    assert "No open action items" in (await jutta.slash("actions list")).content


async def _set_up_by_commands(convener: Convener) -> MeetingInfo:
    """/setup group, /meeting schedule and the agenda typed into its editor."""
    lynn = convener.chair
    await lynn.slash("setup group", name="MAG WG – Multi-year Strategic Work Programme (WG-MWP)")
    await lynn.slash("meeting schedule", title="WG-MWP", start="2026-11-23 15:00", timezone="UTC",
                     repeat="every 2 weeks")
    (meeting, *_) = await convener.bot.services.meetings.upcoming(convener.guild.id)
    form = await lynn.slash("agenda edit", meeting=meeting.id)
    await lynn.submit_modal(form, {EDITOR_LABEL: AGENDA})
    return meeting


async def _capture_while_live(convener: Convener, meeting: MeetingInfo) -> None:
    """/meeting start, roll call, items, a note, a decision, an action, a message added to the minutes, /meeting end."""
    lynn, jutta = convener.chair, convener.member("jutta")
    convener.clock.set(meeting.start)
    started = await lynn.slash("meeting start", meeting=meeting.id)
    assert not started.ephemeral and "is live" in started.content
    await lynn.slash("rollcall start", meeting=meeting.id)
    board = next(m for m in convener.standin.messages("general") if m.components)
    await lynn.click(board, "Present")
    await jutta.click(board, "Present")
    await convener.member("antoine").click(board, "Observing")
    await convener.member("danko").click(board, "Apologies")

    moved = await lynn.slash("item next")
    assert not moved.ephemeral and "Now on item **1**" in moved.content
    noted = await lynn.slash("note", text="Participants agreed to the meeting being recorded.")
    assert noted.ephemeral and "filed under item **1**" in noted.content
    choices = await lynn.autocomplete("item goto", "item", "opt")
    assert [c["value"] for c in choices] == ["2b"]
    assert "Now on item **2a**" in (await lynn.slash("item goto", item="2a")).content
    await lynn.slash("decision", text="The framework goes to the community for comment.")
    owners = await lynn.autocomplete("action", "owner", "croll")
    assert owners[0]["value"] == str(jutta.id)
    action = await lynn.slash("action", text="Circulate the framework", owner=str(jutta.id), due="in 2 weeks")
    assert "for **Croll, Jutta**, due 7 December 2026" in action.content
    said = await jutta.say("general", "Missions Publiques would like to work with the IGF on both pilots.")
    added = await lynn.message_command("Add to minutes", said)
    assert added.ephemeral and "Credited to Croll, Jutta" in added.content
    again = await lynn.message_command("Add to minutes", said)
    assert "already in the minutes" in again.content
    await lynn.slash("note", text="# not a heading | nor a table", item="aob")
    convener.clock.advance(timedelta(hours=1))
    assert "ended after 60 min" in (await lynn.slash("meeting end")).content


async def _draft_reads_like_minutes(convener: Convener, meeting: MeetingInfo) -> Reply:
    """Sections in agenda order, credited statements, escaped Markdown, future meetings, the annexes."""
    draft = await convener.chair.slash("minutes draft", meeting=meeting.id)
    assert draft.ephemeral and "version 1" in draft.content
    assert attachment_names(draft) == [f"minutes-{meeting.id}.md", f"minutes-{meeting.id}.txt"]
    markdown = draft.attachments[0].data.decode()
    assert markdown.index("## 1 - Intro") < markdown.index("recorded") < markdown.index("### a) Proposal") \
        < markdown.index("**Decision:** The framework") < markdown.index("## 3 - Next steps")
    assert "would like to work with the IGF on both pilots. — *Croll, Jutta*" in markdown
    assert "\\# not a heading \\| nor a table" in markdown
    assert "**Future meetings:**\n\n7 December 2026, 15:00–16:00 UTC" in markdown
    assert "## ANNEX I - AGENDA" in markdown and "## ANNEX II - LIST OF PARTICIPANTS" in markdown
    annex = draft.attachments[1].data.decode().split("ANNEX II - LIST OF PARTICIPANTS")[1]
    assert annex.index("CHAIR: St.Amour, Lynn (Technical community)") < annex.index("MEMBERS:\nCroll, Jutta") \
        < annex.index("OBSERVERS:\nVergne, Antoine") < annex.index("APOLOGIES:\nJevtović, Danko")
    assert draft.embeds and draft.embeds[0]["title"].startswith("Draft v1")
    assert sum(len(e.get("description") or "") + len(e.get("title") or "") for e in draft.embeds) <= 6000
    return draft


async def _edit_a_section_then_publish(convener: Convener, meeting: MeetingInfo, draft: Reply) -> None:
    """One section edited through its modal; publishing posts messages within Discord's limits that mention
    nobody, ends the meeting's cycle, and cannot be done twice."""
    lynn = convener.chair
    sections = await lynn.autocomplete("minutes edit", "section", "aob", meeting=meeting.id)
    assert [c["name"].strip() for c in sections] == ["4 - AOB"]
    form = await lynn.slash("minutes edit", meeting=meeting.id, section=sections[0]["value"])
    assert form.modal is not None
    saved = await lynn.submit_modal(form, {"Section text (Markdown)": "No other business was raised."})
    assert "version 2" in saved.content

    published = await lynn.slash("minutes publish", meeting=meeting.id)
    assert published.ephemeral and "Published version 2" in published.content
    assert "1 action item is now tracked" in published.content
    assert "carried to the next meeting" in published.content
    posted = convener.standin.messages("minutes")
    assert posted and all(len(m.content) <= 2000 for m in posted)
    assert "No other business was raised." in "\n".join(m.content for m in posted)
    assert [a.filename for a in posted[-1].attachments] == attachment_names(draft)
    assert not any(m.mentions or m.mention_everyone for m in posted)
    assert (await convener.bot.services.meetings.get(convener.guild.id, meeting.id)).status == "done"

    late = await lynn.slash("minutes publish", meeting=meeting.id)
    assert late.ephemeral and "were published" in late.content


async def test_entries_review_edit_and_drop(convener: Convener) -> None:
    meeting = await scheduled(convener)
    lynn = convener.chair
    await start_live(convener, meeting)
    await lynn.slash("item next")
    await lynn.slash("note", text="First note")
    await lynn.slash("action", text="Draft the paper", owner="Drafting group", due="friday")

    refused = await convener.member("danko").slash("minutes entries", meeting=meeting.id)
    assert refused.ephemeral and "Only chairs" in refused.content
    listing = await lynn.slash("minutes entries", meeting=meeting.id)
    assert listing.ephemeral and "2 entries" in listing.content and "Draft the paper" in listing.content
    options = listing.components[0]["components"][0]["options"]
    note_id, action_id = (o["value"] for o in options)

    shown = await lynn.select(listing, "Pick an entry to edit or drop", [action_id])
    assert "Owner: Drafting group" in shown.content
    form = await lynn.click(shown, "Edit")
    assert form.modal is not None and form.modal.title == f"Edit action #{action_id}"
    bad = await lynn.submit_modal(form, {"Due date (empty: none)": "someday"})
    assert bad.ephemeral and "is not a date" in bad.content
    # The form stays open after a mistake (Discord keeps it; convener keeps listening), so it can be fixed.
    edited = await lynn.submit_modal(form, {"Text": "Draft the option paper", "Due date (empty: none)": "2026-12-11"})
    assert "Saved action" in edited.content

    picked = await lynn.select(listing, "Pick an entry to edit or drop", [note_id])
    dropped = await lynn.click(picked, "Drop")
    assert "Dropped note" in dropped.content
    entries = await convener.bot.services.minutes.entries(convener.guild.id, meeting.id)
    assert [(e.text, e.due) for e in entries] == [("Draft the option paper", datetime(2026, 12, 11).date())]

    # An id guessed from another server (a button whose custom_id was tampered with) gets a NotFound.
    other = await other_guild_entry(convener)
    for row in shown.message.components:
        for button in row["components"]:
            button["custom_id"] = button["custom_id"].replace(f":{action_id}:", f":{other}:")
    forged = await lynn.click(shown, "Drop")
    assert forged.ephemeral and f"no minutes entry #{other} in this server" in forged.content
    assert (await convener.bot.services.minutes.capture.entry(OTHER_GUILD, other)).text == "Another server's note"


async def other_guild_entry(convener: Convener) -> int:
    services = convener.bot.services
    meeting = await services.meetings.schedule(OTHER_GUILD, title="Elsewhere", start=convener.clock.now()
                                               + timedelta(minutes=5), timezone="UTC")
    convener.clock.advance(timedelta(minutes=5))
    await services.meetings.start_live(OTHER_GUILD, meeting.id)
    captured = await services.minutes.capture.add_note(OTHER_GUILD, 1, "Another server's note")
    return captured.entry.id


async def test_upload_replaces_the_draft_only_with_both_annexes(convener: Convener) -> None:
    meeting = await scheduled(convener)
    lynn = convener.chair
    await start_live(convener, meeting)
    await end_live(convener, meeting)
    draft = await lynn.slash("minutes draft", meeting=meeting.id)
    text = draft.attachments[0].data.decode()

    broken = text.split("## ANNEX II")[0].encode()
    refused = await lynn.slash("minutes upload", meeting=meeting.id, file=("minutes.md", broken))
    assert refused.ephemeral and "has no Annex II heading" in refused.content
    edited = text.replace("## 1 - Intro/Logistics/Admin", "## 1 - Intro/Logistics/Admin\n\nEdited offline.")
    accepted = await lynn.slash("minutes upload", meeting=meeting.id, file=("minutes.md", edited.encode()))
    assert "is now draft **version 2**" in accepted.content
    member = await convener.member("danko").slash("minutes upload", meeting=meeting.id,
                                                   file=("minutes.md", edited.encode()))
    assert "Only chairs" in member.content
    published = await lynn.slash("minutes publish", meeting=meeting.id)
    assert "Published version 2" in published.content
    assert "Edited offline." in "\n".join(m.content for m in convener.standin.messages("minutes"))


async def test_roles_and_clear_errors(convener: Convener) -> None:
    meeting = await scheduled(convener)
    lynn, danko, secretariat = convener.chair, convener.member("danko"), convener.member("chengetai")
    for command, options in [("note", {"text": "hello"}), ("item next", {}),
                             ("action", {"text": "x", "owner": "Group", "due": "friday"})]:
        not_live = await lynn.slash(command, **options)
        assert not_live.ephemeral and "No meeting is live right now" in not_live.content
    await start_live(convener, meeting)
    refused = await danko.slash("note", text="I take notes too")
    assert refused.ephemeral and "Only the secretariat or chairs" in refused.content
    said = await danko.say("general", "A point worth keeping")
    menu = await danko.message_command("Add to minutes", said)
    assert menu.ephemeral and "Only the secretariat or chairs" in menu.content
    assert "filed under" in (await secretariat.message_command("Add to minutes", said)).content
    wrong = await secretariat.slash("item goto", item="9")
    assert wrong.ephemeral and "The agenda has no item `9`" in wrong.content
    bad_due = await lynn.slash("action", text="Do it", owner="Drafting group", due="2020-01-01")
    assert bad_due.ephemeral and "is in the past" in bad_due.content
    await lynn.slash("action", text="Do it", owner=str(convener.member("jutta").id), due="friday")
    early = await lynn.slash("minutes publish", meeting=meeting.id)
    assert early.ephemeral and "is still live" in early.content
    await end_live(convener, meeting)
    assert "Only chairs" in (await danko.slash("minutes publish", meeting=meeting.id)).content
    assert "Published version 1" in (await lynn.slash("minutes publish", meeting=meeting.id)).content
    picks = await danko.autocomplete("actions done", "action", "do it")
    not_yours = await danko.slash("actions done", action=picks[0]["value"])
    assert not_yours.ephemeral and "only they, a chair or the secretariat" in not_yours.content
    assert "is done" in (await secretariat.slash("actions done", action=picks[0]["value"])).content
    unknown = await lynn.slash("minutes draft", meeting=987654)
    assert unknown.ephemeral and "There is no meeting #987654" in unknown.content
