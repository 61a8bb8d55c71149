"""Personal reminders, pure parts: reading offsets, routing members, the offsets a server needs, texts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.meeting import MeetingInfo
from bot.domain.reach import (
    Delivery,
    Recipients,
    ReminderPrefs,
    offset_key,
    offset_of,
    offsets_to_plan,
    parse_offsets,
    route,
)
from bot.errors import InvalidInput
from bot.i18n import using
from bot.render.reach import meeting_dm, mention_chunks, prefs_text, span_text

H = timedelta(hours=1)


@pytest.mark.parametrize(("text", "expected"), [
    ("1h", (H,)),
    ("24h, 1h", (24 * H, H)),
    ("30m and 2h", (2 * H, timedelta(minutes=30))),
    ("1h; 1h, 60m", (H,)),
    ("90", (timedelta(minutes=90),)),
    ("1d 2h", (26 * H,)),
])
def test_offsets_are_read_largest_first(text: str, expected: tuple[timedelta, ...]) -> None:
    assert parse_offsets(text) == expected


@pytest.mark.parametrize(("text", "needle"), [
    ("", "how long before"),
    ("1h, 2h, 3h, 4h", "At most 3"),
    ("2m", "between 5 minutes and 14 days"),
    ("15d", "between 5 minutes and 14 days"),
    ("soonish", "soonish"),
])
def test_bad_offsets_are_refused_clearly(text: str, needle: str) -> None:
    with pytest.raises(InvalidInput, match=needle):
        parse_offsets(text)


def test_routing_follows_each_members_choice_and_offsets() -> None:
    prefs = {1: ReminderPrefs(Delivery.DM), 2: ReminderPrefs(Delivery.OFF), 3: ReminderPrefs(offsets=(2 * H,)),
             4: ReminderPrefs(Delivery.DM, (24 * H, 2 * H))}
    defaults = (24 * H, H)
    every = [1, 2, 3, 4, 5]
    assert route(every, prefs, default_delivery=Delivery.CHANNEL) == Recipients(dm=(1, 4), channel=(3, 5))
    assert route(every, prefs, default_delivery=Delivery.CHANNEL, offset=24 * H, default_offsets=defaults) == \
        Recipients(dm=(1, 4), channel=(5,))
    assert route(every, prefs, default_delivery=Delivery.CHANNEL, offset=2 * H, default_offsets=defaults) == \
        Recipients(dm=(4,), channel=(3,))
    assert route(every, prefs, default_delivery=Delivery.OFF, offset=H, default_offsets=defaults) == \
        Recipients(dm=(1,))
    assert not route([2], prefs, default_delivery=Delivery.DM)


def test_a_server_plans_every_offset_someone_needs() -> None:
    assert offsets_to_plan([24 * H, H], [[2 * H], [24 * H, timedelta(minutes=30)]]) == \
        [24 * H, 2 * H, H, timedelta(minutes=30)]
    assert offset_of(offset_key(90 * timedelta(minutes=1))) == timedelta(minutes=90)
    assert offset_of("") is None and offset_of("Issue paper due") is None


def test_mentions_are_split_within_discords_limits() -> None:
    chunks = mention_chunks("⏰ **WG** starts soon.", list(range(10**17, 10**17 + 200)))
    assert len(chunks) == 3 and all(len(ids) <= 90 for _, ids in chunks)
    assert [u for _, ids in chunks for u in ids] == list(range(10**17, 10**17 + 200))
    assert all(len(text) <= 2000 for text, _ in chunks)
    assert chunks[0][0].startswith("⏰ **WG** starts soon.\n<@") and chunks[1][0].startswith("(continued) <@")
    assert sum(text.count("<@") for text, _ in chunks) == 200


def test_texts() -> None:
    assert [span_text(o) for o in (24 * H, 26 * H, 90 * timedelta(minutes=1), timedelta(days=2))] == \
        ["1 day", "1 day 2 h", "1 h 30 min", "2 days"]
    start = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    meeting = MeetingInfo(id=7, guild_id=1, title="WG *draft*", start=start, end=start + H, timezone="UTC",
                          status="scheduled", link="https://meet.example.org/wg", number=7)
    text = meeting_dm(meeting, group="IGF MAG", agenda_channel_id=None)
    assert text.startswith(f"⏰ **WG \\*draft\\* #7** (IGF MAG) starts <t:{int(start.timestamp())}:R>")
    assert "🔗 Join: <https://meet.example.org/wg>" in text and "/profile reminders" in text
    shown = prefs_text(ReminderPrefs(Delivery.DM), default_delivery=Delivery.CHANNEL,
                       meeting_offsets=(24 * H, H), poll_offset=24 * H, action_offset=24 * H, dm_closed=True)
    assert "How: by direct message." in shown and "1 day, 1 h before meetings" in shown
    assert "closed to convener" in shown
    off = prefs_text(ReminderPrefs(Delivery.OFF), default_delivery=Delivery.CHANNEL, meeting_offsets=(),
                     poll_offset=H, action_offset=H)
    assert "You will not be reminded" in off


@pytest.mark.parametrize(("language", "how", "when", "title"), [
    ("fr", "par message privé", "1 jour, 1 h", "Vos rappels"),
    ("ar", "برسالة مباشرة", "يوم واحد", "تذكيراتك"),
])
def test_reminder_preferences_read_in_the_members_language(language: str, how: str, when: str,
                                                            title: str) -> None:
    with using(language):
        shown = prefs_text(ReminderPrefs(Delivery.DM, offsets=(24 * H, H)), default_delivery=Delivery.CHANNEL,
                           meeting_offsets=(24 * H,), poll_offset=H, action_offset=H, dm_closed=False)
        two_days = span_text(timedelta(days=2))
        chunks = mention_chunks("⏰", list(range(10**17, 10**17 + 100)))
    assert title in shown and how in shown and when in shown
    assert "direct message" not in shown and "day" not in shown and "(continued)" not in chunks[1][0]
    assert two_days == {"fr": "2 jours", "ar": "يومان"}[language]
