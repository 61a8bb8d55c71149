"""What members read about drafting groups (full sentences with named placeholders, for the message catalog)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.domain.groups import Balance, Seat
from bot.i18n import N_, _
from bot.render.discord_text import escape_md

if TYPE_CHECKING:
    from bot.domain.groups import GroupInfo
    from bot.services.groups import GroupView

NOT_FOUND = N_("There is no drafting group #{id} in this server; `/group list` shows them.")
NAME_TAKEN = N_("There is already a drafting group called “{name}”; choose another name.")
TOO_MANY = N_("A drafting group has at most {limit} members.")
NOT_A_MEMBER = N_("{user} is not a member of “{name}”.")
CLOSED = N_("The drafting group “{name}” is closed.")
MEMBERS_ONLY = N_("Only members of “{name}” and chairs can schedule its meetings.")
NO_THREAD = N_("“{name}” has no thread to hold its meetings.")
MEETING_TITLE = N_("Drafting group: {name}")
REPORT_ITEM = N_("Report of the drafting group “{name}”")
MENTION_MEMBERS = N_("Mention the members in `members`, e.g. `@Jutta Croll @Danko Jevtović`.")
NO_THREAD_RIGHTS = N_("I cannot create a private thread in <#{channel_id}>: give me Create Private Threads and Send "
                      "Messages in Threads there. Nothing was saved.")
NEEDS_TEXT_CHANNEL = N_("Drafting groups get a private thread under a text channel: run this in one, or give "
                        "`channel`.")

CARD_TITLE = N_("**Drafting group #{id} “{name}”** — {thread}")
CARD_MEMBERS = N_("Members ({count}): {members}")
CARD_NO_MEMBERS = N_("No members yet: add them with `/group add`.")
CARD_NO_RULE = N_("No balance rule.")
CARD_RULE = N_("Balance rule: {rule}")
BALANCE_HOLDS = N_("✅ The balance holds.")
BALANCE_FAILS = N_("⚠️ The balance does not hold:")
MISSING = N_("• {count} more {label} needed")
SURPLUS = N_("• beyond the rule: {people}")
UNSTATED = N_("• no stakeholder group stated (ask them to run `/profile group`): {people}")
CREATED = N_("✅ Created the drafting group. Its members can talk in {thread}; polls created there are voted on by " \
          "the group, and `/group meeting` schedules its meetings.")
WELCOME = N_("👋 This is the private thread of the drafting group “{name}”. Polls created here are for the group's " \
          "members; `/group meeting` schedules the group's meetings here.")
REPORT_ADDED = N_("✅ “{item}” is on the agenda of {meeting}.")
CLOSED_DONE = N_("✅ The drafting group “{name}” is closed.")
LIST_LINE = N_("#{id} {name} — {count} members{thread}")
LIST_EMPTY = N_("There are no drafting groups yet; a chair creates one with `/group create`.")


def person(seat: Seat, names: dict[int, str]) -> str:
    who = names.get(seat.user_id) or f"<@{seat.user_id}>"
    return f"{who} ({escape_md(seat.group)})" if seat.group else who


def balance_lines(balance: Balance, names: dict[int, str]) -> list[str]:
    if balance.holds:
        return [_(BALANCE_HOLDS)]
    lines = [_(BALANCE_FAILS)]
    lines += [_(MISSING, count=s.missing, label=s.quota.label()) for s in balance.shortfalls]
    if balance.surplus:
        lines.append(_(SURPLUS, people=", ".join(person(s, names) for s in balance.surplus)))
    if balance.unstated:
        lines.append(_(UNSTATED, people=", ".join(person(s, names) for s in balance.unstated)))
    return lines


def group_card(view: GroupView) -> str:
    group = view.group
    names = {u: escape_md(n) for u, n in view.names.items()}
    thread = f"<#{group.thread_id}>" if group.thread_id else "—"
    lines = [_(CARD_TITLE, id=group.id, name=escape_md(group.name), thread=thread)]
    members = [person(s, names) for s in view.seats]
    lines.append(_(CARD_MEMBERS, count=len(members), members=" · ".join(members)) if members else _(CARD_NO_MEMBERS))
    if view.balance is None:
        lines.append(_(CARD_NO_RULE))
    else:
        lines.append(_(CARD_RULE, rule=escape_md(view.balance.rule.text())))
        lines += balance_lines(view.balance, names)
    return "\n".join(lines)


def group_list(groups: Sequence[GroupInfo]) -> str:
    lines = [_(LIST_LINE, id=g.id, name=escape_md(g.name), count=len(g.members),
               thread=f" — <#{g.thread_id}>" if g.thread_id else "") for g in groups]
    return "\n".join(lines) or _(LIST_EMPTY)


def report_added(item: str, meeting: str) -> str:
    return _(REPORT_ADDED, item=escape_md(item), meeting=escape_md(meeting))


def closed_done(name: str) -> str:
    return _(CLOSED_DONE, name=escape_md(name))
