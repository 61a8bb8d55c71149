"""Bad input through the real command path: generated text in every text option of the commands, sent by
members through the stand-in. Each answer is a clear ephemeral error or a success; no unexpected exception;
a rejected command stores nothing. (The volume runs against the parsers and services in tests/reliability.)
"""

from __future__ import annotations

import logging
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from bot.sandbox.options import find_command
from bot.sandbox.webhooks import DEFERRED_UPDATE
from tests.e2e.conftest import Convener
from tests.e2e.security_support import MEETING_START, ok, rows_of
from tests.reliability.fuzz_text import typed

# (who, command, the text options to fill, fixed options); "meeting" is filled in with the test's meeting.
COMMANDS: list[tuple[str, str, tuple[str, ...], dict[str, Any]]] = [
    ("jutta", "poll create", ("title", "slots", "duration", "deadline", "timezone"), {}),
    ("jutta", "profile timezone", ("zone",), {}),
    ("jutta", "profile name", ("name",), {}),
    ("jutta", "profile group", ("group",), {}),
    ("lynn", "meeting schedule", ("title", "start", "duration", "timezone", "repeat", "link"), {}),
    ("lynn", "meeting reschedule", ("start", "duration", "timezone", "title", "link"), {"meeting": None}),
    ("chengetai", "agenda add", ("text", "parent"), {"meeting": None}),
    ("chengetai", "agenda move", ("item",), {"meeting": None, "position": 2}),
    ("chengetai", "agenda remove", ("item",), {"meeting": None}),
    ("lynn", "remind set", ("when", "text"), {}),
    ("lynn", "setup reminders", ("offsets",), {}),
    ("lynn", "setup group", ("name",), {}),
    ("lynn", "setup timezone", ("zone",), {}),
    ("chengetai", "attendance report", ("from", "to"), {}),
    ("lynn", "rollcall add", ("name", "group"), {"meeting": None, "role": "guest"}),
    ("chengetai", "note", ("text", "item"), {}),
    ("chengetai", "decision", ("text",), {}),
    ("chengetai", "action", ("text", "owner", "due", "item"), {}),
    ("chengetai", "item goto", ("item",), {}),
    ("lynn", "minutes edit", ("section",), {"meeting": None}),
]
EDITOR = ("chengetai", "agenda edit")  # a modal with one long text box


def generated(count: int, run_seed: int) -> list[list[str]]:
    """``count`` lists of six generated texts (one per option slot), from the same strategies as the parser tests."""
    out: list[list[str]] = []

    @seed(run_seed)
    @settings(max_examples=count, database=None, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(typed(), min_size=6, max_size=6))
    def collect(texts: list[str]) -> None:
        out.append(texts)

    collect()
    return out


def required(convener: Convener, command: str) -> set[str]:
    _, decl, _ = find_command(convener.standin, convener.guild, command, 1)
    return {o["name"] for o in decl if o.get("required")}


def limited(convener: Convener, command: str, option: str, text: str) -> str:
    """What Discord would deliver: at most the option's max_length, never empty."""
    _, decl, _ = find_command(convener.standin, convener.guild, command, 1)
    spec = next(o for o in decl if o["name"] == option)
    clipped = text[: spec.get("max_length", 6000)]
    return clipped if clipped.strip() else "·"


async def answer_text(reply: Any) -> tuple[str, bool]:
    if reply.type == DEFERRED_UPDATE:
        message = await reply.wait_followup()
        return message.content, message.ephemeral
    return reply.text(), reply.ephemeral


async def fuzz(convener: Convener, caplog: pytest.LogCaptureFixture, cases: int, run_seed: int) -> dict[str, int]:
    await convener.seed_profiles()
    services, gid = convener.bot.services, convener.guild.id
    meeting = await services.meetings.schedule(gid, title="WG-MWP", start=MEETING_START, timezone="UTC")
    await services.agendas.get(gid, meeting.id)  # the template agenda is saved on first read, by design
    convener.clock.set(MEETING_START)
    ok(await convener.chair.slash("meeting start", meeting=meeting.id))  # /note, /action, /item need it live
    caplog.set_level(logging.ERROR, "convener.errors")
    rng = random.Random(run_seed)
    tally = {"accepted": 0, "refused": 0}
    for texts in generated(cases, run_seed):
        who, command, text_options, fixed = rng.choice(COMMANDS)
        needed = required(convener, command)
        optional = [name for name in text_options if name not in needed]
        chosen = [name for name in text_options if name in needed] + rng.sample(optional, rng.randint(0, len(optional)))
        options = {k: (meeting.id if v is None else v) for k, v in fixed.items()}
        options |= {name: limited(convener, command, name, texts[i]) for i, name in enumerate(chosen)}
        before, logged = await rows_of(convener, gid), len(caplog.records)
        reply = await convener.member(who).slash(command, options=options)
        text, ephemeral = await answer_text(reply)
        unexpected = [r.getMessage() for r in caplog.records[logged:] if "unexpected error" in r.getMessage()]
        assert not unexpected, f"/{command} {options!r} -> {text}"
        if text.startswith(("❌", "🔒")):
            assert ephemeral, f"/{command}: refusals are ephemeral: {text}"
            assert await rows_of(convener, gid) == before, f"/{command} {options!r} was refused but stored data"
            tally["refused"] += 1
        else:
            assert "⚠️" not in text, f"/{command} {options!r} -> {text}"
            tally["accepted"] += 1
    await services.polls.coalescer.drain()
    return tally


async def test_generated_text_in_every_command_option(convener: Convener, caplog: pytest.LogCaptureFixture) -> None:
    tally = await fuzz(convener, caplog, cases=60, run_seed=1)
    print(tally)
    assert tally["accepted"] > 0 and tally["refused"] > 0


@pytest.mark.heavy
async def test_generated_text_in_every_command_option_heavy(convener: Convener,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    tally = await fuzz(convener, caplog, cases=300, run_seed=2)
    print(tally)
    assert tally["accepted"] > 0 and tally["refused"] > 0


async def test_pasted_agendas_through_the_form(convener: Convener, caplog: pytest.LogCaptureFixture) -> None:
    who, command = EDITOR
    meeting = await convener.bot.services.meetings.schedule(convener.guild.id, title="WG-MWP", start=MEETING_START,
                                                            timezone="UTC")
    caplog.set_level(logging.ERROR, "convener.errors")
    member = convener.member(who)
    for texts in generated(25, 3):
        form = await member.slash(command, meeting=meeting.id)
        assert form.modal is not None
        field = form.modal.inputs()[0]
        before = await rows_of(convener, convener.guild.id)
        done = await member.submit_modal(form, {field["custom_id"]: texts[0][:4000] or "·"})
        text, ephemeral = await answer_text(done)
        assert "⚠️" not in text, text
        if text.startswith("❌"):
            assert ephemeral and await rows_of(convener, convener.guild.id) == before
    assert "unexpected error" not in caplog.text


# Crashes the parser tests found (fixed since), through the command a member would use.
async def test_a_huge_duration_in_poll_create_is_refused_clearly(convener: Convener) -> None:
    reply = await convener.member("jutta").slash("poll create", title="T", slots="2026-12-03 15:00",
                                                 duration="99999999999999999999")
    assert reply.content.startswith("❌"), reply.content


async def test_a_very_long_zone_in_poll_create_is_refused_clearly(convener: Convener) -> None:
    reply = await convener.member("jutta").slash("poll create", title="T", slots="2026-12-03 15:00",
                                                 timezone="ࠀ" * 100)
    assert reply.content.startswith("❌"), reply.content


async def test_a_day_long_utc_offset_in_poll_slots_is_refused_clearly(convener: Convener) -> None:
    reply = await convener.member("jutta").slash("poll create", title="T", slots="2026-12-03 15:00 +99:99")
    assert reply.content.startswith("❌"), reply.content
