"""Reading each section of the configuration: types, ranges and the key named in every error."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from bot.config.schema import (
    DEFAULT_AGENDA_TEMPLATE,
    DEFAULT_DATABASE_URL,
    AgendaConfig,
    BotConfig,
    ChannelNames,
    ConfigError,
    DatabaseConfig,
    DiscordEndpoint,
    DraftingConfig,
    MeetingConfig,
    ParticipationConfig,
    PollConfig,
    ReminderConfig,
    RoleNames,
    WebConfig,
)
from bot.config.shards import read_shards
from bot.domain.diversity import DEFAULT_REGIONS
from bot.domain.zones import resolve_zone

_DURATION = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$")


def parse_duration(text: str, key: str = "duration") -> timedelta:
    """Parse ``"1d 2h 30m 10s"`` style durations (any subset, in that order)."""
    match = _DURATION.match(text)
    if not text.strip() or not match or not any(match.groups()):
        raise ConfigError(key, f"{text!r} is not a duration; use forms like '24h', '90m', '1d 2h'")
    days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


class _Section:
    """Typed reads from one TOML table, with errors naming the full key."""

    def __init__(self, data: dict[str, Any], prefix: str, allowed: set[str]) -> None:
        self.data = data
        self.prefix = prefix
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise ConfigError(f"{prefix}.{unknown[0]}", f"unknown key; allowed keys: {', '.join(sorted(allowed))}")

    def key(self, name: str) -> str:
        return f"{self.prefix}.{name}"

    def get(self, name: str, kind: type, default: Any) -> Any:
        if name not in self.data:
            return default
        value = self.data[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(self.key(name), f"expected {kind.__name__}, got {type(value).__name__} {value!r}")
        return value

    def duration(self, name: str, default: timedelta) -> timedelta:
        if name not in self.data:
            return default
        return parse_duration(str(self.data[name]), self.key(name))

    def durations(self, name: str, default: tuple[timedelta, ...]) -> tuple[timedelta, ...]:
        if name not in self.data:
            return default
        value = self.data[name]
        if not isinstance(value, list):
            raise ConfigError(self.key(name), "expected a list of durations such as [\"24h\", \"1h\"]")
        return tuple(parse_duration(str(v), self.key(name)) for v in value)

    def strings(self, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
        if name not in self.data:
            return default
        value = self.data[name]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(self.key(name), "expected a list of strings")
        return tuple(value)

    def ints(self, name: str, default: tuple[int, ...] | None) -> tuple[int, ...] | None:
        if name not in self.data:
            return default
        value = self.data[name]
        if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            raise ConfigError(self.key(name), "expected a list of integer ids")
        return tuple(value)


def read_table(raw: dict[str, Any], name: str, allowed: set[str]) -> _Section:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(name, "expected a table")
    return _Section(value, name, allowed)


def check_timezone(name: str, key: str) -> str:
    """The zone's IANA name, read as the commands read it ("Europe/Geneva" and "geneva" are Europe/Zurich)."""
    zone = resolve_zone(name)
    if zone is None:
        raise ConfigError(key, f"{name!r} is not a time zone; use an IANA name such as 'Europe/Zurich' "
                               "or 'America/New_York'")
    return zone




def read_bot(raw: dict[str, Any], env: Mapping[str, str]) -> BotConfig:
    b = read_table(raw, "bot", {"guild_ids", "default_timezone", "log_level", "group_name", "shard_count",
                   "shard_ids", "forget_on_leave"})
    log_level = b.get("log_level", str, "INFO").upper()
    if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ConfigError("bot.log_level", f"{log_level!r} not allowed; use DEBUG, INFO, WARNING or ERROR")
    shard_count, shard_ids = read_shards(b, env)
    return BotConfig(
        token=env.get("DISCORD_TOKEN") or None,
        guild_ids=b.ints("guild_ids", ()) or (),
        default_timezone=check_timezone(b.get("default_timezone", str, "UTC"), "bot.default_timezone"),
        log_level=log_level,
        group_name=b.get("group_name", str, None),
        shard_count=shard_count,
        shard_ids=shard_ids,
        forget_on_leave=b.get("forget_on_leave", bool, False),
    )


def read_database(raw: dict[str, Any], env: Mapping[str, str]) -> DatabaseConfig:
    d = read_table(raw, "database", {"url", "echo", "write_wait", "cache_ttl"})
    url = env.get("CONVENER_DATABASE_URL") or d.get("url", str, DEFAULT_DATABASE_URL)
    if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        raise ConfigError("database.url", f"{url!r} not supported; use sqlite+aiosqlite:///path.db "
                          "or postgresql+asyncpg://user@host/db")
    write_wait = d.duration("write_wait", DatabaseConfig.write_wait)
    if not timedelta(0) < write_wait <= timedelta(minutes=10):
        raise ConfigError("database.write_wait", "must be more than 0 s and at most 10 minutes (the time Discord "
                          "leaves to answer is 15 minutes)")
    cache_ttl = timedelta(0) if str(d.data.get("cache_ttl")).strip() == "0" \
        else d.duration("cache_ttl", DatabaseConfig.cache_ttl)
    if cache_ttl > timedelta(minutes=5):
        raise ConfigError("database.cache_ttl", "must be at most 5 minutes (0 turns the cache off)")
    return DatabaseConfig(url=url, echo=d.get("echo", bool, False), write_wait=write_wait, cache_ttl=cache_ttl)


def read_discord(raw: dict[str, Any], env: Mapping[str, str]) -> DiscordEndpoint:
    e = read_table(raw, "discord", {"api_base", "gateway_url"})
    api_base = env.get("CONVENER_API_BASE") or e.get("api_base", str, None)
    gateway_url = env.get("CONVENER_GATEWAY_URL") or e.get("gateway_url", str, None)
    if api_base and not api_base.startswith(("http://", "https://")):
        raise ConfigError("discord.api_base", f"{api_base!r} must be an http(s) URL ending in /api/v10")
    if gateway_url and not gateway_url.startswith(("ws://", "wss://")):
        raise ConfigError("discord.gateway_url", f"{gateway_url!r} must be a ws:// or wss:// URL")
    return DiscordEndpoint(api_base=api_base, gateway_url=gateway_url)


def read_roles(raw: dict[str, Any]) -> RoleNames:
    r = read_table(raw, "roles", {"chair", "secretariat", "member", "observer"})
    return RoleNames(**{k: r.get(k, str, getattr(RoleNames, k)) for k in ("chair", "secretariat", "member",
                                                                        "observer")})


def read_channels(raw: dict[str, Any]) -> ChannelNames:
    c = read_table(raw, "channels", {"announcements", "minutes"})
    return ChannelNames(announcements=c.get("announcements", str, "announcements"),
                            minutes=c.get("minutes", str, "minutes"))


def read_reminders(raw: dict[str, Any]) -> ReminderConfig:
    rm = read_table(raw, "reminders", {"meeting_offsets", "poll_last_call", "action_due", "grace_period", "lease",
                    "max_attempts", "poll_interval", "send_concurrency", *PERSONAL_KEYS})
    dr = ReminderConfig()
    max_attempts = rm.get("max_attempts", int, dr.max_attempts)
    if max_attempts < 1:
        raise ConfigError("reminders.max_attempts", "must be at least 1")
    send_concurrency = rm.get("send_concurrency", int, dr.send_concurrency)
    if not 1 <= send_concurrency <= 64:
        raise ConfigError("reminders.send_concurrency", "must be between 1 and 64")
    return ReminderConfig(
        meeting_offsets=rm.durations("meeting_offsets", dr.meeting_offsets),
        poll_last_call=rm.duration("poll_last_call", dr.poll_last_call),
        action_due=rm.duration("action_due", dr.action_due),
        grace_period=rm.duration("grace_period", dr.grace_period),
        lease=rm.duration("lease", dr.lease),
        max_attempts=max_attempts,
        poll_interval=rm.duration("poll_interval", dr.poll_interval),
        send_concurrency=send_concurrency,
        **_personal(rm, dr),
    )


def read_polls(raw: dict[str, Any]) -> PollConfig:
    p = read_table(raw, "polls", {"quorum_share", "remind_cooldown", "fair_hours_start", "fair_hours_end",
                   "tally_edit_interval", "max_slots"})
    dp = PollConfig()
    quorum = p.get("quorum_share", float, dp.quorum_share)
    if not 0 < quorum <= 1:
        raise ConfigError("polls.quorum_share", f"{quorum} not allowed; use a share between 0 (exclusive) and 1")
    start = p.get("fair_hours_start", int, dp.fair_hours_start)
    end = p.get("fair_hours_end", int, dp.fair_hours_end)
    if not 0 <= start < end <= 24:
        raise ConfigError("polls.fair_hours_start", "need 0 <= fair_hours_start < fair_hours_end <= 24")
    max_slots = p.get("max_slots", int, dp.max_slots)
    if not 1 <= max_slots <= 1000:
        raise ConfigError("polls.max_slots", "must be between 1 and 1000")
    interval = p.get("tally_edit_interval", float, dp.tally_edit_interval)
    if interval < 0:
        raise ConfigError("polls.tally_edit_interval", "must not be negative")
    return PollConfig(quorum_share=quorum, remind_cooldown=p.duration("remind_cooldown", dp.remind_cooldown),
                       fair_hours_start=start, fair_hours_end=end, tally_edit_interval=interval,
                       max_slots=max_slots)


def read_meetings(raw: dict[str, Any]) -> MeetingConfig:
    m = read_table(raw, "meetings", {"default_duration", "auto_start", "series_horizon", "auto_end", "auto_end_after"})
    dm = MeetingConfig()
    horizon = m.get("series_horizon", int, dm.series_horizon)
    if not 1 <= horizon <= 52:
        raise ConfigError("meetings.series_horizon", "must be between 1 and 52 occurrences")
    end_after = m.duration("auto_end_after", dm.auto_end_after)
    if not timedelta(minutes=1) <= end_after <= timedelta(hours=12):
        raise ConfigError("meetings.auto_end_after", "must be between 1 minute and 12 hours")
    return MeetingConfig(default_duration=m.duration("default_duration", dm.default_duration),
                             auto_start=m.get("auto_start", bool, dm.auto_start), series_horizon=horizon,
                             auto_end=m.get("auto_end", bool, dm.auto_end), auto_end_after=end_after)


def read_agenda(raw: dict[str, Any]) -> AgendaConfig:
    a = read_table(raw, "agenda", {"template"})
    return AgendaConfig(template=a.strings("template", DEFAULT_AGENDA_TEMPLATE))


def read_participation(raw: dict[str, Any]) -> ParticipationConfig:
    s = read_table(raw, "participation", {"regions"})
    regions = tuple(" ".join(r.split()) for r in s.strings("regions", DEFAULT_REGIONS))
    if not regions or len(regions) > 25 or any(not 1 <= len(r) <= 100 for r in regions):
        raise ConfigError("participation.regions", "expected 1 to 25 region names of 1 to 100 characters")
    return ParticipationConfig(regions=regions)


def read_drafting(raw: dict[str, Any]) -> DraftingConfig:
    s = read_table(raw, "drafting", {"deadline_reminders", "comment_period", "minutes_overdue_after"})
    d = DraftingConfig()
    offsets = s.durations("deadline_reminders", d.deadline_reminders)
    if len(offsets) > 5 or any(o <= timedelta(0) for o in offsets):
        raise ConfigError("drafting.deadline_reminders", "expected at most 5 positive durations such as \"7d\"")
    period = s.duration("comment_period", d.comment_period)
    if not timedelta(hours=1) <= period <= timedelta(days=90):
        raise ConfigError("drafting.comment_period", "must be between 1h and 90d")
    overdue = d.minutes_overdue_after
    if "minutes_overdue_after" in s.data and str(s.data["minutes_overdue_after"]).strip() in ("0", "0d"):
        overdue = timedelta(0)
    else:
        overdue = s.duration("minutes_overdue_after", overdue)
    return DraftingConfig(deadline_reminders=offsets, comment_period=period, minutes_overdue_after=overdue)


PERSONAL_KEYS = ("member_delivery", "dm_per_second", "dm_concurrency")


def _personal(rm: _Section, dr: ReminderConfig) -> dict[str, Any]:
    """The keys of [reminders] about reminding members personally."""
    delivery = rm.get("member_delivery", str, dr.member_delivery)
    if delivery not in ("dm", "channel", "off"):
        raise ConfigError("reminders.member_delivery", f"{delivery!r} not allowed; use dm, channel or off")
    rate = rm.get("dm_per_second", float, dr.dm_per_second)
    if not 0 < rate <= 50:
        raise ConfigError("reminders.dm_per_second", "must be above 0 and at most 50 (Discord's global limit)")
    concurrency = rm.get("dm_concurrency", int, dr.dm_concurrency)
    if not 1 <= concurrency <= 50:
        raise ConfigError("reminders.dm_concurrency", "must be between 1 and 50")
    return {"member_delivery": delivery, "dm_per_second": rate, "dm_concurrency": concurrency}


def read_web(w: _Section) -> WebConfig:
    listen = w.get("listen", str, None) or None
    if listen is not None:
        host, _, port = listen.rpartition(":")
        if not host or not port.isdecimal() or not 0 <= int(port) <= 65535:
            raise ConfigError("web.listen", f"{listen!r} is not host:port, e.g. '127.0.0.1:8080'")
    public = (w.get("public_url", str, None) or "").rstrip("/") or None
    if public is not None and not public.startswith(("http://", "https://")):
        raise ConfigError("web.public_url", f"{public!r} must be an http(s) URL, e.g. 'https://convener.example.org'")
    return WebConfig(listen=listen, public_url=public)
