"""`aod` seen as a person sees it: a real terminal (tmux), at 80 and 120 columns."""

from __future__ import annotations

import os

import pytest

from .support.terminal_support import TMUX, Screen

pytestmark = [
    pytest.mark.heavy,
    pytest.mark.skipif(TMUX is None and not os.environ.get("CI"), reason="tmux is not installed (CI installs it)"),
]


@pytest.fixture(params=[80, 120], ids=["80cols", "120cols"])
def screen(request, tmp_path):
    s = Screen(request.param, tmp_path / "data")
    yield s
    s.close()


@pytest.fixture(params=[80, pytest.param(120, marks=pytest.mark.slow)], ids=["80cols", "120cols"])
def narrow_screen(request, tmp_path):
    """For what does not depend on the width: 80 columns in the default run, 120 too with ``-m slow``."""
    s = Screen(request.param, tmp_path / "data")
    yield s
    s.close()


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_dashboard_on_screen(screen):
    out = screen.run()
    assert "All of Us Are Dead  지금 우리 학교는" in out
    assert "0/12 0%" in out
    assert "Next up" in out and "S01E01" in out
    assert all(len(line) <= screen.width for line in _lines(out))


def test_episode_table_on_screen(screen):
    screen.run("watch", "1-2")
    out = screen.run("episodes")
    rows = [line for line in _lines(out) if line.lstrip().startswith("S01E")]
    assert len(rows) == 12, out
    assert "✓" in rows[0] and "✓" in rows[1] and "✓" not in rows[2]
    assert all("…" in row or len(row) < screen.width for row in rows)  # one line per episode
    assert all(len(line) <= screen.width for line in _lines(out))
    assert "Code" in out and "Runtime" in out


def test_cast_columns_line_up_with_hangul(screen):
    out = screen.run("cast")
    from rich.cells import cell_len

    rows = [line for line in _lines(out) if "박지후" in line or "로몬" in line]
    assert len(rows) == 2, out
    col = [cell_len(r[: r.index(n)]) for r, n in zip(rows, ("Nam On-jo", "Lee Su-hyeok"), strict=True)]
    assert col[0] == col[1]


def test_error_on_screen(narrow_screen):
    screen = narrow_screen
    out = screen.run("episode", "1-x3")
    assert "Error: invalid SPEC '1-x3': 'x3' is not an episode number" in out
    assert "Traceback" not in out
    assert screen.exit_code == 2


def test_long_output_goes_through_the_pager_on_a_terminal(narrow_screen):
    screen = narrow_screen
    paged = screen.run("about", env="PAGER='sed s/^/PAGED:/'")
    assert "PAGED:" in paged and "both words" in paged  # the end of the page, through the pager
    plain = screen.run("about", "--no-pager", env="PAGER='sed s/^/PAGED:/'")
    assert "PAGED:" not in plain and "both words" in plain
    short = screen.run("next", env="PAGER='sed s/^/PAGED:/'")
    assert "PAGED:" not in short  # it fits the screen


def test_an_ambiguous_name_asks_which_one_on_a_terminal(narrow_screen):
    screen = narrow_screen
    out = screen.run("character", "lee", answer=("Number (1-5)", "2"))
    assert "1. Lee Cheong-san" in out and "2. Lee Su-hyeok" in out
    assert "Lee Su-hyeok  이수혁" in out and screen.exit_code == 0
    out = screen.run("character", "lee", answer=("Number (1-5)", "9"))
    assert "Error: no choice made" in out and screen.exit_code == 2
