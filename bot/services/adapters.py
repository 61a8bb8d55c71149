"""Every port through which the services reach Discord, in one bundle handed to ``Services``.

The bot fills it with the discord.py implementations (``bot.adapters.discord_adapters``); tests fill in fakes
where they watch; a port left out stays offline: posting fails loudly, lookups find nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.services.context import NoOutbox
from bot.services.groups import GroupSpace, NoSpace
from bot.services.meeting_events import ScheduledEvents
from bot.services.meeting_voice import VoiceChannels
from bot.services.minutes import ChannelDirectory, NoDirectory
from bot.services.poll_ports import NoBoard, PollBoard
from bot.services.ports import (
    AgendaBoard,
    CirculationBoard,
    NoAgendaBoard,
    NoCirculationBoard,
    NoRollCallMessages,
    Outbox,
    RollCallMessages,
)


@dataclass
class Adapters:
    # Plain posts and direct messages; it travels in the ServiceContext, which every service holds.
    outbox: Outbox = field(default_factory=NoOutbox)
    polls: PollBoard = field(default_factory=NoBoard)
    agendas: AgendaBoard = field(default_factory=NoAgendaBoard)
    rollcall: RollCallMessages = field(default_factory=NoRollCallMessages)
    circulation: CirculationBoard = field(default_factory=NoCirculationBoard)
    channels: ChannelDirectory = field(default_factory=NoDirectory)
    groups: GroupSpace = field(default_factory=NoSpace)
    # Without these two, meetings keep no scheduled event and enforce nothing on the voice channel.
    events: ScheduledEvents | None = None
    voice: VoiceChannels | None = None
