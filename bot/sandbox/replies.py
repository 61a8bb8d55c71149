"""What the bot answers to a simulated member: the reply to one interaction and the modal it may open."""

# The harness API takes `timeout=` on purpose (tests read better than `async with timeout`).
# ruff: noqa: ASYNC109

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .objects import Attachment, Message
from .options import SandboxError
from .webhooks import MODAL, InteractionRecord

if TYPE_CHECKING:
    from .server import StandIn

Json = dict[str, Any]


class InteractionTimeout(SandboxError, TimeoutError):
    """The bot did not acknowledge (or did not follow up) in time."""


@dataclass
class Modal:
    custom_id: str
    title: str
    components: list[Json]

    def inputs(self) -> list[Json]:
        """Text inputs and selects of the modal, each with its `label` filled in."""
        out: list[Json] = []
        for top in self.components:
            if top.get("type") == 18 and isinstance(top.get("component"), dict):
                out.append(top["component"] | {"label": top.get("label")})
            for child in top.get("components", []) if top.get("type") == 1 else []:
                out.append(child)
        return out

    def submission(self, values: dict[str, Any]) -> list[Json]:
        """The rows Discord sends when the modal is submitted with ``values`` (keys: custom_id or label);
        refused as the client would refuse it (unknown field, required field empty, length out of bounds)."""
        known = {c.get("custom_id"): c for c in self.inputs()}
        by_label = {c.get("label"): c.get("custom_id") for c in self.inputs()}
        filled: dict[str | None, Any] = {}
        for key, value in values.items():
            cid = key if key in known else by_label.get(key)
            if cid is None:
                raise SandboxError(f"modal {self.title!r} has no field {key!r}; fields: {list(by_label)}")
            filled[cid] = value
        rows = []
        for top in self.components:
            inner = [top["component"]] if top.get("type") == 18 else top.get("components", [])
            subs = [sub for c in inner if (sub := _submitted(c, filled)) is not None]
            if top.get("type") == 18 and subs:
                rows.append({"type": 18, "component": subs[0]})
            elif subs:
                rows.append({"type": 1, "components": subs})
        return rows


def _submitted(c: Json, filled: dict[str | None, Any]) -> Json | None:
    value = filled.get(c.get("custom_id"), c.get("value", ""))
    if c.get("type") == 4:
        value = str(value)
        if c.get("required", True) and not value:
            raise SandboxError(f"modal field {c.get('label') or c['custom_id']!r} is required")
        if len(value) > c.get("max_length", 4000) or len(value) < c.get("min_length", 0):
            raise SandboxError(f"modal field {c['custom_id']!r}: length {len(value)} out of bounds")
        return {"type": 4, "custom_id": c["custom_id"], "value": value}
    if c.get("custom_id"):
        vals = value if isinstance(value, list) else [value] if value else []
        return {"type": c["type"], "custom_id": c["custom_id"], "values": [str(v) for v in vals]}
    return None


class Reply:
    """What the bot answered to one interaction; message fields read the live recorded message."""

    def __init__(self, standin: StandIn, record: InteractionRecord) -> None:
        self.standin = standin
        self.interaction = record
        self.finished_at = time.monotonic()

    @property
    def type(self) -> int | None:
        return self.interaction.callback_type

    @property
    def message(self) -> Message | None:
        mid = self.interaction.original_message_id
        return self.standin.world.messages.get(mid) if mid else None

    @property
    def message_id(self) -> int | None:
        return self.message.id if self.message else None

    @property
    def channel_id(self) -> int | None:
        return self.message.channel_id if self.message else None

    @property
    def content(self) -> str:
        return self.message.content if self.message else ""

    @property
    def embeds(self) -> list[Json]:
        return self.message.embeds if self.message else []

    @property
    def components(self) -> list[Json]:
        return self.message.components if self.message else []

    @property
    def attachments(self) -> list[Attachment]:
        return self.message.attachments if self.message else []

    @property
    def ephemeral(self) -> bool:
        return bool(self.message and self.message.ephemeral)

    @property
    def modal(self) -> Modal | None:
        data = self.interaction.callback_data or {}
        if self.type != MODAL:
            return None
        return Modal(data.get("custom_id", ""), data.get("title", ""), data.get("components", []))

    @property
    def choices(self) -> list[Json] | None:
        return (self.interaction.callback_data or {}).get("choices") if self.type == 8 else None

    @property
    def followups(self) -> list[Message]:
        ids = [i for i in self.interaction.followup_ids if i != self.interaction.original_message_id]
        return [self.standin.world.messages[i] for i in ids]

    @property
    def latency(self) -> float:
        """Seconds from dispatching the interaction to the answer the harness waited for."""
        return self.finished_at - self.interaction.created

    def text(self) -> str:
        """Content plus embed titles/descriptions/fields: handy for `in` assertions."""
        parts = [self.content]
        for e in self.embeds:
            parts += [e.get("title") or "", e.get("description") or ""]
            parts += [f"{f.get('name')}\n{f.get('value')}" for f in e.get("fields") or []]
        return "\n".join(p for p in parts if p)

    async def wait_followup(self, count: int = 1, timeout: float = 5.0) -> Message:
        """Until the bot has sent `count` follow-ups; returns the last."""
        await self.standin.wait_until(lambda: len(self.followups) >= count, timeout, "a follow-up")
        return self.followups[count - 1]

    def __repr__(self) -> str:
        return f"<Reply type={self.type} ephemeral={self.ephemeral} content={self.content[:60]!r}>"


def message_of(ref: Reply | Message) -> Message:
    msg = ref.message if isinstance(ref, Reply) else ref
    if msg is None:
        raise SandboxError(f"{ref!r} has no message to interact with")
    return msg
