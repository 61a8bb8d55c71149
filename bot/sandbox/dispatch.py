"""The REST front door of the stand-in: finds the handler of a request, checks the bot's token, injects
faults, applies rate limits, validates bodies against Discord's OpenAPI spec, and records what it answered."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import application, channels, events, guilds, schema, threads, voice, webhooks
from .limits import Fault, retry_after_header, too_many_requests_body
from .messages import ApiError, Upload
from .routes import ROUTES, Handler, Req

if TYPE_CHECKING:
    from .server import StandIn

log = logging.getLogger(__name__)
Json = dict[str, Any]
_WEBHOOK_ROUTE = re.compile(r"^/(webhooks|interactions)/")


@dataclass
class Stats:
    requests: int = 0
    rate_limited: int = 0
    errors: int = 0
    by_route: Counter[str] = field(default_factory=Counter)


@dataclass
class RequestLog:
    method: str
    path: str
    route: str
    status: int
    body: Any


def _compile(template: str) -> re.Pattern[str]:
    parts = [f"(?P<{seg[1:-1]}>[^/]+)" if seg.startswith("{") else re.escape(seg) for seg in template.split("/")]
    return re.compile("^" + "/".join(parts) + "$")


# Literal segments win over parameters (/messages/pins vs /messages/{message_id}).
_TABLE: list[tuple[str, str, re.Pattern[str], Handler]] = sorted(
    ((m, t, _compile(t), h) for m, t, h in ROUTES), key=lambda r: r[1].count("{"))
_ = (application, channels, events, guilds, threads, voice, webhooks)  # importing them registers their routes


def _route(method: str, path: str) -> tuple[str, re.Match[str], Handler] | None:
    for m, template, regex, handler in _TABLE:
        if m == method and (match := regex.match(path)):
            return template, match, handler
    return None


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py checks for exactly "application/json"; Via marks answers as Discord's own.
    hdrs = {"Via": "1.1 google"} | (headers or {})
    if body is None:
        return web.Response(status=status, headers=hdrs)
    return web.Response(status=status, body=json.dumps(body), content_type="application/json", headers=hdrs)


async def unknown(st: StandIn, request: web.Request) -> web.Response:
    st.unknown_routes.append((request.method, request.path))
    return json_response(404, {"message": "404: Not Found", "code": 0})


async def cdn(st: StandIn, request: web.Request) -> web.Response:
    att = st.world.uploads.get(int(request.match_info["attachment_id"]))
    if att is None:
        return web.Response(status=404, text="not found")
    return web.Response(body=att.data, content_type=att.content_type or "application/octet-stream")


async def _parse_body(request: web.Request) -> tuple[Any, list[Upload]]:
    ctype = request.content_type
    if ctype == "multipart/form-data":
        body: Any = None
        uploads: list[Upload] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            name = getattr(part, "name", None) or ""
            data = await part.read()  # type: ignore[union-attr]
            if name == "payload_json":
                body = json.loads(data)
            elif m := re.fullmatch(r"files\[(\d+)\]|file(\d*)", name):
                index = int(m.group(1) or m.group(2) or 0)
                uploads.append(Upload(index, getattr(part, "filename", None) or f"file{index}", bytes(data),
                                      part.headers.get("Content-Type")))
        return body, uploads
    raw = await request.read()
    if not raw:
        return None, []
    try:
        return json.loads(raw), []
    except ValueError:
        raise ApiError(400, 50109, "The request body contains invalid JSON.") from None


class _Call:
    """One API request on its way through the front door; `finish` records and renders its answer."""

    def __init__(self, st: StandIn, method: str, path: str, template: str) -> None:
        self.st, self.method, self.path, self.template = st, method, path, template

    def finish(self, status: int, body: Any, headers: dict[str, str] | None = None) -> web.Response:
        if status >= 400:
            self.st.stats.errors += 1
        self.st.requests.append(RequestLog(self.method, self.path, self.template, status, body))
        return json_response(status, body, headers)

    def too_many(self, retry_after: float, is_global: bool, headers: dict[str, str]) -> web.Response:
        self.st.stats.rate_limited += 1
        return self.finish(429, too_many_requests_body(retry_after, is_global), headers)

    async def injected(self, fault: Fault) -> web.Response | None:
        """The answer an injected fault replaces the handler's with, if it does."""
        if fault.delay and not fault.late_answer:
            await asyncio.sleep(fault.delay)
        if fault.status == 429:
            headers = {"Retry-After": retry_after_header(fault.retry_after),
                       "X-RateLimit-Scope": "global" if fault.is_global else "user"}
            if fault.is_global:
                headers["X-RateLimit-Global"] = "true"
            return self.too_many(fault.retry_after, fault.is_global, headers)
        if fault.status is not None:
            return self.finish(fault.status, {"message": f"{fault.status}: injected fault", "code": 0})
        return None

    def check_schema(self, kind: str, check: Callable[[schema.OpenAPI], list[str]]) -> None:
        api = schema.load()
        if api is None:
            return
        for problem in check(api):
            log.warning("sandbox schema violation (%s) %s %s: %s", kind, self.method, self.path, problem)
            self.st.schema_violations.append((f"{kind} {self.method} {self.path}", problem))


def _major(params: dict[str, str]) -> str:
    """The top-level resource a rate-limit bucket is keyed by."""
    return params.get("channel_id") or params.get("guild_id") or (
        f"{params.get('webhook_id')}:{params.get('webhook_token')}" if "webhook_id" in params
        else params.get("interaction_id", "")) or ""


async def serve_api(st: StandIn, request: web.Request) -> web.Response:
    path = "/" + request.match_info["tail"]
    method = request.method
    found = _route(method, path)
    if found is None:
        st.unknown_routes.append((method, path))
        return json_response(404, {"message": "404: Not Found", "code": 0})
    template, match, handler = found
    call = _Call(st, method, path, template)
    st.stats.requests += 1
    st.stats.by_route[f"{method} {template}"] += 1
    params = match.groupdict()
    if not _WEBHOOK_ROUTE.match(path) and not request.headers.get("Authorization", "").startswith("Bot "):
        return call.finish(401, {"message": "401: Unauthorized", "code": 0})
    fault = st.faults.take(method, template, path)
    if fault is not None and (answer := await call.injected(fault)) is not None:
        return answer
    verdict = st.limiter.check(method, template, _major(params))
    if not verdict.allowed:
        headers = verdict.headers | {"Retry-After": retry_after_header(verdict.retry_after)}
        return call.too_many(verdict.retry_after, verdict.is_global, headers)
    try:
        body, uploads = await _parse_body(request)
        if st.validate and body is not None:
            call.check_schema("request", lambda api: api.validate_request(method, path, body))
        status, out = await handler(st, Req(method, path, template, params, request.query, body, uploads))
    except ApiError as exc:
        status, out = exc.status, exc.body
    if fault is not None and fault.late_answer and fault.delay:
        await asyncio.sleep(fault.delay)
    if st.validate_responses and out is not None and 200 <= status < 300:
        call.check_schema("response", lambda api: api.validate_response(method, path, status, out))
    return call.finish(status, out, verdict.headers)
