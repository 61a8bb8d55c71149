"""Templates end to end: Annex II labels ("MAG MEMBERS"), optional minutes sections, and the standard session
report (seed 001) drafted from the roll call, refused until every required section is filled in, then posted;
a server's own report template is checked (sandboxed, required sections) before it is kept."""

from __future__ import annotations

from bot.services.rollcall import Attendee
from tests.e2e.conftest import Convener
from tests.e2e.test_minutes import end_live, scheduled, start_live

CUSTOM = """# {{ title }}
## Session
{{ when }}
## Participation
{{ attended }} people
## Main points
{{ to_complete }}
## Key messages
{{ to_complete }}
## Follow-up
{{ to_complete }}
## Gender balance
{{ to_complete }}
"""


async def test_labels_sections_and_session_report(convener: Convener) -> None:
    await convener.seed_profiles()
    services, gid = convener.bot.services, convener.guild.id
    meeting = await scheduled(convener)
    await start_live(convener, meeting)
    for key, role in (("lynn", "chair"), ("jutta", "member"), ("danko", "member")):
        member = convener.member(key)
        await services.rollcall.respond(gid, meeting.id, Attendee(member.id, member.name, role), "present")
    await convener.member("jutta").slash("profile diversity", gender="woman")
    await end_live(convener, meeting)
    lynn, chengetai = convener.chair, convener.member("chengetai")

    assert (await convener.member("jutta").slash("template label", role="member", label="X")).content \
        .startswith("🔒")
    labelled = await lynn.slash("template label", role="member", label="MAG MEMBERS")
    assert "member → MAG MEMBERS" in labelled.content
    await lynn.slash("template sections", sections="Main points, Key messages")
    draft = await lynn.slash("minutes draft", meeting=meeting.id)
    markdown = draft.attachments[0].data.decode()
    assert "**MAG MEMBERS:**\nCroll, Jutta (Civil society)\nJevtović, Danko (Private sector)" in markdown
    assert "## Main points\n\n_To be completed by the secretariat._\n\n## Key messages" in markdown

    report = await chengetai.slash("report draft", meeting=meeting.id, title="Workshop on IGF improvements")
    text = report.attachments[0].data.decode()
    assert text.startswith("# Workshop on IGF improvements\n")
    assert "3 participants." in text and "- Civil society: 1" in text and "- Private sector: 1" in text
    assert "Gender: woman (1), Not stated (2)." in text  # aggregate only: no names
    refused = await chengetai.slash("report submit", meeting=meeting.id, file=("report.md", text.encode()))
    assert refused.ephemeral and refused.content == ("❌ The report is not complete; fill in: Main points, Key "
                                                     "messages, Follow-up. Nothing was saved.")
    done = text.replace("## Main points\n\n_To be completed._", "## Main points\n\nDiversity of participation.") \
        .replace("## Key messages\n\n_To be completed._", "## Key messages\n\nExpand remote participation.") \
        .replace("## Follow-up\n\n_To be completed._", "## Follow-up\n\nA standard template for workshop reports.")
    await chengetai.slash("profile language", language="fr")  # the reply is theirs, the post the server's
    submitted = await chengetai.slash("report submit", meeting=meeting.id, file=("report.md", done.encode()))
    assert submitted.content.startswith("✅ Rapport n° 1 enregistré et publié dans"), submitted.content
    posted = await convener.standin.wait_for_message("minutes", lambda m: "📑" in m.content)
    assert posted.content == "📑 Session report: **Workshop on IGF improvements**"
    assert posted.attachments[0].data.decode() == done


async def test_a_servers_report_template_is_checked(convener: Convener) -> None:
    lynn = convener.chair
    missing = await lynn.slash("template report", file=("t.md", b"# {{ title }}\n## Session\n"))
    assert missing.ephemeral and "lacks the required section(s): Participation, Main points" in missing.content
    escape = await lynn.slash("template report", file=("t.md", CUSTOM.encode() + b"{{ ''.__class__ }}"))
    assert escape.ephemeral and "cannot be used" in escape.content and "unsafe" in escape.content
    nested = "{% for a in range(3) %}{% for b in range(3) %}{% for c in range(3) %}{% endfor %}{% endfor %}" \
             "{% endfor %}"
    deep = await lynn.slash("template report", file=("t.md", (CUSTOM + nested).encode()))
    assert deep.ephemeral and "nests loops 3 deep" in deep.content
    kept = await lynn.slash("template report", file=("t.md", CUSTOM.encode()))
    assert "Report template: this server's own (attached)." in kept.content
    shown = await convener.member("jutta").slash("template show")
    assert shown.attachments[0].data.decode() == CUSTOM
