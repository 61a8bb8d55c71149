"""ConvenerBot: wires configuration, storage, scheduler and services, loads the cogs, syncs commands."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import pkgutil
import time
import uuid
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

import cogs
from bot import intake
from bot.adapters import discord_adapters
from bot.clock import Clock, SandboxClock, SystemClock
from bot.config import Config
from bot.endpoint import redirect_discord
from bot.i18n.catalog import fingerprint as catalog_fingerprint
from bot.services import ServiceContext, Services
from bot.services.pictures import Painter
from bot.timers import ClockTimer, SchedulerTimer, Timer
from bot.web import FeedServer
from cogs._common import bind_interaction
from cogs._language import CatalogTranslator, bind_member_language
from storage.db import Database
from storage.repositories.guilds import AppStateRepository

log = logging.getLogger("convener")

NO_MENTIONS = discord.AllowedMentions.none()
PICTURE_WAIT = 1.0


def intents() -> discord.Intents:
    """Only what convener uses: guild structure, members (roles, leave events), voice (roll call),
    scheduled events. No message content: context-menu commands carry the message they target."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.members = True
    wanted.voice_states = True
    wanted.guild_scheduled_events = True
    return wanted


class ConvenerTree(app_commands.CommandTree["ConvenerBot"]):
    async def interaction_check(self, interaction: discord.Interaction[ConvenerBot], /) -> bool:
        await bind_member_language(interaction)
        bind_interaction(interaction)
        return True

    async def on_error(
        self, interaction: discord.Interaction[ConvenerBot], error: app_commands.AppCommandError
    ) -> None:
        from cogs._common import report_error

        await report_error(interaction, error)


class ConvenerBot(commands.Bot):
    def __init__(
        self,
        config: Config,
        *,
        clock: Clock | None = None,
        database: Database | None = None,
        sync: bool = False,
        worker_id: str | None = None,
        **options: Any,
    ) -> None:
        if config.bot.shard_count and isinstance(self, discord.AutoShardedClient):
            options.setdefault("shard_count", config.bot.shard_count)
            options.setdefault("shard_ids", list(config.bot.shard_ids) if config.bot.shard_ids else None)
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            tree_cls=ConvenerTree,
            allowed_mentions=NO_MENTIONS,
            help_command=None,
            **options,
        )
        self.config = config
        self.force_sync = sync
        self.db = database or Database(config.database.url, echo=config.database.echo,
                                       write_wait=config.database.write_wait.total_seconds())
        clock = clock or SystemClock()
        # A sandbox clock drives its own timer, so nothing scheduled in simulated time fires on the wall clock.
        self.timer: Timer = ClockTimer(clock) if isinstance(clock, SandboxClock) else SchedulerTimer()
        # Every Discord adapter is built here and handed over at construction; none is attached later.
        adapters = discord_adapters(self)
        self.ctx = ServiceContext(
            db=self.db,
            clock=clock,
            config=config,
            timer=self.timer,
            outbox=adapters.outbox,
            worker_id=worker_id or f"convener-{uuid.uuid4().hex[:8]}",
            server_name=self._server_name,
            guild_locale=self.guild_locale,
            # Pictures in a worker process; an answer waits at most a second for its picture (it follows).
            painter=Painter() if isinstance(clock, SandboxClock) else Painter(processes=True, wait=PICTURE_WAIT),
        )
        self.services = Services(self.ctx, adapters)
        intake.install(self)
        self.ready_once = False
        self.web: FeedServer | None = None
        # Set once the start-up writes that follow READY are done (tests compare the database after it).
        self.settled = asyncio.Event()

    async def setup_hook(self) -> None:
        steps: list[tuple[str, float]] = []
        started = time.perf_counter()

        def done(step: str) -> None:
            steps.append((step, time.perf_counter() - started - sum(t for _, t in steps)))

        await self.db.migrate()
        done("database")
        for module in sorted(m.name for m in pkgutil.iter_modules(cogs.__path__) if not m.name.startswith("_")):
            await self.load_extension(f"cogs.{module}")
        await self.tree.set_translator(CatalogTranslator())
        done("cogs")
        await self.sync_commands()
        done("commands")
        self.timer.start()
        await self.services.start()
        done("services")
        if self.config.web.listen:
            self.web = FeedServer(self.services.feeds, self.config.web)
            await self.web.start()
        # One line per start: where start-up time goes, for operators and for `make bench`.
        log.info("set-up done: %s", ", ".join(f"{step} {seconds * 1000:.0f} ms" for step, seconds in steps))

    async def sync_commands(self) -> None:
        """Sync the command tree only when its definition changed (or when asked to)."""
        # Translations are part of the definition: a changed catalog re-syncs the localised names. The catalogs'
        # digest stands for them, so that a restart need not translate every name into every locale to compare.
        commands_ = self.tree.get_commands() + self.tree.get_commands(type=discord.AppCommandType.message)
        payload = [cmd.to_dict(self.tree) for cmd in commands_]
        translated = catalog_fingerprint() if self.tree.translator else ""
        digest = hashlib.sha256(json.dumps([payload, translated], sort_keys=True, default=str).encode()).hexdigest()
        guild_ids = self.config.bot.guild_ids
        scopes = [str(g) for g in guild_ids] or ["global"]
        async with self.db.session() as session:
            state = AppStateRepository(session)
            stale = [s for s in scopes if self.force_sync or await state.get(f"commands:{s}") != digest]
        for scope in stale:
            if scope == "global":
                synced = await self.tree.sync()
            else:
                guild = discord.Object(int(scope))
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands (%s)", len(synced), scope)
            async with self.db.session() as session:
                await AppStateRepository(session).put(f"commands:{scope}", digest)

    def guild_locale(self, guild_id: int) -> str | None:
        guild = self.get_guild(guild_id)
        return guild.preferred_locale.value if guild is not None else None

    def _server_name(self, guild_id: int) -> str | None:
        guild = self.get_guild(guild_id)
        return guild.name if guild is not None else None

    async def _remember_server(self, guild: discord.Guild) -> None:
        try:
            await self.services.settings.remember_server_name(guild.id, guild.name)
        except Exception:  # only the command line reads it; a busy database must not disturb start-up
            log.warning("could not store the name of guild %s", guild.id, exc_info=True)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self._remember_server(guild)

    async def on_guild_update(self, before: discord.Guild, after: discord.Guild) -> None:
        if before.name != after.name:
            await self._remember_server(after)

    async def on_ready(self) -> None:
        if not self.ready_once:
            self.ctx.painter.warm()
        self.ready_once = True
        log.info("connected as %s to %d guild(s)", self.user, len(self.guilds))
        for guild in list(self.guilds):
            await self._remember_server(guild)
        self.settled.set()

    async def close(self) -> None:
        if self.web is not None:
            await self.web.stop()
        # Let sends in progress finish and flush pending message refreshes before the loop goes away.
        await self.services.stop()
        self.timer.shutdown()
        await super().close()
        await self.db.dispose()


class ShardedConvenerBot(ConvenerBot, commands.AutoShardedBot):
    """convener on a range of Discord's shards (``bot.shard_count``, ``bot.shard_ids``): discord.py runs one
    gateway connection per shard in this process. Several processes, each with its own range, share one
    PostgreSQL database; each claims only the reminders of the servers on its shards."""


def create_bot(config: Config, **kwargs: Any) -> ConvenerBot:
    """Build the bot, pointing discord.py at another endpoint first when one is configured."""
    redirect_discord(config.endpoint.api_base, config.endpoint.gateway_url)
    if config.bot.shard_count:
        return ShardedConvenerBot(config, **kwargs)
    return ConvenerBot(config, **kwargs)

