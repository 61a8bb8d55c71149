"""Running a discord.py client against the stand-in, and the ready-made `Sandbox`."""

# run_client takes `timeout=` on purpose, like the rest of the harness.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable
from datetime import datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .harness import SimMember
from .objects import Channel
from .options import SandboxError

if TYPE_CHECKING:
    import discord

    from bot.clock import SandboxClock

    from .server import StandIn


# -- running the bot ------------------------------------------------------------------------------------
@contextlib.asynccontextmanager
async def run_client(client: discord.Client, standin: StandIn, *, token: str = "sandbox-token",
                     timeout: float = 10.0) -> AsyncIterator[discord.Client]:
    """Log `client` in against the stand-in, connect, wait for READY; close it on exit.

    Create the client with a small `guild_ready_timeout` (e.g. 0.05) or READY takes 2 s.
    """
    from bot.endpoint import redirect_discord

    redirect_discord(standin.api_base, standin.gateway_url)
    await client.login(token)
    runner = asyncio.create_task(client.connect(reconnect=True), name="sandbox-client")
    ready = asyncio.create_task(client.wait_until_ready())
    try:
        done, _ = await asyncio.wait({runner, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if ready not in done:
            if runner in done and runner.exception() is not None:
                raise SandboxError("the client failed to connect") from runner.exception()
            raise SandboxError(f"the client was not ready within {timeout}s")
        yield client
    finally:
        ready.cancel()
        await client.close()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(runner, 5.0)


DEFAULT_MEMBERS: list[tuple[str, list[str]]] = [
    ("Lynn St.Amour", ["Chair"]),
    ("Sam Okafor", ["Secretariat"]),
    ("Alice", ["Member"]),
    ("Bob", ["Member"]),
    ("Concettina Cassa", ["Member"]),
    ("Jutta Croll", ["Member"]),
    ("Lianna Galstyan", ["Member"]),
    ("Danko Jevtović", ["Member"]),
    ("Xiaofeng Tao", ["Member"]),
    ("Pradeep Balachandran", ["Observer"]),
    ("Antoine Vergne", ["Observer"]),
]


class Sandbox:
    """A started StandIn with the default guild and members; strict about unknown routes and schema.

    `async with Sandbox() as sb: async with sb.run(bot): r = await sb.member("Alice").slash("ping")`
    """

    def __init__(self, *, members: Iterable[tuple[str, list[str]]] = DEFAULT_MEMBERS, strict: bool = True,
                 standin: StandIn | None = None, clock: SandboxClock | None = None,
                 **standin_options: Any) -> None:
        from .server import StandIn

        # With a clock, the stand-in and a bot built on the same clock share one simulated time.
        self.clock = clock
        if clock is not None:
            standin_options.setdefault("now", clock.now)
        self.standin = standin or StandIn(**standin_options)
        self.strict = strict
        # A StandIn passed in with guilds keeps them: the first one is the sandbox's guild.
        self.guild = self.standin.guild if self.standin.world.guilds else self.standin.add_default_guild()
        texts = [c for c in self.guild.channels.values() if c.type == 0]
        self.general: Channel = next((c for c in texts if c.name == "general"), None) or (
            texts[0] if texts else self.guild.add_text_channel("general"))
        for name, roles in members:
            self.guild.add_member(name, roles=roles)
        self._members: dict[int, SimMember] = {}

    async def __aenter__(self) -> Sandbox:
        await self.standin.start()
        return self

    async def __aexit__(self, et: type[BaseException] | None, e: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.standin.stop()
        if self.strict and et is None:
            self.standin.assert_clean()

    async def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Let simulated time pass (``await sb.advance(days=6)``): every reminder, deadline and automatic
        start on the way happens at its own instant, in order."""
        return await self._clock().advance_by(delta, **parts)

    async def advance_to(self, when: datetime) -> datetime:
        return await self._clock().advance_to(when)

    def _clock(self) -> SandboxClock:
        if self.clock is None:
            raise SandboxError("this sandbox runs on the wall clock; pass clock=SandboxClock(...) to move time")
        return self.clock

    def run(self, client: discord.Client, **kwargs: Any) -> contextlib.AbstractAsyncContextManager[Any]:
        return run_client(client, self.standin, **kwargs)

    def member(self, name: str, roles: Iterable[str] = ("Member",)) -> SimMember:
        """The simulated member called `name` (created with `roles` if new; no gateway event)."""
        try:
            m = self.guild.member(name)
        except KeyError:
            m = self.guild.add_member(name, roles=list(roles))
        return self._members.setdefault(m.id, SimMember(self.standin, m, self.general))

    async def join(self, name: str, roles: Iterable[str] = ("Member",)) -> SimMember:
        """A new member joins the guild (GUILD_MEMBER_ADD)."""
        m = self.guild.add_member(name, roles=list(roles))
        await self.standin.gateway.dispatch("GUILD_MEMBER_ADD", m.to_json() | {"guild_id": str(self.guild.id)},
                                            guild_id=self.guild.id)
        self.standin.changed()
        return self.member(name)

    def channel(self, name: str) -> Channel:
        return self.guild.channel(name)

    async def set_guild_locale(self, locale: str) -> None:
        """The server's owner changes its language in Discord (GUILD_UPDATE with the new preferred_locale)."""
        self.guild.preferred_locale = locale
        await self.standin.gateway.dispatch("GUILD_UPDATE", self.guild.to_json(full_members=False),
                                            guild_id=self.guild.id)
        self.standin.changed()
