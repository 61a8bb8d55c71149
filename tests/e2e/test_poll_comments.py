"""Comments on polls end to end: from the voting panel's form or `/poll vote comment:`, shown to the member in
My votes, to the chairs in `/poll results` and its results file (and to nobody else), frozen when voting
closes, removed by `/privacy forget`."""

from __future__ import annotations

import csv
import io

from bot.sandbox import Reply
from tests.e2e.conftest import Convener
from tests.e2e.polls_support import create, poll_id, vote


def embeds_text(reply: Reply) -> str:
    return "\n".join(str(e.get("title", "")) + "\n" + str(e.get("description", "")) for e in reply.embeds)


async def test_comments_reach_the_chairs_only(convener: Convener) -> None:
    await convener.seed_profiles()
    lynn, danko, jutta = convener.chair, convener.member("danko"), convener.member("jutta")
    _, poll = await create(convener, deadline="2026-12-01 18:00")
    pid = poll_id(poll)

    # From the voting panel: Comment opens a short form.
    await vote(danko, poll, yes=[0], maybe=[1])
    panel = await danko.click(poll, "Vote")
    form = await danko.click(panel, "Comment")
    assert form.modal is not None and form.modal.title == "Comment on your vote"
    saved = await danko.submit_modal(form, {"Comment (empty to remove it)": "can only stay 30 min"})
    assert saved.ephemeral and saved.content.startswith("💬 Your comment on **December plenary** is saved: "
                                                         "“can only stay 30 min”")
    mine = await danko.click(poll, "My votes")
    assert "💬 Your comment: “can only stay 30 min”" in mine.content
    again = await danko.click(panel, "Comment")  # the form shows the current comment
    assert again.modal is not None and again.modal.inputs()[0].get("value") == "can only stay 30 min"

    # With the vote command, and member text stays text: no mention, no formula in the file.
    await jutta.slash("poll vote", poll=pid, comment="=HYPERLINK(\"x\") @everyone *prefer* the earlier one")
    assert "the earlier one" in (await convener.bot.services.polls.comments.of(convener.guild.id, pid, jutta.id)
                                 or "")

    results = await lynn.slash("poll results", poll=pid)
    shown = embeds_text(results)
    assert "💬 Comments (2)" in shown and "**Jevtović, Danko**: can only stay 30 min" in shown
    assert "**Croll, Jutta**: =HYPERLINK(\"x\") @everyone \\*prefer\\* the earlier one" in shown
    files = {a.filename: a.data for a in results.attachments}
    rows = list(csv.reader(io.StringIO(files[f"poll-{pid}-results.csv"].decode())))
    assert rows[0] == ["Name", "2026-12-03 14:00 UTC", "2026-12-03 16:30 UTC", "2026-12-04 08:00 UTC", "Comment"]
    assert ["Croll, Jutta", "", "", "", "'=HYPERLINK(\"x\") @everyone *prefer* the earlier one"] in rows
    assert ["Jevtović, Danko", "yes", "if need be", "no", "can only stay 30 min"] in rows
    assert not any(m.mention_everyone for m in convener.standin.messages(include_ephemeral=True))
    public = await danko.slash("poll results", poll=pid)
    assert "Comments" not in embeds_text(public) and "can only stay" not in embeds_text(public)
    assert not any(a.filename.endswith("results.csv") for a in public.attachments)

    # Removing it with an empty form; then voting closes and comments are frozen.
    cleared = await jutta.submit_modal(await jutta.click(await jutta.click(poll, "Vote"), "Comment"),
                                       {"Comment (empty to remove it)": ""})
    assert cleared.content == "💬 Your comment on **December plenary** is removed."
    await lynn.slash("poll close", poll=pid)
    late = await danko.click(panel, "Comment")
    assert late.ephemeral and "Voting on “December plenary” is closed; comments can no longer change." in late.content

    done = await danko.click(await danko.slash("privacy forget"), "Forget")
    assert "poll comments: 1" in done.content, done.content
    after = embeds_text(await lynn.slash("poll results", poll=pid))
    assert "💬 Comments (0)" in after and "can only stay" not in after
