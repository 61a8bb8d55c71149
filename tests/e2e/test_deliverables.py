"""Deliverables end to end (seed 004's issue papers "ready by 15 December"): owned by a drafting group, on the
next plenary agenda, a reminder to the group before the deadline, stage moves with their rules, versions, the
reminder that no longer applies once the stage is reached, and the status table in the minutes."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.sandbox import Channel
from tests.e2e.conftest import Convener
from tests.e2e.test_groups import make_group

TITLE = "Issue paper: multilingualism and content"


async def test_issue_paper_through_its_stages(convener: Convener) -> None:
    group_id, thread_id = await make_group(convener)
    services, gid = convener.bot.services, convener.guild.id
    plenary = await services.meetings.schedule(gid, title="WGIG", start=datetime(2026, 12, 17, 15, tzinfo=UTC),
                                               timezone="UTC")
    await _create_with_its_deadlines(convener, group_id)

    agenda = await convener.chair.slash("agenda show", meeting=plenary.id)
    assert "Review of deliverables" in agenda.content
    assert f"#1 {TITLE} (Strategic work programme)" in agenda.content

    thread = await _group_reminded_a_week_before(convener, thread_id)
    await _owner_moves_it_to_review(convener)

    # The 1-day reminder no longer applies: the draft is in.
    before = len(convener.standin.messages(thread))
    convener.clock.set(datetime(2026, 12, 14, 9, tzinfo=UTC))
    await services.reminders.run_due()
    assert len(convener.standin.messages(thread)) == before

    lianna = convener.member("lianna")
    shown = await lianna.slash("deliverable show", deliverable=1)
    assert "Stage: review by the working group" in shown.content
    assert "• v1 (draft, 8 December 2026): https://docs.example.org/ml-v1 — first full draft" in shown.content
    listed = await lianna.slash("deliverable list")
    assert f"#1 {TITLE} — Strategic work programme — review by the working group; next: final by 25 January 2027" \
        in listed.content

    draft = await convener.chair.slash("minutes draft", meeting=plenary.id)
    markdown = draft.attachments[0].data.decode()
    assert "## Status of deliverables" in markdown
    assert (f"| {TITLE} | Strategic work programme | review by the working group | final by 25 January 2027 | "
            "v1 (8 December 2026) |") in markdown


async def _create_with_its_deadlines(convener: Convener, group_id: int) -> None:
    """Only a chair creates a deliverable; its final deadline cannot come before its draft deadline."""
    refused = await convener.member("jutta").slash("deliverable create", title=TITLE, group=group_id)
    assert refused.ephemeral and refused.content.startswith("🔒")
    created = await convener.chair.slash("deliverable create", title=TITLE, group=group_id,
                                         draft_due="2026-12-15", final_due="25 January 2027")
    assert created.content.startswith(f"✅ Deliverable #1 “{TITLE}” created, owned by Strategic work programme."), \
        created.content
    assert "Deadlines: draft 15 December 2026, final 25 January 2027" in created.content
    backwards = await convener.chair.slash("deliverable create", title="Other", draft_due="2027-02-01",
                                           final_due="2027-01-01")
    assert backwards.ephemeral and "The final deadline (1 January 2027) is before the draft deadline" \
        in backwards.content


async def _group_reminded_a_week_before(convener: Convener, thread_id: int) -> Channel:
    """Seven days before 09:00 on the deadline, the group is reminded in its thread; returns the thread."""
    convener.clock.set(datetime(2026, 12, 8, 9, tzinfo=UTC))
    await convener.bot.services.reminders.run_due()
    thread = convener.standin.world.channels[thread_id]
    ping = await convener.standin.wait_for_message(thread, lambda m: "⏰" in m.content)
    assert f"The draft of “{TITLE}” (deliverable #1) is due 15 December 2026" in ping.content
    members = {convener.member(k).id for k in ("concettina", "jutta", "danko")}
    assert {u.id for u in ping.mentions} == members
    return thread


async def _owner_moves_it_to_review(convener: Convener) -> None:
    """Only the owning group moves the stage, one stage at a time, with a version link; only chairs declare it
    final."""
    lianna, jutta = convener.member("lianna"), convener.member("jutta")
    outsider = await lianna.slash("deliverable stage", deliverable=1, stage="draft")
    assert outsider.ephemeral and "Only the owner of" in outsider.content
    skipping = await jutta.slash("deliverable stage", deliverable=1, stage="review")
    assert skipping.ephemeral and "it moves to draft before review by the working group" in skipping.content
    moved = await jutta.slash("deliverable stage", deliverable=1, stage="draft")
    assert not moved.ephemeral and moved.content == f"✅ “{TITLE}” is now at the draft stage."
    bad_link = await jutta.slash("deliverable version", deliverable=1, link="draft.docx")
    assert bad_link.ephemeral and "is not a link to a document" in bad_link.content
    version = await jutta.slash("deliverable version", deliverable=1, link="https://docs.example.org/ml-v1",
                                note="first full draft")
    assert version.content.startswith(f"✅ Version 1 of “{TITLE}” (draft) recorded")
    await jutta.slash("profile language", language="fr")
    reviewed = await jutta.slash("deliverable stage", deliverable=1, stage="review")
    # Posted for everyone: in the server's language, whatever the mover reads.
    assert reviewed.content == f"✅ “{TITLE}” is now at the review by the working group stage."
    await jutta.slash("profile language", language="auto")
    final = await jutta.slash("deliverable stage", deliverable=1, stage="final")
    assert final.ephemeral and "Only chairs declare a deliverable final" in final.content
