"""Members' profiles: time zone, display name for minutes, stakeholder group."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.settings import Profile
from bot.domain.zones import resolve_zone, suggest_zones
from bot.errors import InvalidInput
from bot.i18n import LANGUAGES, N_, _
from bot.i18n.formatting import format_number
from bot.services.context import ServiceContext
from bot.services.guild_rows import guild_row, profile_key
from storage.repositories.guilds import GuildRepository

MAX_NAME = 100
MAX_GROUP = 100


def validate_zone(name: str) -> str:
    """The IANA zone for what a member typed, or a clear error with suggestions."""
    zone = resolve_zone(name)
    if zone is None:
        shown = " ".join(name.split())[:60] or _("(empty)")
        hints = suggest_zones(name.split("/")[-1][:20], limit=5) if name.strip() else []
        message = _("`{zone}` is not a time zone. Use an IANA name such as `Europe/Zurich` or a city such as "
                    "`Tokyo`.", zone=shown)
        if hints:
            message += " " + _("Did you mean: {zones}?", zones=", ".join(hints))
        raise InvalidInput(message)
    return zone


# Whole sentences per field, so that each language can word them its own way.
_EMPTY = {
    "title": N_("The title cannot be empty."),
    "name": N_("The name cannot be empty."),
    "stakeholder group": N_("The stakeholder group cannot be empty."),
    "owner": N_("The owner cannot be empty."),
    "note": N_("The note cannot be empty."),
}
_TOO_LONG = {
    "title": N_("The title is {length} characters long; at most {limit} are allowed."),
    "name": N_("The name is {length} characters long; at most {limit} are allowed."),
    "stakeholder group": N_("The stakeholder group is {length} characters long; at most {limit} are allowed."),
    "owner": N_("The owner is {length} characters long; at most {limit} are allowed."),
    "note": N_("The note is {length} characters long; at most {limit} are allowed."),
}


def clean_text(value: str, field: str, limit: int) -> str:
    """Single-line, trimmed, printable text for names and groups."""
    text = " ".join("".join(ch for ch in value if ch.isprintable()).split())
    if not text:
        raise InvalidInput(_(_EMPTY.get(field, N_("This text cannot be empty."))))
    if len(text) > limit:
        message = _TOO_LONG.get(field, N_("This text is {length} characters long; at most {limit} are allowed."))
        raise InvalidInput(_(message, length=format_number(len(text)), limit=format_number(limit)))
    return text


class ProfileService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    async def get(self, guild_id: int, user_id: int) -> Profile:
        """The member's profile (every interaction reads its language): cached, see bot.services.cache."""
        async def load() -> Profile:
            async with self.ctx.db.reader() as session:
                return await GuildRepository(session, guild_id).profile(user_id) or Profile(user_id)

        return await self.ctx.cache.read(profile_key(guild_id, user_id), load)


    async def many(self, guild_id: int, user_ids: list[int] | None = None) -> dict[int, Profile]:
        """Profiles of ``user_ids`` who have one (of everyone when None): cached ones, the rest in one read."""
        cache = self.ctx.cache
        known: dict[int, Profile] = {}
        wanted = user_ids
        if user_ids is not None:
            cached = {u: cache.peek(profile_key(guild_id, u)) for u in user_ids}
            known = {u: p for u, p in cached.items() if isinstance(p, Profile)}
            wanted = [u for u, p in cached.items() if p is None]
            if not wanted:
                return {u: p for u, p in known.items() if not p.empty}
        async with self.ctx.db.reader() as session:
            found = {p.user_id: p for p in await GuildRepository(session, guild_id).profiles(wanted)}
        return {u: p for u, p in known.items() if not p.empty} | found

    async def languages(self, guild_id: int, user_ids: list[int], fallback: str) -> dict[int, str]:
        """What each member reads outside an interaction (a direct message has no client locale to follow):
        their /profile language, else ``fallback`` (the server's)."""
        chosen = await self.many(guild_id, user_ids) if user_ids else {}
        languages = {}
        for user_id in user_ids:
            profile = chosen.get(user_id)
            own = profile.language if profile is not None else None
            languages[user_id] = own if own in LANGUAGES and own is not None else fallback
        return languages

    async def language_of(self, guild_id: int, user_id: int, fallback: str) -> str:
        return (await self.languages(guild_id, [user_id], fallback))[user_id]

    async def set_timezone(self, guild_id: int, user_id: int, name: str) -> Profile:
        zone = validate_zone(name)
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed(profile_key(guild_id, user_id))
            repo = GuildRepository(session, guild_id)
            profile = await repo.profile(user_id) or Profile(user_id)
            await repo.put_profile(replace(profile, timezone=zone), self.ctx.clock.now())
        return await self.get(guild_id, user_id)

    async def set_name(self, guild_id: int, user_id: int, name: str) -> Profile:
        text = clean_text(name, "name", MAX_NAME)
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed(profile_key(guild_id, user_id))
            repo = GuildRepository(session, guild_id)
            profile = await repo.profile(user_id) or Profile(user_id)
            await repo.put_profile(replace(profile, display_name=text), self.ctx.clock.now())
        return await self.get(guild_id, user_id)

    async def set_group(self, guild_id: int, user_id: int, group: str) -> Profile:
        text = clean_text(group, "stakeholder group", MAX_GROUP)
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed(profile_key(guild_id, user_id))
            repo = GuildRepository(session, guild_id)
            profile = await repo.profile(user_id) or Profile(user_id)
            await repo.put_profile(replace(profile, stakeholder_group=text), self.ctx.clock.now())
        return await self.get(guild_id, user_id)

    async def set_language(self, guild_id: int, user_id: int, language: str | None) -> Profile:
        """The member's own language, or None to follow their Discord client."""
        if language is not None and language not in LANGUAGES:
            raise InvalidInput(_("Choose one of the listed languages."))
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed(profile_key(guild_id, user_id))
            repo = GuildRepository(session, guild_id)
            profile = await repo.profile(user_id) or Profile(user_id)
            await repo.put_profile(replace(profile, language=language), self.ctx.clock.now())
        return await self.get(guild_id, user_id)

    async def timezone_of(self, guild_id: int, user_id: int) -> str:
        """The member's zone, else the server's, else the configured default."""
        profile = await self.get(guild_id, user_id)
        if profile.timezone:
            return profile.timezone
        settings = await guild_row(self.ctx, guild_id)
        return (settings.timezone if settings and settings.timezone else None) or self.ctx.config.bot.default_timezone
