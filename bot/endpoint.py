"""Point discord.py at another Discord endpoint (the local stand-in, a proxy)."""

from __future__ import annotations

import discord.gateway
import discord.http
import yarl

# Discord's own endpoints (spelled out: Route.BASE may already be redirected when this is imported).
DISCORD_API_BASE = f"https://discord.com/api/v{discord.http.INTERNAL_API_VERSION}"
DISCORD_GATEWAY = yarl.URL("wss://gateway.discord.gg/")


def redirect_discord(api_base: str | None, gateway_url: str | None) -> None:
    """Send REST calls to `api_base` (e.g. http://127.0.0.1:8080/api/v10) and connect to `gateway_url`.

    `Route.BASE` is read whenever a Route is built, which also covers webhooks, interaction
    callbacks, follow-ups and @original edits (discord/webhook/async_.py uses Route too).
    None restores Discord's default. Idempotent; process-wide.
    """
    discord.http.Route.BASE = api_base.rstrip("/") if api_base else DISCORD_API_BASE
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url) if gateway_url else DISCORD_GATEWAY
