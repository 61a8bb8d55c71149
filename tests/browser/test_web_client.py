"""The web client in a real browser: members vote, fill in forms, get private answers, pick meetings from the
bot's suggestions and watch reminders arrive as the sandbox clock moves."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.conftest import Site, shot

pytestmark = pytest.mark.asyncio(loop_scope="module")

SLOTS = "2026-12-01 14:00, 2026-12-02 14:00, 2026-12-03 16:00"


def message(page: Any, text: str) -> Any:
    """The (last) message showing `text`."""
    return page.locator("article.msg", has_text=text).last


def poll_message(page: Any, title: str) -> Any:
    vote_button = page.get_by_role("button", name="Vote", exact=True)
    return page.locator("article.msg", has_text=title).filter(has=vote_button).last


async def slash(page: Any, typed: str, command: str) -> None:
    """Type `/…` in the message bar and pick `/command` from the bot's command list."""
    bar = page.get_by_role("combobox", name="Message or slash command")
    await bar.click()
    await bar.fill(typed)
    option = page.get_by_role("listbox", name="Commands").get_by_role("option").filter(
        has=page.get_by_text("/" + command, exact=True))
    await expect(option).to_have_attribute("aria-selected", "true")  # the best match is highlighted
    await bar.press("Enter")
    await expect(page.locator(".command-chip")).to_have_text("/" + command)


async def vote(page: Any, title: str, yes: list[str], screenshot: str | None = None) -> None:
    """Vote → tick the slots under Yes → Done → Submit, as a member does in the ephemeral panel."""
    await poll_message(page, title).get_by_role("button", name="Vote", exact=True).click()
    panel = page.locator("article.msg.ephemeral", has_text=f"Vote: {title}").last
    await panel.get_by_role("button", name=re.compile("Yes")).click()
    for label in yes:
        await panel.get_by_role("checkbox", name=re.compile(re.escape(label))).check()
    if screenshot:
        await shot(page, screenshot)
    await panel.get_by_role("button", name="Done").click()
    await expect(panel).to_contain_text(f"Your answers so far: ✅ {len(yes)}")
    await panel.get_by_role("button", name="Submit").click()
    await expect(page.locator("article.msg.ephemeral", has_text="is saved")).to_have_count(1)


async def test_two_members_vote_and_both_see_the_tally_change(site: Site) -> None:
    await site.member("lynn").slash("poll create", title="December plenary", slots=SLOTS, timezone="UTC",
                                    deadline="2026-11-26 09:00")
    danko, jutta = await site.page("danko"), await site.page("jutta")
    for page in (danko, jutta):
        await expect(poll_message(page, "December plenary")).to_contain_text("0 voted")

    await vote(danko, "December plenary", ["1.", "2."])
    for page in (danko, jutta):
        await expect(poll_message(page, "December plenary")).to_contain_text("1 voted")
    await vote(jutta, "December plenary", ["2."], screenshot="poll-vote-panel")
    await shot(jutta, "poll-voted")
    for page in (danko, jutta):
        poll = poll_message(page, "December plenary")
        await expect(poll).to_contain_text("2 voted")
        await expect(poll.locator(".embed-desc")).to_contain_text(re.compile(r"✅ 2 · 🟨 0"))
    # Each member sees only their own voting panel, now saying their vote is saved.
    for page in (danko, jutta):
        await expect(page.locator("article.msg.ephemeral")).to_have_count(1)
        await expect(page.locator("article.msg.ephemeral")).to_contain_text("is saved")
    assert not danko.errors and not jutta.errors, danko.errors + jutta.errors


async def test_a_modal_is_filled_in(site: Site) -> None:
    page = await site.page("lynn")
    await slash(page, "/poll cre", "poll create")
    await page.get_by_label("title").fill("Budget retreat")
    await page.keyboard.press("Enter")
    form = page.get_by_role("dialog", name="New scheduling poll")
    await expect(form).to_be_visible()
    await expect(form.get_by_label("Title")).to_have_value("Budget retreat")
    await form.get_by_label("Slots (commas, semicolons or new lines)").fill("2026-12-07 15:00\n2026-12-08 15:00")
    await form.get_by_label("Deadline (optional)").fill("2026-11-30 18:00")
    await shot(page, "modal")
    await form.get_by_role("button", name="Submit").click()
    await expect(form).to_be_hidden()
    poll = poll_message(page, "Budget retreat")
    await expect(poll).to_contain_text("0 voted")
    await expect(message(page, "is up with 2 slots")).to_have_class(re.compile("ephemeral"))
    assert not page.errors, page.errors


async def test_an_ephemeral_reply_is_seen_only_by_its_member(site: Site) -> None:
    await site.member("lynn").slash("poll create", title="Private check", slots=SLOTS, timezone="UTC")
    danko, jutta = await site.page("danko"), await site.page("jutta")
    await poll_message(danko, "Private check").get_by_role("button", name="My votes").click()
    private = danko.locator("article.msg.ephemeral", has_text="Private check")
    await expect(private).to_have_count(1)
    await expect(private).to_contain_text("Only you can see this")
    await shot(danko, "ephemeral")
    # Jutta's window shows the poll but not Danko's answer, nor Lynn's "poll is up" notice.
    await expect(poll_message(jutta, "Private check")).to_be_visible()
    await expect(jutta.locator("article.msg.ephemeral")).to_have_count(0)
    # Switching Jutta's window to Danko shows what Danko sees, his private answer included.
    await jutta.get_by_label("Act as").select_option(value=str(site.member("danko").id))
    await expect(jutta.locator("#me-name")).to_have_text("Данко Јевтовић")
    await expect(jutta.locator("article.msg.ephemeral", has_text="Private check")).to_have_count(1)
    # Dismissing it hides it from this window only.
    await private.get_by_role("button", name="Dismiss message").click()
    await expect(private).to_have_count(0)


async def test_autocomplete_offers_the_right_meeting(site: Site) -> None:
    lynn = site.member("lynn")
    await lynn.slash("meeting schedule", title="Budget review", start="2026-11-25 15:00", timezone="UTC")
    await lynn.slash("meeting schedule", title="WG-MWP 9th meeting", start="2026-11-27 15:00", timezone="UTC")
    page = await site.page("lynn")
    await slash(page, "/agenda sh", "agenda show")
    field = page.get_by_role("combobox", name="meeting")
    await field.fill("budget")
    suggestions = page.get_by_role("listbox", name="Suggestions for meeting")
    await expect(suggestions.get_by_role("option")).to_have_count(1)
    await expect(suggestions.get_by_role("option")).to_contain_text("Budget review")
    await field.fill("9th")
    await expect(suggestions.get_by_role("option")).to_contain_text("WG-MWP 9th meeting")
    await field.fill("budg")
    await expect(suggestions.get_by_role("option")).to_contain_text("Budget review")
    await shot(page, "autocomplete")
    await field.press("Enter")  # picks the highlighted suggestion
    await expect(field).to_have_value(re.compile("Budget review"))
    await page.keyboard.press("Enter")  # sends the command
    await expect(message(page, "Budget review").locator(".used-command")).to_have_text("/agenda show")
    assert not page.errors, page.errors


async def test_the_clock_moves_and_a_reminder_appears(site: Site) -> None:
    lynn = site.member("lynn")
    await lynn.slash("setup roles", role="member", discord_role="Member")
    await lynn.slash("poll create", title="Deadline soon", slots=SLOTS, timezone="UTC", deadline="2026-11-26 09:00",
                     expected_role=site.sandbox.guild.role("Member"))
    page = await site.page("danko")
    clock = page.locator("#clock-now")
    await expect(clock).to_have_text("Mon, Nov 23, 10:00 AM")  # 09:00 UTC in Berlin
    await expect(clock).to_have_attribute("title", "Monday, November 23, 2026 at 10:00 AM (Europe/Berlin)")
    await page.get_by_role("button", name="+1 hour").click()
    await expect(clock).to_contain_text("Mon, Nov 23, 11:00 AM")
    # The last call, a day before voting closes, mentions the members who have not voted (Danko among them).
    advance = page.get_by_role("button", name=re.compile("^Next reminder"))
    await expect(advance).to_contain_text("Wed, Nov 25, 10:00 AM")
    await advance.click()
    await expect(clock).to_contain_text("Wed, Nov 25, 10:00 AM")
    last_call = message(page, "Last call")
    await expect(last_call).to_contain_text("Deadline soon")
    await expect(last_call).to_contain_text("@Данко Јевтовић")
    await expect(last_call).to_have_class(re.compile("mentioned"))
    await shot(page, "reminder-after-advance")
    await page.get_by_role("button", name="+1 day").click()
    await expect(clock).to_contain_text("Thu, Nov 26, 10:00 AM")
    await expect(message(page, "is closed")).to_contain_text("Deadline soon")
    # The member's Discord shows times in another zone once they change it.
    await page.get_by_label("Time zone").fill("Asia/Tokyo")
    await page.get_by_label("Time zone").press("Enter")
    await expect(clock).to_have_text("Thu, Nov 26, 06:00 PM")
    await expect(page.locator("#clock-zone")).to_have_text("Asia/Tokyo")
    assert not page.errors, page.errors


async def tab_to(page: Any, target: Any, limit: int = 80, key: str = "Tab") -> None:
    """Press Tab (or `key`) until `target` has the keyboard focus (reachable within `limit` presses)."""
    for _ in range(limit):
        await page.keyboard.press(key)
        if await target.evaluate("node => node === document.activeElement"):
            return
    raise AssertionError(f"{target} is not reachable with the Tab key")


async def test_voting_and_a_command_with_the_keyboard_alone(site: Site) -> None:
    await site.member("lynn").slash("poll create", title="Keyboard plenary", slots=SLOTS, timezone="UTC")
    page = await site.page("danko")
    await tab_to(page, poll_message(page, "Keyboard plenary").get_by_role("button", name="Vote", exact=True))
    await page.keyboard.press("Enter")
    panel = page.locator("article.msg.ephemeral", has_text="Vote: Keyboard plenary")
    yes = panel.get_by_role("button", name=re.compile("Yes"))
    await tab_to(page, yes)
    await page.keyboard.press("Enter")
    await expect(panel.get_by_role("checkbox").first).to_be_focused()
    await page.keyboard.press("Space")
    await page.keyboard.press("Tab")
    await page.keyboard.press("Space")
    await tab_to(page, panel.get_by_role("button", name="Done"), limit=5)
    await page.keyboard.press("Enter")
    await expect(panel).to_contain_text("Your answers so far: ✅ 2")
    await expect(yes).to_be_focused()  # the bot redrew the panel; the focus stayed on the menu
    await tab_to(page, panel.get_by_role("button", name="Submit"), limit=10)
    await page.keyboard.press("Enter")
    await expect(page.locator("article.msg.ephemeral", has_text="is saved")).to_have_count(1)

    # The skip link leads to the message bar; a command, its option and a suggestion are all picked with keys.
    await tab_to(page, page.get_by_role("link", name="Skip to the message bar"), limit=120, key="Shift+Tab")
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("combobox", name="Message or slash command")).to_be_focused()
    await page.keyboard.type("/poll vo")
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("combobox", name="poll")).to_be_focused()
    await page.keyboard.type("keyb")
    await expect(page.get_by_role("listbox", name="Suggestions for poll").get_by_role("option")).to_contain_text(
        "Keyboard plenary")
    await page.keyboard.press("Enter")
    await page.keyboard.press("Enter")
    await expect(message(page, "Keyboard plenary").locator(".used-command")).to_have_text("/poll vote")
    assert not page.errors, page.errors


UNLABELLED = """() => [...document.querySelectorAll('button, input, select, textarea, a[href], [role=combobox]')]
  .filter((e) => e.offsetParent !== null)
  .filter((e) => !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.title
                   || (e.labels && e.labels.length) || e.textContent.trim() || e.type === 'submit'))
  .map((e) => e.outerHTML.slice(0, 120))"""


async def test_every_control_has_a_name_for_screen_readers(site: Site) -> None:
    await site.member("lynn").slash("poll create", title="Labelled", slots=SLOTS, timezone="UTC")
    page = await site.page("danko")
    await poll_message(page, "Labelled").get_by_role("button", name="Vote", exact=True).click()
    panel = page.locator("article.msg.ephemeral", has_text="Vote: Labelled")
    await panel.get_by_role("button", name=re.compile("Yes")).click()
    assert await page.evaluate(UNLABELLED) == []
    await page.keyboard.press("Escape")
    await slash(page, "/poll cre", "poll create")
    await page.get_by_role("button", name="deadline").click()
    assert await page.evaluate(UNLABELLED) == []
    await page.get_by_role("button", name="Add a member…").click()
    await expect(page.get_by_role("dialog", name="Add a member")).to_be_visible()
    assert await page.evaluate(UNLABELLED) == []
    await shot(page, "add-member")
