"""What a member or chair is told after a roll-call button or command (the roll-call message itself is in
render/attendance)."""

from __future__ import annotations

from datetime import datetime

from bot.domain import rollcall as rc
from bot.domain.rollcall import Participant, RollCallBoard
from bot.i18n import _
from bot.i18n.formatting import format_number
from bot.render.attendance import status_label
from bot.render.discord_text import escape_md, ts
from bot.render.labels import role_name, status_name


def marked(status: str) -> str:
    return _("{label} — you are marked **{status}**. Press another button to change it.",
             label=status_label(status), status=status_name(status).lower())


def consent_noted(agree: bool) -> str:
    if agree:
        return _("🎙️ Thank you: you agree to the meeting being recorded.")
    return _("🎙️ Noted: you do not agree to recording. The chair sees this before recording starts.")


def posted(link: str) -> str:
    return _("✅ Roll call posted: {link}", link=link)


def apologies_recorded(title: str, start: datetime) -> str:
    return _("🙏 Your apologies for **{title}** ({start}) are recorded. If you can make it after all, press Present "
             "or join the voice channel.", title=escape_md(title), start=ts(start))


def not_for_bots(name: str) -> str:
    return _("{name} is a bot; bots are not on the roll call.", name=escape_md(name))


def describe(p: Participant) -> str:
    """One participant as a chair's correction leaves them."""
    name, role, status = escape_md(p.name), role_name(p.role).lower(), status_name(p.status).lower()
    if p.group:
        return _("**{name}** ({role}, {group}) is **{status}**.", name=name, role=role,
                 group=escape_md(p.group), status=status)
    return _("**{name}** ({role}) is **{status}**.", name=name, role=role, status=status)


def status_set(p: Participant) -> str:
    return f"✅ {describe(p)}"


def added(p: Participant) -> str:
    return _("✅ Added: {participant}", participant=describe(p))


def closed(board: RollCallBoard) -> str:
    counts = ", ".join(_("{count} {status}", count=format_number(len(board.by_status(s))),
                         status=status_name(s).lower()) for s in rc.STATUSES)
    return _("🔒 Roll call closed: {counts}. Export it with `/attendance export`.", counts=counts)
