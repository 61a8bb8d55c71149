"""The REST route table of the stand-in: the request a handler receives, the `route` decorator that
registers handlers, and the lookups they share (channel, message, guild of a path)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from multidict import MultiMapping

from .messages import ApiError, Upload, not_found
from .objects import Channel, Message

if TYPE_CHECKING:
    from .server import StandIn
    from .state import Guild

Json = dict[str, Any]
T = TypeVar("T")


@dataclass
class Req:
    method: str
    path: str
    route: str
    params: dict[str, str]
    query: MultiMapping[str]
    body: Any = None
    uploads: list[Upload] = field(default_factory=list)

    def id(self, name: str) -> int:
        try:
            return int(self.params[name])
        except ValueError:
            raise ApiError(400, 50035, "Invalid Form Body",
                           {name: {"_errors": [{"code": "NUMBER_TYPE_COERCE",
                                                "message": "Value is not snowflake."}]}}) from None

    def find(self, table: Mapping[int, T], name: str, what: str, code: int) -> T:
        """The object whose id is the path parameter ``name``; Discord's 404 "Unknown <what>" if there is none."""
        found = table.get(self.id(name))
        if found is None:
            raise not_found(what, code)
        return found

    @property
    def json(self) -> Json:
        return self.body if isinstance(self.body, dict) else {}


Result = tuple[int, Any]
Handler = Callable[["StandIn", Req], Awaitable[Result]]
ROUTES: list[tuple[str, str, Handler]] = []


def route(method: str, *templates: str) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        for t in templates:
            ROUTES.append((method, t, fn))
        return fn
    return deco


def channel_of(st: StandIn, req: Req) -> Channel:
    return req.find(st.world.channels, "channel_id", "Channel", 10003)


def message_of(st: StandIn, req: Req, channel: Channel) -> Message:
    msg = st.world.messages.get(req.id("message_id"))
    if msg is None or msg.deleted or msg.channel_id != channel.id or msg.ephemeral:
        raise not_found("Message", 10008)
    return msg


def guild_of(st: StandIn, req: Req) -> Guild:
    return req.find(st.world.guilds, "guild_id", "Guild", 10004)
