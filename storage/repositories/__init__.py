"""Repositories: one per aggregate, bound to a session and a guild so no query can cross guilds."""
