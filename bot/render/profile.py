"""What /profile show tells a member: their name in minutes, zone, stakeholder group, language and what they
declared for diversity reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import i18n
from bot.domain.diversity import Declared
from bot.i18n import NATIVE_NAMES, _
from bot.render.discord_text import escape_md
from bot.render.diversity import declared_lines

if TYPE_CHECKING:
    from bot.services.profiles import Profile


def render_profile(profile: Profile, member: str, declared: Declared) -> str:
    """What /profile show tells a member about themselves (``member``: their Discord display name)."""
    name = profile.display_name or _("— (your Discord name is used)")
    language = (NATIVE_NAMES[profile.language] if profile.language in NATIVE_NAMES
                else _("{language} (from your Discord settings)", language=NATIVE_NAMES[i18n.current()]))
    return "\n".join([
        _("**Profile of {member}**", member=escape_md(member)),
        _("Name in minutes: {name}", name=escape_md(name)),
        _("Time zone: {zone}", zone=profile.timezone or _("— (the server default is used)")),
        _("Stakeholder group: {group}", group=escape_md(profile.stakeholder_group or "—")),
        _("Language: {language}", language=language),
        *declared_lines(declared),
    ])


def zone_set(zone: str | None) -> str:
    return _("✅ Your time zone is now **{zone}**.", zone=zone)


def name_set(name: str | None) -> str:
    return _("✅ You will appear as **{name}**.", name=escape_md(name or ""))


def language_set(language: str, follows_discord: bool) -> str:
    """``language``: the language now used; ``follows_discord`` when it comes from the member's Discord client."""
    shown = NATIVE_NAMES[language]
    if follows_discord:
        return _("✅ convener now follows your Discord language: {language}.", language=shown)
    return _("✅ convener now answers you in {language}.", language=shown)
