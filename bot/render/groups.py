"""What members read about drafting groups (full sentences with named placeholders, for the message catalog)."""

from __future__ import annotations

from bot.domain.groups import Balance, Seat

NOT_FOUND = "There is no drafting group #{id} in this server; `/group list` shows them."
NAME_TAKEN = "There is already a drafting group called “{name}”; choose another name."
TOO_MANY = "A drafting group has at most {limit} members."
NOT_A_MEMBER = "{user} is not a member of “{name}”."
CLOSED = "The drafting group “{name}” is closed."
MEMBERS_ONLY = "Only members of “{name}” and chairs can schedule its meetings."
NO_THREAD = "“{name}” has no thread to hold its meetings."
MEETING_TITLE = "Drafting group: {name}"
REPORT_ITEM = "Report of the drafting group “{name}”"
NEEDS_TEXT_CHANNEL = "Drafting groups get a private thread under a text channel: run this in one, or give `channel`."

CARD_TITLE = "**Drafting group #{id} “{name}”** — {thread}"
CARD_MEMBERS = "Members ({count}): {members}"
CARD_NO_MEMBERS = "No members yet: add them with `/group add`."
CARD_NO_RULE = "No balance rule."
CARD_RULE = "Balance rule: {rule}"
BALANCE_HOLDS = "✅ The balance holds."
BALANCE_FAILS = "⚠️ The balance does not hold:"
MISSING = "• {count} more {label} needed"
SURPLUS = "• beyond the rule: {people}"
UNSTATED = "• no stakeholder group stated (ask them to run `/profile group`): {people}"
CREATED = "✅ Created the drafting group. Its members can talk in {thread}; polls created there are voted on by " \
          "the group, and `/group meeting` schedules its meetings."
WELCOME = "👋 This is the private thread of the drafting group “{name}”. Polls created here are for the group's " \
          "members; `/group meeting` schedules the group's meetings here."
REPORT_ADDED = "✅ “{item}” is on the agenda of {meeting}."
CLOSED_DONE = "✅ The drafting group “{name}” is closed."
LIST_LINE = "#{id} {name} — {count} members{thread}"
LIST_EMPTY = "There are no drafting groups yet; a chair creates one with `/group create`."


def person(seat: Seat, names: dict[int, str]) -> str:
    who = names.get(seat.user_id) or f"<@{seat.user_id}>"
    return f"{who} ({seat.group})" if seat.group else who


def balance_lines(balance: Balance, names: dict[int, str]) -> list[str]:
    if balance.holds:
        return [BALANCE_HOLDS]
    lines = [BALANCE_FAILS]
    lines += [MISSING.format(count=s.missing, label=s.quota.label()) for s in balance.shortfalls]
    if balance.surplus:
        lines.append(SURPLUS.format(people=", ".join(person(s, names) for s in balance.surplus)))
    if balance.unstated:
        lines.append(UNSTATED.format(people=", ".join(person(s, names) for s in balance.unstated)))
    return lines
