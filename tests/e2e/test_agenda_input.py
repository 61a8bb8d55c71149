"""Agenda input through the stand-in: members propose items (with a document), a chair accepts or declines each and
the proposer is told; items carry documents (links or attached files) into the posted agenda and Annex I."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.meeting import MeetingInfo
from bot.sandbox import Message
from tests.e2e.conftest import Convener
from tests.e2e.test_rollcall import button_message

START = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
FRAMEWORK = "https://docs.example.org/igf-programme-framework-v2"


async def scheduled(convener: Convener) -> MeetingInfo:
    meeting = await convener.bot.services.meetings.schedule(
        convener.guild.id, title="WG-MWP", start=START, duration=60, timezone="UTC",
        channel_id=convener.channel("general").id)
    await convener.bot.services.agendas.save_text(convener.guild.id, meeting.id, "1 - Intro/Logistics/Admin\n"
                                                  "2 - Continue to progress the following proposals:\n"
                                                  "    a) Proposal for an IGF Programme Framework\n"
                                                  "3 - Next steps/future agenda items\n4 - AOB", None)
    return meeting


def proposal_message(convener: Convener, fragment: str) -> Message:
    return next(m for m in convener.standin.messages("general") if m.content.startswith("📥") and fragment in m.content)


async def test_members_propose_and_chairs_decide(convener: Convener) -> None:
    lynn, jutta, danko = convener.chair, convener.member("jutta"), convener.member("danko")
    meeting = await scheduled(convener)
    posted = await lynn.slash("agenda post", meeting=meeting.id)
    assert "Posted the agenda" in posted.content
    proposed = await jutta.slash("agenda propose", meeting=meeting.id, text="India's proposal on IGF outcomes",
                                 link="https://docs.example.org/india-proposal.pdf")
    general = convener.channel("general")
    assert proposed.ephemeral and f"is with the chairs in <#{general.id}>" in proposed.content
    card = proposal_message(convener, "India")
    assert f"<@{jutta.id}> proposes an agenda item for **WG-MWP**" in card.content
    assert "📎 Document: [india-proposal.pdf](<https://docs.example.org/india-proposal.pdf>)" in card.content
    assert card.allowed_mentions == {"parse": []}  # the proposer is named, not pinged
    decline_id = next(c["custom_id"] for row in card.components for c in row["components"] if c["label"] == "Decline")
    not_a_chair = await danko.click(card, "Accept")
    assert not_a_chair.ephemeral and "Only chairs" in not_a_chair.content
    accepted = await lynn.click(card, "Accept")
    assert accepted.ephemeral and "is now item 3 of the agenda" in accepted.content
    assert "Updated the agenda" in accepted.content
    await convener.standin.wait_until(lambda: "✅ Accepted: it is item 3 of the agenda." in card.content, 5.0,
                                      "the decision on the card")
    assert card.components == []
    [told] = jutta.dms()
    assert told.content == ("✅ Your proposal “India's proposal on IGF outcomes” is on the agenda of **WG-MWP** as "
                            "item 3.")
    twice = await lynn.click(await button_message(convener, decline_id), decline_id)  # a copy of the old card
    assert twice.ephemeral and "already accepted" in twice.content
    agenda = await convener.bot.services.agendas.get(convener.guild.id, meeting.id)
    assert [i.title for i in agenda.items][2] == "India's proposal on IGF outcomes"
    assert [d.url for d in agenda.items[2].documents] == ["https://docs.example.org/india-proposal.pdf"]
    updated = await convener.bot.services.meetings.get(convener.guild.id, meeting.id)
    pinned = convener.standin.message(updated.agenda_message_ids[0])
    assert "**3 - India's proposal on IGF outcomes**" in pinned.content
    assert "📎 [india-proposal.pdf](<https://docs.example.org/india-proposal.pdf>)" in pinned.content

    # A sub-item proposal, declined; its proposer's DMs are closed, so they are told in the channel.
    danko.close_dms()
    await danko.slash("agenda propose", meeting=meeting.id, text="Missions Publiques update", parent="2")
    sub = proposal_message(convener, "Missions")
    assert "proposes a sub-item of item 2" in sub.content
    declined = await lynn.click(sub, "Decline")
    assert declined.ephemeral and "Declined “Missions Publiques update”" in declined.content
    told_here = await convener.standin.wait_for_message(
        "general", lambda m: m.content.startswith(f"<@{danko.id}> ❌ Your proposal “Missions Publiques update”"))
    assert [str(u) for u in (told_here.allowed_mentions or {}).get("users", [])] == [str(danko.id)]
    assert len((await convener.bot.services.agendas.get(convener.guild.id, meeting.id)).items[1].children) == 1


async def test_documents_are_listed_in_the_agenda_and_annex_i(convener: Convener) -> None:
    lynn, chengetai = convener.chair, convener.member("chengetai")
    meeting = await scheduled(convener)
    linked = await chengetai.slash("agenda document", meeting=meeting.id, item="2a", link=FRAMEWORK,
                                   title="review updated document")
    assert linked.ephemeral and "Document added to item **2a**" in linked.content
    attached = await chengetai.slash("agenda document", meeting=meeting.id, item="2",
                                     file=("options-paper.pdf", b"%PDF-1.4 options"))
    assert "Document added to item **2**" in attached.content
    neither = await chengetai.slash("agenda document", meeting=meeting.id, item="2")
    assert neither.ephemeral and "Give the document as a `link` or attach it as a `file`" in neither.content
    not_yours = await convener.member("jutta").slash("agenda document", meeting=meeting.id, item="2", link=FRAMEWORK)
    assert not_yours.ephemeral and "Only the secretariat or chairs" in not_yours.content
    shown = await convener.member("jutta").slash("agenda show", meeting=meeting.id)
    assert f"📎 [review updated document](<{FRAMEWORK}>)" in shown.content
    assert "📎 [options-paper.pdf](<" in shown.content
    # Editing the agenda's text keeps the documents with their items.
    await convener.bot.services.agendas.save_text(convener.guild.id, meeting.id, "1 - Intro/Logistics/Admin\n"
                                                  "2 - Continue to progress the following proposals:\n"
                                                  "    a) Proposal for an IGF Programme Framework\n"
                                                  "    b) Option paper\n3 - AOB", None)
    convener.clock.set(START)
    await convener.bot.services.meetings.start_live(convener.guild.id, meeting.id)
    await lynn.slash("meeting end", meeting=meeting.id)
    draft = await lynn.slash("minutes draft", meeting=meeting.id)
    markdown = draft.attachments[0].data.decode()
    annex = markdown[markdown.index("ANNEX I"):markdown.index("ANNEX II")]
    assert f"a) Proposal for an IGF Programme Framework\nDocument: [review updated document]({FRAMEWORK})" in annex
    assert "2 - Continue to progress the following proposals:\nDocument: [options-paper.pdf](http" in annex
