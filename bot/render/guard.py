"""What members are told when convener will not speak for them: posting where they cannot post, pinging people
they could not ping. Full sentences with named placeholders (for the message catalogs)."""

from __future__ import annotations

from bot.i18n import N_

CANNOT_POST = (N_("You cannot send messages in <#{channel_id}>, so convener will not post there for you. Run the "
               "command in a channel where you can write, or ask someone who can."))
CANNOT_POST_SHOWN_PRIVATELY = N_("(Shown only to you: you cannot send messages in this channel.)")
CANNOT_MENTION = (N_("You cannot mention {role} in <#{channel_id}> yourself, so convener will not mention it for you. "
                  "Make the role mentionable, or ask someone with the Mention @everyone permission."))
EVERYONE_NEVER = N_("convener never pings @everyone; pick a role such as Member, or leave `role` empty.")
EXPECTED_ROLE_FOR_CHAIRS = (N_("Only chairs can choose who is expected to vote (`expected_role`): reminders mention "
                            "each of them. Leave it empty and the poll expects the Member role."))
CHASE_FOR_CHAIRS = (N_("Only chairs can remind non-voters: the reminder mentions everyone expected who has not voted. "
                    "(In a drafting group's thread, the poll's creator can too.)"))
EXPECTED_EVERYONE = (N_("👥 Expected to vote: **everyone in this server** ({count} members). `/poll remind` and the "
                     "last call before the deadline mention each of them who has not voted."))
EXPECTED_ROLE = (N_("👥 Expected to vote: the {count} members of {role}. `/poll remind` and the last call before the "
                 "deadline mention each of them who has not voted."))
