"""/remind: a chair's one-off announcements at a given time (e.g. an issue-paper deadline), list and cancel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.reminders import ReminderInfo
from bot.i18n import _
from bot.render.discord_text import escape_md, ts
from cogs._common import Interaction, chair_only, ensure_can_mention, ensure_can_post, guild_id, reply

if TYPE_CHECKING:
    from bot.app import ConvenerBot

KIND_LABELS = {"text": "announcement", "meeting": "meeting reminder", "meeting.start": "meeting auto-start",
               "poll.last_call": "poll last call", "poll.close": "poll closes", "action.due": "action item due"}
# Bookkeeping jobs are not reminders anyone asked for; listing them would only confuse.
LISTED_KINDS = tuple(KIND_LABELS)


def _excerpt(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def render_reminders(reminders: Sequence[ReminderInfo]) -> str:
    if not reminders:
        return "No pending reminders. A chair can add one with `/remind set`."
    lines = ["**Pending reminders**"]
    for r in reminders:
        where = f" in <#{r.channel_id}>" if r.channel_id else ""
        role = f" for <@&{r.role_id}>" if r.role_id else ""
        what = f": {escape_md(_excerpt(r.text))}" if r.text else ""
        line = f"`{r.id}` {ts(r.due_at)} ({ts(r.due_at, 'R')}) — {KIND_LABELS.get(r.kind, r.kind)}{where}{role}{what}"
        if sum(len(x) + 1 for x in lines) + len(line) > 1900:
            lines.append("…")
            break
        lines.append(line)
    return "\n".join(lines)


class RemindersCog(commands.GroupCog, group_name="remind", group_description="Announcements at a set time"):
    def __init__(self, bot: ConvenerBot) -> None:
        self.bot = bot
        self.reminders = bot.services.reminders

    async def reminder_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[int]]:
        if interaction.guild_id is None:
            return []
        needle = current.strip().casefold()
        pending = await self.reminders.list_pending(interaction.guild_id, 100, ["text"])
        found = [r for r in pending if needle in f"{r.id} {r.text}".casefold()]
        return [app_commands.Choice(name=f"#{r.id} {r.due_at:%Y-%m-%d %H:%M} UTC — {_excerpt(r.text, 60)}"[:100],
                                    value=r.id) for r in found[:25]]

    @app_commands.command(name="set", description="Post an announcement at a given time, mentioning one role")
    @app_commands.describe(when="In your time zone: 2026-12-10 12:00, tomorrow 9am, fri 17:00, or in 2h",
                           text="What to post, e.g. 'Issue paper drafts are due today'",
                           role="The only role to mention (optional)",
                           channel="Where to post (default: here)")
    @chair_only()
    async def set_(self, interaction: Interaction, when: app_commands.Range[str, 1, 100],
                   text: app_commands.Range[str, 1, 1800], role: discord.Role | None = None,
                   channel: discord.TextChannel | None = None) -> None:
        gid = guild_id(interaction)
        target = channel.id if channel else interaction.channel_id
        assert target is not None  # slash commands in a guild always come from a channel
        if role is not None:
            ensure_can_mention(interaction, role, target)
        ensure_can_post(interaction, target)
        due = await self.bot.services.dates.moment(gid, interaction.user.id, when)
        info = await self.reminders.remind(gid, due.at, text, channel_id=target, role_id=role.id if role else None,
                                           created_by=interaction.user.id)
        notes = "".join(f"\nℹ️ {note}" for note in due.notes[:3])
        values = {"id": info.id, "when": ts(info.due_at), "relative": ts(info.due_at, "R"),
                  "channel": "<#" + str(target) + ">"}
        if info.role_id:
            text = _("⏰ Reminder `{id}` set for {when} ({relative}) in {channel}, mentioning {role}. Cancel it with "
                     "`/remind cancel`.", role="<@&" + str(info.role_id) + ">", **values)
        else:
            text = _("⏰ Reminder `{id}` set for {when} ({relative}) in {channel}. Cancel it with `/remind cancel`.",
                     **values)
        await reply(interaction, text + notes)

    @app_commands.command(name="list", description="Pending reminders in this server")
    async def list_(self, interaction: Interaction) -> None:
        pending = await self.reminders.list_pending(guild_id(interaction), 25, LISTED_KINDS)
        await reply(interaction, render_reminders(pending))

    @app_commands.command(name="cancel", description="Cancel a pending reminder")
    @app_commands.describe(reminder="The reminder (its number from /remind list)")
    @app_commands.autocomplete(reminder=reminder_autocomplete)
    @chair_only()
    async def cancel(self, interaction: Interaction, reminder: int) -> None:
        info = await self.reminders.cancel_one(guild_id(interaction), reminder)
        if info.text:
            await reply(interaction, _("🗑️ Cancelled reminder `{id}` ({when}): {text}.", id=info.id,
                                       when=ts(info.due_at), text=escape_md(_excerpt(info.text))))
        else:
            await reply(interaction, _("🗑️ Cancelled reminder `{id}` ({when}).", id=info.id, when=ts(info.due_at)))


async def setup(bot: ConvenerBot) -> None:
    await bot.add_cog(RemindersCog(bot))
