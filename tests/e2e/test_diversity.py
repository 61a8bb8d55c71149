"""Diversity of participation end to end: the server's stakeholder-group list, opt-in self-declared values,
the per-dimension attendance report (CSV and chart), and /privacy forget removing the declarations."""

from __future__ import annotations

import csv
import io

from PIL import Image

from tests.e2e.conftest import Convener
from tests.e2e.test_attendance import two_meetings

GROUPS = "Government, Civil society; Private sector, Technical community, Academia"


async def test_a_server_list_makes_one_group_of_every_spelling(convener: Convener) -> None:
    jutta, xiaofeng, danko = convener.member("jutta"), convener.member("xiaofeng"), convener.member("danko")
    await jutta.slash("profile group", group="academia")
    await xiaofeng.slash("profile group", group="=Academia")  # free text, no list yet: the spelling in use wins
    assert (await convener.bot.services.profiles.get(convener.guild.id, xiaofeng.id)).stakeholder_group == "academia"

    refused = await jutta.slash("setup stakeholders", groups=GROUPS)
    assert refused.ephemeral and refused.content.startswith("🔒")
    saved = await convener.chair.slash("setup stakeholders", groups=GROUPS)
    assert saved.content.splitlines()[0] == ("✅ Stakeholder groups of this server: Government, Civil society, "
                                             "Private sector, Technical community, Academia.")
    assert "2 profile(s) now use the list's spelling." in saved.content
    for member in (jutta, xiaofeng):
        assert (await convener.bot.services.profiles.get(convener.guild.id, member.id)).stakeholder_group == "Academia"

    choices = await danko.autocomplete("profile group", "group", "priv")
    assert [c["value"] for c in choices] == ["Private sector"]
    ok = await danko.slash("profile group", group="private SECTOR")
    assert ok.content == "✅ Your stakeholder group is now **Private sector**."
    bad = await danko.slash("profile group", group="Media")
    assert bad.ephemeral and bad.content == ("❌ `Media` is not one of this server's stakeholder groups: Government, "
                                             "Civil society, Private sector, Technical community, Academia.")
    assert (await convener.bot.services.profiles.get(convener.guild.id, danko.id)).stakeholder_group == \
        "Private sector"


async def test_self_declaration_is_opt_in_private_and_forgotten(convener: Convener) -> None:
    lianna = convener.member("lianna")
    shown = await lianna.slash("profile show")
    assert "Self-declared diversity: nothing declared" in shown.content
    choices = await lianna.autocomplete("profile diversity", "region", "east")
    assert [c["value"] for c in choices] == ["Eastern European Group"]
    saved = await lianna.slash("profile diversity", region="eastern", gender="woman", youth="yes")
    assert saved.ephemeral and "counted only in aggregate" in saved.content
    assert "• Region: Eastern European Group" in saved.content and "• Youth: yes" in saved.content
    assert "• Developing country: —" in saved.content
    bad = await lianna.slash("profile diversity", region="Atlantis")
    assert bad.ephemeral and bad.content.startswith("❌ `Atlantis` is not one of the regions")
    cleared = await lianna.slash("profile diversity", youth="not stated")
    assert "• Youth: —" in cleared.content and "• Gender: woman" in cleared.content

    done = await lianna.click(await lianna.slash("privacy forget"), "Forget")
    assert "• diversity declarations: 1" in done.content, done.content
    assert "nothing declared" in (await lianna.slash("profile show")).content


async def test_attendance_report_per_dimension(convener: Convener) -> None:
    await convener.seed_profiles()
    await two_meetings(convener)  # lynn, jutta, danko, xiaofeng
    await convener.member("jutta").slash("profile diversity", region="Western European and Others Group (WEOG)",
                                         gender="woman", developing_country="no")
    await convener.member("xiaofeng").slash("profile diversity", region="Asia-Pacific Group", gender="man",
                                            developing_country="yes", show_my_name=True)
    reply = await convener.member("chengetai").slash("attendance report", **{"from": "2026-11-01",
                                                                              "to": "2026-12-31"})
    table, chart = reply.attachments
    rows = list(csv.DictReader(io.StringIO(table.data.decode("utf-8"))))
    dims = {(r["scope"], r["value"]): r for r in rows if r["scope"] not in ("person", "group")}
    assert dims[("region", "Asia-Pacific Group")]["people"] == "1"
    assert dims[("region", "Asia-Pacific Group")]["apologies"] == "1"
    assert dims[("region", "Not stated")]["people"] == "2"  # lynn and danko said nothing
    assert dims[("gender", "woman")]["rate"] == "1.00"
    assert dims[("developing_country", "yes")]["people"] == "1"
    assert [v for (scope, v) in dims if scope == "region"] == ["Asia-Pacific Group",
                                                               "Western European and Others Group (WEOG)",
                                                               "Not stated"]
    people = {r["name"]: r for r in rows if r["scope"] == "person"}
    assert people["Tao, Xiaofeng"]["region"] == "Asia-Pacific Group"  # agreed to be listed
    assert people["Croll, Jutta"]["region"] == "" and people["Croll, Jutta"]["gender"] == ""  # aggregate only
    width, height = Image.open(io.BytesIO(chart.data)).size
    assert width == 1000 and height > 600

    markdown = await convener.member("chengetai").slash("attendance report", **{"from": "2026-11-01",
                                                                                 "to": "2026-12-31"},
                                                        format="markdown")
    text = markdown.attachments[0].data.decode("utf-8")
    assert "## Per dimension (self-declared, counted in aggregate only)" in text
    assert "| Gender | woman | 1 | 2 | 0 | 0 | 100% |" in text
