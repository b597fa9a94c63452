"""`aod cast`, `aod characters` and `aod character`: who plays whom, lined up with Hangul, and which one of several."""

from __future__ import annotations

import re

import pytest

from ..support.helpers import ok
from ..support.terminal_support import lines as _lines
from ..support.terminal_support import needs_tmux

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_rich_table_lines_up_with_hangul():
    out = ok("cast", env={"FORCE_COLOR": "1", "COLUMNS": "120"}).stdout
    rows = [ANSI.sub("", line) for line in out.splitlines() if "박지후" in line or "로몬" in line]
    assert len(rows) == 2
    from rich.cells import cell_len

    # the character column starts at the same screen column in both rows
    starts = [cell_len(r[: r.index(name)]) for r, name in zip(rows, ("Nam On-jo", "Lee Su-hyeok"), strict=False)]
    assert starts[0] == starts[1]


def test_cast_json_maps_main_actors():
    rows = ok("cast", "--json").json()["cast"]
    pairs = {(r["actor"], r["character"]) for r in rows}
    assert ("Park Ji-hu", "Nam On-jo") in pairs
    assert ("Yoon Chan-young", "Lee Cheong-san") in pairs
    assert ("Lomon", "Lee Su-hyeok") in pairs
    assert ("Cho Yi-hyun", "Choi Nam-ra") in pairs


@pytest.mark.heavy
@needs_tmux
def test_cast_columns_line_up_with_hangul(screen):
    out = screen.run("cast")
    from rich.cells import cell_len

    rows = [line for line in _lines(out) if "박지후" in line or "로몬" in line]
    assert len(rows) == 2, out
    col = [cell_len(r[: r.index(n)]) for r, n in zip(rows, ("Nam On-jo", "Lee Su-hyeok"), strict=True)]
    assert col[0] == col[1]


@pytest.mark.heavy
@needs_tmux
def test_an_ambiguous_name_asks_which_one_on_a_terminal(narrow_screen):
    screen = narrow_screen
    out = screen.run("character", "lee", answer=("Number (1-5)", "2"))
    assert "1. Lee Cheong-san" in out and "2. Lee Su-hyeok" in out
    assert "Lee Su-hyeok  이수혁" in out and screen.exit_code == 0
    out = screen.run("character", "lee", answer=("Number (1-5)", "9\nx\n3"))  # asks again until it is one
    assert out.count("is not one of them: give a number from 1 to 5") == 2
    assert "Lee Na-yeon  이나연" in out and screen.exit_code == 0
    out = screen.run("character", "lee", answer=("Number (1-5)", ""))  # Enter alone gives up
    assert "Error: no choice made" in out and screen.exit_code == 2


@pytest.mark.heavy
@needs_tmux
def test_a_partial_name_offers_every_match_best_first_on_a_terminal(narrow_screen):
    screen = narrow_screen
    out = screen.run("character", "Cheong", answer=("Number (1-4)", "1"))
    assert "'Cheong' matches several; which one?" in out
    assert "1. Lee Cheong-san" in out and "4. Jong-a" in out
    assert "Lee Cheong-san  이청산" in out and screen.exit_code == 0
    out = screen.run("character", "Gwi", answer=("Number (1-1)", "1"))
    assert "'Gwi' is only part of a name; is it this one?" in out and "1. Yoon Gwi-nam" in out
    assert "Yoon Gwi-nam  윤귀남" in out and screen.exit_code == 0
