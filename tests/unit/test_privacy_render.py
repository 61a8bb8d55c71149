"""What /privacy forget says names the member forgotten as given, escaped, whatever the name looks like."""

from __future__ import annotations

from bot.render.privacy import forget_done, forget_question


def test_a_chair_forgetting_someone_names_them_escaped() -> None:
    assert forget_done({"poll_answers": 3}, "Croll_Jutta's").startswith("🧹 Removed Croll\\_Jutta's's data:")
    assert forget_done({}, "your") == "convener held no data of your; nothing was removed."
    assert "This deletes **x**'s profile".replace("**", "\\*\\*") in forget_question("**x**")


def test_members_forgetting_themselves_are_told_in_the_second_person() -> None:
    assert forget_done({"poll_answers": 3}, None).startswith("🧹 Removed your data:")
    assert forget_question(None).startswith("This deletes your profile")
