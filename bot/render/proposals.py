"""Agenda proposals: the message chairs decide on, and what the proposer is told (pure functions)."""

from __future__ import annotations

from bot.domain.agenda_input import ACCEPTED, DECLINED, Proposal
from bot.i18n import _
from bot.render.discord_text import link_address
from bot.render.meeting import escape_md, title_of, ts


def _document(proposal: Proposal) -> str:
    if proposal.document is None:
        return ""
    return "\n" + _("📎 Document: [{label}](<{url}>)", label=escape_md(proposal.document.label).replace("]", ")"),
                    url=link_address(proposal.document.url))


def proposal_card(proposal: Proposal) -> str:
    """The public message with the chairs' Accept and Decline buttons, then the decision."""
    meeting = proposal.meeting
    if proposal.parent_label:
        head = _("📥 <@{member}> proposes a sub-item of item {parent} for **{meeting}** ({when}): “{title}”",
                 member=proposal.proposed_by, parent=proposal.parent_label, meeting=escape_md(title_of(meeting)),
                 when=ts(meeting.start), title=escape_md(proposal.title))
    else:
        head = _("📥 <@{member}> proposes an agenda item for **{meeting}** ({when}): “{title}”",
                 member=proposal.proposed_by, meeting=escape_md(title_of(meeting)), when=ts(meeting.start),
                 title=escape_md(proposal.title))
    if proposal.status == ACCEPTED:
        tail = _("✅ Accepted: it is item {label} of the agenda.", label=proposal.label or "?")
    elif proposal.status == DECLINED:
        tail = _("❌ Declined by a chair.")
    else:
        tail = _("A chair accepts it onto the agenda or declines it.")
    return f"{head}{_document(proposal)}\n{tail}"[:2000]


def proposed_text(proposal: Proposal, channel_id: int) -> str:
    """The proposer's answer."""
    return _("📥 Your proposal “{title}” is with the chairs in <#{channel}>; you will be told when one of them "
             "decides.", title=escape_md(proposal.title), channel=channel_id)


def decision_text(proposal: Proposal) -> str:
    """What the proposer is told (by direct message, else in the channel)."""
    meeting = escape_md(title_of(proposal.meeting))
    if proposal.status == ACCEPTED:
        return _("✅ Your proposal “{title}” is on the agenda of **{meeting}** as item {label}.",
                 title=escape_md(proposal.title), meeting=meeting, label=proposal.label or "?")
    return _("❌ Your proposal “{title}” for **{meeting}** was declined by a chair.",
             title=escape_md(proposal.title), meeting=meeting)


def decided_text(proposal: Proposal) -> str:
    """The chair's answer after deciding."""
    if proposal.status == ACCEPTED:
        return _("✅ “{title}” is now item {label} of the agenda; <@{member}> is told.",
                 title=escape_md(proposal.title), label=proposal.label or "?", member=proposal.proposed_by)
    return _("❌ Declined “{title}”; <@{member}> is told.", title=escape_md(proposal.title),
             member=proposal.proposed_by)
