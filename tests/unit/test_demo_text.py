"""The demo's transcript text: Discord markup spelled out for a terminal, and the demo's own inputs."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.sandbox.demo_script import (
    SEED_000_ANNEX_I,
    START,
    at,
    last_of_next_month,
    later_tuesdays,
    poll_slots,
    seed_agenda,
)
from bot.sandbox.demo_text import (
    Names,
    components_text,
    message_lines,
    option_text,
    plain,
    posted_at,
    readable,
    relative_text,
    stamp_text,
    timestamp_text,
    wrap,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
DEC1 = int(datetime(2026, 12, 1, 15, 0, tzinfo=UTC).timestamp())
NAMES = Names(users={11: "Данко Јевтовић"}, roles={22: "Member"}, channels={33: "general"})


def test_timestamps_in_every_style() -> None:
    assert readable(f"<t:{DEC1}:F>", NAMES, NOW) == "Tuesday, 1 December 2026 15:00 UTC"
    assert readable(f"<t:{DEC1}>", NAMES, NOW) == "1 December 2026 15:00 UTC"
    assert readable(f"<t:{DEC1}:t> <t:{DEC1}:T>", NAMES, NOW) == "15:00 UTC 15:00:00 UTC"
    assert readable(f"<t:{DEC1}:d> <t:{DEC1}:D>", NAMES, NOW) == "2026-12-01 1 December 2026"
    assert readable(f"(<t:{DEC1}:R>)", NAMES, NOW) == "(in 8 days)"


def test_relative_wording() -> None:
    assert relative_text(timedelta(0)) == "now"
    assert relative_text(timedelta(seconds=-20)) == "a few seconds ago"
    assert relative_text(timedelta(minutes=-3)) == "3 minutes ago"
    assert relative_text(timedelta(hours=1)) == "in 1 hour"
    assert relative_text(timedelta(days=-400)) == "1 year ago"


def test_mentions_and_jump_links_by_name() -> None:
    text = "<@11> and <@!11> ping <@&22> in <#33>: https://discord.com/channels/1/33/44 <@99>"
    assert readable(text, NAMES, NOW) == ("@Данко Јевтовић and @Данко Јевтовић ping @Member in #general: "
                                          "(link to #general) @someone")


def test_message_condensed_with_embeds_files_and_buttons() -> None:
    embed = {"title": "📊 Results", "description": "\n".join(f"line {i}" for i in range(12)),
             "fields": [{"name": "Best", "value": f"<t:{DEC1}:F>\nmore"}]}
    rows = [{"type": 1, "components": [{"type": 2, "label": "Vote"}, {"type": 2, "label": "Results",
                                                                        "disabled": True}]},
            {"type": 1, "components": [{"type": 3, "placeholder": "Pick an entry"}]}]
    lines = message_lines("Hello <@11>", [embed], [("heatmap.png", 20_300)], rows, NAMES, NOW, limit=3)
    assert lines == ["Hello @Данко Јевтовић", "▌ 📊 Results", "▌ line 0", "▌ line 1", "▌ line 2",
                     "▌ … (9 more lines)", "▌ Best: Tuesday, 1 December 2026 15:00 UTC …",
                     "📎 heatmap.png (19.8 KB)", "[Vote] [Results] (disabled)", "⟨Pick an entry⟩"]
    assert components_text([]) == []


def test_wrapping_keeps_every_word_under_the_width() -> None:
    text = "Discussion on engaging MAG, IGF community, Intersessional activities, and NRIs " * 3
    lines = wrap([text, ""], "↳ ", "  ", 40)
    assert all(len(line) <= 40 for line in lines)
    assert lines[0].startswith("↳ ") and all(line.startswith("  ") for line in lines[1:])
    assert " ".join(line[2:] for line in lines).split() == text.split()


def test_console_text_drops_bold_and_markdown_escapes() -> None:
    assert plain(r"**WG-MWP** multi\-year \*\*not bold\*\* a\_b") == "WG-MWP multi-year **not bold** a_b"


def test_options_shown_like_the_command_bar() -> None:
    assert option_text({"title": "WG-MWP", "consent": True}) == 'title:"WG-MWP" consent:True'
    assert option_text({"text": "x" * 100}).endswith('…"') and len(option_text({"text": "x" * 100})) < 80


@given(st.integers(min_value=0, max_value=4_102_444_800), st.sampled_from([None, *"tTdDfFR"]),
       st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30))
def test_no_markup_survives_and_dates_keep_their_year(unix: int, style: str | None, around: str) -> None:
    markup = f"<t:{unix}:{style}>" if style else f"<t:{unix}>"
    text = readable(f"{around}{markup}{around}", NAMES, NOW)
    assert markup not in text
    shown = timestamp_text(unix, style, NOW)
    year = str(datetime.fromtimestamp(unix, UTC).year)
    assert (year in shown) == (style not in ("t", "T", "R"))


@given(st.text(max_size=200))
def test_readable_is_idempotent(text: str) -> None:
    once = readable(text, NAMES, NOW)
    assert readable(once, NAMES, NOW) == once


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(UTC)))
def test_poll_slots_are_next_tuesday_and_two_more_tuesdays_in_new_york(now: datetime) -> None:
    slots = [datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo("America/New_York"))
             for s in poll_slots(now).split(", ")]
    assert [s.strftime("%a %H:%M") for s in slots] == ["Tue 08:00", "Tue 10:00", "Tue 10:00", "Tue 10:00"]
    assert [(s.date() - slots[0].date()).days for s in slots] == [0, 0, 14, 28]
    assert slots[0] - now >= timedelta(days=6) and slots[0] - now <= timedelta(days=15)
    assert later_tuesdays(now) == [f"{s:%a %d %b}" for s in slots[2:]]


@given(st.dates())
def test_last_of_next_month(day: date) -> None:
    last = last_of_next_month(day)
    assert (last + timedelta(days=1)).day == 1
    assert (last.year * 12 + last.month) - (day.year * 12 + day.month) == 1


def test_the_seed_agenda_matches_the_copy_shipped_with_the_demo() -> None:
    def words(text: str) -> list[str]:
        return re.sub(r"\s+", " ", text).strip().split(" ")

    assert words(seed_agenda()) == words(SEED_000_ANNEX_I)
    assert [line[:3] for line in SEED_000_ANNEX_I.splitlines() if line[0].isdigit()] == [
        "1 -", "2 -", "3 -", "4 -", "5 -"]


def test_each_step_is_stamped_with_its_simulated_day_and_time() -> None:
    assert stamp_text(datetime(2027, 2, 9, 15, 0, tzinfo=UTC)) == "Tue 09 Feb 15:00"
    assert stamp_text(datetime(2027, 2, 9, 10, 0, tzinfo=ZoneInfo("America/New_York"))) == "Tue 09 Feb 15:00"
    # A message's time is the one in its id (Discord's epoch is 2015-01-01).
    ms = int((datetime(2027, 2, 9, 15, 0, tzinfo=UTC).timestamp() - 1_420_070_400) * 1000)
    assert posted_at((ms << 22) | 12345) == datetime(2027, 2, 9, 15, 0, tzinfo=UTC)


def test_the_story_starts_on_a_fixed_monday_morning_in_new_york() -> None:
    local = START.astimezone(ZoneInfo("America/New_York"))
    assert (local.strftime("%A %H:%M"), START.year) == ("Monday 09:00", 2027)
    assert at(8, 15) == datetime(2027, 2, 9, 15, 0, tzinfo=UTC)  # the meeting: Tuesday of the next week
    first = datetime.strptime(poll_slots(START).split(", ")[1], "%Y-%m-%d %H:%M")
    assert first.replace(tzinfo=ZoneInfo("America/New_York")) == at(8, 15)  # the slot the members choose
