"""Sorting "Last, First" names like the secretariat's printed lists."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.domain.names import collation_key, fold, sort_key, sorted_names

SEED_000_MEMBERS = ["Tao, Xiaofeng", "Jevtović, Danko", "Cassa,Concettina", "Galstyan, Lianna", "Croll, Jutta"]


def test_seed_000_members_sort_with_accents_folded() -> None:
    assert sorted_names(SEED_000_MEMBERS) == [
        "Cassa,Concettina", "Croll, Jutta", "Galstyan, Lianna", "Jevtović, Danko", "Tao, Xiaofeng"]


def test_jevtovic_files_between_galstyan_and_tao() -> None:
    assert sort_key("Galstyan, Lianna") < sort_key("Jevtović, Danko") < sort_key("Tao, Xiaofeng")


def test_other_participants_of_seed_000() -> None:
    names = ["Wagner, Flávio", "Vergne, Antoine", "Sivasubramanian, M", "Balachandran, Pradeep"]
    assert sorted_names(names) == ["Balachandran, Pradeep", "Sivasubramanian, M", "Vergne, Antoine",
                                   "Wagner, Flávio"]


def test_last_name_decides_before_first_name() -> None:
    # Without separating the parts, "Tao, Z" would sort after "Taos, A" ("tao z" vs "taos a").
    assert sorted_names(["Taos, Ana", "Tao, Zed"]) == ["Tao, Zed", "Taos, Ana"]


def test_case_and_punctuation_are_ignored() -> None:
    assert sort_key("St.Amour, Lynn") == sort_key("stamour, lynn")
    assert sorted_names(["O'Brien, Pat", "Obama, B", "Oberg, C"]) == ["Obama, B", "Oberg, C", "O'Brien, Pat"]


def test_letters_without_decomposition_are_folded() -> None:
    assert fold("Łukasz Øster Þór Æsa Straße") == "lukasz oster thor aesa strasse"


@settings(max_examples=300)
@given(st.text())
@example("ꟸ")  # a modifier letter that decomposes into a letter the special table maps
def test_fold_never_fails_and_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once == once.casefold()


def test_chinese_names_sort_by_pinyin_not_by_code_point() -> None:
    names = ["王伟", "李娜", "张敏", "陈静", "刘洋"]
    assert sorted(names) != ["陈静", "李娜", "刘洋", "王伟", "张敏"]  # code points put 刘 (U+5218) first
    assert sorted_names(names) == ["陈静", "李娜", "刘洋", "王伟", "张敏"]  # chén, lǐ, liú, wáng, zhāng


def test_chinese_readings_syllable_by_syllable_then_tone_then_character() -> None:
    # cháng shā, chén, chóng qìng: "chang" < "chen" < "chong"; a word chooses its reading (重庆: chóng).
    assert sorted_names(["重庆", "陈", "长沙"]) == ["长沙", "陈", "重庆"]
    assert sorted_names(["李娜", "李安", "黎明"]) == ["黎明", "李安", "李娜"]  # lí before lǐ; then ān, nà
    assert sorted_names(["李", "刘"]) == ["李", "刘"]  # "li" files before "liu"
    assert sort_key("王伟") < sort_key("王伟强")


def test_surnames_are_read_as_surnames() -> None:
    # 曾 is Zēng as a family name (céng otherwise), 单 Shàn, 解 Xiè: filed under Z, S and X.
    assert sorted_names(["曾伟", "陈静", "单雄", "解放", "王伟"]) == ["陈静", "单雄", "王伟", "解放", "曾伟"]
    assert sorted_names(["Zeng, Wei", "曾伟"]) == ["Zeng, Wei", "曾伟"]  # Latin first, as before
    assert collation_key("曾经") < collation_key("陈")  # céng, not a name: the usual reading


def test_mixed_scripts_keep_their_order_with_chinese_last() -> None:
    names = ["王伟", "Wagner, Flávio", "Ёлкин, Иван", "李娜", "عمر، سالم", "Émile, Zoé", "Абрамов, Олег", "Ebert, Anna"]
    assert sorted_names(names) == ["Ebert, Anna", "Émile, Zoé", "Wagner, Flávio", "Абрамов, Олег", "Ёлкин, Иван",
                                   "عمر، سالم", "李娜", "王伟"]


def test_text_without_ideographs_keeps_the_plain_collation_key() -> None:
    from pyuca import Collator

    assert collation_key("Jevtović", surname=True) == tuple(Collator().sort_key("jevtović"))


MIXED = st.text(alphabet=st.sampled_from("王李张陈刘曾重庆长〇𪛖龘abcé, Ж،"), max_size=8)


@settings(max_examples=200)
@given(st.lists(MIXED, min_size=2, max_size=6))
def test_keys_of_any_mix_with_ideographs_are_ints_and_sort_consistently(names: list[str]) -> None:
    keys = [sort_key(n) for n in names]
    assert all(isinstance(w, int) for key in keys for part in key for w in part)
    assert sorted_names(sorted_names(names)) == sorted_names(names)
    assert sorted_names(list(reversed(names))) == sorted_names(names)
