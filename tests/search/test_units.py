"""Unit tests of the search building blocks: skeleton keys, Hangul, normalization, LCS."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest

from aodcli.search import hangul as hg
from aodcli.search.lcs import similarity
from aodcli.search.normalize import normalize, parse
from aodcli.search.skeleton import plain_key, query_keys, skeleton_token, surname_key


def key(text: str) -> str:
    """The plain skeleton key of a name as typed."""
    return plain_key(parse(text).tokens)


# --- spellings of one name that share a skeleton key, one row per variant class -----

SKELETON_TABLE = [
    (("Cheong-san", "Chungsan", "Cheongsan", "Chong San"), "jongsan"),
    (("Su-hyeok", "Soo-hyuk", "Suhyuk", "Su-hyuck"), "sohyog"),
    (("Gwi-nam", "Kwi-nam", "Gwinam"), "gwinam"),
    (("Chan-young", "Chanyeong", "Chan-yeong"), "janyong"),
    (("Byung-chul", "Byeongcheol", "Pyŏng-ch'ŏl", "Pyong-chol"), "byongjol"),
    (("Kyu-hyung", "Gyuhyeong", "Kyoo-hyung"), "gyohyong"),
    (("Hyeon-ju", "Hyun-joo", "Hyunju"), "hyonjo"),  # eo/u, u/oo
    (("Eun-ji", "Un-ji", "Eunji"), "onji"),  # eu/u
    (("Eun-saem", "Eun-sem", "Unsaem"), "onsem"),  # ae/e
    (("Dae-su", "Tae-soo", "Daesoo"), "deso"),  # d/t
    (("Na-yeon", "Nayeon", "Na-yun", "Nayun"), "nayon"),  # 'ay' before a vowel is not ㅐ
    (("Ha-ri", "Hari", "Ha-li"), "hali"),  # r/l
    (("Jae-ik", "Jaeik", "Jay-ik", "Je-ick"), "jeig"),  # ae/ay/e, k/ck
    (("Woo-jin", "Wu-jin", "U-jin"), "ojin"),
    (("Ji-min", "Jee-min", "Chi-min"), "jimin"),  # i/ee, j/ch
    (("Sin", "Shin"), "sin"),  # s/sh
]


@pytest.mark.parametrize(("spellings", "expected"), SKELETON_TABLE)
def test_skeleton_key_collapses_variants(spellings: tuple[str, ...], expected: str) -> None:
    for s in spellings:
        assert key(s) == expected, s


SURNAME_TABLE = [
    (("Lee", "Yi", "Rhee", "I", "Ri", "Li", "Rhie"), "i"),
    (("Park", "Pak", "Bak", "Bark"), "bag"),
    (("Choi", "Choe", "Chwe", "Choy"), "jwe"),
    (("Jeon", "Jun", "Chun", "Cheon"), "jon"),
    (("Yoon", "Yun", "Youn"), "yon"),
    (("Cho", "Jo", "Joe"), "jo"),
    (("Kim", "Gim"), "gim"),
    (("Yoo", "Yu", "Ryu"), "yo"),
    (("Lim", "Im", "Yim", "Rim"), "im"),
    (("Ha", "Hah"), "ha"),
    (("Oh", "O"), "o"),
    (("Ahn", "An"), "an"),
    (("Jung", "Jeong", "Chung"), "jong"),
    (("Kang", "Gang"), "gang"),
    (("Shin", "Sin"), "sin"),
    (("Seo", "Suh"), "so"),
    (("Son", "Sohn"), "son"),
    (("Bae", "Pae"), "be"),
    (("Roh", "Noh", "No", "Ro"), "no"),
    (("Hwang", "Whang"), "hwang"),
    (("Heo", "Hur", "Huh"), "ho"),
    (("Baek", "Paik", "Back"), "beg"),
    (("Nam", "Nahm"), "nam"),
]


@pytest.mark.parametrize(("spellings", "expected"), SURNAME_TABLE)
def test_surname_key_applies_the_initial_sound_rule(spellings: tuple[str, ...], expected: str) -> None:
    for s in spellings:
        assert surname_key(parse(s).raw) == expected, s


def test_ha_equals_hah_and_lim_equals_im() -> None:
    assert skeleton_token("hah") == skeleton_token("ha")
    assert surname_key("lim") == surname_key("im")


def test_silent_h_survives_before_a_glide() -> None:
    assert skeleton_token("suhyeok") == "sohyog"  # the h of Suhyeok is kept
    assert skeleton_token("ahn") == "an"


def test_full_name_keys_cover_either_order_and_run_together() -> None:
    assert "ijongsan" in query_keys(("lee", "chungsan"))
    assert "jongsani" in query_keys(("chung", "san", "lee"))
    assert "ijongsan" in query_keys(("leechungsan",))
    assert "janyongyon" in query_keys(("chanyoungyun",))


# --- Hangul --------------------------------------------------------------------


def test_choseong() -> None:
    assert hg.choseong("남온조") == "ㄴㅇㅈ"
    assert hg.choseong("유인수") == hg.choseong("이은샘") == "ㅇㅇㅅ"
    assert hg.choseong("ㄱa") == "ㄱa"


def test_keystrokes_split_compound_vowels_and_finals() -> None:
    assert hg.keystrokes("최") == "ㅊㅗㅣ"
    assert hg.keystrokes("귀") == "ㄱㅜㅣ"
    assert hg.keystrokes("옩") == "ㅇㅗㄴㅈ"
    assert hg.keystrokes("남온조").startswith(hg.keystrokes("남옩"))
    assert hg.keystrokes("최남라").startswith(hg.keystrokes("초"))


def test_rr_name_is_syllable_by_syllable() -> None:
    assert hg.rr_name("최남라", 1) == ("Choe", "Nam-ra")
    assert hg.rr_name("윤찬영", 1) == ("Yun", "Chan-yeong")
    assert hg.rr_name("이수혁", 1) == ("I", "Su-hyeok")
    assert hg.rr_name("송재익", 1) == ("Song", "Jae-ik")
    assert hg.rr_name("로몬", 0) == (None, "Ro-mon")


def test_conjoining_jamo_map_to_compatibility_jamo() -> None:
    assert hg.conjoining_to_compat("\u1102") == "ㄴ"
    assert hg.conjoining_to_compat("\u1161") == "ㅏ"
    assert hg.conjoining_to_compat("\u11ab") == "ㄴ"  # final ㄴ
    assert hg.conjoining_to_compat("a") == ""


# --- normalization ---------------------------------------------------------------


def test_nfkc_trap_keeps_compatibility_jamo() -> None:
    q = parse("ㄴㅇㅈ")
    assert q.hangul == "ㄴㅇㅈ"
    assert "\u3134" in q.hangul  # NFKC would have made it U+1102


def test_nfd_input_recomposes() -> None:
    nfd = unicodedata.normalize("NFD", "남온조")
    assert len(nfd) == 8
    assert parse(nfd).hangul == "남온조"
    assert parse("\u1102").hangul == "ㄴ"  # a lone conjoining jamo becomes typable ㄴ


def test_full_width_ascii_folds() -> None:
    assert parse("Ｌｅｅ Ｓｕ－ｈｙｅｏｋ").tokens == ("lee", "su", "hyeok")
    assert normalize("ＳＵ\u3000ＨＹＥＯＫ") == "su hyeok"


def test_mr_breves_and_apostrophes() -> None:
    assert parse("Kim Pyŏng-ch'ŏl").tokens == ("kim", "pyong", "chol")
    assert parse("Ch’oe Nam-ra").tokens == ("choe", "nam", "ra")
    assert parse("Han Kyŏng-su").tokens == ("han", "kyong", "su")
    assert parse("Nŭng").tokens == ("nung",)


def test_separators_and_case() -> None:
    for text in ("Su-hyeok", "su hyeok", "SU_HYEOK", "Su‐hyeok", "Su–hyeok", "Su·hyeok"):
        assert parse(text).tokens == ("su", "hyeok"), text


def test_mixed_scripts_split() -> None:
    q = parse("Lee 수혁!")
    assert (q.tokens, q.hangul) == (("lee",), "수혁")


def test_other_scripts_are_separators() -> None:
    assert parse("李 Лee ✓").tokens == ("ee",)
    assert parse("").tokens == ()


def test_long_input_is_capped() -> None:
    q = parse("a" * 10_000)
    assert len(q.raw) <= 64
    assert len(parse("가" * 10_000).hangul) <= 32


# --- LCS -------------------------------------------------------------------------


def test_indel_ratio_values() -> None:
    assert similarity("namra", "namru") == pytest.approx(0.8)
    assert similarity("", "") == 1.0
    assert similarity("abc", "") == 0.0
    assert similarity("lomn", "lomon") == pytest.approx(8 / 9)


# --- import cost ------------------------------------------------------------------


def test_search_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from aodcli.search import NameIndex, NameRecord\n"
        "idx = NameIndex([NameRecord('c-x', 'character', 'Nam On-jo', 'Nam', '남온조', '남')])\n"
        "assert idx.search('Nam On-jo') and idx.search('ㄴㅇㅈ') and idx.search('Namonjoo')\n"
        "bad = {'unicodedata', 'typer', 'rich', 'json'} & set(sys.modules)\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
