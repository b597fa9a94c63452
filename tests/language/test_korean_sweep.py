"""Every command of the registry's plan, and every help page, run in Korean, says no English
sentence: no run of three or more lowercase English words that is not the pack's own text
shown as it is for want of a Korean one (``texts.ko.json``). The pseudo-language sweep lets
through words the pack holds anywhere; this one caught search's reasons ("prefix of given name")."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support.korean_sweep import english_runs, korean_sweep, untranslated_pack_texts

pytestmark = pytest.mark.heavy


def test_no_command_says_an_english_sentence_in_korean(tmp_path: Path) -> None:
    found = korean_sweep(tmp_path / "data")
    report = "\n".join(f"aod {command}\n    " + "\n    ".join(lines) for command, lines in found.items())
    assert not found, f"English sentences in Korean (run python -m tests.support.korean_sweep):\n{report}"


def test_the_check_finds_an_english_sentence_but_not_names_commands_or_untranslated_pack_text() -> None:
    shown = {("the", "lab", "animal")}
    assert english_runs("1\t78\tLee Cheong-san\t이청산\tprefix of given name 'Cheong-san'", shown) != []
    assert english_runs("이름 2개가 똑같이 맞습니다(syllable 'su' of given name 'Dae-su').", shown) != []
    assert english_runs("Lee Cheong-san\t이청산\tCheong-san's mother\t등장인물", shown) == []
    assert english_runs("`aod search --in people lee` 'a quoted thing here'", shown) == []
    assert english_runs("오후 6:58\tprofile add pal\t적용 중", shown) == []
    assert english_runs("소개: the lab animal", shown) == []
    assert english_runs("소개: the lab animal bites", shown) != []


def test_pack_text_with_a_korean_translation_is_not_allowed_in_english() -> None:
    untranslated = untranslated_pack_texts()
    assert "Gwi-nam bites him." not in untranslated  # texts.ko.json has it: English would be a miss
    assert "Lee Cheong-san" in untranslated  # a name is shown as it is
