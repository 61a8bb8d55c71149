"""The voting panel: pending ballots, paging and what each page shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.poll import Answer, PollInfo, PollStatus, Slot
from bot.domain.poll_panel import PAGE_SIZE, PendingBallot, PendingBallots, clamp_page, page_count, page_slots
from bot.render.poll_panel import option_label, voting_panel

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BASE = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


def poll_with(count: int) -> PollInfo:
    slots = tuple(Slot(100 + i, BASE + timedelta(minutes=30 * i), BASE + timedelta(minutes=30 * i + 60))
                  for i in range(count))
    return PollInfo(7, 1, "WG *plenary*", "Europe/Zurich", PollStatus.OPEN, slots, NOW)


def test_paging() -> None:
    assert [page_count(n) for n in (0, 1, 24, 25, 1000)] == [1, 1, 1, 2, 42]
    assert clamp_page(99, 30) == 1 and clamp_page(-3, 30) == 0
    slots = poll_with(30).slots
    assert [len(page_slots(slots, p)) for p in (0, 1, 5)] == [24, 6, 6]


def test_picks_move_slots_between_yes_and_if_need_be() -> None:
    pending = PendingBallot.from_ballot([1, 2, 3, 4], {1: Answer.YES, 2: Answer.MAYBE, 4: Answer.NONE}, NOW)
    assert pending.submitted_before
    assert pending.complete([1, 2, 3, 4]) == {1: Answer.YES, 2: Answer.MAYBE, 3: Answer.NO, 4: Answer.NO}
    pending.pick([1, 2, 3, 4], [2, 3], Answer.YES)  # 1 unpicked -> no; 2 moves from maybe to yes
    assert pending.complete([1, 2, 3, 4]) == {1: Answer.NO, 2: Answer.YES, 3: Answer.YES, 4: Answer.NO}
    pending.pick([1, 2, 3, 4], [3], Answer.MAYBE)  # latest choice wins
    assert pending.complete([1, 2, 3, 4]) == {1: Answer.NO, 2: Answer.YES, 3: Answer.MAYBE, 4: Answer.NO}
    pending.pick([3, 4], [], Answer.YES)  # another page's select leaves slot 2 alone
    assert pending.answer(2) is Answer.YES and pending.answer(3) is Answer.MAYBE


def test_pending_ballots_evict_old_and_excess_ones() -> None:
    book = PendingBallots(ttl=timedelta(minutes=30), limit=2)
    book.put((1, 1, 1), PendingBallot({}, NOW))
    book.put((1, 1, 2), PendingBallot({}, NOW + timedelta(minutes=20)))
    assert book.get((1, 1, 1), NOW + timedelta(minutes=10)) is not None  # touched: now most recent
    book.put((1, 2, 3), PendingBallot({}, NOW + timedelta(minutes=10)))
    assert book.get((1, 1, 2), NOW + timedelta(minutes=10)) is None and len(book) == 2  # over the limit
    assert book.get((1, 1, 1), NOW + timedelta(minutes=45)) is None  # 35 minutes untouched
    book.put((5, 9, 3), PendingBallot({}, NOW))
    book.drop_user(5, 3)
    book.drop_poll(1, 2)
    assert len(book) == 0


def test_panel_page_shows_local_labels_and_draft_marks() -> None:
    poll = poll_with(30)
    pending = PendingBallot.from_ballot([s.id for s in poll.slots], {100: Answer.YES, 101: Answer.MAYBE}, NOW)
    page = voting_panel(poll, pending, 0, ZoneInfo("Asia/Tokyo"))
    assert (page.page, page.pages, page.has_prev, page.has_next) == (0, 2, False, True)
    assert len(page.options) == PAGE_SIZE and len(page.content) <= 2000
    assert page.options[0].label == "1. Thu 03 Dec 17:00–18:00 JST" and page.options[0].answer is Answer.YES
    assert "WG \\*plenary\\*" in page.content and "slots 1–24 of 30" in page.content
    assert f"✅ <t:{int(BASE.timestamp())}:F>" in page.content
    assert "Your answers so far: ✅ 1 · 🟨 1 · ❌ 28" in page.content
    last = voting_panel(poll, pending, 7, ZoneInfo("UTC"))
    assert (last.page, len(last.options), last.has_next) == (1, 6, False)
    assert last.options[0].label.startswith("25. ")


def test_long_polls_page_within_discord_limits() -> None:
    poll = poll_with(1000)
    pending = PendingBallot.from_ballot([s.id for s in poll.slots], {}, NOW)
    for number in range(page_count(1000)):
        page = voting_panel(poll, pending, number, ZoneInfo("America/New_York"))
        assert len(page.content) <= 2000 and 1 <= len(page.options) <= 25
        assert all(len(o.label) <= 100 for o in page.options)


def test_label_for_slot_past_midnight_names_the_day() -> None:
    slot = Slot(1, datetime(2026, 12, 3, 22, 30, tzinfo=UTC), datetime(2026, 12, 3, 23, 30, tzinfo=UTC))
    assert option_label(3, slot, ZoneInfo("Europe/Zurich")) == "3. Thu 03 Dec 23:30–Fri 00:30 CET"
