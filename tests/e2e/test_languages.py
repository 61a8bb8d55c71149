"""Each member meets convener in their own language; the server publishes in its own."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.sandbox import SimMember
from tests.e2e.conftest import Convener
from tests.e2e.polls_support import (
    SLOTS,
    components,
    description,
    option_values,
    poll_message,
    select_id,
    until_shows,
    vote,
)
from tests.e2e.test_minutes import end_live, scheduled, start_live


async def test_replies_follow_the_members_discord_locale(convener: Convener) -> None:
    danko = convener.member("danko")
    danko.locale = "fr"
    reply = await danko.slash("profile timezone", zone="Europe/Belgrade")
    assert reply.ephemeral and reply.content == "✅ Votre fuseau horaire est désormais **Europe/Belgrade**."
    shown = await danko.slash("profile show")
    assert "Fuseau horaire : Europe/Belgrade" in shown.content
    assert "Langue : Français (d'après vos réglages Discord)" in shown.content
    danko.locale = "es-419"
    assert (await danko.slash("profile show")).content.startswith("**Perfil de ")


async def test_profile_language_overrides_discord_for_arabic(convener: Convener) -> None:
    xiaofeng = convener.member("xiaofeng")
    xiaofeng.locale = "en-US"  # Discord has no Arabic locale: the member chooses it in convener
    reply = await xiaofeng.slash("profile language", language="ar")
    assert reply.content == "✅ سيجيبك convener الآن باللغة: العربية."
    shown = await xiaofeng.slash("profile show")
    assert "اللغة: العربية" in shown.content and "Time zone" not in shown.content
    error = await xiaofeng.slash("profile timezone", zone="Nowhere/Atlantis")
    assert error.ephemeral and error.content.startswith("❌")
    back = await xiaofeng.slash("profile language", language="auto")
    assert back.content == "✅ convener now follows your Discord language: English."


async def test_errors_are_in_the_members_language(convener: Convener) -> None:
    danko = convener.member("danko")
    danko.locale = "ru"
    reply = await danko.slash("setup group", name="WG")
    assert reply.ephemeral
    assert reply.content.startswith("🔒 Это может сделать только председатель.")
    assert "`/настройка роли`" in reply.content


async def test_server_language_from_guild_locale_then_setup(convener: Convener) -> None:
    lynn = convener.chair
    await convener.sandbox.set_guild_locale("fr")
    shown = await lynn.slash("setup show")
    assert "Language of public posts: Français (from the server's Discord settings)" in shown.content
    saved = await lynn.slash("setup language", language="es")
    assert saved.content.startswith("✅ Saved.") and "Language of public posts: Español" in saved.content
    assert await convener.bot.services.settings.language(convener.guild.id) == "es"


async def test_commands_are_localised_for_discord_locales(convener: Convener) -> None:
    commands = {c["name"]: c for c in convener.standin.commands(convener.guild)}
    poll = commands["poll"]
    assert poll["name_localizations"]["fr"] == "sondage"
    assert poll["name_localizations"]["es-419"] == poll["name_localizations"]["es-ES"] == "encuesta"
    assert poll["description_localizations"]["zh-CN"] == "Doodle 式会议时间投票"
    create = next(o for o in poll["options"] if o["name"] == "create")
    assert create["name_localizations"]["ru"] == "создать"


# The cast, each with their own language: four by their Discord client, one (Arabic) by /profile language.
MEMBERS = {"fr": ("danko", "fr"), "es": ("concettina", "es-ES"), "ru": ("lianna", "ru"), "zh": ("xiaofeng", "zh-CN"),
           "ar": ("flavio", "en-US")}
SAYS = {  # what each language's replies start with, and English that must not leak into them
    "fr": {"panel": "**Vote : Plénière", "saved": "✅ Votre vote sur **Plénière de décembre** est enregistré",
           "profile": "Langue : Français", "no_poll": "❌ Il n'y a pas de sondage n° 999 sur ce serveur",
           "present": "✅ Présent — vous êtes noté **présent**."},
    "es": {"panel": "**Votación: Plénière", "saved": "✅ Su voto en **Plénière de décembre** está guardado",
           "profile": "Idioma: Español", "no_poll": "❌ No hay encuesta n.º 999 en este servidor",
           "present": "✅ Presente — figura como **presente**."},
    "ru": {"panel": "**Голосование: Plénière", "saved": "✅ Ваш голос в опросе **Plénière de décembre** сохранён",
           "profile": "Язык: Русский", "no_poll": "❌ На этом сервере нет опроса № 999",
           "present": "✅ Присутствует — вы отмечены: **присутствует**."},
    "zh": {"panel": "**投票：Plénière", "saved": "✅ 您对 **Plénière de décembre** 的投票已保存",
           "profile": "语言：中文", "no_poll": "❌ 本服务器没有第 999 号投票",
           "present": "✅ 出席 — 您已标记为**出席**。"},
    "ar": {"panel": "**التصويت: Plénière", "saved": "✅ حُفظ تصويتك في **Plénière de décembre**",
           "profile": "اللغة: العربية", "no_poll": "❌ لا يوجد استطلاع رقم 999 في هذا الخادم",
           "present": "✅ حاضر — سُجّلت حالتك: **حاضر**."},
}
ENGLISH = ("Your vote", "Press", "Pick the slots", "Profile of", "There is no poll", "Menus show", "you are marked")


def speaks_only(text: str, language: str) -> None:
    leaked = [phrase for phrase in ENGLISH if phrase in text]
    assert not leaked, f"{language} reply has English in it: {leaked} in {text!r}"


async def _members(convener: Convener) -> dict[str, SimMember]:
    members = {}
    for language, (key, locale) in MEMBERS.items():
        member = convener.member(key)
        member.locale = locale
        members[language] = member
    await members["ar"].slash("profile language", language="ar")
    return members


async def test_french_server_poll_and_each_member_in_their_language(convener: Convener) -> None:
    await convener.sandbox.set_guild_locale("fr")
    members = await _members(convener)
    created = await convener.chair.slash("poll create", title="Plénière de décembre", slots=SLOTS,
                                         timezone="Europe/Zurich")
    assert created.content.startswith("✅ Poll **#")  # the chair's own client is in English
    poll = await poll_message(convener, "Plénière de décembre")
    text = description(poll)
    assert "**0** votant · ✅ oui · 🟨 si nécessaire · heures dans votre propre fuseau" in text
    assert "⏳ Ouvert jusqu'à ce que la présidence le clôture." in text
    assert poll.embeds[0]["footer"]["text"] == "Sondage n° 1 · 3 créneaux · saisis en heure Europe/Zurich"
    labels = [c.get("label") for c in components(poll) if c.get("type") == 2]
    assert labels == ["Voter", "Mes votes", "Résultats"]
    pid = int(str(next(c for c in components(poll) if c.get("type") == 2)["custom_id"]).split(":")[1])

    for language, member in members.items():
        panel = await member.click(poll, f"poll:{pid}:vote")
        assert panel.ephemeral and panel.content.startswith(SAYS[language]["panel"]), (language, panel.content)
        speaks_only(panel.content, language)
        values = option_values(panel)
        await member.select(panel, select_id(panel, "yes"), values[:2], wait_update=True)
        done = await member.click(panel, f"poll:{pid}:submit", wait_update=True)
        assert done.content.startswith(SAYS[language]["saved"]), (language, done.content)
        speaks_only(done.content, language)
        shown = await member.slash("profile show")
        assert SAYS[language]["profile"] in shown.content
        speaks_only(shown.content, language)
        error = await member.slash("poll vote", poll=999)
        assert error.ephemeral and error.content.startswith(SAYS[language]["no_poll"]), (language, error.content)
        speaks_only(error.content, language)
    await until_shows(convener, poll, lambda m: "**5** votants" in description(m))

    # The roll call is a public message in French; each member's answer comes back in their own language.
    meeting = await convener.bot.services.meetings.schedule(
        convener.guild.id, title="Plénière de décembre", start=datetime(2026, 11, 30, 15, 0, tzinfo=UTC),
        duration=60, timezone="UTC", channel_id=convener.channel("general").id)
    posted = await convener.chair.slash("rollcall start", meeting=meeting.id)
    assert posted.content.startswith("✅ Roll call posted:")
    board = await convener.standin.wait_for_message("general", lambda m: m.content.startswith("🗳️ **Appel — "))
    labels = [c.get("label") for c in components(board) if c.get("type") == 2]
    assert labels == ["Présent", "En retard", "Excusé", "Observateur"]
    for language, member in members.items():
        answered = await member.click(board, f"rollcall:{meeting.id}:present")
        assert answered.ephemeral and answered.content.startswith(SAYS[language]["present"]), answered.content
        speaks_only(answered.content, language)
    await convener.standin.wait_until(lambda: board if "✅ Présent (5) : " in board.content else None, 5.0,
                                      "the roll call to list five present")


async def test_french_server_minutes_and_the_same_meeting_drafted_in_spanish(convener: Convener) -> None:
    await convener.sandbox.set_guild_locale("fr")
    await convener.seed_profiles()
    meeting = await scheduled(convener)
    lynn = convener.chair
    posted = await lynn.slash("agenda post", meeting=meeting.id)
    assert posted.content.startswith("📌 Posted the agenda: ")  # the chair's own reply: English client
    agenda = await convener.standin.wait_for_message("general", lambda m: "📋 **Ordre du jour — WG-MWP" in m.content)
    assert "**2 - Continue to progress the following proposals:**" in agenda.content  # titles stay as typed
    await start_live(convener, meeting)
    await lynn.slash("rollcall start", meeting=meeting.id)
    board = await convener.standin.wait_for_message("general", lambda m: m.content.startswith("🗳️ **Appel — "))
    await lynn.click(board, f"rollcall:{meeting.id}:present")
    await convener.member("danko").click(board, f"rollcall:{meeting.id}:apologies")
    await lynn.slash("note", text="Le groupe a examiné le cadre du programme.")
    await lynn.slash("decision", text="Le document révisé sera diffusé.")
    await end_live(convener, meeting)

    french = (await lynn.slash("minutes draft", meeting=meeting.id)).embeds[0]["description"]
    assert "Le compte rendu ci-dessous suit l'ordre du jour adopté (annexe I)." in french
    assert "**Décision :** Le document révisé sera diffusé." in french
    draft = await convener.bot.services.minutes.current(convener.guild.id, meeting.id)
    assert draft is not None
    assert "## ANNEXE I – ORDRE DU JOUR" in draft.markdown and "## ANNEXE II – LISTE DES PARTICIPANTS" in draft.markdown
    assert "**PRÉSIDENCE :** St.Amour, Lynn" in draft.markdown and "**EXCUSÉS :**" in draft.markdown
    assert "s'est tenue le 23 novembre 2026, 15:00–16:00 UTC" in draft.markdown

    spanish = await lynn.slash("minutes draft", meeting=meeting.id, language="es")
    assert "Está redactado en Español." not in spanish.content  # the chair's own reply stays in English
    assert "It is written in Español." in spanish.content
    draft = await convener.bot.services.minutes.current(convener.guild.id, meeting.id)
    assert draft is not None and draft.version == 2
    assert "## ANEXO I – ORDEN DEL DÍA" in draft.markdown and "## ANEXO II – LISTA DE PARTICIPANTES" in draft.markdown
    assert "**PRESIDENCIA:** St.Amour, Lynn" in draft.markdown and "**EXCUSARON SU ASISTENCIA:**" in draft.markdown
    assert "**Decisión:** Le document révisé sera diffusé." in draft.markdown
    assert "ANNEXE" not in draft.markdown


async def test_dates_typed_in_the_members_language(convener: Convener) -> None:
    lynn = convener.chair
    lynn.locale = "fr"
    await lynn.slash("profile timezone", zone="Europe/Paris")
    scheduled = await lynn.slash("meeting schedule", title="Réunion", start="demain 15:00", timezone="Europe/Paris")
    assert not scheduled.ephemeral and "❌" not in scheduled.content, scheduled.content
    (meeting, *_) = await convener.bot.services.meetings.upcoming(convener.guild.id)
    assert meeting.start == datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # 15:00 in Paris, the day after 23 November
    refused = await lynn.slash("meeting schedule", title="Réunion", start="n'importe quand")
    assert refused.ephemeral
    assert refused.content.startswith("❌ `n'importe quand` n'est pas une date et une heure que je comprends.")


async def test_direct_messages_in_the_members_own_language_on_an_english_server(convener: Convener) -> None:
    lynn, danko, xiaofeng = convener.chair, convener.member("danko"), convener.member("xiaofeng")
    jutta = convener.member("jutta")
    await lynn.slash("setup roles", role="member", discord_role="Member")
    await danko.slash("profile language", language="fr")
    await xiaofeng.slash("profile language", language="ar")
    for member in (danko, xiaofeng, jutta):  # Jutta keeps the server's language
        await member.slash("profile reminders", how="dm")
    await lynn.slash("poll create", title="December plenary", slots=SLOTS, timezone="Europe/Zurich",
                     deadline="2026-12-01 18:00", expected_role=convener.guild.role("Member"))
    poll = await poll_message(convener, "December plenary")
    assert "**0** voted · ✅ yes · 🟨 if need be" in description(poll)  # the public post: English
    pid = int(str(next(c for c in components(poll) if c.get("type") == 2)["custom_id"]).split(":")[1])

    assert "Reminded" in (await lynn.slash("poll remind", poll=pid)).content
    [french] = [m for m in danko.dms() if "December plenary" in m.content]
    assert french.content.startswith("⏰ Rappel : merci de voter sur **December plenary** (Working Group)")
    assert "Vous recevez ceci en message privé" in french.content and "Reminder" not in french.content
    [arabic] = [m for m in xiaofeng.dms() if "December plenary" in m.content]
    assert arabic.content.startswith("⏰ تذكير: يُرجى التصويت في **December plenary** (Working Group)")
    assert "تصلك هذه برسالة مباشرة" in arabic.content and "Reminder" not in arabic.content
    [english] = [m for m in jutta.dms() if "December plenary" in m.content]
    assert english.content.startswith("⏰ Reminder: please vote on **December plenary** (Working Group)")
    assert await convener.bot.services.settings.language(convener.guild.id) == "en"

    # The chair reads Spanish: the quorum notice comes to her by DM in Spanish.
    await lynn.slash("profile language", language="es")
    for key in ("concettina", "lianna", "flavio"):
        await vote(convener.member(key), poll, yes=[0])
    [quorum] = await convener.standin.wait_until(
        lambda: [m for m in lynn.dms() if "December plenary" in m.content], 5, "the quorum DM")
    assert quorum.content.startswith("✅ Quórum alcanzado en **December plenary**: han votado 3 de los"), quorum.content


async def test_repeat_rules_and_their_refusals_in_the_members_language(convener: Convener) -> None:
    lynn = convener.chair
    lynn.locale = "ru"
    reply = await lynn.slash("meeting schedule", title="WG-MWP", start="2027-03-02 15:00", timezone="Europe/Zurich",
                             repeat="monthly on the first wednesday")
    assert "каждый месяц, в первую среду" in reply.content and "every month" not in reply.content
    lynn.locale = "fr"
    refused = await lynn.slash("meeting schedule", title="WG-MWP", start="2027-03-02 15:00",
                               timezone="Europe/Zurich", repeat="weekly on the 15th")
    assert refused.ephemeral and refused.content.startswith(
        "❌ `weekly on the 15th` n'est pas une forme de répétition que je comprends (un jour du mois comme "
        "`the 15th` va avec monthly ou quarterly). Formes acceptées : ")


async def test_a_french_member_types_next_tuesday_into_a_poll_and_a_meeting(convener: Convener) -> None:
    danko = convener.member("danko")
    danko.locale = "fr"
    await danko.slash("profile timezone", zone="Europe/Paris")
    # On Monday 23 November, "lundi prochain" is the 30th (never today), "dans 3 jours" Thursday the 26th and
    # "mardi prochain" the coming Tuesday; Paris is UTC+1.
    monday, thursday = datetime(2026, 11, 30, 14, 0, tzinfo=UTC), datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    made = await danko.slash("poll create", title="Consultation", slots="lundi prochain 15h; dans 3 jours à 10h",
                             deadline="mardi prochain 18h")
    assert made.ephemeral and made.content.startswith("✅ Le sondage **n° 1 Consultation** est lancé"), made.content
    assert f"<t:{int(monday.timestamp())}:" in made.content and f"<t:{int(thursday.timestamp())}:" in made.content
    poll = await convener.bot.services.polls.get(convener.guild.id, 1)
    assert sorted(s.start for s in poll.slots) == [thursday, monday]
    assert poll.deadline == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)

    lynn = convener.chair
    lynn.locale = "fr"
    await lynn.slash("profile timezone", zone="Europe/Paris")
    scheduled = await lynn.slash("meeting schedule", title="Réunion", start="jeudi prochain à 10h30")
    assert "❌" not in scheduled.content, scheduled.content
    (meeting, *_) = await convener.bot.services.meetings.upcoming(convener.guild.id)
    assert meeting.start == datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


async def test_a_french_servers_session_report_and_participation_export(convener: Convener) -> None:
    await convener.sandbox.set_guild_locale("fr")
    await convener.seed_profiles()
    meeting = await scheduled(convener)
    await start_live(convener, meeting)
    lynn, chengetai = convener.chair, convener.member("chengetai")
    await lynn.slash("rollcall start", meeting=meeting.id)
    board = await convener.standin.wait_for_message("general", lambda m: m.content.startswith("🗳️ **Appel — "))
    await lynn.click(board, f"rollcall:{meeting.id}:present")
    await convener.member("danko").click(board, f"rollcall:{meeting.id}:apologies")
    await end_live(convener, meeting)

    drafted = await chengetai.slash("report draft", meeting=meeting.id)  # an English client, a French server
    text = drafted.attachments[0].data.decode()
    assert "## Séance" in text and "## Points principaux\n\n_À compléter._" in text and "Session" not in text
    chengetai.locale = "ru"  # the member's refusal is theirs; the file's headings are the server's
    refused = await chengetai.slash("report submit", meeting=meeting.id, file=("report.md", text.encode()))
    assert refused.ephemeral and "Points principaux, Messages clés, Suivi" in refused.content
    assert refused.content.startswith("❌ ") and "fill in" not in refused.content

    exported = await chengetai.slash("attendance report", **{"from": "2026-11-01", "to": "2026-11-30"})
    files = {a.filename.rsplit(".", 1)[1]: a.data.decode("utf-8", "replace") for a in exported.attachments}
    assert files["csv"].startswith('"type_de_ligne","nom","id_discord","rôle","groupe_parties_prenantes"')


async def test_my_schedule_in_the_members_language(convener: Convener) -> None:
    concettina = convener.member("concettina")
    concettina.locale = "es-ES"
    empty = await concettina.slash("my schedule")
    assert empty.ephemeral and empty.content.startswith("🎉 Nada le espera en Working Group: ninguna encuesta")


async def test_a_drafting_group_refusal_in_the_chairs_language(convener: Convener) -> None:
    lynn = convener.chair
    lynn.locale = "fr"
    refused = await lynn.slash("group create", name="Programme de travail", members="Jutta et Danko")
    assert refused.ephemeral
    assert refused.content == "❌ Mentionnez les membres dans `membres`, par exemple `@Jutta Croll @Danko Jevtović`."
