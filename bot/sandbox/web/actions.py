"""What a visitor of the web client can do as a member: each action is a `SimMember` call, so the bot receives
exactly what Discord would send for that click, selection, form or command."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..access import visible_to
from ..harness import SimMember
from ..objects import DM, GUILD_VOICE, Channel, Message, walk_components
from ..options import (
    ATTACHMENT,
    BOOLEAN,
    INTEGER,
    NUMBER,
    STRING,
    SandboxError,
    find_command,
)
from ..replies import InteractionTimeout, Reply

if TYPE_CHECKING:
    from ..runner import Sandbox

Json = dict[str, Any]
TIMEOUT = 15.0  # seconds the page waits for the bot's answer (Discord gives up after 3 s without one)
LOCALES = ("en-US", "en-GB", "fr", "es-ES", "es-419", "ru", "zh-CN")
ADVANCES = {"hour": timedelta(hours=1), "day": timedelta(days=1)}


class Refused(Exception):
    """What the visitor asked cannot be done; the message says why, in the words of a Discord client."""


@dataclass
class Pending:
    """A form the bot opened for a member, waiting to be filled in."""

    member_id: int
    reply: Reply


def _text(value: Any, what: str, limit: int = 4000) -> str:
    if not isinstance(value, str):
        raise Refused(f"{what} must be text")
    if len(value) > limit:
        raise Refused(f"{what} is longer than {limit} characters")
    return value


def convert_option(decl: Json, value: Any) -> Any:
    """The value typed into an option field, as the type the command declared (None: left empty)."""
    kind, name = decl["type"], decl["name"]
    if value is None or value == "":
        return None
    try:
        if kind == INTEGER:
            return int(str(value).strip())
        if kind == NUMBER:
            return float(str(value).strip())
    except ValueError:
        wanted = "a whole number" if kind == INTEGER else "a number"
        hint = " (pick one of the suggestions)" if decl.get("autocomplete") else ""
        raise Refused(f"“{name}” needs {wanted}{hint}.") from None
    if kind == BOOLEAN:
        return value is True or str(value).lower() == "true"
    if kind == ATTACHMENT:
        if not isinstance(value, dict):
            raise Refused(f"“{name}” needs a file")
        try:
            data = base64.b64decode(str(value.get("data", "")), validate=True)
        except (binascii.Error, ValueError):
            raise Refused(f"“{name}”: the file could not be read") from None
        return (_text(value.get("filename") or "file", "the file name", 200), data, value.get("content_type"))
    if kind == STRING:
        return _text(value, f"“{name}”", 6000)
    return str(value)  # a member, role, channel or mentionable: its id


class Actions:
    """The member actions behind the web client's API, on one sandbox."""

    def __init__(self, sandbox: Sandbox, zones: dict[int, str],
                 on_join: Callable[[SimMember, str], Awaitable[None]] | None = None) -> None:
        self.sandbox = sandbox
        self.standin = sandbox.standin
        self.zones = zones
        self.on_join = on_join
        self.pending: dict[int, Pending] = {}

    # -- lookups --------------------------------------------------------------------------------------------
    def member(self, body: Json) -> SimMember:
        try:
            member = self.sandbox.guild.member(int(str(body.get("member"))))
        except (KeyError, ValueError):
            raise Refused("That member is not in the server any more.") from None
        return self.sandbox.member(member.name)

    def channel(self, who: SimMember, body: Json) -> Channel:
        try:
            ch = self.standin.world.channels[int(str(body.get("channel")))]
        except (KeyError, ValueError):
            raise Refused("That channel does not exist any more.") from None
        if ch.type == DM:
            if who.member.user not in ch.recipients:
                raise Refused("That is someone else's conversation.")
        elif not visible_to(who.member, ch):
            raise Refused(f"{who.name} cannot see #{ch.name}.")
        return ch

    def message(self, who: SimMember, body: Json) -> Message:
        msg = self.standin.world.messages.get(int(str(body.get("message") or 0)))
        if msg is None or msg.deleted:
            raise Refused("That message was deleted.")
        self.channel(who, {"channel": msg.channel_id})
        return msg

    # -- answers --------------------------------------------------------------------------------------------
    def answer(self, who: SimMember, reply: Reply) -> Json:
        """What the page does next: open the form the bot sent, or nothing (the answer arrives as messages)."""
        modal = reply.modal
        if modal is None:
            return {"ok": True}
        self.pending[reply.interaction.id] = Pending(who.id, reply)
        inputs = []
        for c in modal.inputs():
            inputs.append({k: c.get(k) for k in ("type", "custom_id", "label", "style", "placeholder", "value",
                                                 "required", "min_length", "max_length", "options",
                                                 "min_values", "max_values", "description")})
        return {"ok": True, "modal": {"id": str(reply.interaction.id), "title": modal.title, "inputs": inputs}}

    async def run(self, who: SimMember, call: Awaitable[Reply]) -> Json:
        try:
            reply = await call
        except InteractionTimeout:
            raise Refused("The application did not respond.") from None
        return self.answer(who, reply)

    # -- actions --------------------------------------------------------------------------------------------
    async def slash(self, body: Json) -> Json:
        who = self.member(body)
        ch = self.channel(who, body)
        command = _text(body.get("command"), "the command", 100)
        _, decl, _ = find_command(self.standin, self.sandbox.guild, command, 1)
        given = body.get("options") or {}
        by_name = {o["name"]: o for o in decl}
        values = {k: convert_option(by_name[k], v) for k, v in given.items() if k in by_name}
        values = {k: v for k, v in values.items() if v is not None}
        return await self.run(who, who.slash(command, channel=ch if ch.type != DM else None, dm=ch.type == DM,
                                             options=values, timeout=TIMEOUT))

    async def autocomplete(self, body: Json) -> Json:
        who = self.member(body)
        ch = self.channel(who, body)
        command = _text(body.get("command"), "the command", 100)
        option = _text(body.get("option"), "the option", 100)
        _, decl, _ = find_command(self.standin, self.sandbox.guild, command, 1)
        by_name = {o["name"]: o for o in decl}
        others: Json = {}
        for key, value in (body.get("options") or {}).items():
            if key in by_name and key != option:
                try:
                    converted = convert_option(by_name[key], value)
                except Refused:
                    continue  # half-typed: Discord sends only what it can read
                if converted is not None and by_name[key]["type"] != ATTACHMENT:
                    others[key] = converted
        try:
            choices = await who.autocomplete(command, option, _text(body.get("value", ""), "the text"),
                                             channel=ch, timeout=TIMEOUT, **others)
        except InteractionTimeout:
            raise Refused("Loading options failed.") from None
        return {"ok": True, "choices": choices}

    async def click(self, body: Json) -> Json:
        who = self.member(body)
        msg = self.message(who, body)
        return await self.run(who, who.click(msg, _component(msg, body, {2}), timeout=TIMEOUT))

    async def select(self, body: Json) -> Json:
        who = self.member(body)
        msg = self.message(who, body)
        values = body.get("values")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise Refused("Pick the options to send.")
        return await self.run(who, who.select(msg, _component(msg, body, {3, 5, 6, 7, 8}), values,
                                              timeout=TIMEOUT))

    async def submit(self, body: Json) -> Json:
        who = self.member(body)
        pending = self.pending.get(int(str(body.get("modal") or 0)))
        if pending is None or pending.member_id != who.id:
            raise Refused("This form is closed; open it again.")
        values = body.get("values")
        if not isinstance(values, dict):
            raise Refused("The form is empty.")
        del self.pending[pending.reply.interaction.id]
        return await self.run(who, who.submit_modal(pending.reply, values, timeout=TIMEOUT))

    async def app_command(self, body: Json) -> Json:
        who = self.member(body)
        msg = self.message(who, body)
        name = _text(body.get("name"), "the command", 100)
        return await self.run(who, who.message_command(name, msg, timeout=TIMEOUT))

    async def say(self, body: Json) -> Json:
        who = self.member(body)
        ch = self.channel(who, body)
        text = _text(body.get("text"), "The message", 2000).strip()
        if not text:
            raise Refused("The message is empty.")
        if ch.type == DM:
            await who.dm(text)
        else:
            await who.say(ch, text)
        return {"ok": True}

    async def voice(self, body: Json) -> Json:
        who = self.member(body)
        if body.get("channel") is None:
            await who.leave_voice()
            return {"ok": True}
        ch = self.channel(who, body)
        if ch.type != GUILD_VOICE:
            raise Refused(f"#{ch.name} is not a voice channel.")
        await who.leave_voice()
        await who.join_voice(ch)
        return {"ok": True}

    async def time(self, body: Json) -> Json:
        clock = self.sandbox.clock
        if clock is None:
            raise Refused("This server runs on the wall clock; time cannot be moved.")
        step = body.get("step")
        if step == "next":
            due = clock.next_due()
            if due is None:
                raise Refused("Nothing is scheduled.")
            await clock.advance_to(max(due, clock.now()))
        elif step in ADVANCES:
            await clock.advance_by(ADVANCES[str(step)])
        else:
            raise Refused("Advance by an hour, a day, or to the next reminder.")
        self.standin.changed()
        return {"ok": True, "now": clock.now().isoformat()}

    async def join(self, body: Json) -> Json:
        """A new member joins the server with the roles, time zone and language the visitor chose."""
        guild = self.sandbox.guild
        name = " ".join(_text(body.get("name"), "The name", 64).split())
        if not 2 <= len(name) <= 32:
            raise Refused("A name has 2 to 32 characters.")
        if any(name in (m.name, m.user.username) for m in guild.members.values()):
            raise Refused(f"{name} is already a member; pick another name.")
        roles = body.get("roles") or []
        allowed = {r.name for r in guild.roles.values() if not r.managed and r.id != guild.id}
        if not isinstance(roles, list) or not set(roles) <= allowed:
            raise Refused(f"Roles are some of {', '.join(sorted(allowed))}.")
        zone = _zone(str(body.get("zone") or "UTC"))
        locale = str(body.get("locale") or "en-US")
        if locale not in LOCALES:
            raise Refused(f"Languages: {', '.join(LOCALES)}.")
        joined = await self.sandbox.join(name, roles)
        joined.locale = locale
        self.zones[joined.id] = zone
        if self.on_join is not None:
            await self.on_join(joined, zone)
        self.standin.changed()
        return {"ok": True, "member": str(joined.id)}

    async def settings(self, body: Json) -> Json:
        """The member's Discord client settings: language (sent with every interaction) and time zone."""
        who = self.member(body)
        if "locale" in body:
            if body["locale"] not in LOCALES:
                raise Refused(f"Languages: {', '.join(LOCALES)}.")
            who.locale = str(body["locale"])
        if "zone" in body:
            self.zones[who.id] = _zone(str(body["zone"]))
        self.standin.changed()
        return {"ok": True}


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Refused(f"{name} is not a time zone (e.g. Europe/Berlin).") from None
    return name


def _component(msg: Message, body: Json, types: set[int]) -> str:
    cid = body.get("custom_id")
    for comp in walk_components(msg.components):
        if comp.get("type") in types and comp.get("custom_id") == cid:
            if comp.get("disabled"):
                raise Refused("This control is disabled.")
            return str(cid)
    raise Refused("That control is no longer on the message.")


def refuse(exc: Exception) -> str:
    """The sentence the page shows for a refused action."""
    if isinstance(exc, Refused | SandboxError):
        return str(exc)
    return f"Something went wrong: {exc}"
