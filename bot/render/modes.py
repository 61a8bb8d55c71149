"""How meeting modes, closed items and tentative dates read in messages, events, agendas and minutes."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.meeting_modes import CLOSED, OPEN, PLENARY
from bot.i18n import _, _n
from bot.i18n.formatting import format_list


def mode_badge(mode: str | None) -> str | None:
    """A short label for lists, reminders, events and agenda headers."""
    if mode == PLENARY:
        return _("🎙️ Plenary: observers may listen, not speak")
    if mode == CLOSED:
        return _("🔒 Closed working meeting: members only")
    if mode == OPEN:
        return _("📢 Open consultation: anyone may join and speak")
    return None


def mode_sentence(mode: str | None) -> str | None:
    """The minutes' sentence after "The seventh meeting of … was held on …"."""
    if mode == PLENARY:
        return _("It was a plenary meeting, open to observers without the right to speak.")
    if mode == CLOSED:
        return _("It was a closed working meeting, open to members only.")
    if mode == OPEN:
        return _("It was an open consultation: anyone could join and speak.")
    return None


def closed_items_sentence(mode: str | None, labels: Sequence[str]) -> str | None:
    """Which items were held in closed session (nothing to say when the whole meeting was closed)."""
    if not labels or mode == CLOSED:
        return None
    items = format_list(list(labels))
    if mode in (PLENARY, OPEN):
        return _n("Observers were allowed to attend parts of the meeting: item {items} was held in closed session.",
                  "Observers were allowed to attend parts of the meeting: items {items} were held in closed session.",
                  len(labels), items=items)
    return _n("Item {items} was held in closed session.", "Items {items} were held in closed session.",
              len(labels), items=items)


def tentative_note() -> str:
    return _("❔ Date to be confirmed: no reminders until a chair confirms it with `/meeting confirm`.")


def tentative_badge() -> str:
    return _("❔ to be confirmed")


def tentative_name(name: str) -> str:
    """A Discord event's name for a tentative date."""
    return _("{name} (to be confirmed)", name=name)
