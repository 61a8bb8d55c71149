"""What members and chairs read about stakeholder groups and self-declared diversity (full sentences with
named placeholders, ready for the message catalog)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.diversity import DEVELOPING, GENDER, NOT_STATED, REGION, YOUTH, Declared
from bot.i18n import N_, NP_, Names, _
from bot.render.discord_text import escape_md

DIMENSION_TITLES = {
    REGION: N_("Region"),
    DEVELOPING: N_("Developing country"),
    GENDER: N_("Gender"),
    YOUTH: N_("Youth"),
}

DECLARED_HEADER = N_("Self-declared (counted only in aggregate unless you agreed to be listed):")
DECLARED_LINE = N_("• {dimension}: {value}")
DECLARED_NONE = N_("Self-declared diversity: nothing declared (optional, see `/profile diversity`).")
NAMED_YES = N_("You agreed to be listed by name with these values in the secretariat's reports.")
NAMED_NO = N_("Your values are counted only in aggregate; your name is never shown next to them.")
SAVED = N_("✅ Saved. {named}")
WITHDRAWN = N_("🧹 Your self-declared diversity data was deleted.")
NOTHING_TO_WITHDRAW = N_("You had declared nothing; nothing was deleted.")

GROUP_SET = N_("✅ Your stakeholder group is now **{group}**.")
GROUPS_SAVED = N_("✅ Stakeholder groups of this server: {groups}.")
GROUPS_RENAMED = N_("{count} profile(s) now use the list's spelling.")
GROUPS_OFF_LIST = N_("Still in profiles but not on the list (those members should pick again): {groups}.")
GROUPS_CLEARED = N_("✅ This server has no stakeholder-group list any more; members type their group freely.")


def dimension_title(dimension: str) -> str:
    """"Gender", "Genre", "Género"… (the key itself for a dimension convener does not know)."""
    return _(DIMENSION_TITLES[dimension]) if dimension in DIMENSION_TITLES else dimension


# A declared value as readers see it: the fixed choices (genders, yes, no, not stated) and the UN regional groups
# in the current language; a server's own regions and stakeholder groups stay as they are.
value_label = Names({
    NOT_STATED: NP_("declared value", "Not stated"),
    "yes": NP_("declared value", "yes"),
    "no": NP_("declared value", "no"),
    "woman": NP_("declared value", "woman"),
    "man": NP_("declared value", "man"),
    "non-binary": NP_("declared value", "non-binary"),
    "another gender": NP_("declared value", "another gender"),
    # The UN regional groups (the default region list), under their official names in each language.
    "African Group": NP_("UN regional group", "African Group"),
    "Asia-Pacific Group": NP_("UN regional group", "Asia-Pacific Group"),
    "Eastern European Group": NP_("UN regional group", "Eastern European Group"),
    "Latin American and Caribbean Group (GRULAC)":
        NP_("UN regional group", "Latin American and Caribbean Group (GRULAC)"),
    "Western European and Others Group (WEOG)": NP_("UN regional group", "Western European and Others Group (WEOG)"),
})


def declared_lines(declared: Declared) -> list[str]:
    """The member's own view of what they declared."""
    if declared.empty:
        return [_(DECLARED_NONE)]
    lines = [_(DECLARED_HEADER)]
    for dimension in DIMENSION_TITLES:
        value = declared.value(dimension)
        lines.append(_(DECLARED_LINE, dimension=dimension_title(dimension),
                       value=value_label(value) if value != NOT_STATED else "—"))
    lines.append(_(NAMED_YES) if declared.named else _(NAMED_NO))
    return lines


def saved(declared: Declared) -> str:
    return "\n".join([_(SAVED, named=_(NAMED_YES) if declared.named else _(NAMED_NO)), *declared_lines(declared)[:-1]])


def group_set(group: str) -> str:
    return _(GROUP_SET, group=escape_md(group))


def groups_saved(groups: Sequence[str], renamed: int, off_list: Sequence[str]) -> str:
    lines = [_(GROUPS_SAVED, groups=", ".join(escape_md(g) for g in groups))]
    if renamed:
        lines.append(_(GROUPS_RENAMED, count=renamed))
    if off_list:
        lines.append(_(GROUPS_OFF_LIST, groups=", ".join(escape_md(g) for g in off_list)))
    return "\n".join(lines)
