"""``aod help [COMMAND…]`` shows the same page as ``aod [COMMAND…] --help``."""

from __future__ import annotations

import pytest

from ..support.helpers import aod, ok


@pytest.mark.parametrize("words", [[], ["watch"], ["profile", "add"], ["store"]], ids=repr)
def test_help_command_is_the_help_option(words: list[str]) -> None:
    assert ok("help", *words).stdout == ok(*words, "--help").stdout


def test_help_in_korean_and_for_an_unknown_command() -> None:
    assert ok("--lang", "ko", "help", "rate").stdout == ok("rate", "--help", "--lang", "ko").stdout
    run = aod("help", "nosuch")
    assert run.code == 2 and "no such command 'nosuch'" in run.stderr


def test_help_as_a_word_elsewhere_is_not_the_help_command() -> None:
    assert ok("note", "3", "help").stdout.startswith("Noted on S01E03")
