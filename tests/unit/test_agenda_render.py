"""The agenda as posted on Discord: header, items, and clean splits across messages."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.agenda import Agenda, AgendaItem, parse_agenda
from bot.domain.meeting import MeetingInfo
from bot.render.agenda import POSTED_INDENT, agenda_messages

START = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def meeting(**kw: object) -> MeetingInfo:
    values: dict[str, object] = dict(id=7, guild_id=1, title="WG-MWP", start=START, end=START, timezone="UTC",
                                     status="scheduled", number=6)
    values.update(kw)
    return MeetingInfo(**values)  # type: ignore[arg-type]


def test_one_message_with_header_and_lettered_sub_items() -> None:
    agenda = parse_agenda("1 - Intro\n2 - Proposals\n a) Framework\n3 - AOB")
    [text] = agenda_messages(meeting(voice_channel_id=55, link="https://meet.example/wg"), agenda)
    assert text == (f"📋 **Agenda — WG-MWP #6**\n<t:{int(START.timestamp())}:F> (<t:{int(START.timestamp())}:R>)"
                    " · <#55> · https://meet.example/wg\n\n"
                    f"**1 - Intro**\n**2 - Proposals**\n{POSTED_INDENT}a) Framework\n**3 - AOB**")


def test_current_item_is_marked() -> None:
    agenda = Agenda((AgendaItem(1, "Intro"), AgendaItem(2, "AOB", (AgendaItem(3, "Poll"),))))
    text = agenda_messages(meeting(current_item_id=3), agenda)[0]
    assert f"{POSTED_INDENT}a) Poll ◀ now" in text and "Intro ◀" not in text


def test_empty_agenda_says_how_to_fill_it() -> None:
    assert "/agenda add" in agenda_messages(meeting(), Agenda(()))[0]


def test_long_agendas_split_between_items() -> None:
    items = tuple(AgendaItem(i, f"Item {i} " + "x" * 150, tuple(AgendaItem(None, f"sub {i}.{j} " + "y" * 150)
                                                               for j in range(3))) for i in range(30))
    messages = agenda_messages(meeting(), Agenda(items))
    assert len(messages) > 1
    assert all(len(m) <= 2000 for m in messages)
    assert all(m.startswith("*(agenda continued)*\n**") for m in messages[1:])
    # Every item starts a block and keeps its sub-items in the same message.
    for m in messages:
        lines = [line for line in m.splitlines()[1:] if line]
        assert lines[0].startswith("**") or m is messages[0]
        assert lines[-1].startswith(f"{POSTED_INDENT}c) ")
    joined = "\n".join(messages)
    assert all(f"Item {i} " in joined for i in range(30))


def test_an_item_longer_than_a_message_splits_between_its_lines() -> None:
    big = AgendaItem(1, "Big", tuple(AgendaItem(None, "z" * 200) for _ in range(26)))
    messages = agenda_messages(meeting(), Agenda((big,)), limit=2000)
    assert len(messages) >= 3 and all(len(m) <= 2000 for m in messages)
    assert sum(m.count("z" * 200) for m in messages) == 26


def test_a_documents_label_and_link_cannot_mark_up_the_posted_agenda() -> None:
    from bot.domain.agenda import Document
    doc = Document(1, "**Draft** <@&42>", "https://x.org/a>b[c](https://evil.example)")
    agenda = Agenda((AgendaItem(1, "Intro", documents=(doc,)),))
    [text] = agenda_messages(meeting(), agenda)
    line = next(li for li in text.split("\n") if "📎" in li)
    assert "**Draft**" not in line and "<@&42>" not in line  # shown as typed
    link = line.split("](<", 1)[1]
    assert link.count(">") == 1 and link.endswith(">)")  # the whole address stays inside the link


def test_titles_a_member_proposed_show_as_typed_in_the_posted_agenda() -> None:
    # Accepted proposals and drafting-group report items put members' words on the agenda.
    agenda = Agenda((AgendaItem(1, "Budget `draft", children=(AgendaItem(2, "||spoiler|| <#9>"),)),
                     AgendaItem(3, "AOB` **x**")))
    [text] = agenda_messages(meeting(title="WG_MWP *"), agenda)
    assert "**1 - Budget \\`draft**" in text
    assert "\\|\\|spoiler\\|\\| \\<#9\\>" in text
    assert "**2 - AOB\\` \\*\\*x\\*\\***" in text
    assert "WG\\_MWP \\*" in text
