"""Session and workshop reports from a template (Jinja2, sandboxed: a server's template cannot reach Python),
with the required sections the secretariat's standard template asks for (seed 001)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from bot.errors import InvalidInput
from bot.i18n import LANGUAGES, _, _n, _p, using
from bot.i18n.formatting import format_number
from bot.render.minutes_text import section_body, sections

MAX_TEMPLATE = 20_000
REQUIRED_SECTIONS = ("Session", "Participation", "Main points", "Key messages", "Follow-up")
TO_COMPLETE = "_To be completed._"

# The standard template with its headings and the placeholder left to fill as markers, so that each language
# gets the same Jinja and translators only see plain words.
_SKELETON = """# {{ title }}

## @Session@

{{ group_name }} — {{ when }}.

## @Participation@

{{ participation }}
{% for name, count in stakeholder_groups %}
- {{ name }}: {{ count }}
{%- endfor %}
{% for dimension, rows in diversity %}
{{ dimension }}: {% for value, count in rows %}{{ value }} ({{ count }}){% if not loop.last %}, {% endif %}{% endfor %}.
{%- endfor %}

## @Main points@

{{ to_complete }}

## @Key messages@

{{ to_complete }}

## @Follow-up@

{{ to_complete }}
"""


def section_name(section: str) -> str:
    """A required section's heading in the current language (the key itself for a section of the server's)."""
    names = {
        "Session": _p("report section", "Session"),
        "Participation": _p("report section", "Participation"),
        "Main points": _p("report section", "Main points"),
        "Key messages": _p("report section", "Key messages"),
        "Follow-up": _p("report section", "Follow-up"),
    }
    return names.get(section, section)


def to_complete() -> str:
    return _p("report placeholder", "_To be completed._")


def default_template() -> str:
    """The standard template with its headings in the current language (English: ``DEFAULT_TEMPLATE``)."""
    text = _SKELETON
    for section in REQUIRED_SECTIONS:
        text = text.replace(f"@{section}@", section_name(section))
    return text


DEFAULT_TEMPLATE = _SKELETON
for _section in REQUIRED_SECTIONS:
    DEFAULT_TEMPLATE = DEFAULT_TEMPLATE.replace(f"@{_section}@", _section)


def _in_every_language(text: Callable[[], str]) -> set[str]:
    """A heading or marker as any of the six languages writes it: a report drafted in one language can be
    submitted after the server changed its language."""
    found = set()
    for language in LANGUAGES:
        with using(language):
            found.add(text())
    return found


def participation_sentence(attended: int, remote: int, online: int, by_phone: int, in_room: int) -> str:
    """"12 participants, 5 of them remotely (4 online, 1 by phone or other means), 7 in the room." """
    text = _n("{count} participant", "{count} participants", attended)
    if remote:
        text = _("{participants}, {remote} of them remotely ({online} online, {by_phone} by phone or other means)",
                 participants=text, remote=remote, online=online, by_phone=by_phone)
    if in_room:
        text = _("{participants}, {in_room} in the room", participants=text, in_room=in_room)
    return _("{participants}.", participants=text)


MAX_REPEAT = 1000
MAX_LOOP_DEPTH = 2


class _GuardedEnvironment(SandboxedEnvironment):
    """The sandbox keeps templates away from Python; these limits keep them from tying up the bot
    ("x" * 10**9, huge powers, long ranges)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        numbers = all(isinstance(v, int | float) for v in (left, right))
        if operator == "**" and (not numbers or abs(right) > 64):
            raise SecurityError(_("powers are limited in report templates"))
        if operator == "*" and not numbers and any(isinstance(v, int) and v > MAX_REPEAT for v in (left, right)):
            raise SecurityError(_("repetition is limited in report templates"))
        return super().call_binop(context, operator, left, right)


_ENV = _GuardedEnvironment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True)
_ENV.globals["range"] = lambda *args: range(*args)[:MAX_REPEAT]


@dataclass(frozen=True)
class ReportContext:
    """What a report template can use; every string is already escaped for Markdown."""

    title: str
    group_name: str
    when: str
    attended: int
    remote: int
    stakeholder_groups: Sequence[tuple[str, int]] = ()
    diversity: Sequence[tuple[str, Sequence[tuple[str, int]]]] = ()  # aggregate counts only
    extra: Mapping[str, Any] = field(default_factory=dict)
    in_room: int = 0  # how they took part; remote = online + by_phone
    online: int = 0
    by_phone: int = 0

    def variables(self) -> dict[str, Any]:
        """What templates can use, sentences in the current language (the server's)."""
        return {"title": self.title, "group_name": self.group_name, "when": self.when, "attended": self.attended,
                "remote": self.remote, "in_room": self.in_room, "online": self.online, "by_phone": self.by_phone,
                "participation": participation_sentence(self.attended, self.remote, self.online, self.by_phone,
                                                        self.in_room),
                "stakeholder_groups": list(self.stakeholder_groups),
                "diversity": [(d, list(rows)) for d, rows in self.diversity], "to_complete": to_complete(),
                **self.extra}


SAMPLE = ReportContext("Sample session", "Working Group", "1 January 2027, 15:00–16:00 UTC", 12, 5,
                       (("Government", 4), ("Civil society", 8)), (("Gender", (("woman", 6), ("man", 5))),),
                       in_room=7, online=4, by_phone=1)


def render_report(source: str, context: ReportContext) -> str:
    try:
        return _ENV.from_string(source).render(context.variables()).strip() + "\n"
    except (TemplateError, RecursionError, ArithmeticError, TypeError, ValueError) as exc:
        raise InvalidInput(_("The report template cannot be used: {reason}.", reason=str(exc)[:200])) from exc


def _loop_depth(node: nodes.Node) -> int:
    inner = max((_loop_depth(child) for child in node.iter_child_nodes()), default=0)
    return inner + 1 if isinstance(node, nodes.For) else inner


def check_template(source: str, required: Sequence[str] = REQUIRED_SECTIONS) -> str:
    """A template a server uploads: not too long, loops nested at most twice, renders, and has every required
    section heading."""
    if len(source) > MAX_TEMPLATE:
        raise InvalidInput(_("The template is {length} characters long; at most {limit} are allowed.",
                             length=format_number(len(source)), limit=format_number(MAX_TEMPLATE)))
    try:
        depth = _loop_depth(_ENV.parse(source))
    except TemplateError as exc:
        raise InvalidInput(_("The report template cannot be used: {reason}.", reason=str(exc)[:200])) from exc
    if depth > MAX_LOOP_DEPTH:
        raise InvalidInput(_("The template nests loops {depth} deep; at most {limit} are allowed.", depth=depth,
                             limit=MAX_LOOP_DEPTH))
    missing = missing_headings(render_report(source, SAMPLE), required)
    if missing:
        raise InvalidInput(_("The template lacks the required section(s): {sections}.", sections=", ".join(missing)))
    return source


def _spellings(name: str) -> set[str]:
    return {h.casefold() for h in _in_every_language(lambda: section_name(name))} | {name.casefold()}


def missing_headings(markdown: str, required: Sequence[str]) -> list[str]:
    """Required sections without a heading (in any of the six languages), named in the current language."""
    found = {s.heading.strip().casefold() for s in sections(markdown)}
    return [section_name(name) for name in required if not _spellings(name) & found]


def incomplete_sections(markdown: str, required: Sequence[str] = REQUIRED_SECTIONS) -> list[str]:
    """Required sections that are missing, empty or still say "To be completed"."""
    problems = missing_headings(markdown, required)
    wanted = set().union(*(_spellings(name) for name in required)) if required else set()
    markers = _in_every_language(to_complete)
    for section in sections(markdown):
        if section.heading.strip().casefold() not in wanted:
            continue
        body = section_body(markdown, section).strip()
        if not body or any(marker in body for marker in markers):
            problems.append(section.heading.strip())
    return problems
