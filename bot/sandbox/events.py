"""Guild scheduled events: CRUD with Discord's validation rules, dispatched to the gateway."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .limits import FormErrors
from .messages import ApiError
from .objects import GUILD_VOICE, ScheduledEvent
from .routes import Req, Result, guild_of, route
from .state import Guild

if TYPE_CHECKING:
    from .server import StandIn

Json = dict[str, Any]


# -- scheduled events ---------------------------------------------------------------------------------
def _parse_time(err: FormErrors, key: str, value: Any) -> datetime | None:
    if value is None:
        return None
    try:
        ts = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        err.add([key], "DATE_TIME_TYPE_PARSE", "Could not parse the date/time.")
        return None
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


def _validate_event(st: StandIn, guild: Guild, data: Json, *, creating: bool) -> Json:
    err = FormErrors()
    name = data.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 100:
        err.add(["name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
    err.max_len(["description"], data.get("description"), 1000)
    if data.get("privacy_level", 2) != 2:
        err.add(["privacy_level"], "BASE_TYPE_CHOICES", "Value must be one of {2}.")
    entity_type = data.get("entity_type")
    start = _parse_time(err, "scheduled_start_time", data.get("scheduled_start_time"))
    end = _parse_time(err, "scheduled_end_time", data.get("scheduled_end_time"))
    if start is None and "scheduled_start_time" not in err.errors:
        err.add(["scheduled_start_time"], "BASE_TYPE_REQUIRED", "This field is required")
    elif start is not None and creating and start <= st.now():
        err.add(["scheduled_start_time"], "GUILD_SCHEDULED_EVENT_SCHEDULED_START_TIME_IN_PAST",
                "Cannot schedule event in the past.")
    if start is not None and end is not None and end <= start:
        err.add(["scheduled_end_time"], "GUILD_SCHEDULED_EVENT_END_BEFORE_START",
                "Cannot schedule event to end before starting.")
    if entity_type in (1, 2):
        ch = guild.channels.get(int(data.get("channel_id") or 0))
        if ch is None:
            err.add(["channel_id"], "BASE_TYPE_REQUIRED", "This field is required")
        elif ch.type not in (GUILD_VOICE, 13):
            err.add(["channel_id"], "GUILD_SCHEDULED_EVENT_INVALID_CHANNEL_TYPE", "Invalid channel type")
    elif entity_type == 3:
        location = (data.get("entity_metadata") or {}).get("location")
        if not isinstance(location, str) or not 1 <= len(location) <= 100:
            err.add(["entity_metadata", "location"], "BASE_TYPE_REQUIRED", "This field is required")
        if end is None:
            err.add(["scheduled_end_time"], "BASE_TYPE_REQUIRED", "This field is required")
        if data.get("channel_id") is not None:
            err.add(["channel_id"], "GUILD_SCHEDULED_EVENT_CHANNEL_NOT_ALLOWED",
                    "External events must not have a channel")
    else:
        err.add(["entity_type"], "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3}.")
    if err:
        raise ApiError.form(err)
    if data.get("channel_id") is not None:
        data["channel_id"] = str(data["channel_id"])  # clients may send ints; Discord answers strings
    return data


EVENT_FIELDS = ("name", "description", "channel_id", "entity_type", "entity_metadata", "privacy_level",
                "scheduled_start_time", "scheduled_end_time", "status", "recurrence_rule")


@route("GET", "/guilds/{guild_id}/scheduled-events")
async def list_events(st: StandIn, req: Req) -> Result:
    return 200, [e.to_json() for e in guild_of(st, req).scheduled_events.values()]


@route("POST", "/guilds/{guild_id}/scheduled-events")
async def create_event(st: StandIn, req: Req) -> Result:
    guild = guild_of(st, req)
    data = {k: req.json[k] for k in EVENT_FIELDS if k in req.json and k != "status"}
    data.setdefault("privacy_level", 2)
    _validate_event(st, guild, data, creating=True)
    ev = ScheduledEvent(id=st.world.ids.next(), guild_id=guild.id, creator=st.bot_user, data=data)
    guild.scheduled_events[ev.id] = ev
    st.event_log.append(("create", ev.to_json()))
    await st.gateway.dispatch("GUILD_SCHEDULED_EVENT_CREATE", ev.to_json(), guild_id=guild.id)
    st.changed()
    return 200, ev.to_json()


def event_of(st: StandIn, req: Req) -> tuple[Guild, ScheduledEvent]:
    guild = guild_of(st, req)
    return guild, req.find(guild.scheduled_events, "guild_scheduled_event_id", "Guild Scheduled Event", 10070)


@route("GET", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}")
async def get_event(st: StandIn, req: Req) -> Result:
    return 200, event_of(st, req)[1].to_json()


_STATUS_MOVES = {1: {2, 4}, 2: {3}}


@route("PATCH", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}")
async def patch_event(st: StandIn, req: Req) -> Result:
    guild, ev = event_of(st, req)
    current = ev.to_json()
    patch = {k: req.json[k] for k in EVENT_FIELDS if k in req.json}
    status = patch.pop("status", None)
    if status is not None and status != current["status"] and status not in _STATUS_MOVES.get(current["status"], ()):
        raise ApiError(400, 180000, "Cannot update event status")
    merged = {k: current.get(k) for k in EVENT_FIELDS if k != "status"} | patch
    if merged.get("entity_type") == 3 and "channel_id" not in patch:
        merged["channel_id"] = None
    _validate_event(st, guild, merged, creating="scheduled_start_time" in patch)
    ev.data.update(patch | {"channel_id": merged.get("channel_id")})
    if status is not None:
        ev.data["status"] = status
    st.event_log.append(("update", ev.to_json()))
    await st.gateway.dispatch("GUILD_SCHEDULED_EVENT_UPDATE", ev.to_json(), guild_id=guild.id)
    st.changed()
    return 200, ev.to_json()


@route("DELETE", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}")
async def delete_event(st: StandIn, req: Req) -> Result:
    guild, ev = event_of(st, req)
    del guild.scheduled_events[ev.id]
    st.event_log.append(("delete", ev.to_json()))
    await st.gateway.dispatch("GUILD_SCHEDULED_EVENT_DELETE", ev.to_json(), guild_id=guild.id)
    st.changed()
    return 204, None
