"""Report templates: sandboxed rendering with limits, required sections, completeness."""

from __future__ import annotations

import pytest

from bot.errors import InvalidInput
from bot.render.reports import DEFAULT_TEMPLATE, SAMPLE, check_template, incomplete_sections, render_report


def test_the_standard_template_has_every_required_section_to_complete() -> None:
    markdown = render_report(check_template(DEFAULT_TEMPLATE), SAMPLE)
    assert "12 participants, 5 of them remotely (4 online, 1 by phone or other means), 7 in the room." in markdown
    assert incomplete_sections(markdown) == ["Main points", "Key messages", "Follow-up"]
    filled = markdown.replace("_To be completed._", "Done.")
    assert incomplete_sections(filled) == []
    assert incomplete_sections(filled.replace("## Follow-up", "## Later")) == ["Follow-up"]


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__ }}",  # no reaching into Python
    "{{ 'x' * 10**9 }}",  # no huge strings
    "{{ 9 ** 99999 }}",  # no huge numbers
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",  # no endless recursion
    "{{ undefined_name }}",  # mistakes are named, not printed as blanks
    "{% for %}",  # syntax errors
])
def test_hostile_or_broken_templates_are_refused(source: str) -> None:
    with pytest.raises(InvalidInput, match="cannot be used"):
        render_report(source, SAMPLE)


def test_ranges_are_capped() -> None:
    assert render_report("{{ range(10**6) | length }}", SAMPLE) == "1000\n"
