"""Hypothesis strategies for what members type into command options: near-misses of the accepted forms,
Markdown and mention injection, control characters, other scripts and 10 kB strings.
"""

from __future__ import annotations

from hypothesis import strategies as st

from bot.errors import UserError

# Pieces of valid input, of input that looks valid, and of hostile input; glued together at random.
FRAGMENTS = (
    "2026-12-03", "2027-02-29", "2028-02-29", "2026-13-45", "2026-00-10", "0000-01-01", "9999-12-31", "2026/12/03",
    "Dec 4", "4 Dec", "December 32", "Feb 30", "31 Apr", "Sept 9", "15:00", "3pm", "12am", "25:61", "24:00",
    "9", "9am", "17:30-18:30", "18:00-17:00", "-", "–", "—", "to", "tomorrow", "today", "fri", "Monday",
    "next week", "in 2h", "in 3 days", "in 0m", "in 99999d", "90m", "1h30", "1.5h", "1,5h", "1:30", "2d", "1w",
    "0", "-5", "99999999999999999999", "1e309", "NaN", "UTC", "Z", "+02:00", "-14:00", "+99:99", "GMT+2", "CET",
    "EST", "Europe/Zurich", "europe/geneva", "Mars/Olympus", "Asia/Kolkata", "../../etc/passwd", "America/New York",
    "weekly", "daily", "weekdays", "every 2 weeks", "every 0 weeks", "monthly on last friday",
    "monthly on fifth monday", "for 10 meetings", "for 0 meetings", "RRULE:FREQ=WEEKLY;BYDAY=TU",
    "FREQ=DAILY;COUNT=0", "FREQ=MONTHLY;BYSETPOS=-9", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "UNTIL=99991231",
    "BYDAY=1TU", "INTERVAL=367", "<t:1700000000:F>", "<t:99999999999999999999:F>", "<t:-1:R>", "@everyone",
    "@here", "<@&123456789012345678>", "<@123>", "<@!1>", "<#1>", "**bold**", "`code`", "```", "||spoiler||",
    "[link](https://evil.example)", "https://meet.example.org/abc", "http://x", "javascript:alert(1)", "\x00",
    "\x1b[31m", "\u202e", "\u200b", "\ufeff", "\r\n", "\t", "🙂", "👩‍👩‍👧", "Jevtović", "陶小峰", "Գալստյան",
    "Ω", ",", ";", "\n", "a)", "b.", "1 -", "2 -", "10 -", "2b", ".1", "2.1", "AOB", "Next steps", "# Heading",
    "csv", "markdown", "MD", "present", "late", "apologies", "observer", "chair", "guest", "St.Amour, Lynn",
)
SEPARATORS = (" ", ", ", "; ", "\n", "", "  ", " - ", "\r\n")


@st.composite
def _glued(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=10))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps, strict=True))


def big() -> st.SearchStrategy[str]:
    """Strings of about 10 kB (a short piece repeated): what a paste gone wrong looks like."""
    return st.builds(lambda piece, times: (piece * times)[:10_240],
                     st.one_of(st.sampled_from(FRAGMENTS), st.text(min_size=1, max_size=12)),
                     st.integers(min_value=200, max_value=10_240))


def typed() -> st.SearchStrategy[str]:
    """Anything a member might type in a text option."""
    return st.one_of(_glued(), _glued(), st.text(max_size=80),
                     st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=40), big())


def short(limit: int) -> st.SearchStrategy[str]:
    """Typed text that Discord lets through an option limited to ``limit`` characters."""
    return typed().map(lambda text: text[:limit])


def assert_clear(error: UserError) -> None:
    """A rejection a member can act on: a short, non-empty message that fits in one Discord message."""
    assert isinstance(error.message, str) and error.message.strip(), error
    assert len(error.message) <= 2000, f"{len(error.message)} characters: {error.message[:200]}…"

