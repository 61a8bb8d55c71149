"""Building `data.options` / `data.resolved` of a command from the registered command tree."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .access import permissions_in
from .objects import Attachment, Channel, Member, Role, User
from .state import Guild

if TYPE_CHECKING:
    from .server import StandIn

Json = dict[str, Any]

# Application command option types.
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN = 1, 2, 3, 4, 5
USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 6, 7, 8, 9, 10, 11


class SandboxError(Exception):
    """A test asked for something a Discord user could not do (unknown command, missing option...)."""


def find_command(st: StandIn, guild: Guild, command: str, ctype: int) -> tuple[Json, list[Json], list[str]]:
    """(command, option declarations of the leaf, [group, sub] path) for "name group sub"."""
    words = command.strip().lstrip("/").split() if ctype == 1 else [command]
    registered = [c for c in st.commands(guild) if c.get("type", 1) == ctype]
    if not registered:
        raise SandboxError("the bot registered no commands of this type: did it sync its command tree?")
    cmd = next((c for c in registered if c["name"] == words[0]), None)
    if cmd is None:
        raise SandboxError(f"unknown command {command!r}; registered: {sorted(c['name'] for c in registered)}")
    decl: list[Json] = cmd.get("options") or []
    path: list[str] = []
    for word in words[1:]:
        sub = next((o for o in decl if o["name"] == word and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)), None)
        if sub is None:
            subs = [o["name"] for o in decl if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
            raise SandboxError(f"/{' '.join([words[0], *path])} has no subcommand {word!r}; it has {subs}")
        path.append(word)
        decl = sub.get("options") or []
    if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in decl):
        subs = [o["name"] for o in decl]
        raise SandboxError(f"{command!r} needs a subcommand: one of {subs}")
    return cmd, decl, path


def resolve_member(guild: Guild, ref: Any) -> Member:
    member = getattr(ref, "member", None)  # a SimMember
    if isinstance(member, Member):
        return member
    if isinstance(ref, Member | User | int | str):
        try:
            return guild.member(ref)
        except KeyError:
            raise SandboxError(f"no member {ref!r} in {guild.name!r}") from None
    raise SandboxError(f"cannot use {ref!r} as a member")


def _add_member(resolved: Json, m: Member) -> str:
    key = str(m.id)
    resolved.setdefault("users", {})[key] = m.user.to_json()
    resolved.setdefault("members", {})[key] = m.to_json(with_user=False) | {"permissions": str(m.permissions)}
    return key


def _add_role(resolved: Json, r: Role) -> str:
    resolved.setdefault("roles", {})[str(r.id)] = r.to_json()
    return str(r.id)


def _value(st: StandIn, guild: Guild, decl: Json, value: Any, resolved: Json, member: Member | None) -> Any:
    kind, name = decl["type"], decl["name"]
    if kind == STRING:
        value = str(value)
        if len(value) > decl.get("max_length", 6000) or len(value) < decl.get("min_length", 0):
            raise SandboxError(f"option {name!r}: length {len(value)} outside the declared bounds")
    elif kind == INTEGER:
        value = int(value)
    elif kind == NUMBER:
        value = float(value)
    elif kind == BOOLEAN:
        value = bool(value)
    elif kind == USER:
        return _add_member(resolved, resolve_member(guild, value))
    elif kind == ROLE:
        return _add_role(resolved, guild.role(value.id if isinstance(value, Role) else value))
    elif kind == MENTIONABLE:
        if isinstance(value, Role):
            return _add_role(resolved, value)
        try:
            return _add_member(resolved, resolve_member(guild, value))
        except SandboxError:
            return _add_role(resolved, guild.role(value))
    elif kind == CHANNEL:
        ch = guild.channel(value.id if isinstance(value, Channel) else value)
        allowed = decl.get("channel_types")
        if allowed and ch.type not in allowed:
            raise SandboxError(f"option {name!r} accepts channel types {allowed}, not {ch.type}")
        # Discord resolves a channel option with the invoking member's permissions in it.
        perms = permissions_in(member, ch) if member is not None else (1 << 41) - 1
        resolved.setdefault("channels", {})[str(ch.id)] = {
            "id": str(ch.id), "name": ch.name, "type": ch.type, "permissions": str(perms),
            "parent_id": None, "flags": 0}
        return str(ch.id)
    elif kind == ATTACHMENT:
        return _attachment(st, value, resolved)
    too_low = "min_value" in decl and value < decl["min_value"]
    if kind in (INTEGER, NUMBER) and (too_low or ("max_value" in decl and value > decl["max_value"])):
        raise SandboxError(f"option {name!r}: {value} outside [{decl.get('min_value')}, {decl.get('max_value')}]")
    choices = decl.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise SandboxError(f"option {name!r} must be one of {[c['value'] for c in choices]}, not {value!r}")
    return value


def _attachment(st: StandIn, value: Any, resolved: Json) -> str:
    if isinstance(value, Attachment):
        filename, data, ctype = value.filename, value.data, value.content_type
    else:
        filename, data = value[0], value[1]
        ctype = value[2] if len(value) > 2 else None
    att_id = st.world.ids.next()
    att = Attachment(id=att_id, filename=filename, data=bytes(data), content_type=ctype or _guess(filename),
                     url=f"{st.base_url}/attachments/0/{att_id}/{filename}")
    st.world.uploads[att_id] = att
    resolved.setdefault("attachments", {})[str(att_id)] = att.to_json() | {"ephemeral": True}
    return str(att_id)


def _guess(filename: str) -> str:
    import mimetypes

    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def build_options(st: StandIn, guild: Guild, decl: list[Json], values: dict[str, Any], resolved: Json, *,
                  command: str, focused: str | None = None, member: Member | None = None) -> list[Json]:
    """Typed option list in declaration order; `focused` marks the autocomplete option."""
    by_name = {o["name"]: o for o in decl}
    given: dict[str, Any] = {}
    for key, value in values.items():
        name = key if key in by_name else key.replace("_", "-") if key.replace("_", "-") in by_name else None
        if name is None:
            raise SandboxError(f"/{command} has no option {key!r}; options: {list(by_name)}")
        given[name] = value
    missing = [o["name"] for o in decl if o.get("required") and o["name"] not in given]
    if missing and focused is None:
        raise SandboxError(f"/{command} requires options {missing}")
    out: list[Json] = []
    for o in decl:
        if o["name"] not in given or given[o["name"]] is None:
            continue
        if o["name"] == focused:
            # While typing, Discord sends the raw text of the focused option.
            out.append({"name": o["name"], "type": o["type"], "value": str(given[o["name"]]), "focused": True})
            continue
        out.append({"name": o["name"], "type": o["type"],
                    "value": _value(st, guild, o, given[o["name"]], resolved, member)})
    return out


def command_data(cmd: Json, path: list[str], opts: list[Json], resolved: Json) -> Json:
    # Nest the options under SUB_COMMAND_GROUP (2) / SUB_COMMAND (1) entries along `path`.
    for name, kind in reversed(list(zip(path, _kinds(cmd, path), strict=True))):
        opts = [{"name": name, "type": kind, "options": opts}]
    data: Json = {"id": cmd["id"], "name": cmd["name"], "type": 1, "options": opts}
    if resolved:
        data["resolved"] = resolved
    if cmd.get("guild_id"):
        data["guild_id"] = cmd["guild_id"]
    return data


def _kinds(cmd: Json, path: list[str]) -> list[int]:
    kinds, opts = [], cmd.get("options") or []
    for name in path:
        opt = next(o for o in opts if o["name"] == name)
        kinds.append(opt["type"])
        opts = opt.get("options") or []
    return kinds
