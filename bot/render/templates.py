"""What chairs read about the group's templates (full sentences with named placeholders)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.i18n import N_, _
from bot.render.discord_text import escape_md

if TYPE_CHECKING:
    from bot.services.templates import Templates

BAD_ROLE = N_("Labels exist for: {roles}.")
LABEL_TOO_LONG = N_("A label has at most {limit} characters.")
TOO_MANY_SECTIONS = N_("At most {limit} optional sections of up to 100 characters each.")
NOT_UTF8 = N_("The file is not UTF-8 text; save it as UTF-8 and upload it again.")
TEMPLATE_TOO_BIG = N_("A template file has at most {limit} bytes.")
REPORT_TOO_BIG = N_("A report file has at most {limit} bytes.")
INCOMPLETE = N_("The report is not complete; fill in: {sections}. Nothing was saved.")
REPORT_POSTED = N_("📑 Session report: **{title}**")
REPORT_SUBMITTED = N_("✅ Report #{id} saved and posted in <#{channel}>.")
REPORT_DRAFTED = N_("📝 The report for this session, pre-filled from the roll call (participation is counted in " \
                 "aggregate). Complete every section, then `/report submit` the file.")
SAVED = N_("✅ Saved.")
SHOW_LABELS = N_("Annex II labels: {labels}")
SHOW_LABELS_NONE = N_("Annex II labels: the standard ones (CHAIR, MEMBERS, OBSERVERS, SECRETARIAT, OTHER "
                      "PARTICIPANTS).")
SHOW_SECTIONS = N_("Optional minutes sections: {sections}")
SHOW_SECTIONS_NONE = N_("Optional minutes sections: none.")
SHOW_REPORT_CUSTOM = N_("Report template: this server's own (attached).")
SHOW_REPORT_STANDARD = N_("Report template: the standard one (attached), with the required sections Session, " \
                       "Participation, Main points, Key messages and Follow-up.")


def describe(templates: Templates) -> str:
    labels = ", ".join(f"{role} → {escape_md(label)}" for role, label in templates.labels.items())
    sections = ", ".join(escape_md(s) for s in templates.sections)
    return "\n".join([_(SHOW_LABELS, labels=labels) if labels else _(SHOW_LABELS_NONE),
                      _(SHOW_SECTIONS, sections=sections) if sections else _(SHOW_SECTIONS_NONE),
                      _(SHOW_REPORT_CUSTOM) if templates.custom_report else _(SHOW_REPORT_STANDARD)])
