"""Roll call: buttons, apologies ahead of time, voice presence while the meeting is live, chairs' corrections
and the close that marks the silent as absent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.domain import rollcall as rc
from bot.domain.meeting import MeetingInfo
from bot.domain.names import sort_key
from bot.domain.rollcall import ConsentTally, Participant, RollCallBoard, VoiceSession
from bot.errors import Conflict
from bot.i18n import _
from bot.render.discord_text import ts
from bot.services.context import ServiceContext
from bot.services.ports import NoRollCallMessages, RollCallMessages
from bot.services.profiles import MAX_NAME, clean_text
from bot.services.rollcall_message import RollCallMessage
from storage.repositories.attendance import AttendanceRepository, EntryRecord, RollCallRecord, SessionRecord

if TYPE_CHECKING:
    from bot.services import Services


@dataclass(frozen=True)
class Attendee:
    """A Discord member as the cog sees them: display name (used when they set no profile name) and the
    meeting role their Discord roles give them."""

    user_id: int
    name: str
    role: str = rc.GUEST


class RollCallService:
    def __init__(self, ctx: ServiceContext, services: Services, messages: RollCallMessages | None = None) -> None:
        self.ctx = ctx
        self.services = services
        self.message = RollCallMessage(self, messages or NoRollCallMessages())

    async def start(self) -> None:
        """Nothing to arm: roll calls have no timed jobs."""

    async def _changed(self, guild_id: int, meeting_id: int) -> None:
        """The posted roll-call message shows the change soon, once it is committed."""
        async def refresh() -> None:
            self.message.refresh(guild_id, meeting_id)

        await self.ctx.db.after_commit(refresh)

    async def _meeting(self, guild_id: int, meeting_id: int) -> MeetingInfo:
        meeting = await self.services.meetings.get(guild_id, meeting_id)  # NotFound across guilds
        if meeting.is_cancelled:
            raise Conflict(_("“{title}” on {day} was cancelled; there is no roll call.", title=meeting.title,
                             day=meeting.start.date().isoformat()))
        return meeting

    async def _rollcall(self, repo: AttendanceRepository, meeting: MeetingInfo) -> RollCallRecord:
        return await repo.rollcall_for_update(meeting.id, title=meeting.title, start=meeting.start,
                                              series_id=meeting.series_id)

    @staticmethod
    def _open_or_refuse(row: RollCallRecord, meeting: MeetingInfo) -> None:
        if row.closed_at is not None:
            raise Conflict(_("The roll call for “{title}” was closed {relative}; ask a chair to correct your status "
                             "with `/rollcall set`.", title=meeting.title,
                             relative=ts(row.closed_at, "R")))

    @staticmethod
    async def _entry(repo: AttendanceRepository, meeting_id: int, who: Attendee, now: datetime,
                     status: str) -> EntryRecord:
        """The member's entry, created with ``status`` if new; name and role follow their Discord profile
        unless a chair overrode the role."""
        return await repo.member_entry(meeting_id, who.user_id, name=who.name[:MAX_NAME], role=who.role,
                                       status=status, now=now)

    # -- the roll-call message ------------------------------------------------------------------------------------

    async def begin(self, guild_id: int, meeting_id: int, *, channel_id: int, ask_consent: bool,
                    by: int | None, in_room: bool = False) -> RollCallBoard:
        """Open the roll call (again, if its message needs re-posting); refuses once closed."""
        meeting = await self._meeting(guild_id, meeting_id)
        async with self.ctx.db.session() as session:
            repo = AttendanceRepository(session, guild_id)
            row = await self._rollcall(repo, meeting)
            self._open_or_refuse(row, meeting)
            started = {} if row.started_at is not None else {"started_at": self.ctx.clock.now(), "started_by": by}
            await repo.update_rollcall(meeting_id, channel_id=channel_id, ask_consent=ask_consent or row.ask_consent,
                                       in_room=in_room or row.in_room, **started)
        return await self.board(guild_id, meeting_id)

    async def attach_message(self, guild_id: int, meeting_id: int, channel_id: int, message_id: int) -> None:
        async with self.ctx.db.session() as session:
            await AttendanceRepository(session, guild_id).update_rollcall(meeting_id, channel_id=channel_id,
                                                                          message_id=message_id)
        await self.services.meetings.set_rollcall_message(guild_id, meeting_id, message_id)

    async def message_of(self, guild_id: int, meeting_id: int) -> tuple[int, int] | None:
        """(channel id, message id) of the roll-call message, if one was posted."""
        async with self.ctx.db.reader() as session:
            row = await AttendanceRepository(session, guild_id).rollcall(meeting_id)
        if row is None or row.channel_id is None or row.message_id is None:
            return None
        return row.channel_id, row.message_id

    # -- members about themselves ---------------------------------------------------------------------------------

    async def respond(self, guild_id: int, meeting_id: int, who: Attendee, status: str,
                      took_part: str | None = None) -> Participant:
        """A member's own answer (button or `/rollcall apologies`): present, late, apologies or observing; the
        "In the room" button also says how they take part."""
        status = rc.check_status(status, rc.SELF_STATUSES)
        took_part = rc.check_way(took_part) if took_part else None
        meeting = await self._meeting(guild_id, meeting_id)
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            repo = AttendanceRepository(session, guild_id)
            self._open_or_refuse(await self._rollcall(repo, meeting), meeting)
            entry = await self._entry(repo, meeting_id, who, now, status)
            await repo.update_entry(entry.id, status=status, took_part=took_part or entry.took_part, updated_at=now,
                                    updated_by=who.user_id)
        await self._changed(guild_id, meeting_id)
        return await self.participant(guild_id, meeting_id, who.user_id)

    async def consent(self, guild_id: int, meeting_id: int, who: Attendee, agree: bool) -> None:
        """Answer to the recording-consent question; answering does not change attendance status."""
        meeting = await self._meeting(guild_id, meeting_id)
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            repo = AttendanceRepository(session, guild_id)
            row = await self._rollcall(repo, meeting)
            self._open_or_refuse(row, meeting)
            if not row.ask_consent:
                raise Conflict(_("This roll call does not ask for recording consent."))
            entry = await self._entry(repo, meeting_id, who, now, rc.PRESENT)
            await repo.update_entry(entry.id, consent=agree, updated_at=now, updated_by=who.user_id)
        await self._changed(guild_id, meeting_id)

    # -- chairs ---------------------------------------------------------------------------------------------------

    async def set_status(self, guild_id: int, meeting_id: int, who: Attendee, status: str, *,
                         role: str | None = None, group: str | None = None, by: int | None = None,
                         took_part: str | None = None) -> Participant:
        """A chair's correction; allowed after the close too (that is when lists get checked)."""
        status = rc.check_status(status)
        took_part = rc.check_way(took_part) if took_part else None
        role = rc.check_role(role) if role else None
        group = await self.services.diversity.canonical_group(guild_id, group) if group else None
        meeting = await self._meeting(guild_id, meeting_id)
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            repo = AttendanceRepository(session, guild_id)
            await self._rollcall(repo, meeting)
            entry = await self._entry(repo, meeting_id, who, now, status)
            overrides: dict[str, object] = {"role": role, "role_overridden": True} if role else {}
            if group:
                overrides["stakeholder_group"] = group
            await repo.update_entry(entry.id, status=status, took_part=took_part or entry.took_part, updated_at=now,
                                    updated_by=by, **overrides)
        await self._changed(guild_id, meeting_id)
        return await self.participant(guild_id, meeting_id, who.user_id)

    async def add_guest(self, guild_id: int, meeting_id: int, name: str, role: str = rc.GUEST,
                        group: str | None = None, status: str = rc.PRESENT, by: int | None = None,
                        took_part: str = rc.PHONE) -> Participant:
        """Add (or update, by name) someone without a Discord account, e.g. a dial-in participant (by phone or
        other means unless said otherwise)."""
        name = clean_text(name, "name", MAX_NAME)
        took_part = rc.check_way(took_part)
        role = rc.check_role(role)
        status = rc.check_status(status)
        group = await self.services.diversity.canonical_group(guild_id, group) if group else None
        meeting = await self._meeting(guild_id, meeting_id)
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            repo = AttendanceRepository(session, guild_id)
            await self._rollcall(repo, meeting)
            entry = await repo.guest_entry(meeting_id, name, role=role, status=status, now=now)
            await repo.update_entry(entry.id, name=name, role=role, status=status, took_part=took_part,
                                    stakeholder_group=group or entry.stakeholder_group, updated_at=now, updated_by=by)
        await self._changed(guild_id, meeting_id)
        found = [p for p in await self.participants(guild_id, meeting_id)
                 if p.user_id is None and p.name.casefold() == name.casefold()]
        return found[0]

    async def close(self, guild_id: int, meeting_id: int, expected: Sequence[Attendee],
                    by: int | None = None) -> RollCallBoard:
        """Freeze the list: voice sessions end now (or when the meeting ended), and every expected member who
        did nothing is recorded absent."""
        meeting = await self._meeting(guild_id, meeting_id)
        now = self.ctx.clock.now()
        end = min(now, meeting.live_ended_at) if meeting.live_ended_at else now
        async with self.ctx.db.session() as session:
            repo = AttendanceRepository(session, guild_id)
            row = await self._rollcall(repo, meeting)
            if row.closed_at is not None:
                raise Conflict(_("The roll call for “{title}” is already closed; correct entries with "
                                 "`/rollcall set`.", title=meeting.title))
            await repo.update_rollcall(meeting_id, closed_at=now, closed_by=by)
            await repo.end_sessions(meeting_id, end)
            recorded: set[int | None] = {e.user_id for e in await repo.entries([meeting_id])}
            absent = []
            for who in expected:
                if who.user_id not in recorded:
                    recorded.add(who.user_id)
                    absent.append((who.user_id, who.name[:MAX_NAME], who.role))
            repo.add_absent(meeting_id, absent, now, by)
        await self._changed(guild_id, meeting_id)
        return await self.board(guild_id, meeting_id)

    # -- voice ----------------------------------------------------------------------------------------------------

    async def voice_moved(self, guild_id: int, who: Attendee, before: int | None, after: int | None,
                          others_in_channel: Sequence[Attendee] = ()) -> int | None:
        """A member joined, left or switched voice channels. Counts only for the live meeting's voice channel
        and only until its roll call is closed. ``others_in_channel`` (everyone else the cog sees there) opens
        sessions for people who were already in the channel when the meeting went live. Returns the meeting id
        when something was recorded."""
        if before == after:
            return None
        live = await self.services.meetings.live(guild_id)
        channel = live.voice_channel_id if live else None
        if live is None or channel is None or channel not in (before, after):
            return None
        if after == channel:
            changed = await self.seen_in_voice(guild_id, live.id, [who, *others_in_channel])
        else:
            changed = await self._left_voice(guild_id, live, who.user_id)
        return live.id if changed else None

    async def seen_in_voice(self, guild_id: int, meeting_id: int, members: Sequence[Attendee]) -> bool:
        """Record these members as in the meeting's voice channel now (no-op for those already recorded)."""
        meeting = await self._meeting(guild_id, meeting_id)
        now = self.ctx.clock.now()
        changed = False
        async with self.ctx.db.session() as session:
            repo = AttendanceRepository(session, guild_id)
            row = await self._rollcall(repo, meeting)
            if row.closed_at is not None:
                return False
            already = await repo.in_voice(meeting_id)
            for who in members:
                if who.user_id in already:
                    continue
                already.add(who.user_id)
                repo.add_session(meeting_id, who.user_id, now)
                entry = await self._entry(repo, meeting_id, who, now, rc.status_after_join(None, who.role))
                await repo.update_entry(entry.id, status=rc.status_after_join(entry.status, entry.role),
                                        updated_at=now)
                changed = True
        if changed:
            await self._changed(guild_id, meeting_id)
        return changed

    async def _left_voice(self, guild_id: int, meeting: MeetingInfo, user_id: int) -> bool:
        now = self.ctx.clock.now()
        async with self.ctx.db.session() as session:
            repo = AttendanceRepository(session, guild_id)
            row = await repo.rollcall(meeting.id)
            if row is None or row.closed_at is not None:
                return False
            ended = await repo.end_sessions(meeting.id, now, user_id)
        if ended:
            await self._changed(guild_id, meeting.id)
        return bool(ended)

    async def voice_summary(self, guild_id: int, meeting_id: int) -> tuple[int, datetime | None]:
        """How many are in the meeting's voice channel now, and when someone last left it (automatic end)."""
        async with self.ctx.db.reader() as session:
            rows = await AttendanceRepository(session, guild_id).sessions([meeting_id])
        still = sum(1 for r in rows if r.left_at is None)
        return still, max((r.left_at for r in rows if r.left_at is not None), default=None)

    # -- reading --------------------------------------------------------------------------------------------------

    async def participants(self, guild_id: int, meeting_id: int) -> list[Participant]:
        """Everyone recorded for the meeting, sorted by name ("Last, First", accents folded)."""
        meeting = await self.services.meetings.get(guild_id, meeting_id)
        return (await self.participants_of(guild_id, [meeting]))[meeting_id]

    async def participant(self, guild_id: int, meeting_id: int, user_id: int) -> Participant:
        return next(p for p in await self.participants(guild_id, meeting_id) if p.user_id == user_id)

    async def participants_of(self, guild_id: int, meetings: Sequence[MeetingInfo]) -> dict[int, list[Participant]]:
        """Participants of several meetings at once (attendance reports)."""
        ids = [m.id for m in meetings]
        async with self.ctx.db.reader() as session:
            repo = AttendanceRepository(session, guild_id)
            rollcalls = {m.id: await repo.rollcall(m.id) for m in meetings}
            entries = await repo.entries(ids)
            sessions = await repo.sessions(ids)
        profiles = await self.services.profiles.many(guild_id, sorted({e.user_id for e in entries if e.user_id}))
        by_member: dict[tuple[int, int], list[VoiceSession]] = {}
        for s in sessions:
            by_member.setdefault((s.meeting_id, s.user_id), []).append(_session(s))
        entries_of: dict[int, list[EntryRecord]] = {}
        for e in entries:
            entries_of.setdefault(e.meeting_id, []).append(e)
        now = self.ctx.clock.now()
        result: dict[int, list[Participant]] = {m.id: [] for m in meetings}
        for meeting in meetings:
            row = rollcalls[meeting.id]
            closed_at = row.closed_at if row else None
            ended = min((t for t in (closed_at, meeting.live_ended_at) if t is not None), default=None)
            # The window voice time counts in: from going live to the end (or the close), else until now.
            since = meeting.live_started_at or meeting.start
            running = ended is None and meeting.is_live
            for e in entries_of.get(meeting.id, []):
                profile = profiles.get(e.user_id) if e.user_id is not None else None
                voice = by_member.get((meeting.id, e.user_id), []) if e.user_id is not None else []
                seen = rc.presence(voice, since, ended or now, running=running)
                result[meeting.id].append(Participant(
                    user_id=e.user_id,
                    name=(profile.display_name if profile and profile.display_name else e.name),
                    role=e.role,
                    group=e.stakeholder_group or (profile.stakeholder_group if profile else None),
                    status=e.status,
                    first_join=seen.first_join,
                    last_leave=seen.last_leave,
                    minutes_attended=seen.minutes,
                    took_part=rc.way_taken(e.took_part, seen.minutes),
                    consent=e.consent if row is not None and row.ask_consent else None,
                ))
            result[meeting.id].sort(key=lambda p: (sort_key(p.name), p.name, p.user_id or 0))
        return result

    async def consent_of(self, guild_id: int, meeting_id: int) -> ConsentTally | None:
        """The answers to the recording question (None when the roll call did not ask it)."""
        board = await self.board(guild_id, meeting_id)
        return board.consent if board.ask_consent else None

    async def board(self, guild_id: int, meeting_id: int) -> RollCallBoard:
        meeting = await self.services.meetings.get(guild_id, meeting_id)
        participants = await self.participants(guild_id, meeting_id)
        async with self.ctx.db.reader() as session:
            repo = AttendanceRepository(session, guild_id)
            row = await repo.rollcall(meeting_id)
            entries = await repo.entries([meeting_id])
        names = {p.user_id: p.name for p in participants if p.user_id is not None}
        objecting = tuple(sorted((names.get(e.user_id, e.name) for e in entries if e.consent is False and e.user_id),
                                 key=sort_key))
        tally = ConsentTally(agree=sum(1 for e in entries if e.consent is True), object=len(objecting),
                             objecting=objecting)
        return RollCallBoard(meeting_id=meeting.id, title=meeting.title, start=meeting.start,
                             participants=tuple(participants), started=bool(row and row.started_at),
                             closed_at=row.closed_at if row else None, ask_consent=bool(row and row.ask_consent),
                             consent=tally, in_room=bool(row and row.in_room))

def _session(row: SessionRecord) -> VoiceSession:
    return VoiceSession(row.joined_at, row.left_at)
