"""Interaction callbacks (`/interactions/{id}/{token}/callback`) and interaction webhooks."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .limits import check_choices, check_modal
from .messages import ApiError, build_message, edit_message, not_found
from .objects import FLAG_EPHEMERAL, FLAG_LOADING, Message, User
from .routes import Req, Result, route

if TYPE_CHECKING:
    from .server import StandIn

Json = dict[str, Any]

# Interaction types and callback types (interactions-receiving-and-responding.mdx).
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
PONG, CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 1, 4, 5, 6, 7
AUTOCOMPLETE_RESULT, MODAL = 8, 9
FOLLOWUP_TOKEN_TTL = 15 * 60.0

_ALLOWED: dict[int, set[int]] = {
    PONG: {PING},
    CHANNEL_MESSAGE: {APPLICATION_COMMAND, MESSAGE_COMPONENT, MODAL_SUBMIT},
    DEFERRED_MESSAGE: {APPLICATION_COMMAND, MESSAGE_COMPONENT, MODAL_SUBMIT},
    DEFERRED_UPDATE: {MESSAGE_COMPONENT, MODAL_SUBMIT},
    UPDATE_MESSAGE: {MESSAGE_COMPONENT, MODAL_SUBMIT},
    AUTOCOMPLETE_RESULT: {AUTOCOMPLETE},
    MODAL: {APPLICATION_COMMAND, MESSAGE_COMPONENT},
}


@dataclass
class InteractionRecord:
    """One interaction sent to the bot and everything the bot answered to it."""

    id: int
    token: str
    type: int
    payload: Json
    user: User
    channel_id: int
    guild_id: int | None
    source_message_id: int | None = None
    created: float = field(default_factory=time.monotonic)
    callback_type: int | None = None
    callback_data: Json | None = None
    callback_at: float | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    edits: int = 0
    late: bool = False
    errors: list[Json] = field(default_factory=list)

    @property
    def acknowledged(self) -> bool:
        return self.callback_type is not None

    @property
    def latency(self) -> float | None:
        """Seconds from dispatch to the callback."""
        return None if self.callback_at is None else self.callback_at - self.created


def _record(st: StandIn, req: Req) -> InteractionRecord:
    rec = st.interactions.get(req.id("interaction_id"))
    if rec is None or rec.token != req.params["interaction_token"]:
        raise not_found("interaction", 10062)
    return rec


def _message_meta(st: StandIn, rec: InteractionRecord) -> Json:
    return {"webhook_id": st.application_id, "application_id": st.application_id,
            "interaction_id": rec.id, "interaction_user": rec.user,
            "type": 20 if rec.type == APPLICATION_COMMAND else 0}


@route("POST", "/interactions/{interaction_id}/{interaction_token}/callback")
async def callback(st: StandIn, req: Req) -> Result:
    rec = _record(st, req)
    body = req.json
    ctype = body.get("type")
    data: Json = body.get("data") or {}
    _check_callback(st, rec, ctype)
    assert isinstance(ctype, int)
    message = _callback_message(st, req, rec, ctype, data)
    rec.callback_type, rec.callback_data, rec.callback_at = ctype, data, time.monotonic()
    st.callbacks.append(rec)
    if message is not None:
        if ctype == UPDATE_MESSAGE:
            await st.announce_edit(message)
        else:
            await st.announce_message(message)
    else:
        st.changed()
    if req.query.get("with_response") not in ("1", "true", "True"):
        return 204, None
    answer: Json = {"interaction": {"id": str(rec.id), "type": rec.type,
                                    "response_message_loading": ctype == DEFERRED_MESSAGE,
                                    "response_message_ephemeral": bool(message and message.ephemeral)}}
    if message is not None:
        answer["interaction"]["response_message_id"] = str(message.id)
    if message is not None and ctype in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
        # Discord only describes a resource for message-creating/updating callbacks.
        answer["resource"] = {"type": ctype, "message": message.to_json()}
    return 200, answer


def _check_callback(st: StandIn, rec: InteractionRecord, ctype: object) -> None:
    """Refuse a second answer, a late one, and a callback type the interaction does not allow."""
    if rec.acknowledged:
        rec.errors.append({"code": 40060, "callback_type": ctype})  # tests look for a second answer here
        st.changed()
        raise ApiError(400, 40060, "Interaction has already been acknowledged.")
    if time.monotonic() - rec.created > st.ack_deadline:
        rec.late = True
        st.changed()
        raise not_found("interaction", 10062)
    if not isinstance(ctype, int) or rec.type not in _ALLOWED.get(ctype, set()):
        raise ApiError(400, 40043 if isinstance(ctype, int) else 50035,
                       f"Interaction callback type {ctype} is not valid for interaction type {rec.type}")


def _callback_message(st: StandIn, req: Req, rec: InteractionRecord, ctype: int, data: Json) -> Message | None:
    """The message a callback creates or edits (None for deferred updates, autocomplete and forms)."""
    message: Message | None = None
    if ctype == CHANNEL_MESSAGE:
        message = build_message(st.world, st.base_url, channel_id=rec.channel_id, guild_id=rec.guild_id,
                                author=st.bot_user, payload=data, uploads=req.uploads, **_message_meta(st, rec))
        rec.original_message_id = message.id
    elif ctype == DEFERRED_MESSAGE:
        # The "thinking..." message; its ephemeral flag is fixed here for good.
        flags = (int(data.get("flags") or 0) & FLAG_EPHEMERAL) | FLAG_LOADING
        message = st.world.store_message(Message(id=st.world.ids.next(), channel_id=rec.channel_id,
                                                 guild_id=rec.guild_id, author=st.bot_user, flags=flags,
                                                 **_message_meta(st, rec)))
        rec.original_message_id = message.id
    elif ctype in (DEFERRED_UPDATE, UPDATE_MESSAGE):
        rec.original_message_id = rec.source_message_id
        if ctype == UPDATE_MESSAGE:
            source = st.world.messages.get(rec.source_message_id or 0)
            if source is None or source.deleted:
                raise not_found("Message", 10008)
            message = edit_message(st.world, st.base_url, source, data, req.uploads)
    elif ctype in (AUTOCOMPLETE_RESULT, MODAL):
        err = check_choices(data) if ctype == AUTOCOMPLETE_RESULT else check_modal(data)
        if err:
            raise ApiError.form(err)
    return message


def _webhook_record(st: StandIn, req: Req) -> InteractionRecord:
    rec = st.by_token.get(req.params["webhook_token"])
    if rec is None or req.id("webhook_id") != st.application_id:
        raise not_found("Webhook", 10015)
    if not rec.acknowledged or time.monotonic() - rec.created > FOLLOWUP_TOKEN_TTL:
        raise not_found("Webhook", 10015)
    return rec


def _webhook_message(st: StandIn, req: Req, rec: InteractionRecord) -> Message:
    mid = req.params.get("message_id", "@original")
    wanted = rec.original_message_id if mid == "@original" else int(mid)
    allowed = {rec.original_message_id, *rec.followup_ids}
    msg = st.world.messages.get(wanted or 0)
    if msg is None or msg.deleted or wanted not in allowed:
        raise not_found("Message", 10008)
    return msg


@route("POST", "/webhooks/{webhook_id}/{webhook_token}")
async def followup(st: StandIn, req: Req) -> Result:
    rec = _webhook_record(st, req)
    original = st.world.messages.get(rec.original_message_id or 0)
    if rec.callback_type == DEFERRED_MESSAGE and original is not None and original.loading:
        # Discord: the first follow-up after a deferred response replaces the "thinking..." message.
        edit_message(st.world, st.base_url, original, req.json, req.uploads)
        rec.followup_ids.append(original.id)
        await st.announce_edit(original)
        msg = original
    else:
        msg = build_message(st.world, st.base_url, channel_id=rec.channel_id, guild_id=rec.guild_id,
                            author=st.bot_user, payload=req.json, uploads=req.uploads,
                            **(_message_meta(st, rec) | {"type": 0}))
        rec.followup_ids.append(msg.id)
        await st.announce_message(msg)
    if req.query.get("wait") in ("1", "true", "True"):
        return 200, msg.to_json()
    return 204, None


@route("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
       "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
async def get_webhook_message(st: StandIn, req: Req) -> Result:
    rec = _webhook_record(st, req)
    return 200, _webhook_message(st, req, rec).to_json()


@route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
       "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
async def edit_webhook_message(st: StandIn, req: Req) -> Result:
    rec = _webhook_record(st, req)
    msg = _webhook_message(st, req, rec)
    edit_message(st.world, st.base_url, msg, req.json, req.uploads)
    rec.edits += 1
    await st.announce_edit(msg)
    return 200, msg.to_json()


@route("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
       "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
async def delete_webhook_message(st: StandIn, req: Req) -> Result:
    rec = _webhook_record(st, req)
    await st.announce_delete(_webhook_message(st, req, rec))
    return 204, None
