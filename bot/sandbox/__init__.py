"""Local Discord stand-in: the real discord.py client connects to it in tests, demo and bench.

    async with Sandbox() as sb:
        async with sb.run(bot):
            reply = await sb.member("Alice").slash("poll create", title="Next meeting")
"""

from .gateway import Gateway, Session
from .harness import InteractionTimeout, Modal, Reply, SimMember
from .limits import Faults, RateLimitConfig
from .messages import ApiError
from .options import SandboxError
from .runner import DEFAULT_MEMBERS, Sandbox, run_client
from .server import StandIn, Stats
from .state import Attachment, Channel, Guild, Member, Message, Role, ScheduledEvent, User, VoiceState
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
