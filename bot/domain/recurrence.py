"""Recurring series: RFC 5545 RRULE bodies checked, expanded in the series' own zone, and described.

What members type (``every 2 weeks``, ``quarterly``) is read by the date language (``bot.domain.dates``), which
builds the parts this module checks.

A rule is stored as its RRULE body (``FREQ=WEEKLY;INTERVAL=2``) next to the first occurrence's local
wall-clock time and IANA zone. Expanding with a zone-aware ``dtstart`` keeps the wall-clock time, so a
15:00 Europe/Zurich meeting stays at 15:00 local time on both sides of a DST change (13:00 or 14:00 UTC).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import get_day_names
from dateutil.rrule import rrule, rrulestr

from bot.errors import InvalidInput
from bot.i18n import N_, _, _n, _p
from bot.i18n.formatting import babel_locale

ALLOWED_FREQ = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# BYHOUR/BYMINUTE/BYSECOND are left out on purpose: a meeting series keeps one time of day. BYWEEKNO and
# BYYEARDAY too: meetings do not need them, and fewer parts keep the feasibility checks complete (dateutil
# searches until the year 9999 for a rule that can never match, which takes seconds).
ALLOWED_PARTS = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST")
MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February can have 29
# the most candidates one period can hold, bounding BYSETPOS and BYDAY ordinals
PERIOD_SIZE = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}
MAX_INTERVAL = 366
MAX_COUNT = 1000

WEEKDAY_NAMES = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
                 "SA": "Saturday", "SU": "Sunday"}
# Whole phrases, because ordinals agree with the weekday in several languages (в первую среду, в первый вторник).
NUMBERED_WEEKDAYS = {
    (1, "MO"): N_("the first Monday"), (1, "TU"): N_("the first Tuesday"), (1, "WE"): N_("the first Wednesday"),
    (1, "TH"): N_("the first Thursday"), (1, "FR"): N_("the first Friday"), (1, "SA"): N_("the first Saturday"),
    (1, "SU"): N_("the first Sunday"),
    (2, "MO"): N_("the second Monday"), (2, "TU"): N_("the second Tuesday"), (2, "WE"): N_("the second Wednesday"),
    (2, "TH"): N_("the second Thursday"), (2, "FR"): N_("the second Friday"), (2, "SA"): N_("the second Saturday"),
    (2, "SU"): N_("the second Sunday"),
    (3, "MO"): N_("the third Monday"), (3, "TU"): N_("the third Tuesday"), (3, "WE"): N_("the third Wednesday"),
    (3, "TH"): N_("the third Thursday"), (3, "FR"): N_("the third Friday"), (3, "SA"): N_("the third Saturday"),
    (3, "SU"): N_("the third Sunday"),
    (4, "MO"): N_("the fourth Monday"), (4, "TU"): N_("the fourth Tuesday"), (4, "WE"): N_("the fourth Wednesday"),
    (4, "TH"): N_("the fourth Thursday"), (4, "FR"): N_("the fourth Friday"), (4, "SA"): N_("the fourth Saturday"),
    (4, "SU"): N_("the fourth Sunday"),
    (-1, "MO"): N_("the last Monday"), (-1, "TU"): N_("the last Tuesday"), (-1, "WE"): N_("the last Wednesday"),
    (-1, "TH"): N_("the last Thursday"), (-1, "FR"): N_("the last Friday"), (-1, "SA"): N_("the last Saturday"),
    (-1, "SU"): N_("the last Sunday"),
}
# "on the 15th": one message per English suffix, translated alike (the day itself is a number)
_MONTH_DAY = {"st": N_("{frequency} on the {day}st"), "nd": N_("{frequency} on the {day}nd"),
              "rd": N_("{frequency} on the {day}rd"), "th": N_("{frequency} on the {day}th")}


class RuleProblem(InvalidInput):
    """Why an RRULE cannot be used (the date language wraps it into its message with the accepted forms)."""


def _split_parts(body: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for item in body.split(";"):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        key, value = key.strip().upper(), value.strip().upper()
        if not sep or not value:
            raise RuleProblem(_("{part} is not KEY=VALUE", part=f"`{item[:30]}`"))
        if key not in ALLOWED_PARTS:
            raise RuleProblem(_("{part} is not supported; allowed: {allowed}", part=f"`{key[:20]}`",
                                 allowed=", ".join(ALLOWED_PARTS)))
        if key in parts:
            raise RuleProblem(_("{part} is given twice", part=f"`{key}`"))
        parts[key] = value
    if parts.get("FREQ") not in ALLOWED_FREQ:
        raise RuleProblem(_("FREQ must be one of {allowed}", allowed=", ".join(ALLOWED_FREQ)))
    if "COUNT" in parts and "UNTIL" in parts:
        raise RuleProblem(_("give COUNT or UNTIL, not both"))
    for key, top in (("INTERVAL", MAX_INTERVAL), ("COUNT", MAX_COUNT)):
        if key in parts and (not parts[key].isdecimal() or not 1 <= int(parts[key]) <= top):
            raise RuleProblem(_("{part} must be a whole number between 1 and {top}", part=key, top=top))
    check_feasible(parts)
    return parts


def _numbers(parts: dict[str, str], key: str) -> list[int]:
    try:
        return [int(v) for v in parts[key].split(",")] if key in parts else []
    except ValueError as exc:
        raise RuleProblem(_("{part} takes whole numbers", part=key)) from exc


def check_feasible(parts: dict[str, str]) -> None:
    """Refuse rules that can never produce a meeting, before dateutil searches the calendar for one."""
    freq = parts["FREQ"]
    months = _numbers(parts, "BYMONTH")
    days = _numbers(parts, "BYMONTHDAY")
    if any(not 1 <= m <= 12 for m in months) or any(d == 0 or abs(d) > 31 for d in days):
        raise RuleProblem(_("BYMONTH takes 1–12 and BYMONTHDAY ±1–31"))
    if days and not any(abs(d) <= MONTH_DAYS[m - 1] for m in months or range(1, 13) for d in days):
        raise RuleProblem(_("no month has such a day"))
    plain = numbered = 0
    for day in parts["BYDAY"].split(",") if "BYDAY" in parts else []:
        match = re.fullmatch(r"([+-]?\d{1,2})?([A-Z]{2})", day)
        if not match or match.group(2) not in WEEKDAY_NAMES:
            raise RuleProblem(_("BYDAY {value} is not a weekday such as TU or 1TU", value=f"`{day[:10]}`"))
        if match.group(1) is None:
            plain += 1
            continue
        numbered += 1
        limit = 5 if freq == "MONTHLY" or months else 53 if freq == "YEARLY" else 0
        if not limit or days:
            raise RuleProblem(_("numbered weekdays such as 1TU need FREQ=MONTHLY or YEARLY, without BYMONTHDAY"))
        if not 1 <= abs(int(match.group(1))) <= limit:
            raise RuleProblem(_("{value}: numbered weekdays go up to ±{limit} here", value=f"`{day}`", limit=limit))
    # How many candidates one period can offer: BYSETPOS cannot pick beyond that.
    spans = len(months) if freq == "YEARLY" and months else 1
    if days:
        offered = len(days) * spans if freq in ("MONTHLY", "YEARLY") else PERIOD_SIZE[freq]
    elif plain or numbered:
        per_weekday = {"DAILY": 1, "WEEKLY": 1, "MONTHLY": 5, "YEARLY": 5 * spans if months else 53}[freq]
        offered = plain * per_weekday + numbered * spans
    else:
        offered = spans
    top = min(offered, PERIOD_SIZE[freq])
    if any(p == 0 or abs(p) > top for p in _numbers(parts, "BYSETPOS")):
        raise RuleProblem(_("BYSETPOS must be ±1–{top} for this rule", top=top))


def _until_utc(value: str, zone: ZoneInfo) -> str:
    """UNTIL as UTC (RFC 5545 requires it when DTSTART has a zone); a bare date means the end of that day."""
    try:
        if re.fullmatch(r"\d{8}T\d{6}Z", value):
            moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        elif re.fullmatch(r"\d{8}T\d{6}", value):
            moment = datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=zone)
        elif re.fullmatch(r"\d{8}|\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            moment = datetime.combine(day, time(23, 59, 59), tzinfo=zone)
        else:
            raise ValueError(value)
    except (ValueError, OverflowError) as exc:
        raise RuleProblem(_("UNTIL {value} is not a date such as 20270630 or 2027-06-30",
                            value=f"`{value[:30]}`")) from exc
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_parts(body: str, zone: ZoneInfo) -> dict[str, str]:
    """An iCalendar rule body (``FREQ=WEEKLY;BYDAY=TU``), checked part by part; UNTIL becomes UTC."""
    parts = _split_parts(body)
    if "UNTIL" in parts:
        parts["UNTIL"] = _until_utc(parts["UNTIL"], zone)
    return parts


def serialise(parts: dict[str, str]) -> str:
    return ";".join(f"{key}={parts[key]}" for key in ALLOWED_PARTS if key in parts)


def check_expands(body: str, zone: ZoneInfo) -> None:
    """dateutil itself accepts the rule (a last safety net behind the checks above)."""
    try:
        rrulestr(f"RRULE:{body}", dtstart=datetime(2026, 1, 1, 12, tzinfo=zone))
    except (ValueError, TypeError, KeyError) as exc:
        raise RuleProblem(str(exc)[:80]) from exc


def rule_for(body: str, dtstart: datetime) -> rrule:
    """The dateutil rule for a stored body, anchored at an aware local ``dtstart``."""
    if dtstart.tzinfo is None:
        raise ValueError("dtstart must carry the series' zone")
    rule = rrulestr(f"RRULE:{body}", dtstart=dtstart)
    assert isinstance(rule, rrule)
    return rule


def local_start(dtstart_local: datetime, zone: str) -> datetime:
    """A naive local wall-clock time in ``zone`` -> aware local datetime."""
    return dtstart_local.replace(tzinfo=ZoneInfo(zone))


def expand(body: str, dtstart_local: datetime, zone: str, *, after: datetime | None = None, limit: int = 10,
           inclusive: bool = False) -> list[datetime]:
    """Up to ``limit`` occurrences (aware UTC) of the series, those after ``after`` when given."""
    start = local_start(dtstart_local, zone)
    rule = rule_for(body, start)
    if after is None:
        after, inclusive = start, True
    local_after = after.astimezone(ZoneInfo(zone))
    return [o.astimezone(UTC) for o in rule.xafter(local_after, count=limit, inc=inclusive)]


def _check_reachable(body: str, local: datetime) -> None:
    """Intervals that step over every allowed weekday or month never match (and dateutil would search on to the
    year 9999 to find out): refuse them for this start."""
    parts = dict(p.split("=", 1) for p in body.split(";"))
    interval = int(parts.get("INTERVAL", "1"))
    if parts["FREQ"] == "DAILY" and interval % 7 == 0 and "BYDAY" in parts:
        weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[local.weekday()]
        if weekday not in parts["BYDAY"].split(","):
            raise InvalidInput(_("Every {interval} days from a {weekday} never lands on {days}; change the start "
                                 "or the rule.", interval=interval, weekday=_weekday_name(weekday),
                                 days=parts["BYDAY"]))
    if parts["FREQ"] == "MONTHLY" and "BYMONTH" in parts:
        reachable = {(local.month - 1 + k * interval) % 12 + 1 for k in range(12)}
        if not reachable & {int(m) for m in parts["BYMONTH"].split(",")}:
            raise InvalidInput(_("Every {interval} months from this start never reaches the months in BYMONTH; "
                                 "change the start or the rule.", interval=interval))


def first_occurrence(body: str, start: datetime, zone: str) -> datetime:
    """The first occurrence at or after ``start`` (aware); InvalidInput if the rule yields none."""
    local = start.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    _check_reachable(body, local)
    found = expand(body, local, zone, limit=1)
    if not found:
        raise InvalidInput(_("That repeat rule has no meeting at or after the start time (check UNTIL/COUNT)."))
    return found[0]


def describe(body: str, zone: str = "UTC") -> str:
    """Human wording for a stored rule in the current language, e.g. 'every 2 weeks' or 'every month on the first
    Tuesday'; the last day of an UNTIL is the series' own (in ``zone``), as it was typed. Nothing for a series
    without a rule (meetings added one by one)."""
    if not body:
        return ""
    parts = dict(p.split("=", 1) for p in body.split(";") if "=" in p)
    known = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL"}
    if set(parts) - known or not _describable_month_day(parts):
        return f"RRULE:{body}"
    text = _every(parts["FREQ"], int(parts.get("INTERVAL", "1")))
    byday = parts.get("BYDAY")
    if byday == "MO,TU,WE,TH,FR" and parts["FREQ"] == "DAILY":
        text = _("every weekday")
    elif byday:
        days = byday.split(",")
        match = re.fullmatch(r"([+-]?\d)([A-Z]{2})", days[0]) if len(days) == 1 else None
        if match and (int(match.group(1)), match.group(2)) in NUMBERED_WEEKDAYS:
            text = _("{frequency} on {day}", frequency=text,
                     day=_(NUMBERED_WEEKDAYS[int(match.group(1)), match.group(2)]))
        elif all(d in WEEKDAY_NAMES for d in days):
            names = _p("list separator", ", ").join(_weekday_name(d) for d in days)
            text = _("{frequency} on {weekdays}", frequency=text, weekdays=names)
        else:
            return f"RRULE:{body}"
    if "BYMONTHDAY" in parts:
        day = int(parts["BYMONTHDAY"])
        text = (_("{frequency} on the last day", frequency=text) if day == -1
                else _(_MONTH_DAY[_suffix(day)], frequency=text, day=day))
    if "COUNT" in parts:
        text = _n("{rule}, {count} time", "{rule}, {count} times", int(parts["COUNT"]), rule=text)
    if "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).astimezone(ZoneInfo(zone))
        text = _("{rule}, until {day}", rule=text, day=f"{until:%Y-%m-%d}")
    return text


def _every(freq: str, interval: int) -> str:
    """The frequency alone; one interval reads "every week", not "every 1 week" (nor a plural form of it)."""
    if freq == "DAILY":
        return _("every day") if interval == 1 else _n("every {count} day", "every {count} days", interval)
    if freq == "WEEKLY":
        return _("every week") if interval == 1 else _n("every {count} week", "every {count} weeks", interval)
    if freq == "MONTHLY":
        return _("every month") if interval == 1 else _n("every {count} month", "every {count} months", interval)
    return _("every year") if interval == 1 else _n("every {count} year", "every {count} years", interval)


def _weekday_name(code: str) -> str:
    """A weekday's name in the current language (CLDR's, as the reader's calendar writes it)."""
    index = ("MO", "TU", "WE", "TH", "FR", "SA", "SU").index(code)
    return get_day_names("wide", "format", locale=babel_locale())[index]


def _describable_month_day(parts: dict[str, str]) -> bool:
    value = parts.get("BYMONTHDAY")
    return value is None or (parts["FREQ"] == "MONTHLY" and "BYDAY" not in parts
                             and re.fullmatch(r"-1|[1-9]|[12]\d|3[01]", value) is not None)


def _suffix(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def local_wall_clock(moment: datetime, zone: str) -> datetime:
    """Aware instant -> naive wall-clock time in ``zone`` (how a series' dtstart is stored)."""
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def iter_after(body: str, dtstart_local: datetime, zone: str, after: datetime | None) -> Iterator[datetime]:
    """Occurrences (aware UTC) strictly after ``after``, or all of them from dtstart when it is None."""
    start = local_start(dtstart_local, zone)
    rule = rule_for(body, start)
    source = iter(rule) if after is None else rule.xafter(after.astimezone(ZoneInfo(zone)), count=None, inc=False)
    for occurrence in source:
        yield occurrence.astimezone(UTC)
