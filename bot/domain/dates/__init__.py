"""The one date language: every date or time a member types, in every command, goes through here.

Accepted (read in the member's zone unless the phrase names its own): ISO and written dates (``2026-12-18 15:00``,
``18 March 15:00``, ``Mar 18 3pm``), relative ones (``tomorrow 15:00``, ``next tuesday 10:00``, ``in 2 weeks``,
``in 90 minutes``, ``3 days ago``), a zone or UTC offset after the time (``15:00 America/New_York``,
``15:00 UTC+2``) and Discord timestamps (``<t:1796137200:F>``). Written dates come from dateparser, so the
``languages`` parameter (default English) opens the same phrases in French, Spanish, Russian, Chinese, Arabic…;
``idioms`` respells the everyday ones it lacks (``mardi prochain 15h``, ``明天下午3点``, ``بعد 3 أيام``).

- ``read_moment``: an instant (poll slots, deadlines, meeting starts, reminders);
- ``read_day``: a calendar day (action due dates, report periods);
- ``read_slots``: a poll's list of slots (ranges, bare times reusing the previous date);
- ``read_repeat``: a repeat phrase (``every 2 weeks``, ``quarterly``, ``first monday of the month``) as an RRULE;
- ``parse_span``, ``parse_length``, ``parse_minutes``: lengths of time; ``read_zone``: a zone name.

Pure: ``now`` is always passed in, results are aware (UTC) or calendar days. The rules for what a phrase
leaves out (the year, the day, the time) are in ``reading``.
"""

from __future__ import annotations

from bot.domain.dates.grammar import read_zone
from bot.domain.dates.messages import EXAMPLES, DateProblem, quote
from bot.domain.dates.reading import (
    DEFAULT_LANGUAGES,
    MAX_YEARS_AHEAD,
    DayReading,
    Reading,
    read_day,
    read_moment,
    stamp,
    stamp_day,
    written,
)
from bot.domain.dates.repeat import ACCEPTED_FORMS, read_repeat
from bot.domain.dates.slots import ParsedSlots, SlotRules, SlotSpec, read_slots, split_entries
from bot.domain.dates.spans import parse_length, parse_minutes, parse_span

__all__ = [
    "ACCEPTED_FORMS",
    "DEFAULT_LANGUAGES",
    "EXAMPLES",
    "MAX_YEARS_AHEAD",
    "DateProblem",
    "DayReading",
    "ParsedSlots",
    "Reading",
    "SlotRules",
    "SlotSpec",
    "parse_length",
    "parse_minutes",
    "parse_span",
    "quote",
    "read_day",
    "read_moment",
    "read_repeat",
    "read_slots",
    "read_zone",
    "split_entries",
    "stamp",
    "stamp_day",
    "written",
]
