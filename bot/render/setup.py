"""What /setup shows: the server's group name, zone, language, role mapping, channels and reminders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.permissions import Role
from bot.domain.reach import Delivery
from bot.i18n import N_, NATIVE_NAMES, _
from bot.i18n.formatting import format_list
from bot.render.discord_text import escape_md, inside_code
from bot.render.labels import role_name

if TYPE_CHECKING:
    from bot.services.settings import GuildSetup


def _fmt_offset(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes = rest // 60
    return f"{hours}h{minutes:02d}m" if minutes else f"{hours}h"


def _channel(cid: int | None, fallback: str) -> str:
    return f"<#{cid}>" if cid else _("#{channel} (default)", channel=fallback)


def _language(setup: GuildSetup, resolved: str) -> str:
    if setup.language:
        return NATIVE_NAMES[resolved]
    return _("{language} (from the server's Discord settings)", language=NATIVE_NAMES[resolved])


SAVED = N_("✅ Saved.")
SAVED_OFFSETS = N_("✅ Saved. New meetings get these reminders.")
NO_CHANNEL_GIVEN = N_("Give at least one of `announcements` or `minutes`.")
NOTHING_GIVEN = N_("Give reminder `offsets`, a `delivery`, or both.")
BAD_OFFSET = N_("`{offset}` is not a duration; give reminder offsets such as `24h`, `2d` or `30m`.")


def bad_offset(typed: str) -> str:
    return _(BAD_OFFSET, offset=inside_code(typed[:40]))


MEMBER_DELIVERY = {
    Delivery.DM: N_("Members are reminded by direct message unless they choose otherwise (`/profile reminders`)."),
    Delivery.CHANNEL: N_("Members are reminded with a mention in the channel unless they choose otherwise "
                         "(`/profile reminders`)."),
    Delivery.OFF: N_("Members are not reminded unless they choose otherwise (`/profile reminders`)."),
}


def render_setup(setup: GuildSetup, server: str, defaults: dict[Role, str], language: str,
                 delivery: Delivery = Delivery.CHANNEL) -> str:
    """What /setup shows: the server's settings, each default said to be one."""
    lines = [_("**convener setup for {server}**", server=escape_md(server)),
             _("Group name: {name}", name=escape_md(setup.group_name)),
             _("Time zone: {zone}", zone=setup.timezone),
             _("Language of public posts: {language}", language=_language(setup, language))]
    for role in Role:
        ids = setup.role_map.get(role.value)
        if ids:
            lines.append(_("{role}: {discord_roles}", role=role_name(role.value),
                           discord_roles=", ".join(f"<@&{i}>" for i in ids)))
        else:
            lines.append(_("{role}: roles named “{name}” (default)", role=role_name(role.value), name=defaults[role]))
    lines.append(_("Announcements: {channel}", channel=_channel(setup.announcements_channel_id, "announcements")))
    lines.append(_("Minutes: {channel}", channel=_channel(setup.minutes_channel_id, "minutes")))
    if setup.meeting_offsets:
        offsets = format_list(_("{offset} before", offset=_fmt_offset(o.total_seconds()))
                              for o in setup.meeting_offsets)
        lines.append(_("Meeting reminders: {offsets}", offsets=offsets))
    else:
        lines.append(_("Meeting reminders: none"))
    lines.append(_(MEMBER_DELIVERY[delivery]))
    return "\n".join(lines)
