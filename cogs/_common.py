"""Helpers every cog uses: permission checks, error reporting, replies and shared autocompletes."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import discord
from discord import app_commands

from bot.domain.permissions import Role, can_chair, can_secretariat, roles_of
from bot.domain.zones import suggest_zones
from bot.errors import InvalidInput, UserError
from bot.i18n import _, again
from bot.render.guard import CANNOT_MENTION, CANNOT_POST, CANNOT_POST_SHOWN_PRIVATELY, EVERYONE_NEVER
from bot.services.ports import OutFile
from cogs._language import bind_member_language
from storage.db import StorageBusy, on_write_wait

if TYPE_CHECKING:
    from bot.app import ConvenerBot

log = logging.getLogger("convener.errors")

NO_MENTIONS = discord.AllowedMentions.none()
Interaction: TypeAlias = "discord.Interaction[ConvenerBot]"
T = TypeVar("T")
# Set in interaction.extras when convener deferred privately because the database made it wait.
DEFERRED_PRIVATELY = "convener:deferred_privately"
# How long a click waits for its answer before acknowledging it (Discord allows 3 s; see answer_soon).
QUICK = 1.0
# Answers waiting on their work at once beyond which new ones are deferred at once: in a burst (hundreds of votes
# a second) waiting up to QUICK each would push acknowledgements past Discord's 3 seconds.
BUSY = 8
_waiting = 0


class MissingRole(app_commands.CheckFailure):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


async def member_roles(interaction: Interaction) -> frozenset[Role]:
    """The convener roles of whoever triggered the interaction, in this guild."""
    member = interaction.user
    if interaction.guild is None or not isinstance(member, discord.Member):
        return frozenset()
    setup = await interaction.client.services.settings.get(interaction.guild.id)
    defaults = interaction.client.config.roles.by_role()
    guild_roles = {r.id: r.name for r in interaction.guild.roles}
    return roles_of([r.id for r in member.roles], guild_roles, setup.role_map, defaults,
                    is_admin=member.guild_permissions.administrator)


async def ensure_chair(interaction: Interaction) -> None:
    if not can_chair(await member_roles(interaction)):
        raise MissingRole(_("Only chairs can do this. Ask a chair, or an administrator to map roles with "
                            "`/setup roles`."))


async def ensure_secretariat(interaction: Interaction) -> None:
    if not can_secretariat(await member_roles(interaction)):
        raise MissingRole(_("Only the secretariat or chairs can do this."))


def chair_only() -> Callable[[T], T]:
    """app_commands check: chairs (and server administrators) only."""

    async def predicate(interaction: Interaction) -> bool:
        await ensure_chair(interaction)
        return True

    return app_commands.check(predicate)


def secretariat_only() -> Callable[[T], T]:
    async def predicate(interaction: Interaction) -> bool:
        await ensure_secretariat(interaction)
        return True

    return app_commands.check(predicate)


def guild_id(interaction: Interaction) -> int:
    if interaction.guild_id is None:
        raise UserError(_("convener works inside a server, not in direct messages."))
    return interaction.guild_id


# -- where convener may speak for a member --------------------------------------------------------------------------

def member_permissions(interaction: Interaction, channel_id: int) -> discord.Permissions:
    """The invoking member's permissions in a channel of this guild, overwrites included (none if unknown)."""
    if channel_id == interaction.channel_id and interaction.guild_id is not None:
        return interaction.permissions  # computed by Discord for this very channel
    guild, member = interaction.guild, interaction.user
    channel = guild.get_channel_or_thread(channel_id) if guild is not None else None
    if channel is None or not isinstance(member, discord.Member):
        return discord.Permissions.none()
    return channel.permissions_for(member)


def can_post(interaction: Interaction, channel_id: int) -> bool:
    """Whether the member could send a message in the channel themselves."""
    perms = member_permissions(interaction, channel_id)
    guild = interaction.guild
    in_thread = guild is not None and isinstance(guild.get_channel_or_thread(channel_id), discord.Thread)
    return perms.view_channel and (perms.send_messages_in_threads if in_thread else perms.send_messages)


def ensure_can_post(interaction: Interaction, channel_id: int | None) -> None:
    """convener posts (now or later) in a channel only for a member who could post there themselves."""
    if channel_id is not None and not can_post(interaction, channel_id):
        raise MissingRole(_(CANNOT_POST, channel_id=channel_id))


def ensure_can_mention(interaction: Interaction, role: discord.Role, channel_id: int) -> None:
    """convener mentions a role only for a member who could mention it in that channel themselves."""
    if role.is_default():
        raise InvalidInput(_(EVERYONE_NEVER))
    if not (role.mentionable or member_permissions(interaction, channel_id).mention_everyone):
        raise MissingRole(_(CANNOT_MENTION, role=role.mention, channel_id=channel_id))


# -- answering ---------------------------------------------------------------------------------------------------


def bind_interaction(interaction: Interaction) -> None:
    """Called where each interaction enters convener: if a unit of work of this task must wait for the database
    (SQLite locked by another process, or a queue of our own writers), the interaction is deferred first, so
    the member sees "thinking…" and then the real answer instead of "This interaction failed"."""
    if interaction.type is discord.InteractionType.autocomplete:
        return

    async def defer() -> None:
        if interaction.response.is_done():
            return
        try:
            if interaction.type is discord.InteractionType.component:
                await interaction.response.defer()
            else:
                await interaction.response.defer(ephemeral=True, thinking=True)
                interaction.extras[DEFERRED_PRIVATELY] = True
        except discord.HTTPException:
            log.warning("could not defer %s before waiting for the database", _describe(interaction))

    on_write_wait.set(defer)


def modal_follows() -> None:
    """The handler answers with a form, which cannot follow a deferral: waiting is not announced."""
    on_write_wait.set(None)


async def enter(interaction: Interaction) -> None:
    """Where a component click or a form enters convener: the member's language, and deferral on a wait."""
    await bind_member_language(interaction)
    bind_interaction(interaction)


class BoundView(discord.ui.View):
    """Base of convener's views: binds each interaction (see ``enter``)."""

    async def interaction_check(self, interaction: Interaction, /) -> bool:
        await enter(interaction)
        return True


class BoundModal(discord.ui.Modal):
    """Base of convener's forms: binds each submission (see ``enter``)."""

    async def interaction_check(self, interaction: Interaction, /) -> bool:
        await enter(interaction)
        return True


class BoundItem:
    """Mixin for convener's DynamicItems (put it first among the bases): binds each click (see ``enter``)."""

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        await enter(interaction)
        return True


async def reply(interaction: Interaction, content: str | None = None, *, ephemeral: bool = True,
                **kwargs: Any) -> None:
    """Answer an interaction whether or not it was deferred; mentions are always off unless given. A public
    answer is shown only to the member when they could not post in this channel themselves."""
    kwargs.setdefault("allowed_mentions", NO_MENTIONS)
    # Deferred privately while the database was busy: the public answer can still follow, as a new message.
    deferred_privately = interaction.extras.pop(DEFERRED_PRIVATELY, False)
    if not ephemeral and interaction.channel_id is not None and interaction.guild_id is not None \
            and (deferred_privately or not interaction.response.is_done()) \
            and not can_post(interaction, interaction.channel_id):
        ephemeral = True
        content = f"{content}\n{_(CANNOT_POST_SHOWN_PRIVATELY)}" if content else _(CANNOT_POST_SHOWN_PRIVATELY)
    if content is not None and len(content) > 2000:
        content = content[:1990] + "\n…"
    if content is not None:
        kwargs["content"] = content
    if interaction.response.is_done():
        if not ephemeral and deferred_privately:
            # The private "thinking…" cannot become public: close it, and post the public answer after it.
            await interaction.edit_original_response(content=_("✅ Done; the announcement follows."))
        await interaction.followup.send(ephemeral=ephemeral, **kwargs)
    else:
        await interaction.response.send_message(ephemeral=ephemeral, **kwargs)


async def answer_soon(interaction: Interaction, work: Awaitable[T], *, thinking: bool = False) -> T:
    """The result of ``work``. Ready within ``QUICK`` seconds, it is answered in the interaction's one response
    (one round trip to Discord instead of two); slower (votes queued behind SQLite's writer in a burst), the
    interaction is deferred meanwhile, ``thinking`` for a new ephemeral message, so it is acknowledged in time."""
    global _waiting
    task = asyncio.ensure_future(work)
    if _waiting < BUSY:
        _waiting += 1
        try:
            return await asyncio.wait_for(asyncio.shield(task), QUICK)
        except TimeoutError:
            pass
        finally:
            _waiting -= 1
    # Slow, or a burst (many answers already waiting): acknowledge now, the answer follows when the work is done.
    # The database-wait hook (bind_interaction) may be deferring it at this very moment.
    with contextlib.suppress(discord.InteractionResponded):
        if not interaction.response.is_done():
            if thinking:
                await interaction.response.defer(ephemeral=True, thinking=True)
            else:
                await interaction.response.defer()
    return await task


async def update_message(interaction: Interaction, **kwargs: Any) -> None:
    """Replace the message a component sits on, whether or not the click was deferred."""
    kwargs.setdefault("allowed_mentions", NO_MENTIONS)
    if interaction.response.is_done():
        await interaction.edit_original_response(**kwargs)
    else:
        await interaction.response.edit_message(**kwargs)


def _unwrap(error: BaseException) -> BaseException:
    while isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError) and error.__cause__:
        error = error.__cause__
    if isinstance(error, app_commands.CommandInvokeError):
        return error.original
    return error


async def report_error(interaction: Interaction, error: BaseException, *,
                       unsaved: Callable[[str], str] | None = None) -> None:
    """The one place that turns exceptions into what the member sees. ``unsaved(error_id)``: the message for a
    failure of ours when the handler knows what was not saved (a generic message cannot)."""
    error = _unwrap(error)
    await bind_member_language(interaction)
    if isinstance(error, UserError):
        message = f"❌ {again(error.message)}"
    elif isinstance(error, MissingRole):
        message = f"🔒 {again(error.message)}"
    elif isinstance(error, app_commands.CheckFailure):
        message = _("🔒 You cannot use this command here.")
    elif isinstance(error, app_commands.CommandOnCooldown):
        message = _("⏳ Slow down: try again in {seconds} s.", seconds=round(error.retry_after))
    elif isinstance(error, StorageBusy):
        log.warning("database busy for %.0f s in %s", error.waited, _describe(interaction))
        message = _("⏳ The database is busy (another program is writing to it), so nothing was saved. Try again "
                    "in a minute.")
    else:
        error_id = uuid.uuid4().hex[:8]
        log.error("unexpected error %s in %s", error_id, _describe(interaction), exc_info=error)
        if unsaved is not None:
            message = unsaved(error_id)
        else:
            # No promise about what was saved: the failure may have come before or after a change was stored.
            message = _("⚠️ Sorry, something went wrong on our side (error id `{error_id}`). Check whether your "
                        "change shows before trying again; if this keeps happening, give the error id to an "
                        "admin.", error_id=error_id)
    try:
        await reply(interaction, message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not report an error to the member", exc_info=True)


def _describe(interaction: Interaction) -> str:
    command = interaction.command.qualified_name if interaction.command else None
    custom_id = (interaction.data or {}).get("custom_id") if interaction.data else None
    return f"guild={interaction.guild_id} user={interaction.user.id} command={command} custom_id={custom_id}"


async def timezone_autocomplete(_: Interaction, current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=z, value=z) for z in suggest_zones(current)]


async def meeting_autocomplete(interaction: Interaction, current: str) -> list[app_commands.Choice[int]]:
    """Any meeting of the server matching what was typed (live first, then upcoming, then the rest, latest first)."""
    if interaction.guild_id is None:
        return []
    meetings = await interaction.client.services.meetings.search(interaction.guild_id, current, limit=25)
    return [app_commands.Choice(name=m.label()[:100], value=m.id) for m in meetings]


async def messageable(bot: discord.Client, channel_id: int) -> discord.abc.Messageable:
    """A channel to post in, from the cache or fetched."""
    channel = bot.get_channel(channel_id) or await bot.fetch_channel(channel_id)
    if not isinstance(channel, discord.abc.Messageable):
        raise RuntimeError(f"channel {channel_id} cannot take messages")
    return channel


def files_for(files: Sequence[OutFile]) -> list[discord.File]:
    """What a service produced (name and bytes) as files Discord can attach."""
    return [file_for(f) for f in files]


def file_for(file: OutFile) -> discord.File:
    """One file a service or renderer produced, as Discord attaches it."""
    return discord.File(io.BytesIO(file.data), filename=file.filename)
