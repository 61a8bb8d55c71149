"""Hostile text through the commands: raw HTML in minutes, control characters, overlong autocomplete queries."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.e2e.conftest import Convener
from tests.e2e.test_minutes import end_live, scheduled, start_live

HTML = ("<!-- hidden from readers --> <script>alert(1)</script> <img src=x onerror=alert(2)> "
        "<a href='javascript:alert(3)'>click</a>")
# A "<" that a Markdown renderer would take as the start of raw HTML (not escaped, not a plain https link).
RAW_HTML = re.compile(r"(?<!\\)<(?=[A-Za-z/!?])(?!https?://)")


def raw_html(text: str) -> list[str]:
    """Raw HTML outside inline code (where it is shown as typed)."""
    return [text[m.start():m.start() + 30] for m in RAW_HTML.finditer(re.sub(r"`[^`]*`", "``", text))]


async def test_raw_html_in_notes_and_edits_never_reaches_the_minutes(convener: Convener) -> None:
    meeting = await scheduled(convener)
    lynn, jutta = convener.chair, convener.member("jutta")
    await start_live(convener, meeting)
    await lynn.slash("item next")
    await lynn.slash("note", text=f"Note: {HTML}")
    await lynn.slash("decision", text=f"Decision: {HTML}")
    await lynn.slash("action", text=f"Action: {HTML}", owner="<b>Drafting</b> group", due="friday")
    said = await jutta.say("general", f"Said: {HTML}")
    await lynn.message_command("Add to minutes", said)
    await end_live(convener, meeting)

    draft = await lynn.slash("minutes draft", meeting=meeting.id)
    markdown = draft.attachments[0].data.decode()
    assert markdown.count("alert(1)") >= 4 and not raw_html(markdown), raw_html(markdown)
    assert "\\<script\\>alert(1)\\</script\\>" in markdown
    # The plain-text file shows what was typed.
    assert f"Note: {HTML}" in draft.attachments[1].data.decode()

    sections = await lynn.autocomplete("minutes edit", "section", "aob", meeting=meeting.id)
    form = await lynn.slash("minutes edit", meeting=meeting.id, section=sections[0]["value"])
    saved = await lynn.submit_modal(form, {"Section text (Markdown)": f"Edited: {HTML}\n\n`<kbd>` stays code."})
    assert "version 2" in saved.content
    edited = saved.attachments[0].data.decode()
    assert "Edited: \\<!-- hidden" in edited and "`<kbd>` stays code." in edited
    assert not raw_html(edited), raw_html(edited)

    published = await lynn.slash("minutes publish", meeting=meeting.id)
    assert "Published version 2" in published.content, published.content
    posted = convener.standin.messages("minutes")
    text = "\n".join(m.content for m in posted)
    assert "Edited: \\<!-- hidden" in text and not raw_html(text), raw_html(text)
    (published_md,) = [a for m in posted for a in m.attachments if a.filename.endswith(".md")]
    assert "`<kbd>` stays code." in published_md.data.decode() and not raw_html(published_md.data.decode())


async def test_owner_autocomplete_offers_long_typed_names_within_discord_limits(convener: Convener) -> None:
    secretariat = convener.member("chengetai")
    for typed in ("Drafting group of the " * 5, "x" * 100):  # 110 and 100 characters
        choices = await secretariat.autocomplete("action", "owner", typed)
        assert choices and all(1 <= len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices), choices
        assert choices[-1]["name"].endswith("… (as typed)") and choices[-1]["value"] == typed.strip()[:100]


async def test_huge_autocomplete_queries_answer_nothing_instead_of_failing(convener: Convener) -> None:
    services, gid = convener.bot.services, convener.guild.id
    await services.meetings.schedule(gid, title="WG-MWP", start=convener.clock.now() + timedelta(days=2),
                                     timezone="UTC")
    lynn = convener.chair
    await lynn.slash("poll create", title="WG-MWP poll", slots="2026-12-03 15:00", timezone="UTC")
    for typed in ("x" * 101, "%_" * 3000, "W" * 100_000):
        assert await lynn.autocomplete("agenda show", "meeting", typed) == []
        assert await lynn.autocomplete("poll results", "poll", typed) == []
    assert "WG-MWP poll" in (await lynn.autocomplete("poll results", "poll", "wg-mwp"))[0]["name"]
    assert await lynn.autocomplete("agenda show", "meeting", "WG-MWP")


async def test_control_characters_never_reach_storage(on_any_database: Convener) -> None:
    convener = on_any_database
    lynn, gid, services = convener.chair, convener.guild.id, convener.bot.services
    for command, options in [("setup group", {"name": "WG\x00-MWP\x07"}),
                             ("remind set", {"when": "2026-12-09 09:00", "text": "Paper\x00 due\x1b[31m"}),
                             ("profile name", {"name": "St.Amour,\x00 Lynn\ud800"})]:
        reply = await lynn.slash(command, options=options)
        assert not reply.text().startswith(("❌", "🔒", "⚠️")), (command, reply.text())
    assert (await services.settings.get(gid)).group_name == "WG-MWP"
    assert [r.text for r in await services.reminders.list_pending(gid, kinds=["text"])] == ["Paper due[31m"]
    assert (await services.profiles.get(gid, lynn.id)).display_name == "St.Amour, Lynn"

    meeting = await scheduled(convener)
    await start_live(convener, meeting)
    said = await convener.member("jutta").say("general", "Said\x00 in the meeting")
    await lynn.message_command("Add to minutes", said)
    await end_live(convener, meeting)
    await lynn.slash("minutes draft", meeting=meeting.id)
    sections = await lynn.autocomplete("minutes edit", "section", "aob", meeting=meeting.id)
    form = await lynn.slash("minutes edit", meeting=meeting.id, section=sections[0]["value"])
    saved = await lynn.submit_modal(form, {"Section text (Markdown)": "No other\x00 business.\x0c"})
    assert "version 2" in saved.content, saved.content
    markdown = (await services.minutes.current(gid, meeting.id)).markdown  # type: ignore[union-attr]
    assert "No other business." in markdown and "Said in the meeting" in markdown
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", markdown)
