"""Privacy use cases (being built by the privacy feature)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.services.context import ServiceContext

if TYPE_CHECKING:
    from bot.services import Services


class PrivacyService:
    def __init__(self, ctx: ServiceContext, services: Services) -> None:
        self.ctx = ctx
        self.services = services

    async def start(self) -> None:
        """Called once the bot is connected (register reminder handlers, refill state)."""
