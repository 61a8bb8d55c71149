"""What a server stored of its templates; None or empty where it kept the standard ones."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StoredTemplates:
    labels: tuple[tuple[str, str], ...] = ()  # role -> Annex II heading, in stored order
    sections: tuple[str, ...] = ()  # optional minutes sections
    report_template: str | None = None  # Jinja2 Markdown; None: the standard report
