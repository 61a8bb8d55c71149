"""What chairs read about the group's templates (full sentences with named placeholders)."""

from __future__ import annotations

BAD_ROLE = "Labels exist for: {roles}."
LABEL_TOO_LONG = "A label has at most {limit} characters."
TOO_MANY_SECTIONS = "At most {limit} optional sections of up to 100 characters each."
NOT_UTF8 = "The file is not UTF-8 text; save it as UTF-8 and upload it again."
TEMPLATE_TOO_BIG = "A template file has at most {limit} bytes."
REPORT_TOO_BIG = "A report file has at most {limit} bytes."
INCOMPLETE = "The report is not complete; fill in: {sections}. Nothing was saved."
REPORT_POSTED = "📑 Session report: **{title}**"
REPORT_SUBMITTED = "✅ Report #{id} saved and posted in <#{channel}>."
REPORT_DRAFTED = "📝 The report for this session, pre-filled from the roll call (participation is counted in " \
                 "aggregate). Complete every section, then `/report submit` the file."
SAVED = "✅ Saved."
SHOW_LABELS = "Annex II labels: {labels}"
SHOW_LABELS_NONE = "Annex II labels: the standard ones (CHAIR, MEMBERS, OBSERVERS, SECRETARIAT, OTHER PARTICIPANTS)."
SHOW_SECTIONS = "Optional minutes sections: {sections}"
SHOW_SECTIONS_NONE = "Optional minutes sections: none."
SHOW_REPORT_CUSTOM = "Report template: this server's own (attached)."
SHOW_REPORT_STANDARD = "Report template: the standard one (attached), with the required sections Session, " \
                       "Participation, Main points, Key messages and Follow-up."
