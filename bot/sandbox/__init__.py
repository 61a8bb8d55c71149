"""Local Discord stand-in: the real discord.py client connects to it in tests, demo and bench.

    async with Sandbox() as sb:
        async with sb.run(bot):
            reply = await sb.member("Alice").slash("poll create", title="Next meeting")
"""

from .dispatch import Stats
from .gateway import Gateway, Session
from .harness import SimMember
from .limits import Faults, RateLimitConfig
from .messages import ApiError
from .objects import Attachment, Channel, Member, Message, Role, ScheduledEvent, User, VoiceState
from .options import SandboxError
from .replies import InteractionTimeout, Modal, Reply
from .runner import DEFAULT_MEMBERS, Sandbox, run_client
from .server import StandIn
from .state import Guild
from .webhooks import InteractionRecord

__all__ = [
    "DEFAULT_MEMBERS",
    "ApiError",
    "Attachment",
    "Channel",
    "Faults",
    "Gateway",
    "Guild",
    "InteractionRecord",
    "InteractionTimeout",
    "Member",
    "Message",
    "Modal",
    "RateLimitConfig",
    "Reply",
    "Role",
    "Sandbox",
    "SandboxError",
    "ScheduledEvent",
    "Session",
    "SimMember",
    "StandIn",
    "Stats",
    "User",
    "VoiceState",
    "run_client",
]
