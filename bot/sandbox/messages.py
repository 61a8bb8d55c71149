"""Turning create/edit payloads into recorded messages (attachments, mentions, edit history)."""

from __future__ import annotations

import copy
import itertools
import re
import time
from dataclasses import dataclass
from typing import Any

from .limits import FormErrors, check_message, is_empty_message
from .objects import Attachment, Message, User, walk_components
from .state import World

Json = dict[str, Any]
_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


class ApiError(Exception):
    """An error answer in Discord's shape."""

    def __init__(self, status: int, code: int, message: str, errors: Json | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body: Json = {"message": message, "code": code}
        if errors is not None:
            self.body["errors"] = errors

    @classmethod
    def form(cls, err: FormErrors) -> ApiError:
        return cls(400, 50035, "Invalid Form Body", err.errors)


def not_found(what: str, code: int) -> ApiError:
    return ApiError(404, code, f"Unknown {what}")


@dataclass
class Upload:
    """A `files[n]` part of a multipart body."""

    index: int
    filename: str
    data: bytes
    content_type: str | None


def _attachments(world: World, base_url: str, payload: Json, uploads: list[Upload],
                 existing: list[Attachment], channel_id: int) -> list[Attachment]:
    """Keep the listed existing attachments, add the uploads (matched by `attachments[].id`)."""
    meta = {str(a.get("id")): a for a in payload.get("attachments") or [] if isinstance(a, dict)}
    out = [a for a in existing if str(a.id) in meta] if "attachments" in payload else list(existing)
    for up in uploads:
        info = meta.get(str(up.index), {})
        att_id = world.ids.next()
        filename = info.get("filename") or up.filename
        att = Attachment(id=att_id, filename=filename, data=up.data, content_type=up.content_type,
                         description=info.get("description"),
                         url=f"{base_url}/attachments/{channel_id}/{att_id}/{filename}")
        world.uploads[att_id] = att
        out.append(att)
    return out


def _mentions(world: World, msg: Message, allowed: Json | None) -> None:
    """Resolve mentions in the content the way `allowed_mentions` lets them through."""
    parse = set(allowed.get("parse", [])) if allowed is not None else {"users", "roles", "everyone"}
    users_ok = {str(u) for u in (allowed or {}).get("users", [])}
    roles_ok = {str(r) for r in (allowed or {}).get("roles", [])}
    msg.mentions = [world.users[int(uid)] for uid in dict.fromkeys(_USER_MENTION.findall(msg.content))
                    if int(uid) in world.users and ("users" in parse or uid in users_ok)]
    msg.mention_roles = [int(rid) for rid in dict.fromkeys(_ROLE_MENTION.findall(msg.content))
                         if "roles" in parse or rid in roles_ok]
    msg.mention_everyone = "everyone" in parse and ("@everyone" in msg.content or "@here" in msg.content)


def build_message(world: World, base_url: str, *, channel_id: int, guild_id: int | None, author: User,
                  payload: Json, uploads: list[Upload], **meta: Any) -> Message:
    """Validate a create payload and record the message (not yet dispatched)."""
    err = check_message(payload, n_files=len(uploads))
    if err:
        raise ApiError.form(err)
    if is_empty_message(payload, len(uploads)):
        raise ApiError(400, 50006, "Cannot send an empty message")
    msg = Message(
        id=world.ids.next(), channel_id=channel_id, guild_id=guild_id, author=author,
        content=payload.get("content") or "", embeds=_embeds(payload.get("embeds")),
        components=number_components(payload.get("components")),
        allowed_mentions=_normalise_mentions(payload.get("allowed_mentions")),
        flags=int(payload.get("flags") or 0), nonce=payload.get("nonce"),
        message_reference=payload.get("message_reference"), **meta,
    )
    if msg.message_reference:
        msg.type = 19
    msg.attachments = _attachments(world, base_url, payload, uploads, [], channel_id)
    _mentions(world, msg, msg.allowed_mentions)
    return world.store_message(msg)


def edit_message(world: World, base_url: str, msg: Message, payload: Json, uploads: list[Upload]) -> Message:
    """Apply a PATCH; the previous version goes to `msg.history`."""
    err = check_message(payload, n_files=len(uploads), creating=False)
    if err:
        raise ApiError.form(err)
    msg.history.append(msg.to_json())
    if "content" in payload:
        msg.content = payload["content"] or ""
    if "embeds" in payload:
        msg.embeds = _embeds(payload["embeds"])
    if "components" in payload:
        msg.components = number_components(payload["components"])
    if "flags" in payload and payload["flags"] is not None:
        # Only SUPPRESS_EMBEDS / IS_COMPONENTS_V2 may change; ephemeral stays what it was.
        msg.flags = (msg.flags & (1 << 6)) | (int(payload["flags"]) & ~(1 << 6))
    if "allowed_mentions" in payload:
        msg.allowed_mentions = _normalise_mentions(payload["allowed_mentions"])
    if "attachments" in payload or uploads:
        msg.attachments = _attachments(world, base_url, payload, uploads, msg.attachments, msg.channel_id)
    msg.flags &= ~(1 << 7)  # an edit ends the "thinking..." state of a deferred response
    msg.edited_timestamp = world.now().isoformat()
    msg.edit_wall_times.append(time.monotonic())
    _mentions(world, msg, msg.allowed_mentions)
    return msg


def _normalise_mentions(allowed: Any) -> Json | None:
    """allowed_mentions as recorded: user/role ids as strings (clients may send ints)."""
    if not isinstance(allowed, dict):
        return None
    out = dict(allowed)
    for key in ("users", "roles"):
        if isinstance(out.get(key), list):
            out[key] = [str(i) for i in out[key]]
    return out


def number_components(components: Any) -> list[Json]:
    """Copy of the components with Discord's response defaults: a unique int `id` on each, select bounds."""
    out = copy.deepcopy(list(components or []))
    used = {c["id"] for c in walk_components(out) if isinstance(c.get("id"), int)}
    counter = itertools.count(1)
    for c in walk_components(out):
        if not isinstance(c.get("id"), int):
            c["id"] = next(i for i in counter if i not in used)
        if c.get("type") in (3, 5, 6, 7, 8):
            c.setdefault("min_values", 1)
            c.setdefault("max_values", 1)
    return out


def _embeds(embeds: Any) -> list[Json]:
    out = []
    for e in embeds or []:
        e = dict(e)
        e.setdefault("type", "rich")
        out.append(e)
    return out
