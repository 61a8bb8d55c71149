"""Poll message, results text, reminders and heatmap: content and Discord's size limits."""

from __future__ import annotations

import csv
import io
import random
import time
from datetime import UTC, datetime, timedelta

from PIL import Image

from bot.domain.poll import Answer, PollInfo, PollStatus, Slot, Tally
from bot.domain.ranking import BallotMatrix, OffHours, order_slots, rank
from bot.render.poll import (
    PollSummary,
    ResultsView,
    bar,
    closing_text,
    list_text,
    my_votes_text,
    poll_card,
    reminder_texts,
    results_text,
)
from bot.render.poll_heatmap import heatmap_png

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BASE = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


def poll_with(count: int, **kwargs: object) -> PollInfo:
    slots = tuple(Slot(i + 1, BASE + timedelta(minutes=30 * i), BASE + timedelta(minutes=30 * i + 60))
                  for i in range(count))
    args: dict[str, object] = {"deadline": BASE - timedelta(days=1), "channel_id": 5, "message_id": 6, **kwargs}
    return PollInfo(3, 1, "Budget [draft]", "Europe/Zurich", PollStatus.OPEN, slots, NOW, **args)  # type: ignore[arg-type]


def random_matrix(poll: PollInfo, voters: int, seed: int = 1) -> BallotMatrix:
    rng = random.Random(seed)
    to_answer = bytes(1 + b % 3 for b in range(256))
    columns = [bytearray(rng.randbytes(voters).translate(to_answer)) for _ in poll.slots]
    return BallotMatrix([s.id for s in poll.slots], list(range(1000, 1000 + voters)), columns)


def test_bar_scales_to_voters() -> None:
    assert bar(5, 3, 10) == "█████▒▒▒░░"
    assert bar(0, 0, 0) == "░" * 10
    assert bar(10, 0, 10) == "█" * 10


def test_card_lists_every_slot_with_tallies() -> None:
    poll = poll_with(3)
    card = poll_card(poll, Tally(4, yes={1: 3, 2: 1}, maybe={2: 2}))
    assert card.voting_open and card.title == "🗓️ Budget \\[draft\\]"
    assert card.description.count(":F>") == 3
    assert f"⏳ Closes <t:{int(poll.deadline.timestamp())}:R>" in card.description  # type: ignore[union-attr]
    assert "⭐ <t:" in card.description and "✅ 3 · 🟨 0" in card.description
    assert "**4** voted" in card.description and "Poll #3 · 3 slots" in card.footer


def test_card_for_a_long_poll_shows_the_best_slots_within_limits() -> None:
    poll = poll_with(1000)
    matrix = random_matrix(poll, 50)
    card = poll_card(poll, matrix.to_tally())
    assert len(card.description) <= 4096
    assert "Best 25 of 1,000 slots" in card.description
    best = rank(poll, matrix)[0].slot
    assert f"⭐ <t:{int(best.start.timestamp())}:F>" in card.description


def test_finalized_card_shows_the_chosen_slot() -> None:
    poll = PollInfo(3, 1, "t", "UTC", PollStatus.FINALIZED, poll_with(3).slots, NOW, chosen_slot_id=2,
                    meeting_id=9)
    card = poll_card(poll, Tally(0))
    chosen = poll.slots[1].start
    assert not card.voting_open
    assert f"📅 **Chosen:** <t:{int(chosen.timestamp())}:F>" in card.description and "meeting #9" in card.description


def test_results_text_fits_and_hides_names_when_asked() -> None:
    poll = poll_with(1000)
    matrix = random_matrix(poll, 300)
    ranking = rank(poll, matrix)
    top = ranking[:10]
    unfair = [OffHours(1000 + i, "Asia/Tokyo", BASE, BASE + timedelta(hours=1)) for i in range(40)]
    view = ResultsView(poll, ranking, 300, {s.slot.id: matrix.unavailable(s.slot.id) for s in top},
                       {s.slot.id: unfair for s in top}, True, list(range(50)), (7, 22))
    text = results_text(view)
    assert len(text) <= 4096 and "**1.**" in text and "Cannot: <@" in text and "and " in text
    hidden = results_text(ResultsView(poll, ranking, 300, {}, {s.slot.id: unfair for s in top}, False, [1, 2],
                                      (7, 22)))
    assert "<@" not in hidden and "40 in Asia/Tokyo" in hidden and "names hidden" in hidden


def test_results_without_votes() -> None:
    poll = poll_with(2)
    view = ResultsView(poll, order_slots(poll.slots, Tally(0)), 0, {}, {}, True, None, (7, 22))
    assert "Nobody has voted yet." in results_text(view)


def test_reminders_split_and_closing_post() -> None:
    poll = poll_with(2)
    users = list(range(10**17, 10**17 + 200))
    parts = reminder_texts(poll, users, last_call=True)
    assert len(parts) == 3 and [u for _, ids in parts for u in ids] == users
    assert all(len(text) <= 2000 and len(ids) <= 90 and text.count("<@") == len(ids) for text, ids in parts)
    assert parts[0][0].startswith("📣 **Last call** for")
    assert "https://discord.com/channels/1/5/6" in parts[0][0]
    ranking = order_slots(poll.slots, Tally(3, yes={2: 3}))
    text = closing_text(poll, ranking, 3)
    assert "Budget \\[draft\\]" in text and "**1.**" in text and "`/poll results poll:3`" in text


def test_my_votes_and_list() -> None:
    poll = poll_with(3)
    mine = my_votes_text(poll, {1: Answer.YES, 2: Answer.MAYBE, 3: Answer.NO})
    assert "✅ Yes (1):" in mine and "🟨 If need be (1):" in mine and "❌ No: 1 slot." in mine
    assert "not voted" in my_votes_text(poll, {})
    many = my_votes_text(poll_with(500), {i: Answer.YES for i in range(1, 501)})
    assert len(many) <= 2000 and "… and" in many
    listing = list_text([PollSummary(poll, 3, 2)])
    assert "**#3 Budget \\[draft\\]** — 3 slots, 2 voted" in listing
    assert "No open polls" in list_text([])


def test_heatmap_50_members_by_40_slots_is_legible() -> None:
    poll = poll_with(40)
    matrix = random_matrix(poll, 50)
    names = {u: f"Member{u - 1000:02d}, Firstname" for u in matrix.voters}
    zones = {u: ("Asia/Tokyo" if u % 4 == 0 else "Europe/Zurich") for u in matrix.voters}
    png = heatmap_png(poll, matrix, rank(poll, matrix), names, zones, (7, 22))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    # 16-pixel cells: wide and tall enough for 13-pixel labels, small enough to view without scrolling.
    assert 50 * 16 < image.width < 1400 and 40 * 16 < image.height < 1200
    pixels = image.convert("RGB")
    colours = {pixels.getpixel((x, y)) for x in range(0, image.width, 3) for y in range(0, image.height, 3)}
    assert {(46, 160, 67), (240, 190, 40), (214, 72, 62)} <= colours  # yes, if need be, no
    assert (20, 20, 60) in colours  # off-hours corners for Tokyo members


def test_heatmap_for_a_huge_poll_is_bounded() -> None:
    poll = poll_with(1000)
    matrix = random_matrix(poll, 1000)
    started = time.perf_counter()
    png = heatmap_png(poll, matrix, rank(poll, matrix), {}, {}, (7, 22))
    elapsed = time.perf_counter() - started
    image = Image.open(io.BytesIO(png))
    assert image.width <= 2200 and image.height <= 1300
    assert elapsed < 5


def test_the_results_file_is_in_the_readers_language() -> None:
    from bot.i18n import using
    from bot.render.poll_comments import results_csv

    poll = poll_with(3)
    ballots = {7: {1: Answer.YES, 2: Answer.MAYBE, 3: Answer.NO}}
    with using("es"):
        data = results_csv(poll, ballots, {7: "ok"}, {7: "Jevtović, Danko"})
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "Nombre" and rows[0][-1] == "Comentario"
    assert rows[1] == ["Jevtović, Danko", "sí", "si es necesario", "no", "ok"]
