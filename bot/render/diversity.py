"""What members and chairs read about stakeholder groups and self-declared diversity (full sentences with
named placeholders, ready for the message catalog)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.diversity import DEVELOPING, GENDER, NOT_STATED, REGION, YOUTH, Declared

DIMENSION_TITLES = {
    REGION: "Region",
    DEVELOPING: "Developing country",
    GENDER: "Gender",
    YOUTH: "Youth",
}

DECLARED_HEADER = "Self-declared (counted only in aggregate unless you agreed to be listed):"
DECLARED_LINE = "• {dimension}: {value}"
DECLARED_NONE = "Self-declared diversity: nothing declared (optional, see `/profile diversity`)."
NAMED_YES = "You agreed to be listed by name with these values in the secretariat's reports."
NAMED_NO = "Your values are counted only in aggregate; your name is never shown next to them."
SAVED = "✅ Saved. {named}"
WITHDRAWN = "🧹 Your self-declared diversity data was deleted."
NOTHING_TO_WITHDRAW = "You had declared nothing; nothing was deleted."

GROUP_SET = "✅ Your stakeholder group is now **{group}**."
GROUPS_SAVED = "✅ Stakeholder groups of this server: {groups}."
GROUPS_RENAMED = "{count} profile(s) now use the list's spelling."
GROUPS_OFF_LIST = "Still in profiles but not on the list (those members should pick again): {groups}."
GROUPS_CLEARED = "✅ This server has no stakeholder-group list any more; members type their group freely."


def declared_lines(declared: Declared) -> list[str]:
    """The member's own view of what they declared."""
    if declared.empty:
        return [DECLARED_NONE]
    lines = [DECLARED_HEADER]
    for dimension, title in DIMENSION_TITLES.items():
        value = declared.value(dimension)
        lines.append(DECLARED_LINE.format(dimension=title, value=value if value != NOT_STATED else "—"))
    lines.append(NAMED_YES if declared.named else NAMED_NO)
    return lines


def saved(declared: Declared) -> str:
    return "\n".join([SAVED.format(named=NAMED_YES if declared.named else NAMED_NO), *declared_lines(declared)[:-1]])


def groups_saved(groups: Sequence[str], renamed: int, off_list: Sequence[str]) -> str:
    lines = [GROUPS_SAVED.format(groups=", ".join(groups))]
    if renamed:
        lines.append(GROUPS_RENAMED.format(count=renamed))
    if off_list:
        lines.append(GROUPS_OFF_LIST.format(groups=", ".join(off_list)))
    return "\n".join(lines)
