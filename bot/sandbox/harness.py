"""Simulated members: slash commands, clicks, selects, modals, voice, reactions and messages."""

# The harness API takes `timeout=` on purpose (tests read better than `async with timeout`).
# ruff: noqa: ASYNC109

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .access import interaction_payload, permissions_in, visible_to
from .channels import react
from .messages import build_message
from .objects import DM, PERM_CONNECT, PERM_VIEW_CHANNEL, Channel, Member, Message, Role, VoiceState, walk_components
from .options import SandboxError, build_options, command_data, find_command, resolve_member
from .replies import InteractionTimeout, Reply, message_of
from .state import Guild
from .webhooks import DEFERRED_MESSAGE, DEFERRED_UPDATE, InteractionRecord

if TYPE_CHECKING:
    from .server import StandIn

Json = dict[str, Any]


class SimMember:
    """A member of the guild who uses the bot like a person would."""

    def __init__(self, standin: StandIn, member: Member, channel: Channel, locale: str = "en-US") -> None:
        self.standin = standin
        self.member = member
        self.channel = channel
        self.locale = locale

    @property
    def id(self) -> int:
        return self.member.id

    @property
    def name(self) -> str:
        return self.member.name

    @property
    def mention(self) -> str:
        return self.member.mention

    @property
    def guild(self) -> Guild:
        return self.member.guild

    def __repr__(self) -> str:
        return f"<SimMember {self.name} {self.id}>"

    # -- interactions -----------------------------------------------------------------------------
    async def interact(self, itype: int, data: Json, *, channel: Channel | None = None,
                       message: Message | None = None, timeout: float = 5.0,
                       wait_update: bool = False) -> Reply:
        """Dispatch one INTERACTION_CREATE and wait for the bot's answer (see `Reply`)."""
        st = self.standin
        channel = channel or (st.world.channels[message.channel_id] if message else self.channel)
        if not visible_to(self.member, channel):
            raise SandboxError(f"{self.name} cannot see #{channel.name} (a private thread they were not added to, "
                               "or a channel they lack View Channel in)")
        guild_id = None if channel.type == DM else self.guild.id
        rec = InteractionRecord(id=st.world.ids.next(), token=f"sbx.{secrets.token_urlsafe(48)}", type=itype,
                                payload={}, user=self.member.user, channel_id=channel.id, guild_id=guild_id,
                                source_message_id=message.id if message else None)
        rec.payload = interaction_payload(st, self.member, rec, data, channel, message, self.locale)
        st.interactions[rec.id] = rec
        st.by_token[rec.token] = rec
        if not await st.gateway.dispatch("INTERACTION_CREATE", rec.payload, guild_id=guild_id, exclusive=True):
            raise SandboxError("no gateway session received the interaction: is the bot connected?")
        what = f"an answer to {_describe(itype, data)} from {self.name}"
        try:
            await st.wait_until(lambda: rec.acknowledged or rec.late, timeout, what)
        except TimeoutError as exc:
            raise InteractionTimeout(str(exc)) from None
        if rec.late:
            raise InteractionTimeout(f"the bot answered {_describe(itype, data)} after the "
                                     f"{st.ack_deadline}s deadline (Discord: 'This interaction failed')")
        reply = Reply(st, rec)
        if rec.callback_type == DEFERRED_MESSAGE:
            await self._settle(lambda: not (reply.message and reply.message.loading and not reply.message.deleted),
                               timeout, f"the follow-up of deferred {_describe(itype, data)}")
        elif rec.callback_type == DEFERRED_UPDATE and wait_update:
            source = st.world.messages.get(rec.source_message_id or 0)
            edits = source.edits if source else 0
            await self._settle(lambda: bool(rec.followup_ids) or (source is not None and source.edits > edits),
                               timeout, f"the update after {_describe(itype, data)}")
        reply.finished_at = time.monotonic()
        return reply

    async def _settle(self, predicate: Any, timeout: float, what: str) -> None:
        try:
            await self.standin.wait_until(predicate, timeout, what)
        except TimeoutError as exc:
            raise InteractionTimeout(str(exc)) from None

    async def slash(self, command: str, *, channel: Channel | str | None = None, timeout: float = 5.0,
                    options: dict[str, Any] | None = None, dm: bool = False, **kwargs: Any) -> Reply:
        """Run `/command [group] [sub]` with options given as keyword arguments (or `options=`); `dm`: in a
        direct message with the bot (as a globally registered command can be)."""
        cmd, decl, path = find_command(self.standin, self.guild, command, 1)
        values = (options or {}) | kwargs
        resolved: Json = {}
        opts = build_options(self.standin, self.guild, decl, values, resolved, command=command, member=self.member)
        data = command_data(cmd, path, opts, resolved)
        where = self.standin.world.dm_channel(self.standin.bot_user, self.member.user) if dm else self._channel(channel)
        return await self.interact(2, data, channel=where, timeout=timeout)

    async def replay(self, reply: Reply) -> None:
        """Deliver the INTERACTION_CREATE behind ``reply`` again, same id and token, to every gateway session (as a
        resumed session or a second process on the same shard may receive it)."""
        rec = reply.interaction
        await self.standin.gateway.dispatch("INTERACTION_CREATE", rec.payload, guild_id=rec.guild_id)

    async def autocomplete(self, command: str, option: str, value: str, *, channel: Channel | str | None = None,
                           timeout: float = 5.0, **kwargs: Any) -> list[Json]:
        """Type `value` into `option`; returns the choices the bot offered."""
        cmd, decl, path = find_command(self.standin, self.guild, command, 1)
        resolved: Json = {}
        opts = build_options(self.standin, self.guild, decl, kwargs | {option: value}, resolved,
                             command=command, focused=option, member=self.member)
        data = command_data(cmd, path, opts, resolved)
        reply = await self.interact(4, data, channel=self._channel(channel), timeout=timeout)
        return reply.choices or []

    async def click(self, message: Reply | Message, button: str, *, timeout: float = 5.0,
                    wait_update: bool = False) -> Reply:
        """Press a button found by label or custom_id (`wait_update`: wait after a deferred update)."""
        msg = message_of(message)
        comp = _find(msg, button, {2})
        if comp.get("disabled"):
            raise SandboxError(f"button {button!r} is disabled")
        if comp.get("style") == 5 or "custom_id" not in comp:
            raise SandboxError(f"button {button!r} is a link button; it sends no interaction")
        data = {"custom_id": comp["custom_id"], "component_type": 2}
        return await self.interact(3, data, message=msg, timeout=timeout, wait_update=wait_update)

    async def select(self, message: Reply | Message, select: str, values: Iterable[Any], *, timeout: float = 5.0,
                     wait_update: bool = False) -> Reply:
        """Pick `values` in a select found by custom_id or placeholder."""
        msg = message_of(message)
        comp = _find(msg, select, {3, 5, 6, 7, 8})
        chosen = [str(getattr(v, "id", v)) for v in values]
        lo, hi = comp.get("min_values", 1), comp.get("max_values", 1)
        if not lo <= len(chosen) <= hi:
            raise SandboxError(f"select {select!r} takes {lo}..{hi} values, got {len(chosen)}")
        if comp["type"] == 3:
            allowed = [o["value"] for o in comp.get("options", [])]
            bad = [v for v in chosen if v not in allowed]
            if bad:
                raise SandboxError(f"values {bad} are not options of {select!r} (options: {allowed})")
        data: Json = {"custom_id": comp["custom_id"], "component_type": comp["type"], "values": chosen}
        if comp["type"] != 3:
            data["resolved"] = _resolve_entities(self.standin, self.guild, chosen)
        return await self.interact(3, data, message=msg, timeout=timeout, wait_update=wait_update)

    async def submit_modal(self, reply: Reply, values: dict[str, Any], *, timeout: float = 5.0,
                           wait_update: bool = False) -> Reply:
        """Fill the modal the bot opened (keys: custom_id or label) and submit it."""
        modal = reply.modal
        if modal is None:
            raise SandboxError(f"{reply!r} is not a modal")
        rows = modal.submission(values)
        source = self.standin.world.messages.get(reply.interaction.source_message_id or 0)
        data = {"custom_id": modal.custom_id, "components": rows}
        channel = self.standin.world.channels[reply.interaction.channel_id]
        return await self.interact(5, data, channel=channel, message=source, timeout=timeout,
                                   wait_update=wait_update)

    async def message_command(self, name: str, message: Reply | Message, *, timeout: float = 5.0) -> Reply:
        """Right-click a message > Apps > `name`."""
        msg = message_of(message)
        cmd, _, _ = find_command(self.standin, self.guild, name, 3)
        data = {"id": cmd["id"], "name": cmd["name"], "type": 3, "target_id": str(msg.id),
                "resolved": {"messages": {str(msg.id): msg.to_json()}}}
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        return await self.interact(2, data, channel=self.standin.world.channels[msg.channel_id], timeout=timeout)

    async def user_command(self, name: str, target: Any, *, timeout: float = 5.0) -> Reply:
        """Right-click a member > Apps > `name`."""
        member = resolve_member(self.guild, target)
        cmd, _, _ = find_command(self.standin, self.guild, name, 2)
        resolved = _resolve_entities(self.standin, self.guild, [str(member.id)])
        data = {"id": cmd["id"], "name": cmd["name"], "type": 2, "target_id": str(member.id), "resolved": resolved}
        return await self.interact(2, data, timeout=timeout)

    def _channel(self, channel: Channel | str | None) -> Channel:
        if channel is None:
            return self.channel
        return self.guild.channel(channel)

    # -- presence and messages --------------------------------------------------------------------
    def permissions(self, channel: Channel | str) -> int:
        """This member's permissions in a channel, as Discord computes them from roles and overwrites."""
        return permissions_in(self.member, self.guild.channel(channel))

    async def join_voice(self, channel: Channel | str) -> None:
        """Join a voice channel (VOICE_STATE_UPDATE); refused, as the client would, without View Channel and Connect."""
        ch = self.guild.channel(channel)
        needed = PERM_VIEW_CHANNEL | PERM_CONNECT
        if self.permissions(ch) & needed != needed:
            raise SandboxError(f"{self.name} cannot connect to {ch.name}: missing the Connect permission there")
        state = VoiceState(self.member, ch, secrets.token_hex(16))
        self.guild.voice_states[self.id] = state
        await self.standin.gateway.dispatch("VOICE_STATE_UPDATE", state.to_json(guild_id=self.guild.id),
                                            guild_id=self.guild.id)
        self.standin.changed()

    async def leave_voice(self) -> None:
        state = self.guild.voice_states.pop(self.id, None)
        if state is None:
            return
        data = state.to_json(guild_id=self.guild.id) | {"channel_id": None}
        await self.standin.gateway.dispatch("VOICE_STATE_UPDATE", data, guild_id=self.guild.id)
        self.standin.changed()

    async def say(self, channel: Channel | str, text: str, *, reply_to: Message | None = None) -> Message:
        """Post a message as this member (MESSAGE_CREATE); message commands can target it."""
        ch = self.guild.channel(channel)
        if not visible_to(self.member, ch):
            raise SandboxError(f"{self.name} cannot see #{ch.name}: it is a private thread they were not added to")
        return await self._post(ch, text, self.guild.id, reply_to)

    async def dm(self, text: str) -> Message:
        """Send the bot a direct message."""
        ch = self.standin.world.dm_channel(self.standin.bot_user, self.member.user)
        return await self._post(ch, text, None, None)

    async def _post(self, ch: Channel, text: str, guild_id: int | None, reply_to: Message | None) -> Message:
        ref = {"message_id": str(reply_to.id), "channel_id": str(ch.id)} if reply_to else None
        msg = build_message(self.standin.world, self.standin.base_url, channel_id=ch.id, guild_id=guild_id,
                            author=self.member.user, payload={"content": text, "message_reference": ref},
                            uploads=[])
        await self.standin.announce_message(msg)
        return msg

    def close_dms(self, closed: bool = True) -> None:
        """Refuse (or accept again) direct messages from the bot: Discord then answers 403 / 50007."""
        if closed:
            self.standin.world.closed_dms.add(self.id)
        else:
            self.standin.world.closed_dms.discard(self.id)

    def dms(self) -> list[Message]:
        """What the bot sent this member by direct message, oldest first."""
        return self.standin.dms(self.member.user)

    async def react(self, message: Reply | Message, emoji: str, *, remove: bool = False) -> None:
        """Add (or remove) a reaction as this member (MESSAGE_REACTION_ADD/REMOVE)."""
        await react(self.standin, message_of(message), emoji, self.id, not remove)

    async def set_roles(self, roles: Iterable[Role | str]) -> None:
        """Change this member's roles (GUILD_MEMBER_UPDATE)."""
        self.member.roles = [self.guild.role(r) for r in roles]
        await self.standin.gateway.dispatch("GUILD_MEMBER_UPDATE", self.member.to_json()
                                            | {"guild_id": str(self.guild.id)}, guild_id=self.guild.id)
        self.standin.changed()

    async def leave_guild(self) -> None:
        """Leave the guild (GUILD_MEMBER_REMOVE)."""
        self.guild.members.pop(self.id, None)
        await self.standin.gateway.dispatch("GUILD_MEMBER_REMOVE", {"guild_id": str(self.guild.id),
                                            "user": self.member.user.to_json()}, guild_id=self.guild.id)
        self.standin.changed()


def _describe(itype: int, data: Json) -> str:
    if itype in (2, 4):
        return f"/{data.get('name')}" + "".join(f" {o['name']}" for o in data.get("options", [])
                                                  if o.get("type") in (1, 2))
    return f"component {data.get('custom_id')!r}"



def _find(msg: Message, key: str, types: set[int]) -> Json:
    comps = [c for c in walk_components(msg.components) if c.get("type") in types]
    for field_name in ("custom_id", "label", "placeholder"):
        for c in comps:
            if c.get(field_name) == key:
                return c
    seen = [c.get("label") or c.get("placeholder") or c.get("custom_id") for c in comps]
    raise SandboxError(f"no component {key!r} on message {msg.id}; it has: {seen}")


def _resolve_entities(st: StandIn, guild: Guild, ids: list[str]) -> Json:
    resolved: Json = {}
    for raw in ids:
        i = int(raw)
        if i in guild.members:
            m = guild.members[i]
            resolved.setdefault("users", {})[raw] = m.user.to_json()
            resolved.setdefault("members", {})[raw] = m.to_json(with_user=False) | {"permissions": str(m.permissions)}
        elif i in guild.roles:
            resolved.setdefault("roles", {})[raw] = guild.roles[i].to_json()
        elif i in guild.channels:
            ch = guild.channels[i]
            resolved.setdefault("channels", {})[raw] = {"id": raw, "name": ch.name, "type": ch.type,
                                                         "permissions": str((1 << 41) - 1)}
    return resolved
