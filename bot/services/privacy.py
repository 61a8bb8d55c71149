"""Forgetting a member (`/privacy forget`, or leaving the server when configured).

What "forget" means for each kind of record:
- the member's own records are deleted: profile, diversity declarations, reminder preferences and calendar
  feeds, poll answers and comments, roll-call entries (also a guest entry under their name), voice-channel
  attendance, drafting-group memberships (they also leave the group's thread), comments on draft minutes,
  and the messages of theirs that were added to the minutes;
- shared records stay, without them: meetings, polls, agendas, reminders, minutes entries and action items they
  created, wrote down, edited or own lose their id, and a name kept next to it becomes "a former participant";
- every text of the server that still quotes them is rewritten: their names (as listed, as on Discord, both
  "Last, First" and "First Last") and mentions become "a former participant", and their words added to the
  minutes are replaced by a note that they were removed — in drafts, published versions, action items,
  agendas and reminder texts alike.
Messages convener already posted in Discord are not edited (a chair can edit or delete them there).

All of it is one unit of work; on SQLite the write-ahead log is then emptied so that no older copy of a
deleted row stays in the -wal file (deleted rows are zeroed in the database file by secure_delete).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.render.discord_text import escape_md
from bot.services.context import ServiceContext
from storage.repositories.polls import PollRepository
from storage.repositories.privacy import Forgotten, PrivacyRepository, Rewrite

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

PLACEHOLDER = "a former participant"
WORDS_REMOVED = "[words of a former participant, removed at their request]"
MIN_NAME = 3  # shorter "names" (initials) would rewrite unrelated words
MIN_SNOWFLAKE = 15  # digits
MIN_WORDS = 12  # shorter messages ("Agreed.") are not theirs alone: rewriting them would garble other text

# Tables whose deleted rows are named to the member (kinds, labelled in bot.render.privacy); every other change
# is summed up as records unlinked or texts rewritten.
DELETED_KINDS = {"member_profiles": "profile", "member_diversity": "diversity_declarations",
                 "reminder_preferences": "reminder_preferences", "calendar_feeds": "calendar_feeds",
                 "reminder_deliveries": "reminder_deliveries", "poll_ballots": "poll_answers",
                 "poll_comments": "poll_comments", "rollcall_entries": "rollcall_entries",
                 "voice_sessions": "voice_records", "drafting_group_members": "group_memberships",
                 "minutes_comments": "minutes_comments", "minutes_entries": "captured_messages"}


def name_forms(names: Iterable[str]) -> set[str]:
    """Each name as given, and "Last, First" <-> "First Last"."""
    forms: set[str] = set()
    for raw in names:
        name = " ".join(raw.split())
        if len(name) < MIN_NAME:
            continue
        forms.add(name)
        last, comma, first = name.partition(",")
        if comma and first.strip() and last.strip():
            forms.add(f"{first.strip()} {last.strip()}")
        elif " " in name:
            first_part, _, last_part = name.rpartition(" ")
            forms.add(f"{last_part}, {first_part}")
    return forms


def quotable(name: str) -> bool:
    """Whether a name is specific enough to be rewritten wherever it appears in a text: a full name, or a handle
    such as "danko_j". A lone word ("Jutta") is only matched as a whole name field (an owner typed as text,
    a guest's name): in running text it may be somebody else, or part of another name ("Croll, Jutta")."""
    return " " in name or "," in name or not name.isalpha()


def rewrites(user_id: int, names: Iterable[str], words: Iterable[str]) -> list[Rewrite]:
    """What to replace in the server's texts: their words first (whole texts), then names and mentions."""
    out: list[Rewrite] = []
    for text in sorted(set(words), key=len, reverse=True):
        variants = {text, escape_md(text), *text.split("\n"), *escape_md(text).split("\n")}
        out += [Rewrite(v, WORDS_REMOVED) for v in sorted(variants, key=len, reverse=True)
                if len(v.strip()) >= MIN_WORDS]
    for name in sorted(set(names), key=len, reverse=True):
        # Where our own texts put a name (minutes: "owner: …", "— *…*"; agenda: "(…, due …)"), any name of
        # theirs is theirs; in running text only a specific one is (see ``quotable``).
        md = escape_md(name)
        out += [Rewrite(f"owner: {md}", f"owner: {PLACEHOLDER}"), Rewrite(f"— *{md}*", f"— *{PLACEHOLDER}*"),
                Rewrite(f"({name}, due ", f"({PLACEHOLDER}, due "), Rewrite(f"({name})", f"({PLACEHOLDER})")]
    forms = {form for name in names if quotable(name) for form in (name, escape_md(name))}
    out += [Rewrite(name, PLACEHOLDER, whole_word=True) for name in sorted(forms, key=len, reverse=True)]
    out += [Rewrite(f"<@{user_id}>", PLACEHOLDER), Rewrite(f"<@!{user_id}>", PLACEHOLDER)]
    if len(str(user_id)) >= MIN_SNOWFLAKE:  # a real Discord id: no other number in a text looks like it
        out.append(Rewrite(str(user_id), PLACEHOLDER, whole_word=True))
    return out


def summary(done: Forgotten) -> dict[str, int]:
    """Counts per kind for the member: deleted records by kind, then records unlinked and texts rewritten."""
    counts: dict[str, int] = {}
    for table, n in done.deleted.items():
        kind = DELETED_KINDS.get(table, table)
        counts[kind] = counts.get(kind, 0) + n
    if done.unlinked:
        counts["unlinked"] = sum(done.unlinked.values())
    if done.rewritten:
        counts["rewritten"] = sum(done.rewritten.values())
    return counts


class PrivacyService:
    def __init__(self, ctx: ServiceContext, services: Services) -> None:
        self.ctx = ctx
        self.services = services

    async def start(self) -> None:
        """Nothing to refill: forgetting happens on request or when a member leaves."""

    async def forget_member(self, guild_id: int, user_id: int, names: Iterable[str] = ()) -> dict[str, int]:
        """Remove the member's personal data in this guild (see the module docstring); ``names`` are the ones
        Discord knows them by. Returns what was done, per kind (only kinds with something done)."""
        threads = await self.services.groups.threads_of(guild_id, user_id)
        async with self.ctx.db.session() as session:
            await self.ctx.cache.changed_guild(guild_id)  # their profile, and names in the server's texts
            repo = PrivacyRepository(session, guild_id)
            known = sorted(name_forms([*names, *await repo.names_of(user_id)]))
            words = await repo.words_of(user_id, known)
            polls = await PollRepository(session, guild_id).polls_voted(user_id)
            await PollRepository(session, guild_id).bump_ballot_version(polls)  # their answers go
            done = await repo.forget(user_id, known, rewrites(user_id, known, words), PLACEHOLDER)
        self.services.polls.forgotten(guild_id, user_id, polls)
        await self.services.groups.leave_threads(guild_id, user_id, threads)
        if not await self.ctx.db.checkpoint():
            log.warning("guild %s: the write-ahead log could not be emptied after forgetting a member; older "
                        "copies of their rows stay in it until the next checkpoint", guild_id)
        counts = summary(done)
        log.info("forgot member %s in guild %s: %s", user_id, guild_id, counts)
        return counts
