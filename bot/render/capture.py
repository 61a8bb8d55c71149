"""What the secretariat is told while capturing a live meeting: where the meeting is on its agenda, closed-session
changes, and what each /note, /decision or /action filed where."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.dates import stamp_day
from bot.domain.minutes import clip, format_day
from bot.i18n import _
from bot.render.discord_text import escape_md

if TYPE_CHECKING:
    from bot.services.minutes_capture import Captured, Position

ICONS = {"Note": "📝", "Decision": "✅", "Action": "📌"}


def where(position: Position) -> str:
    if position.item is None or position.label is None:
        return _("no agenda item (use `/item next` to start on the agenda; it shows under “Other notes”)")
    return _("item **{label}** · {title}", label=position.label,
             title=escape_md(clip(position.item.title, 120)))


def session_note(position: Position) -> str:
    """What changes for observers when the meeting moves into or out of a closed session."""
    voice = position.meeting.voice_channel_id
    if position.session == "closed":
        text = (_("🔒 This item is held in closed session: observers leave <#{channel}> until it is over; only members "
                  "can join it now.", channel=voice) if voice else
                _("🔒 This item is held in closed session: observers are asked to leave until it is over."))
    elif position.session == "open":
        text = (_("🔓 The closed session is over: observers may join <#{channel}> again.", channel=voice) if voice
                else _("🔓 The closed session is over: observers may rejoin."))
    else:
        return ""
    return "\n" + text


def moved_to(position: Position) -> str:
    """The announcement after /item next or /item goto."""
    return _("▶️ Now on {where}", where=where(position)) + session_note(position)


def captured_note(kind: str, captured: Captured) -> str:
    """What was filed where: ``kind`` is "Note", "Decision" or "Action"."""
    entry, place = captured.entry, where(captured.position)
    if entry.kind == "action":
        owner = escape_md(entry.owner_name or "")
        if entry.due:
            text = _("Action #{entry} for **{owner}**, due {day} ({stamp}), filed under {where}.", entry=entry.id,
                     owner=owner, day=format_day(entry.due), stamp=stamp_day(entry.due), where=place)
        else:
            text = _("Action #{entry} for **{owner}**, no due date, filed under {where}.", entry=entry.id,
                     owner=owner, where=place)
    elif kind == "Decision":
        text = _("Decision #{entry} filed under {where}.", entry=entry.id, where=place)
    else:
        text = _("Note #{entry} filed under {where}.", entry=entry.id, where=place)
    return text + "".join(f"\nℹ️ {note}" for note in captured.notes[:3])


def filed(kind: str, captured: Captured) -> str:
    """The reply to /note, /decision or /action: its icon and what was filed where."""
    return f"{ICONS[kind]} {captured_note(kind, captured)}"


def credited_note(captured: Captured) -> str:
    """The reply when a message is filed as a note credited to its author."""
    return filed("Note", captured) + " " + _("Credited to {name}.", name=escape_md(captured.entry.credit or ""))
