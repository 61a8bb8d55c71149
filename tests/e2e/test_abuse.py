"""The abuse suite: every registered command, run by a member, an observer and someone with no role at all, from a
channel they may read but not write in (and, for the role-less user, from #general too), with every option set to
a trick: text full of @everyone, role and user mentions and Markdown, @everyone as the role, a channel they cannot
see, a chair as the member. Then every command again in a direct message, and every autocomplete with hostile
text. Commands are read from what the bot registered, so a new command is covered without touching this file.

Whatever the command: no unexpected error, no ping of anyone, no public post in a channel the user could not post
in, and a refusal is private and changes nothing stored. One bot serves the whole module.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.clock import FakeClock
from bot.sandbox import Channel, Sandbox, SandboxError, SimMember
from bot.sandbox.cast import sandbox_members
from bot.sandbox.options import ATTACHMENT, BOOLEAN, CHANNEL, INTEGER, MENTIONABLE, NUMBER, ROLE, STRING, USER
from tests.e2e.abuse_support import (
    Stage,
    Trace,
    describe,
    pings,
    public_posts_where_they_cannot_post,
    restrict,
    stored_rows,
    tricks,
)
from tests.e2e.conftest import START, Convener, bot_in, make_config
from tests.e2e.security_support import seed_guild_a
from tests.e2e.test_fuzz import answer_text
from tests.e2e.test_security import settled

pytestmark = pytest.mark.asyncio(loop_scope="module")
Json = dict[str, Any]

# Text options that must parse to reach the command's real work; every other text option gets the tricks.
PLAUSIBLE = {
    "slots": "2026-12-03 15:00, 2026-12-04 15:00", "start": "2026-12-20 10:00", "when": "2026-12-09 09:00",
    "due": "2026-12-10", "deadline": "2026-12-01 12:00", "outline_due": "2026-12-08", "draft_due": "2026-12-15",
    "review_due": "2026-12-20", "final_due": "2027-01-10", "duration": "60", "timezone": "UTC", "zone": "UTC",
    "from": "2026-11-01", "to": "2026-12-31", "repeat": "weekly", "offsets": "1h", "period": "7d", "before": "1h",
    "item": "1", "parent": "1", "section": "1",
}


@dataclass
class World:
    env: Convener
    stage: Stage


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def world(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> AsyncIterator[World]:
    """The working group's server with a poll, a published meeting, an action and a reminder, a read-only and
    a hidden channel, a vice chair and a role-less member — shared by every test of the module."""
    database = tmp_path_factory.mktemp("abuse") / "convener.db"
    shutil.copyfile(migrated_template, database)
    clock = FakeClock(START)
    async with Sandbox(members=sandbox_members(), now=clock.now) as sandbox:
        config = make_config(f"sqlite+aiosqlite:///{database}", sandbox.guild.id,
                             polls={"tally_edit_interval": 0})
        async with bot_in(sandbox, config, clock) as env:
            await seed_guild_a(env)
            yield World(env, await restrict(env))


def leaves(env: Convener) -> Iterator[tuple[str, list[Json]]]:
    """("poll create", option declarations) for every slash command the bot registered."""
    def walk(prefix: str, options: list[Json]) -> Iterator[tuple[str, list[Json]]]:
        subs = [o for o in options if o["type"] in (1, 2)]
        if not subs:
            yield prefix, options
        for sub in subs:
            yield from walk(f"{prefix} {sub['name']}", sub.get("options") or [])

    for command in env.standin.commands(env.guild):
        if command.get("type", 1) == 1:
            yield from walk(command["name"], command.get("options") or [])


async def tricky_options(env: Convener, who: SimMember, command: str, declared: list[Json], where: Channel,
                         stage: Stage, *, required_only: bool = False) -> Json:
    """A value for every option: plausible where it must parse, a trick everywhere else, and for ids the first
    suggestion the user is offered."""
    values: Json = {}
    for option in declared:
        if required_only and not option.get("required"):
            continue
        name, kind = option["name"], option["type"]
        if option.get("choices"):
            values[name] = option["choices"][0]["value"]
        elif kind == STRING:
            text = PLAUSIBLE.get(name) or tricks(env)
            values[name] = text[:option.get("max_length", 6000)]
        elif kind in (INTEGER, NUMBER):
            values[name] = await suggested(who, command, name, values, where) if option.get("autocomplete") \
                else option.get("min_value", 1)
        elif kind == BOOLEAN:
            values[name] = True
        elif kind == USER:
            values[name] = env.chair.member
        elif kind in (ROLE, MENTIONABLE):
            values[name] = env.guild.everyone
        elif kind == CHANNEL:
            voice = 2 in (option.get("channel_types") or [])
            values[name] = env.channel("Meeting room") if voice else stage.hidden
        elif kind == ATTACHMENT:
            values[name] = ("minutes.md", f"# Annex I\n# Annex II\n{tricks(env)} <script>x</script>".encode())
    return values


async def suggested(who: SimMember, command: str, option: str, values: Json, where: Channel) -> Any:
    choices = await who.autocomplete(command, option, "", channel=where, **values)
    return choices[0]["value"] if choices else 1


async def run_one(world: World, who: SimMember, command: str, declared: list[Json], where: Channel,
                  caplog: pytest.LogCaptureFixture, *, required_only: bool = False) -> bool:
    """Run one command as ``who`` and check what it did; True when it was refused."""
    env = world.env
    options = await tricky_options(env, who, command, declared, where, world.stage, required_only=required_only)
    what = f"{who.name} in #{where.name or 'DM'}: {describe(command, options)}"
    await settled(env)
    before, trace, logged = stored_rows(env), Trace.of(env), len(caplog.records)
    try:
        reply = await who.slash(command, channel=where, options=options, dm=where.type == 1)
    except SandboxError as exc:  # e.g. a value Discord would not let them send
        pytest.fail(f"{what}: {exc}")
    text, ephemeral = ("", True) if reply.modal is not None else await answer_text(reply)
    await settled(env)
    unexpected = [r.getMessage() for r in caplog.records[logged:] if r.levelno >= logging.ERROR]
    assert not unexpected and "⚠️" not in text, f"{what} -> {text} {unexpected}"
    touched = trace.since(env)
    assert not [pings(m) for m in touched if pings(m)], f"{what} pinged: {[pings(m) for m in touched]}"
    assert not public_posts_where_they_cannot_post(env, who, trace.new_since(env)), what
    refused = text.startswith(("❌", "🔒"))
    if refused:
        assert ephemeral, f"{what}: a refusal must be private: {text}"
        assert stored_rows(env) == before, f"{what} was refused but changed stored data"
    return refused


PERSONAS = ["danko", "pradeep", "roleless"]


def persona(world: World, key: str) -> SimMember:
    return world.stage.roleless if key == "roleless" else world.env.member(key)


@pytest.mark.parametrize("key", PERSONAS)
async def test_every_command_with_every_trick(world: World, key: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    who = persona(world, key)
    where = [world.stage.read_only] + ([world.env.channel("general")] if key == "roleless" else [])
    commands = list(leaves(world.env))
    assert len(commands) > 60, "the bot registered fewer commands than expected"
    refused = 0
    for channel in where:
        for command, declared in commands:
            refused += await run_one(world, who, command, declared, channel, caplog)
    assert refused >= len(commands) * len(where) // 2, "most commands are for chairs or the secretariat"
    await context_menus(world, who, caplog)


async def context_menus(world: World, who: SimMember, caplog: pytest.LogCaptureFixture) -> None:
    """Message and user commands, on a message full of tricks in the read-only channel and on the chair."""
    env = world.env
    said = await env.chair.say(world.stage.read_only, tricks(env))
    for menu in env.standin.commands(env.guild):
        if menu.get("type", 1) == 1:
            continue
        trace, logged = Trace.of(env), len(caplog.records)
        if menu["type"] == 3:
            reply = await who.message_command(menu["name"], said)
        else:
            reply = await who.user_command(menu["name"], env.chair.member)
        text, _ = await answer_text(reply)
        assert "⚠️" not in text and not [r for r in caplog.records[logged:] if r.levelno >= logging.ERROR], text
        assert not [pings(m) for m in trace.since(env) if pings(m)], menu["name"]
        assert not public_posts_where_they_cannot_post(env, who, trace.new_since(env)), menu["name"]


async def test_every_command_in_a_direct_message_is_refused_clearly(world: World,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    danko = world.env.member("danko")
    dm = world.env.standin.world.dm_channel(world.env.standin.bot_user, danko.member.user)
    accepted = []
    for command, declared in leaves(world.env):
        if not await run_one(world, danko, command, declared, dm, caplog, required_only=True):
            accepted.append(command)
    assert not accepted, f"answered in a DM as if in a server: {accepted}"


async def test_every_autocomplete_keeps_to_discords_limits_whatever_is_typed(
        world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    env, who = world.env, world.env.member("danko")
    typed = [tricks(env), "%_\\" * 40, "x" * 6000, "ж" * 100_000]
    for command, declared in leaves(env):
        for option in (o for o in declared if o.get("autocomplete")):
            for text in typed:
                choices = await who.autocomplete(command, option["name"], text, channel=world.stage.read_only)
                assert len(choices) <= 25 and all(1 <= len(c["name"]) <= 100 for c in choices), (command, choices)
                assert all(len(str(c["value"])) <= 100 for c in choices), (command, option["name"], choices)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text[-2000:]


async def test_privacy_forget_in_a_direct_message_answers_as_other_commands_do(world: World) -> None:
    danko = world.env.member("danko")
    forget = await danko.slash("privacy forget", dm=True)
    other = await danko.slash("profile show", dm=True)
    assert forget.ephemeral and not forget.components and "Continue?" not in forget.content
    assert forget.content == other.content == "❌ convener works inside a server, not in direct messages."
