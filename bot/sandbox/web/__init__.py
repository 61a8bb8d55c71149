"""A web client for the stand-in: a Discord-like page where a visitor acts as any member (`convener demo --web`)."""

from .client import WebClient

__all__ = ["WebClient"]
