"""What the date language says back: full sentences with named placeholders, one place for the message catalog.

``{text}`` is always the member's own words, quoted (see ``quote``); ``{when}`` a Discord timestamp or a written
day. Every sentence stands alone so that a translation never has to glue fragments together.
"""

from __future__ import annotations

from bot.errors import InvalidInput
from bot.i18n import N_, _

MAX_QUOTED = 80  # characters of a typed phrase quoted back

# Shown in the reader's language: each translation lists phrases that read in that language (a unit test reads
# every one of them), and English ones are accepted too.
EXAMPLES = N_("`2026-12-18 15:00`, `18 March 15:00`, `Mar 18 3pm`, `tomorrow 15:00`, `next tuesday 10:00`, "
              "`in 2 weeks`, `in 90 minutes`, `15:00 America/New_York`, `15:00 UTC+2` or a Discord timestamp "
              "`<t:1796137200:F>`")
DAY_EXAMPLES = N_("`2026-12-04`, `4 Dec`, `December 4 2026`, `tomorrow`, `friday`, `in 2 weeks`")

MESSAGES = {
    "empty": N_("The date is empty. Write it like one of these: {examples}."),
    "too_long": N_("{text} is too long to be a date. Write it like one of these: {examples}."),
    "unknown": N_("{text} is not a date and time I understand. Write it like one of these: {examples}."),
    "unknown_short": N_("{text} is not a date and time I understand."),
    "unknown_day": N_("{text} is not a date I understand. Write it like one of these: {day_examples}."),
    "no_time": N_("{text} has no time of day; add one, e.g. `tomorrow 15:00` or `18 March 3pm`."),
    "ambiguous": N_("{text} has an ambiguous date ({first} or {second}?); write `YYYY-MM-DD` or a month name."),
    "short_year": N_("{text} would be read as the year {year}; write the year in full, or check the day."),
    "weekday_mismatch": N_("{text} says {typed} but {day} is a {weekday}."),
    "abbreviation": N_("{text} has a time-zone abbreviation, which can mean several zones; write a zone such as "
                     "`America/New_York` or an offset such as `UTC+2` after the time."),
    "bad_offset": N_("{text} has a UTC offset that does not exist; offsets go from UTC-12 to UTC+14."),
    "bad_zone": N_("{text} is not a time zone; use an IANA name such as `Europe/Zurich` or `America/New_York` "
                 "(start typing a city to get suggestions)."),
    "examples": N_("Dates can be written like these: {examples}."),
    "bad_timestamp": N_("{text} is not a Discord timestamp I can read; copy one such as `<t:1796137200:F>`."),
    "bad_span": N_("{text} is not a length of time I understand; write e.g. `in 90 minutes`, `in 2 weeks` or "
                   "`in 1h30`."),
    "skipped_hour": N_("{text} does not exist in {zone}: the clocks skip that hour on {day} (daylight saving "
                     "starts); pick another time."),
    "too_early": N_("{text} is before 1970; pick a later date."),
    "too_far": N_("{text} is more than {years} years ahead; pick an earlier date."),
    "past": N_("{text} is {when}, which is in the past; pick a time in the future."),
    "past_day": N_("{text} is {when}, which is in the past (today is {today})."),
    "year_passed": N_("{text} has no year, and {when} has passed; write the year if you mean a later one, "
                    "e.g. `{example}`."),
    "range_end_before_start": N_("{text} ends before it starts; for a slot past midnight write the end date too, "
                                 "e.g. `2026-12-03 23:00 - 2026-12-04 00:30`."),
}

NOTES = {
    "next_year": N_("{text} has no year: read as {when}, the next one."),
    "nearest_year": N_("{text} has no year: read as {when}, the nearest one."),
    "tomorrow": N_("{text} has already passed today: read as tomorrow, {when}."),
    "repeated_hour": N_("{text} happens twice in {zone} (the clocks go back); the first one ({abbreviation}) was "
                      "used. Add an offset such as `UTC+1` to pick the other."),
}


def quote(text: str) -> str:
    """A typed phrase, shortened and with backticks neutralised, ready to sit in a message."""
    line = " ".join(text.split())
    if len(line) > MAX_QUOTED:
        line = line[: MAX_QUOTED - 1] + "…"
    return "`" + (line.replace("`", "'") or " ") + "`"


class DateProblem(InvalidInput):
    """A date a member typed could not be used; ``key`` names the sentence (for catalogs and tests)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(message(key, **params))
        self.key = key


def message(key: str, **params: object) -> str:
    """The sentence ``key`` in the current language, placeholders filled (the examples included)."""
    return _(MESSAGES[key], examples=_(EXAMPLES), day_examples=_(DAY_EXAMPLES), **params)


def note(key: str, **params: object) -> str:
    return _(NOTES[key], **params)
