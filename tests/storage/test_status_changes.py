"""Repositories change a poll's or a meeting's status and hand back domain objects, never rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.meeting import MeetingInfo, MeetingStatus
from bot.domain.poll import PollInfo, PollStatus
from storage.db import Database
from storage.repositories.meetings import MeetingRepository
from storage.repositories.polls import PollRepository

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GUILD, OTHER = 111, 222


async def test_a_poll_closes_once_reopens_from_closed_and_finalizes_for_good(any_db: Database) -> None:
    slot = (NOW + timedelta(days=3), NOW + timedelta(days=3, hours=1))
    async with any_db.session() as s:
        poll = await PollRepository(s, GUILD).create(
            title="December", timezone="UTC", deadline=None, channel_id=5, expected_role_id=None, anonymous=False,
            created_by=7, created_at=NOW, slots=[slot])
    assert isinstance(poll, PollInfo) and poll.status is PollStatus.OPEN and len(poll.slots) == 1
    async with any_db.session() as s:
        repo = PollRepository(s, GUILD)
        assert not await PollRepository(s, OTHER).close(poll.id, NOW)  # another server's poll is out of reach
        assert await repo.close(poll.id, NOW)
        assert not await repo.close(poll.id, NOW)  # a second close changes nothing
        assert await repo.finalize(poll.id, poll.slots[0].id, 99, NOW)  # a closed poll can still be finalized
    async with any_db.reader() as s:
        closed = await PollRepository(s, GUILD).get(poll.id)
    assert closed is not None and closed.status is PollStatus.FINALIZED and closed.meeting_id == 99
    async with any_db.session() as s:
        repo = PollRepository(s, GUILD)
        assert not await repo.reopen(poll.id, None)
        assert not await repo.close(poll.id, NOW)


async def test_reopening_clears_the_close_and_sets_the_deadline(any_db: Database) -> None:
    async with any_db.session() as s:
        poll = await PollRepository(s, GUILD).create(
            title="t", timezone="UTC", deadline=None, channel_id=5, expected_role_id=None, anonymous=False,
            created_by=7, created_at=NOW, slots=[(NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1))])
    async with any_db.session() as s:
        repo = PollRepository(s, GUILD)
        assert not await repo.reopen(poll.id, None)  # open already
        assert await repo.close(poll.id, NOW)
        assert await repo.reopen(poll.id, NOW + timedelta(hours=5))
    async with any_db.reader() as s:
        found = await PollRepository(s, GUILD).versioned(poll.id)
    assert found is not None
    again, _version = found
    assert again.is_open and again.deadline == NOW + timedelta(hours=5)


async def test_a_meeting_is_stored_and_changed_as_a_snapshot(any_db: Database) -> None:
    async with any_db.session() as s:
        meeting = await MeetingRepository(s, GUILD).create(
            title="WG", start=NOW + timedelta(days=1), end=NOW + timedelta(days=1, hours=1), timezone="UTC",
            ics_uid="u@convener", created_at=NOW)
    assert isinstance(meeting, MeetingInfo) and meeting.status is MeetingStatus.SCHEDULED
    async with any_db.session() as s:
        repo = MeetingRepository(s, GUILD)
        live = await repo.update(meeting.id, status=MeetingStatus.LIVE, live_started_at=NOW)
        assert live.is_live and await repo.live() == live
        with pytest.raises(ValueError, match="revision"):  # bookkeeping is not a service's to change
            await repo.update(meeting.id, revision=7)
    async with any_db.reader() as s:
        stored = await MeetingRepository(s, GUILD).get(meeting.id)
        assert await MeetingRepository(s, OTHER).get(meeting.id) is None
    assert stored is not None and stored.status is MeetingStatus.LIVE and stored.live_started_at == NOW
