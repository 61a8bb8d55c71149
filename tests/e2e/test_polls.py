"""Scheduling polls end to end through the stand-in: every /poll command, the panel, errors, permissions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import Convener
from tests.e2e.polls_support import (
    button,
    create,
    defaults,
    description,
    option_values,
    poll_id,
    poll_message,
    select_id,
    tallies,
    until_shows,
    vote,
)

OTHER_GUILD = 4242


@pytest.fixture
def convener_config() -> dict[str, dict[str, Any]]:
    return {"polls": {"tally_edit_interval": 0.3}}


async def test_vote_change_remind_and_finalize(convener: Convener) -> None:
    _, poll = await create(convener, deadline="2026-12-01 18:00", expected_role=convener.guild.role("Member"))
    pid = poll_id(poll)
    assert poll.allowed_mentions == {"parse": []}
    assert description(poll).count(":F>") == 3 and ":R>" in description(poll)
    assert [c.get("label") for c in (button(poll, "Vote"), button(poll, "My votes"), button(poll, "Results"))] == [
        "Vote", "My votes", "Results"]
    danko = convener.member("danko")
    done = await vote(danko, poll, yes=[0, 2], maybe=[1])
    assert "✅ 2 · 🟨 1 · ❌ 0" in done.content
    await until_shows(convener, poll, lambda m: "**1** voted" in description(m))
    assert tallies(poll) == [(1, 0), (0, 1), (1, 0)]
    # Changing the vote: the panel opens with the stored answers, and the new ones replace them.
    panel = await danko.click(poll, "Vote")
    values = option_values(panel)
    assert defaults(panel, "yes") == [values[0], values[2]] and defaults(panel, "maybe") == [values[1]]
    await danko.select(panel, select_id(panel, "yes"), [values[1]], wait_update=True)
    await danko.select(panel, select_id(panel, "maybe"), [], wait_update=True)
    done = await danko.click(panel, "Submit", wait_update=True)
    assert "✅ 1 · 🟨 0 · ❌ 2" in done.content
    mine = await danko.click(poll, "My votes")
    assert mine.ephemeral and "✅ Yes (1):" in mine.content and "🟨 If need be (0):" in mine.content
    await until_shows(convener, poll, lambda m: tallies(m) == [(0, 0), (1, 0), (0, 0)])

    # Reminders ping only expected members who have not voted, at most once per 12 hours.
    await vote(convener.member("jutta"), poll, yes=[1])
    reply = await convener.chair.slash("poll remind", poll=pid)
    assert reply.ephemeral and "Reminded 4 members" in reply.content
    ping = await convener.standin.wait_for_message("general", lambda m: "Reminder: please vote" in m.content)
    expected = {convener.member(k).id for k in ("concettina", "lianna", "xiaofeng", "flavio")}
    assert {u.id for u in ping.mentions} == expected
    assert set(map(int, (ping.allowed_mentions or {}).get("users", []))) == expected
    again = await convener.chair.slash("poll remind", poll=pid)
    assert again.ephemeral and "❌ A reminder for this poll went out" in again.content
    convener.clock.advance(timedelta(hours=12))
    assert "Reminded 4 members" in (await convener.chair.slash("poll remind", poll=pid)).content

    # Finalizing is for chairs; it creates the meeting and the poll message shows the slot.
    await vote(convener.member("concettina"), poll, yes=[1])
    choices = await convener.chair.autocomplete("poll finalize", "slot", "", poll=pid)
    assert choices[0]["name"].startswith("1. Thu 03 Dec 16:30") and "✅ 3" in choices[0]["name"]
    best = choices[0]["value"]
    refused = await convener.member("danko").slash("poll finalize", poll=pid, slot=best)
    assert refused.ephemeral and "Only chairs" in refused.content
    done = await convener.chair.slash("poll finalize", poll=pid, slot=best)
    assert done.ephemeral and "is set for <t:" in done.content and "meeting #" in done.content
    start = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)
    edited = await until_shows(convener, poll, lambda m: "Chosen" in description(m))
    assert f"📅 **Chosen:** <t:{int(start.timestamp())}:F>" in description(edited)
    meetings = await convener.bot.services.meetings.upcoming(convener.guild.id)
    assert [(m.title, m.start, m.poll_id) for m in meetings] == [("December plenary", start, pid)]
    again = await convener.chair.slash("poll finalize", poll=pid, slot=best)
    assert "already finalized" in again.content


ERRORS = [
    ({"slots": "2026-12-03 15:00, Dec 32 9am"}, "`Dec 32 9am` is not a date and time I understand"),
    ({"slots": "Nov 20 15:00"}, "`Nov 20 15:00` has no year, and <t:1795183200:F> has passed"),
    ({"slots": "9999-12-31 23:30"}, "more than 10 years ahead"),
    ({"deadline": "in 99999999 days"}, "more than 10 years ahead"),
    ({"timezone": "Mars/Olympus"}, "`Mars/Olympus` is not a time zone"),
    ({"slots": "2026-11-20 15:00"}, "is in the past"),
    ({"slots": "2026-12-03 18:00-17:00"}, "ends before it starts"),
    ({"slots": "2026-12-03 15:00; 2026-12-03 14:00 UTC"}, "duplicates `2026-12-03 15:00`"),
    ({"deadline": "2026-12-10 10:00"}, "after the first slot"),
    ({"duration": "3 parsecs"}, "not a duration"),
]


async def test_create_errors_are_clear_and_store_nothing(convener: Convener) -> None:
    jutta = convener.member("jutta")
    for options, needle in ERRORS:
        reply = await jutta.slash("poll create", **{"title": "Bad", "slots": "2026-12-03 15:00",
                                                   "timezone": "Europe/Zurich", **options})
        assert reply.ephemeral and reply.content.startswith("❌") and needle in reply.content, reply.content
    assert not [m for m in convener.standin.messages("general") if m.embeds]
    assert "No open polls" in (await convener.chair.slash("poll list")).content

    # A list too long for one command goes through the modal; more than 1,000 slots is refused there too.
    days = [f"2027-01-{day:02d} " + ", ".join(f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30))
            for day in range(1, 22)]
    opened = await jutta.slash("poll create", title="Huge", timezone="UTC")
    assert opened.modal is not None
    submitted = await jutta.submit_modal(opened, {"Slots (commas, semicolons or new lines)": "\n".join(days[:11]),
                                                  "More slots (optional)": "\n".join(days[11:])})
    assert submitted.ephemeral and "That makes 1,008 slots; a poll can have at most 1,000." in submitted.content
    assert not [m for m in convener.standin.messages("general") if m.embeds]

    # Ids of another server's polls are not found, from buttons or commands.
    services = convener.bot.services
    foreign = await services.polls.create(OTHER_GUILD, title="Elsewhere", slots="2026-12-03 15:00",
                                          channel_id=convener.channel("general").id, created_by=1, timezone="UTC")
    message = await poll_message(convener, "Elsewhere")  # a crafted message carrying the foreign poll's id
    click = await convener.member("danko").click(message, "Vote")
    assert click.ephemeral and f"There is no poll #{foreign.poll.id} in this server" in click.content
    command = await convener.chair.slash("poll close", poll=foreign.poll.id)
    assert command.ephemeral and "There is no poll" in command.content
    assert (await services.polls.get(OTHER_GUILD, foreign.poll.id)).is_open


async def test_long_polls_modal_slots_and_paging(convener: Convener) -> None:
    opened = await convener.chair.slash("poll create", title="Drafting group", deadline="2026-12-02 12:00",
                                        timezone="UTC")
    assert opened.modal is not None and opened.modal.title == "New scheduling poll"
    slots = "\n".join(f"2026-12-{day:02d} 09:00, 11:00, 13:00, 15:00" for day in range(3, 9))
    created = await convener.chair.submit_modal(opened, {"Slots (commas, semicolons or new lines)": slots,
                                                         "Default slot length (optional)": "45m"})
    assert "with 24 slots" in created.content, created.content
    poll = await poll_message(convener, "Drafting group")
    pid = poll_id(poll)
    added = await convener.chair.slash("poll add-slots", poll=pid, slots="2026-12-09 09:00, 10:00")
    assert "Added 2 slots" in added.content and "(now 26)" in added.content
    modal = await convener.chair.slash("poll add-slots", poll=pid)
    assert modal.modal is not None and modal.modal.title == "Add slots"
    more = await convener.chair.submit_modal(modal, {"Slots (commas, semicolons or new lines)": "2026-12-10 09:00"})
    assert "(now 27)" in more.content
    refused = await convener.member("jutta").slash("poll add-slots", poll=pid, slots="2026-12-11 09:00")
    assert refused.ephemeral and "Only the poll's creator or a chair" in refused.content
    choices = await convener.chair.autocomplete("poll remove-slot", "slot", "10 Dec", poll=pid)
    assert len(choices) == 1
    removed = await convener.chair.slash("poll remove-slot", poll=pid, slot=choices[0]["value"])
    assert "(26 slots left)" in removed.content
    await until_shows(convener, poll, lambda m: "26 slots" in m.embeds[0]["footer"]["text"])

    # The panel pages through a long poll; the draft keeps each page's picks.
    slots = ", ".join(f"2026-12-{3 + i // 12:02d} {8 + i % 12:02d}:00" for i in range(60))
    _, poll = await create(convener, title="Long poll", slots=slots, timezone="UTC")
    xiaofeng = convener.member("xiaofeng")
    panel = await xiaofeng.click(poll, "Vote")
    assert "page 1 of 3" in panel.content and len(option_values(panel)) == 24
    assert button(panel, "◀ Earlier").get("disabled") is True
    first_page = option_values(panel)
    await xiaofeng.select(panel, select_id(panel, "yes"), first_page[:2], wait_update=True)
    await xiaofeng.click(panel, "Later ▶", wait_update=True)
    assert "page 2 of 3" in panel.content
    await xiaofeng.click(panel, "Later ▶", wait_update=True)
    assert "page 3 of 3" in panel.content and len(option_values(panel)) == 12
    assert button(panel, "Later ▶").get("disabled") is True
    await xiaofeng.select(panel, select_id(panel, "maybe"), option_values(panel)[-1:], wait_update=True)
    await xiaofeng.click(panel, "◀ Earlier", wait_update=True)
    await xiaofeng.click(panel, "◀ Earlier", wait_update=True)
    assert defaults(panel, "yes") == first_page[:2]  # the draft kept page 1's picks
    done = await xiaofeng.click(panel, "Submit", wait_update=True)
    assert "✅ 2 · 🟨 1 · ❌ 57" in done.content


async def test_results_close_reopen_list_and_anonymity(convener: Convener) -> None:
    await convener.seed_profiles()
    _, poll = await create(convener, slots="2026-12-03 08:00, 2026-12-03 14:00, 2026-12-03 20:00", timezone="UTC")
    pid = poll_id(poll)
    await vote(convener.member("xiaofeng"), poll, yes=[1])  # 14:00 UTC is 22:00 in Shanghai
    await vote(convener.member("flavio"), poll, yes=[0, 1], maybe=[2])
    results = await convener.member("jutta").click(poll, "Results")
    assert results.ephemeral and results.embeds and "📊 Results" in results.embeds[0]["title"]
    text = results.text()
    xiaofeng = convener.member("xiaofeng").id
    assert "**1.**" in text and f"Cannot: <@{xiaofeng}>" in text
    assert f"<@{xiaofeng}> 22:00–23:00 (Asia/Shanghai)" in text  # unfair for Shanghai, listed with local time
    assert [a.filename for a in results.attachments] == ["heatmap.png"]
    assert results.attachments[0].data.startswith(b"\x89PNG")
    listed = await convener.member("jutta").slash("poll list")
    assert f"#{pid} December plenary" in listed.content
    choices = await convener.member("jutta").autocomplete("poll results", "poll", "decem")
    assert choices[0]["value"] == pid and "open" in choices[0]["name"]
    refused = await convener.member("jutta").slash("poll close", poll=pid)
    assert refused.ephemeral and "Only the poll's creator or a chair" in refused.content
    closed = await convener.chair.slash("poll close", poll=pid)
    assert "🔒 Closed" in closed.content
    summary = await convener.standin.wait_for_message("general", lambda m: "is closed: 2 voted" in m.content)
    assert summary.attachments and summary.attachments[0].filename.endswith(".png")
    edited = await until_shows(convener, poll, lambda m: button(m, "Vote").get("disabled") is True)
    assert "Voting is closed" in description(edited)
    late = await convener.member("danko").click(poll, "My votes")
    assert "not voted" in late.content
    assert "No open polls" in (await convener.chair.slash("poll list")).content
    reopened = await convener.chair.slash("poll reopen", poll=pid, deadline="2d")
    assert "🔓 Reopened" in reopened.content
    await until_shows(convener, poll, lambda m: button(m, "Vote").get("disabled") is not True)
    await vote(convener.member("danko"), poll, yes=[0])
    public = await convener.chair.slash("poll results", poll=pid, public=True)
    assert not public.ephemeral and "**3** voted" in public.text()

    # Anonymous polls hide who voted what from everyone but chairs.
    _, poll = await create(convener, title="Secret ballot", anonymous=True)
    await vote(convener.member("danko"), poll, yes=[0])
    danko = convener.member("danko").id
    member_view = await convener.member("jutta").click(poll, "Results")
    assert f"<@{danko}>" not in member_view.text() and "names are hidden" in member_view.text()
    assert member_view.attachments == []
    chair_view = await convener.chair.click(poll, "Results")
    assert f"Cannot: <@{danko}>" in chair_view.text() and chair_view.attachments
    assert "Anonymous" in description(poll)
