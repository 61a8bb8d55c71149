"""Rate-limit buckets, Discord's size limits (400 / 50035) and fault injection."""

from __future__ import annotations

import fnmatch
import hashlib
import math
import re
import time
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]


# -- rate limits ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    """`limit` requests per `per` seconds, per major parameter (channel, guild or webhook)."""

    method: str
    route: str
    limit: int
    per: float


@dataclass
class RateLimitConfig:
    """Per-route limits; `enabled=False` turns every bucket off (load tests)."""

    enabled: bool = True
    default_limit: int = 50
    default_per: float = 1.0
    message_create: tuple[int, float] = (5, 5.0)
    message_edit: tuple[int, float] = (5, 5.0)
    webhook_edit: tuple[int, float] = (5, 5.0)
    global_limit: int | None = None  # e.g. 50 per second; None leaves the global bucket off

    def rules(self) -> list[Rule]:
        out = [
            Rule("POST", "/channels/{channel_id}/messages", *self.message_create),
            Rule("PATCH", "/channels/{channel_id}/messages/{message_id}", *self.message_edit),
        ]
        for path in ("/webhooks/{webhook_id}/{webhook_token}/messages/@original",
                     "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"):
            out.append(Rule("PATCH", path, *self.webhook_edit))
        return out


@dataclass
class _Bucket:
    limit: int
    per: float
    reset_at: float = 0.0
    used: int = 0


@dataclass
class Verdict:
    allowed: bool
    headers: dict[str, str]
    retry_after: float = 0.0
    is_global: bool = False


class RateLimiter:
    """Fixed-window buckets keyed by (route bucket, major parameter), like Discord's."""

    def __init__(self, config: RateLimitConfig) -> None:
        self.config = config
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        self._global = _Bucket(config.global_limit or 0, 1.0)

    def _rule(self, method: str, route: str) -> tuple[int, float]:
        for rule in self.config.rules():
            if rule.method == method and rule.route == route:
                return rule.limit, rule.per
        return self.config.default_limit, self.config.default_per

    @staticmethod
    def bucket_hash(method: str, route: str) -> str:
        return hashlib.sha1(f"{method} {route}".encode()).hexdigest()[:16]

    def check(self, method: str, route: str, major: str) -> Verdict:
        """Consume one request from the bucket; a refused request consumes nothing."""
        now = time.time()
        if not self.config.enabled:
            return Verdict(True, {})
        if self.config.global_limit:
            g = self._global
            g.limit = self.config.global_limit
            if now >= g.reset_at:
                g.reset_at, g.used = now + g.per, 0
            if g.used >= g.limit:
                return Verdict(False, {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"},
                               round(g.reset_at - now, 3), is_global=True)
            g.used += 1
        limit, per = self._rule(method, route)
        bucket_id = self.bucket_hash(method, route)
        b = self._buckets.setdefault((bucket_id, major), _Bucket(limit, per))
        if now >= b.reset_at:
            b.reset_at, b.used = now + b.per, 0
        reset_after = max(b.reset_at - now, 0.001)
        headers = {
            "X-RateLimit-Limit": str(b.limit),
            "X-RateLimit-Reset": f"{b.reset_at:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket_id,
        }
        if b.used >= b.limit:
            headers["X-RateLimit-Remaining"] = "0"
            headers["X-RateLimit-Scope"] = "user"
            return Verdict(False, headers, round(reset_after, 3))
        b.used += 1
        headers["X-RateLimit-Remaining"] = str(b.limit - b.used)
        return Verdict(True, headers)


def too_many_requests_body(retry_after: float, is_global: bool = False) -> Json:
    return {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}


def retry_after_header(retry_after: float) -> str:
    return str(max(1, math.ceil(retry_after)))


# -- faults -----------------------------------------------------------------------------------------
@dataclass
class Fault:
    method: str | None
    pattern: str
    status: int | None
    count: int | None
    delay: float
    retry_after: float
    is_global: bool
    hits: int = 0
    # Handle the request first and only then wait `delay` before answering: a response that may never
    # arrive although Discord acted on the request (the caller cannot tell whether it happened).
    late_answer: bool = False

    def matches(self, method: str, route: str, path: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        return self.pattern == route or fnmatch.fnmatchcase(path, self.pattern)

    @property
    def exhausted(self) -> bool:
        return self.count is not None and self.hits >= self.count


@dataclass
class Faults:
    """Fault injection; gateway faults are wired in by the StandIn (`drop_gateway`, ...)."""

    rules: list[Fault] = field(default_factory=list)
    _gateway: Any = None

    def inject(self, route: str, *, method: str | None = None, status: int | None = 500,
               count: int | None = 1, delay: float = 0.0, retry_after: float = 0.05,
               is_global: bool = False, late_answer: bool = False) -> Fault:
        """Answer the next `count` matching requests with `status` after `delay` seconds.

        `route` is a route template ("/channels/{channel_id}/messages"), a glob on the
        concrete path ("/channels/*/messages"), optionally prefixed by a method ("POST /...").
        `status=None` only delays (slow responses); `count=None` never runs out; `late_answer=True` handles
        the request before the delay (with `status=None`), as when an answer is lost on its way back.
        """
        if " " in route:
            method, route = route.split(" ", 1)
        fault = Fault(method.upper() if method else None, route, status, count, delay, retry_after, is_global,
                      late_answer=late_answer)
        self.rules.append(fault)
        return fault

    def clear(self) -> None:
        self.rules.clear()

    def take(self, method: str, route: str, path: str) -> Fault | None:
        for fault in self.rules:
            if not fault.exhausted and fault.matches(method, route, path):
                fault.hits += 1
                return fault
        return None

    async def drop_gateway(self, code: int = 4000, *, shard_id: int | None = None) -> int:
        """Close gateway connections with `code`; returns how many were closed."""
        return int(await self._gateway.drop(code, shard_id=shard_id))

    async def send_reconnect(self, *, shard_id: int | None = None) -> int:
        """Send op 7 RECONNECT to the connected clients."""
        return int(await self._gateway.send_reconnect(shard_id=shard_id))

    async def invalidate_session(self, resumable: bool = False, *, shard_id: int | None = None) -> int:
        """Send op 9 INVALID_SESSION; resumable=False forces a fresh IDENTIFY."""
        return int(await self._gateway.invalidate(resumable, shard_id=shard_id))


# -- size limits ------------------------------------------------------------------------------------
class FormErrors:
    """Collects errors in Discord's nested `errors` shape."""

    def __init__(self) -> None:
        self.errors: Json = {}

    def add(self, path: list[str | int], code: str, message: str) -> None:
        node = self.errors
        for key in path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def max_len(self, path: list[str | int], value: Any, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def max_items(self, path: list[str | int], value: Any, limit: int) -> None:
        if isinstance(value, list) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def body(self) -> Json:
        return {"code": 50035, "message": "Invalid Form Body", "errors": self.errors}

    def __bool__(self) -> bool:
        return bool(self.errors)


def _slen(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def _embed_size(embed: Json) -> int:
    total = _slen(embed.get("title")) + _slen(embed.get("description"))
    total += _slen((embed.get("footer") or {}).get("text")) + _slen((embed.get("author") or {}).get("name"))
    for f in embed.get("fields") or []:
        total += _slen(f.get("name")) + _slen(f.get("value"))
    return total


def check_embeds(err: FormErrors, embeds: Any, path: list[str | int]) -> None:
    if not isinstance(embeds, list):
        return
    err.max_items(path, embeds, 10)
    total = 0
    for i, e in enumerate(embeds):
        if not isinstance(e, dict):
            continue
        p: list[str | int] = [*path, i]
        err.max_len([*p, "title"], e.get("title"), 256)
        err.max_len([*p, "description"], e.get("description"), 4096)
        err.max_len([*p, "footer", "text"], (e.get("footer") or {}).get("text"), 2048)
        err.max_len([*p, "author", "name"], (e.get("author") or {}).get("name"), 256)
        fields = e.get("fields") or []
        err.max_items([*p, "fields"], fields, 25)
        for j, f in enumerate(fields):
            err.max_len([*p, "fields", j, "name"], f.get("name"), 256)
            err.max_len([*p, "fields", j, "value"], f.get("value"), 1024)
            for key in ("name", "value"):
                if not f.get(key):
                    err.add([*p, "fields", j, key], "BASE_TYPE_REQUIRED", "This field is required")
        total += _embed_size(e)
    if total > 6000:
        err.add(path, "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")


def check_components(err: FormErrors, comps: Any, path: list[str | int], *, v2: bool = False) -> None:
    if not isinstance(comps, list):
        return
    if not v2:
        err.max_items(path, comps, 5)
    for i, row in enumerate(comps):
        if not isinstance(row, dict):
            continue
        children = row.get("components") if row.get("type") == 1 else None
        if isinstance(children, list):
            if len(children) > 5:
                err.add([*path, i, "components"], "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
            if any(c.get("type") in (3, 5, 6, 7, 8) for c in children) and len(children) > 1:
                err.add([*path, i, "components"], "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                        "The specified component exceeds the maximum width")
            for j, c in enumerate(children):
                check_component(err, c, [*path, i, "components", j])
        else:
            check_component(err, row, [*path, i])


def check_component(err: FormErrors, c: Json, path: list[str | int]) -> None:
    err.max_len([*path, "custom_id"], c.get("custom_id"), 100)
    err.max_len([*path, "placeholder"], c.get("placeholder"), 150)
    if c.get("type") == 2:
        err.max_len([*path, "label"], c.get("label"), 80)
    if c.get("type") == 3:
        options = c.get("options") or []
        err.max_items([*path, "options"], options, 25)
        for k, o in enumerate(options):
            for key in ("label", "value", "description"):
                err.max_len([*path, "options", k, key], o.get(key), 100)
    for key in ("components", "items"):
        if isinstance(c.get(key), list):
            for k, child in enumerate(c[key]):
                if isinstance(child, dict):
                    check_component(err, child, [*path, key, k])
    for key in ("accessory", "component"):
        if isinstance(c.get(key), dict):
            check_component(err, c[key], [*path, key])


def check_message(payload: Json, *, n_files: int = 0, creating: bool = True) -> FormErrors:
    """Discord's limits on a message create/edit payload."""
    err = FormErrors()
    err.max_len(["content"], payload.get("content"), 2000)
    check_embeds(err, payload.get("embeds"), ["embeds"])
    v2 = bool((payload.get("flags") or 0) & (1 << 15))
    check_components(err, payload.get("components"), ["components"], v2=v2)
    attachments = payload.get("attachments") or []
    if n_files > 10 or len(attachments) > 10:
        err.add(["attachments" if len(attachments) > 10 else "files"], "BASE_TYPE_MAX_LENGTH",
                "Must be 10 or fewer in length.")
    return err


def is_empty_message(payload: Json, n_files: int) -> bool:
    return not (payload.get("content") or payload.get("embeds") or payload.get("components")
                or n_files or payload.get("sticker_ids") or payload.get("poll"))


def check_modal(data: Json) -> FormErrors:
    err = FormErrors()
    p: list[str | int] = ["data"]
    err.max_len([*p, "title"], data.get("title"), 45)
    err.max_len([*p, "custom_id"], data.get("custom_id"), 100)
    comps = data.get("components") or []
    if not 1 <= len(comps) <= 5:
        err.add([*p, "components"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
    for i, row in enumerate(comps):
        inner = row.get("components") or ([row["component"]] if isinstance(row.get("component"), dict) else [])
        err.max_len([*p, "components", i, "label"], row.get("label"), 45)
        for j, c in enumerate(inner):
            q: list[str | int] = [*p, "components", i, "components", j]
            err.max_len([*q, "custom_id"], c.get("custom_id"), 100)
            err.max_len([*q, "label"], c.get("label"), 45)
            err.max_len([*q, "value"], c.get("value"), 4000)
            err.max_len([*q, "placeholder"], c.get("placeholder"), 100)
    return err


def check_choices(data: Json) -> FormErrors:
    err = FormErrors()
    choices = data.get("choices") or []
    err.max_items(["data", "choices"], choices, 25)
    for i, ch in enumerate(choices):
        err.max_len(["data", "choices", i, "name"], ch.get("name"), 100)
        err.max_len(["data", "choices", i, "value"], ch.get("value"), 100)
    return err


def check_commands(commands: list[Json]) -> FormErrors:
    """Limits on application commands (names, descriptions, option counts)."""
    err = FormErrors()

    def check_one(o: Json, path: list[str | int]) -> None:
        name = o.get("name", "")
        if not _NAME_RE.match(name) or name.lower() != name:
            err.add([*path, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if not 1 <= len(o.get("description", "")) <= 100:
            err.add([*path, "description"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
        err.max_items([*path, "choices"], o.get("choices"), 25)
        options = o.get("options") or []
        err.max_items([*path, "options"], options, 25)
        for j, sub in enumerate(options):
            check_one(sub, [*path, "options", j])

    if len([c for c in commands if c.get("type", 1) == 1]) > 100:
        err.add([], "APPLICATION_COMMANDS_TOO_MANY", "Maximum number of application commands reached (100)")
    for i, c in enumerate(commands):
        if c.get("type", 1) == 1:
            check_one(c, [i])
        elif not 1 <= len(c.get("name", "")) <= 32:
            err.add([i, "name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")
    return err


_NAME_RE = re.compile(r"^[-_'\w]{1,32}$")
