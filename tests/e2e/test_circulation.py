"""Draft minutes sent round for comments end to end: a member comments on one section through the button,
the section picker and the form; the chair sees comments beside their sections; the period closes; and the
secretariat is reminded once when the minutes are still unpublished a week after the meeting."""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.conftest import Convener
from tests.e2e.test_minutes import end_live, scheduled, start_live


async def test_circulate_comment_review_and_close(convener: Convener) -> None:
    await convener.seed_profiles()
    meeting = await scheduled(convener)
    await start_live(convener, meeting)
    await convener.chair.slash("note", text="Participants agreed to the meeting being recorded.")
    await end_live(convener, meeting)
    lynn, jutta = convener.chair, convener.member("jutta")

    refused = await jutta.slash("minutes circulate", meeting=meeting.id)
    assert refused.ephemeral and refused.content.startswith("🔒")
    bad = await lynn.slash("minutes circulate", meeting=meeting.id, period="next week")
    assert bad.ephemeral and "is not a period" in bad.content
    ticked = await lynn.slash("minutes circulate", meeting=meeting.id, period="7d` **x** `")
    assert ticked.content.startswith("❌ `7d\u02cb **x** \u02cb` is not a period;"), ticked.content
    sent = await lynn.slash("minutes circulate", meeting=meeting.id, period="48h")
    assert sent.ephemeral and sent.content.startswith("✅ Sent round for comments until <t:"), sent.content
    posted = await convener.standin.wait_for_message("general", lambda m: "open for comments" in m.content)
    assert [a.filename for a in posted.attachments] == [f"minutes-{meeting.id}.md"]
    # Posted by the circulation service through its board: the chair's link leads to it, nobody is pinged, and
    # it carries the Comment button.
    assert sent.content.endswith(f": https://discord.com/channels/{posted.guild_id}/{posted.channel_id}/{posted.id}")
    assert posted.allowed_mentions == {"parse": []}, posted.allowed_mentions
    assert posted.content.startswith(f"📨 Draft minutes of **{meeting.title}")
    assert [c["label"] for row in posted.components for c in row["components"]] == ["Comment on a section"]

    picker = await jutta.click(posted, "Comment on a section")
    assert picker.ephemeral and picker.content == "Which section of the draft is your comment about?"
    select = picker.components[0]["components"][0]
    options = {o["label"]: o["value"] for o in select["options"]}
    form = await jutta.select(picker, "Pick a section", [options["1 - Intro/Logistics/Admin"]])
    assert form.modal is not None and form.modal.title == "Comment: 1 - Intro/Logistics/Admin"
    thanks = await jutta.submit_modal(form, {"Your comment on this section": "Please add that the recording "
                                                                              "is kept for 90 days."})
    assert thanks.content == "✅ Thank you: your comment on “1 - Intro/Logistics/Admin” was recorded for the chair."

    review = await lynn.slash("minutes comments", meeting=meeting.id)
    assert review.ephemeral and "💬 1 comment:\n• 1 - Intro/Logistics/Admin: 1" in review.content
    document = review.attachments[0].data.decode()
    assert "## 1 - Intro/Logistics/Admin\n\n> Please add that the recording is kept for 90 days.\n> — Croll, Jutta" \
        in document
    assert (await jutta.slash("minutes comments", meeting=meeting.id)).content.startswith("🔒")

    convener.clock.advance(timedelta(hours=49))
    await convener.bot.services.reminders.run_due()
    closed = await convener.standin.wait_for_message("general", lambda m: "has closed with" in m.content)
    assert "closed with 1 comment(s)" in closed.content
    late = await jutta.click(posted, "Comment on a section")
    assert late.ephemeral and late.content.startswith("❌ Comments on these draft minutes closed")


async def test_secretariat_is_reminded_once_of_unpublished_minutes(convener: Convener) -> None:
    meeting = await scheduled(convener)
    await start_live(convener, meeting)
    await end_live(convener, meeting)
    circulation = convener.bot.services.circulation
    convener.clock.advance(timedelta(days=6))
    assert await circulation.sweep_overdue() == 0  # not yet a week
    convener.clock.advance(timedelta(days=1, hours=1))
    assert await circulation.sweep_overdue() == 1
    await convener.bot.services.reminders.run_due()
    notice = await convener.standin.wait_for_message("minutes", lambda m: "still not published" in m.content)
    assert "7 days after the meeting. Start with `/minutes draft`." in notice.content
    assert await circulation.sweep_overdue() == 0  # once per meeting

    # Published minutes are never chased.
    second = await convener.bot.services.meetings.next_in_series(convener.guild.id, meeting.id)
    assert second is not None
    await start_live(convener, second)
    await end_live(convener, second)
    await convener.chair.slash("minutes publish", meeting=second.id)
    convener.clock.advance(timedelta(days=8))
    assert await circulation.sweep_overdue() == 0
