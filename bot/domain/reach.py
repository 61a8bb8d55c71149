"""Personal reminders: how each member wants to be reminded, and who gets which reminder how (pure).

A member chooses a delivery (a direct message, a mention in the channel, or nothing) and how long before
(up to three offsets, e.g. 24 h and 1 h). Unset choices follow the server: the configured delivery and the
server's reminder offsets for that kind of reminder (meetings, poll deadlines, action due dates).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.dates import parse_span
from bot.errors import InvalidInput
from bot.i18n import _

MAX_OFFSETS = 3
MIN_OFFSET = timedelta(minutes=5)
MAX_OFFSET = timedelta(days=14)


class Delivery(StrEnum):
    DM = "dm"
    CHANNEL = "channel"
    OFF = "off"


@dataclass(frozen=True)
class ReminderPrefs:
    """A member's own choices; ``None`` means "as the server does"."""

    delivery: Delivery | None = None
    offsets: tuple[timedelta, ...] | None = None

    def delivery_or(self, default: Delivery) -> Delivery:
        return self.delivery or default

    def offsets_or(self, default: Sequence[timedelta]) -> tuple[timedelta, ...]:
        return self.offsets if self.offsets is not None else tuple(default)


@dataclass(frozen=True)
class Recipients:
    """Who is reminded by direct message and who by a mention in the channel."""

    dm: tuple[int, ...] = ()
    channel: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.dm or self.channel)

    @property
    def everyone(self) -> tuple[int, ...]:
        return tuple(sorted({*self.dm, *self.channel}))


def parse_offsets(text: str) -> tuple[timedelta, ...]:
    """``"24h, 1h"`` → (24 h, 1 h): at most three, each between 5 minutes and 14 days, largest first."""
    parts = [p for p in text.replace(";", ",").replace(" and ", ",").split(",") if p.strip()]
    if not parts:
        raise InvalidInput(_("Say how long before, e.g. `1h` or `24h, 1h`."))
    if len(parts) > MAX_OFFSETS:
        raise InvalidInput(_("At most {limit} reminders per meeting, poll or action; you gave {given}.",
                             limit=MAX_OFFSETS, given=len(parts)))
    offsets = {parse_span(part) for part in parts}
    if any(not MIN_OFFSET <= o <= MAX_OFFSET for o in offsets):
        raise InvalidInput(_("Each reminder must come between 5 minutes and 14 days before."))
    # Whole minutes: reminder rows of one object are told apart by their offset.
    return tuple(sorted({timedelta(minutes=int(o.total_seconds() // 60)) for o in offsets}, reverse=True))


def offsets_to_plan(defaults: Iterable[timedelta], chosen: Iterable[Sequence[timedelta]]) -> list[timedelta]:
    """Every offset some member of the server needs for one object: the server's plus members' own."""
    wanted = set(defaults)
    for offsets in chosen:
        wanted |= set(offsets)
    return sorted(wanted, reverse=True)


def route(candidates: Iterable[int], prefs: Mapping[int, ReminderPrefs], *, default_delivery: Delivery,
          offset: timedelta | None = None, default_offsets: Sequence[timedelta] = ()) -> Recipients:
    """Split ``candidates`` by how each wants this reminder. ``offset``: the reminder comes that long before
    the event, and only members whose offsets include it get it; ``None`` (a chair's chase) reaches all."""
    dm: list[int] = []
    channel: list[int] = []
    for user_id in sorted(set(candidates)):
        pref = prefs.get(user_id, ReminderPrefs())
        delivery = pref.delivery_or(default_delivery)
        if delivery is Delivery.OFF:
            continue
        if offset is not None and offset not in pref.offsets_or(default_offsets):
            continue
        (dm if delivery is Delivery.DM else channel).append(user_id)
    return Recipients(tuple(dm), tuple(channel))


def offset_key(offset: timedelta) -> str:
    """How a reminder row records which offset it serves (whole seconds)."""
    return str(int(offset.total_seconds()))


def offset_of(key: str) -> timedelta | None:
    """The offset a reminder row serves; ``None`` for rows that serve everyone (chases, older rows)."""
    return timedelta(seconds=int(key)) if key.strip().isdecimal() else None


@dataclass(frozen=True)
class ClaimedDelivery:
    """One member's copy of a reminder, claimed for sending. ``in_doubt``: an earlier sender's lease ran out
    (it may have sent it before stopping); ``since``: when that earlier claim was made."""

    id: int
    user_id: int
    attempts: int
    in_doubt: bool = False
    since: datetime | None = None
