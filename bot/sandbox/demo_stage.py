"""The demo's stage: the cast acting through the stand-in, and the transcript of what everyone saw.

Every step goes through a simulated member (slash command, click, select, form, message, voice), exactly as
a person in a Discord server would act; what is printed is what the stand-in recorded — the bot's answers
and the messages it posted — never the bot's internal state.
"""

# The harness API takes `timeout=` on purpose.
# ruff: noqa: ASYNC109

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO

from .demo_text import Names, message_lines, option_text, plain, posted_at, readable, stamp_text, wrap
from .harness import SimMember
from .objects import Channel, Message, Role, ScheduledEvent
from .replies import Reply
from .runner import Sandbox

# How convener's one error handler starts a refusal (see cogs/_common.report_error).
REFUSALS = ("❌", "⚠️", "⏳ Slow down", "🔒 Only", "🔒 You cannot")


class DemoError(Exception):
    """A step of the demo did not go as a working group would expect; the message says which and why."""


@dataclass(frozen=True)
class Pick:
    """An option value picked from the bot's suggestions: shown by its label, sent as its value."""

    label: str
    value: Any


class Transcript:
    """Prints each line as it happens and keeps a Markdown copy for transcript.md. Every step carries the
    simulated date and time it happened at (``now``: the demo's sandbox clock)."""

    def __init__(self, stream: TextIO | None = None, width: int = 100,
                 now: Callable[[], datetime] | None = None) -> None:
        self.stream = stream or sys.stdout
        self.width = width
        self.now = now or (lambda: datetime.now(UTC))
        self.markdown: list[str] = []
        self.timeline: list[tuple[datetime, str]] = []  # (when, what): the steps, for the closing summary
        self._scene: str | None = None  # a scene's place in the timeline is the time of its first step

    def _print(self, lines: list[str]) -> None:
        for line in lines:
            print(line, file=self.stream)
        self.stream.flush()

    def clock(self, at: datetime | None = None) -> str:
        return stamp_text(at or self.now())

    def _indent(self, stamp: str) -> str:
        return " " * (len(stamp) + 3)

    def title(self, text: str, sub: str) -> None:
        self._print([text, *wrap([sub], "", "", self.width), ""])
        self.markdown += [f"# {text}", "", f"*{sub}*", ""]

    def scene(self, number: int, total: int, title: str) -> None:
        head = f"━━ [{number}/{total}] {title} "
        self._print(["", head + "━" * max(3, self.width - len(head))])
        self.markdown += ["", f"## {number}. {title}", ""]
        self._scene = f"[{number}] {title}"

    def _step(self, at: datetime) -> None:
        if self._scene is not None:
            self.timeline.append((at, self._scene))
            self._scene = None

    def mark(self, at: datetime, what: str) -> None:
        """Something the bot did on its own, for the timeline."""
        self._step(at)
        self.timeline.append((at, "    " + what))

    def narrate(self, text: str) -> None:
        self._print(wrap([text], "   ⏩ ", "      ", self.width))
        self.markdown += [f"*{text}*", ""]

    def act(self, who: str, action: str, answer: list[str], note: str | None = None) -> None:
        """`[Mon 01 Feb 14:00] Who: action` and the answer indented under it."""
        self._step(self.now())
        stamp = self.clock()
        indent = self._indent(stamp)
        head = f"[{stamp}] {who}: {plain(action)}"
        lines = wrap([head], "", indent, self.width)
        shown = [plain(line) for line in answer] + ([f"({note})"] if note else [])
        lines += wrap(shown, indent + "↳ ", indent + "  ", self.width) if shown else []
        self._print(lines)
        self.markdown += [f"**{stamp} · {who}** — {_md_code(action)}  "]
        self.markdown += [f"> {line}  " for line in answer] + ([f"> *({note})*"] if note else []) + [""]

    def post(self, where: str, author: str, body: list[str], at: datetime | None = None) -> None:
        """A message as it appeared, stamped with when it was posted (``at``, else now)."""
        self._step(at or self.now())
        stamp = self.clock(at)
        indent = self._indent(stamp)
        lines = [f"[{stamp}] {where} · {author}:"]
        lines += wrap([plain(line) for line in body], indent + "│ ", indent + "│ ", self.width)
        self._print(lines)
        self.markdown += [f"**{stamp} · {where} · {author}:**  "] + [f"> {line}  " for line in body] + [""]

    def say(self, text: str) -> None:
        """A plain line (progress, summary) on the console and in the Markdown copy."""
        self._print([text])
        self.markdown += [text.strip(), ""] if text.strip() else []

    def listing(self, heading: str, lines: list[str]) -> None:
        """A heading and preformatted lines (kept as they are in the Markdown copy too)."""
        self._print([heading, *lines])
        self.markdown += [f"**{heading}**", "", "```", *lines, "```", ""]

    def console(self, text: str) -> None:
        """A line for the person at the terminal only (addresses that end with the run)."""
        self._print([text])

    def text(self) -> str:
        return "\n".join(self.markdown).rstrip() + "\n"


def _md_code(action: str) -> str:
    return f"`{action}`" if action.startswith("/") else action


def first_name(member: SimMember) -> str:
    return member.name.split()[0]


class Stage:
    """The sandbox's guild with the cast; each method is one thing a member does, printed as it happens."""

    def __init__(self, sandbox: Sandbox, transcript: Transcript, cast: dict[str, SimMember],
                 heard: Callable[[int, int | None], Awaitable[None]] | None = None,
                 quiet: Callable[[], Awaitable[None]] | None = None) -> None:
        self.sandbox = sandbox
        self.standin = sandbox.standin
        self.guild = sandbox.guild
        self.transcript = transcript
        self.cast = cast
        # Waits until the bot has handled a member's voice move (user id, channel id or None for a leave).
        self.heard = heard
        # Waits until the bot's background work that reads the clock is done (before time moves on).
        self.quiet = quiet
        self.seen = max((m.id for m in self.standin.world.messages.values()), default=0)
        self.events: dict[int, tuple[int, str | None, str | None]] = {}  # id -> (status, channel, description)

    # -- reading what the server shows ------------------------------------------------------------------------
    def names(self) -> Names:
        return Names(users={m.id: m.name for m in self.guild.members.values()},
                     roles={r.id: r.name for r in self.guild.roles.values()},
                     channels={c.id: c.name for c in self.standin.world.channels.values()})

    def now(self) -> datetime:
        return self.standin.now()

    def lines(self, message: Message | Reply, limit: int = 8, at: datetime | None = None) -> list[str]:
        """The message as a reader sees it; relative times ("in 1 day") as of ``at`` (default: now)."""
        msg = message.message if isinstance(message, Reply) else message
        if msg is None:
            return []
        return message_lines(msg.content, msg.embeds, [(a.filename, a.size) for a in msg.attachments],
                             msg.components, self.names(), at or self.now(), limit)

    def readable(self, text: str) -> str:
        return readable(text, self.names(), self.now())

    def channel(self, name: str) -> Channel:
        return self.sandbox.channel(name)

    def role(self, name: str) -> Role:
        return self.guild.role(name)

    def member(self, key: str) -> SimMember:
        return self.cast[key]

    async def feed(self) -> list[Message]:
        """Print the messages the bot posted on its own (not as an answer) since the last look."""
        fresh = [m for m in self.standin.messages(None) if m.id > self.seen and m.author.bot
                 and m.interaction_id is None and not m.loading]
        for msg in fresh:
            channel = self.standin.world.channels[msg.channel_id]
            where = f"#{channel.name}" if channel.guild_id else "DM to " + ", ".join(
                u.global_name or u.username for u in channel.recipients if not u.bot)
            at = posted_at(msg.id)
            shown = self.lines(msg, 12, at)
            self.transcript.post(where, msg.author.global_name or msg.author.username, shown, at)
            self.transcript.mark(at, f"{where}: {plain(shown[0]) if shown else '(message)'}"[:96])
        self.seen = max([self.seen, *(m.id for m in self.standin.messages(None))])
        return fresh

    # -- time ---------------------------------------------------------------------------------------------------
    async def advance_to(self, when: datetime) -> None:
        """Let simulated time pass until ``when``: whatever the bot does on the way (reminders, deadlines, a
        meeting starting or ending) happens at its own instant and is printed with it."""
        await self.finish()
        await self.sandbox.advance_to(when)
        await self.settle()

    async def finish(self) -> None:
        """At the end of a scene: let the bot's background work finish and print what it did."""
        if self.quiet is not None:
            await self.quiet()
        await self.settle()

    async def settle(self) -> None:
        """Let the bot finish what is due now, then print what it posted and how the server's Events changed."""
        if self.sandbox.clock is not None:
            await self.sandbox.clock.settle()
        await self.feed()
        for event in self.guild.scheduled_events.values():
            data = event.to_json()
            state = (int(data["status"]), data.get("channel_id"), data.get("description"))
            before = self.events.get(event.id)
            if before == state:
                continue
            self.events[event.id] = state
            what = ("appears in the server's Events" if before is None else
                    {2: "is live in the server's Events", 3: "is over", 4: "is cancelled"}.get(state[0], "is updated")
                    if state[0] != before[0] else "is updated")
            self.event_post(event, what)

    def event_post(self, event: ScheduledEvent, what: str) -> None:
        data = event.to_json()
        start = datetime.fromisoformat(str(data["scheduled_start_time"]).replace("Z", "+00:00"))
        end = data.get("scheduled_end_time")
        until = datetime.fromisoformat(str(end).replace("Z", "+00:00")) if end else None
        where = (f"🔊{self.standin.world.channels[int(data['channel_id'])].name}" if data.get("channel_id")
                 else (data.get("entity_metadata") or {}).get("location") or "—")
        status = {1: "scheduled", 2: "active", 3: "completed", 4: "cancelled"}.get(int(data["status"]), "?")
        lines = [f"📅 {data['name']} — {start:%A} {start.day} {start:%B %Y %H:%M} UTC"
                 + (f"–{until:%H:%M} UTC" if until else "") + f" · {where} · {status}"]
        lines += [self.readable(line) for line in str(data.get("description") or "").splitlines()[:4]]
        self.transcript.post("Events", f"scheduled event {what}", lines)
        self.transcript.mark(self.now(), f"Events: {data['name']} {what}")

    async def wait_for(self, what: str, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        try:
            return await self.standin.wait_until(predicate, timeout, what)
        except TimeoutError as exc:
            raise DemoError(f"waited {timeout:.0f} s for {what}; it did not happen") from exc

    # -- acting -------------------------------------------------------------------------------------------------
    def show(self, member: SimMember, action: str, reply: Reply, *, limit: int = 8,
             expect_error: bool = False) -> Reply:
        """Print the answer to `action`; a refusal the script did not expect stops the demo."""
        modal = reply.modal
        if modal is not None:
            fields = ", ".join(f"“{c.get('label')}”" for c in modal.inputs())
            answer = [f"opens the form “{modal.title}” ({fields})"]
        else:
            answer = self.lines(reply, limit)
            for extra in reply.followups:
                answer += self.lines(extra, limit)
        refused = reply.text().startswith(REFUSALS) or any(m.content.startswith(REFUSALS) for m in reply.followups)
        if refused != expect_error:
            self.transcript.act(member.name, action, answer)
            what = "was refused" if refused else "was accepted, but the script expected a refusal"
            raise DemoError(f"{member.name}: {action} {what}: {self.readable(reply.text())[:300]}")
        note = f"only visible to {first_name(member)}" if reply.ephemeral and modal is None else None
        self.transcript.act(member.name, action, answer, note)
        return reply

    def shown_value(self, value: Any) -> Any:
        if isinstance(value, Pick):
            return value.label
        if isinstance(value, SimMember):
            return "@" + value.name
        if isinstance(value, Channel):
            return ("🔊" if value.type == 2 else "#") + value.name
        if isinstance(value, Role):
            return "@" + value.name
        if isinstance(value, tuple) and len(value) >= 2 and isinstance(value[0], str):
            return value[0]  # an attachment: (filename, bytes)
        return value

    async def slash(self, who: str, command: str, *, limit: int = 8, expect_error: bool = False,
                    channel: str | None = None, timeout: float = 10.0, options: dict[str, Any] | None = None,
                    **more: Any) -> Reply:
        """Run `/command` as `who`; `options` holds names that are Python keywords (`from`)."""
        member = self.cast[who]
        given = {k: v for k, v in ((options or {}) | more).items() if v is not None}
        sent = {k: v.value if isinstance(v, Pick) else v for k, v in given.items()}
        action = f"/{command} {option_text({k: self.shown_value(v) for k, v in given.items()})}".rstrip()
        reply = await member.slash(command, channel=channel, timeout=timeout, options=sent)
        self.show(member, action, reply, limit=limit, expect_error=expect_error)
        await self.settle()
        return reply

    async def pick(self, who: str, command: str, option: str, typed: str, **options: Any) -> Pick:
        """Type into an autocompleted option and take the first suggestion (as a member would)."""
        choices = await self.cast[who].autocomplete(command, option, typed, **options)
        if not choices:
            raise DemoError(f"/{command}: typing “{typed}” into `{option}` offered nothing to pick")
        return Pick(str(choices[0]["name"]), choices[0]["value"])

    async def click(self, who: str, message: Message | Reply, label: str, *, limit: int = 8,
                    wait_update: bool = False, expect_error: bool = False) -> Reply:
        member = self.cast[who]
        reply = await member.click(message, label, wait_update=wait_update, timeout=10.0)
        self.show(member, f"clicks [{label}]", reply, limit=limit, expect_error=expect_error)
        await self.settle()
        return reply

    async def submit(self, who: str, form: Reply, values: dict[str, str], shown: str, *, limit: int = 8) -> Reply:
        member = self.cast[who]
        reply = await member.submit_modal(form, values, timeout=10.0)
        self.show(member, f"fills in the form: {shown}", reply, limit=limit)
        await self.settle()
        return reply

    async def message_command(self, who: str, name: str, message: Message, *, limit: int = 8) -> Reply:
        member = self.cast[who]
        reply = await member.message_command(name, message, timeout=10.0)
        author = message.author.global_name or message.author.username
        self.show(member, f"right-clicks {author}'s message › Apps › {name}", reply, limit=limit)
        await self.settle()
        return reply

    async def say(self, who: str, channel: str, text: str) -> Message:
        member = self.cast[who]
        message = await member.say(channel, text)
        self.seen = max(self.seen, message.id)
        self.transcript.post(f"#{channel}", member.name, [text])
        return message

    async def join_voice(self, who: str, channel: str) -> None:
        member = self.cast[who]
        await member.join_voice(channel)
        if self.heard is not None:
            await self.heard(member.id, self.channel(channel).id)
        self.transcript.act(member.name, f"joins the voice channel 🔊{channel}", [])
        await self.settle()

    async def leave_voice(self, who: str) -> None:
        member = self.cast[who]
        await member.leave_voice()
        if self.heard is not None:
            await self.heard(member.id, None)
        self.transcript.act(member.name, "leaves the voice channel", [])
        await self.settle()
