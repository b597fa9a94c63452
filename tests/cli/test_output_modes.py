"""Output that suits where it goes: plain text when piped, Rich on a terminal, JSON on request, NO_COLOR, the pager."""

from __future__ import annotations

import re

import pytest

from ..support.helpers import ok
from ..support.terminal_support import needs_tmux

ANSI = re.compile(r"\x1b\[[0-9;]*m")
GUIDE_COMMANDS = [
    [],
    ["episodes"],
    ["episodes", "--season", "1"],
    ["episode", "3"],
    ["about"],
    ["about", "--sources"],
    ["cast"],
    ["characters"],
]


@pytest.mark.parametrize("args", GUIDE_COMMANDS)
def test_plain_output_when_piped_has_no_ansi(args):
    run = ok(*args)
    assert run.stdout.strip()
    assert not ANSI.search(run.stdout)
    assert run.stderr == ""


@pytest.mark.parametrize("args", GUIDE_COMMANDS)
def test_json_output_parses(args):
    run = ok(*args, "--json")
    assert isinstance(run.json(), dict)


@pytest.mark.parametrize("args", GUIDE_COMMANDS)
def test_rich_output_on_a_terminal(args):
    run = ok(*args, env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert ANSI.search(run.stdout)


def test_no_color_wins_over_force_color():
    run = ok("episodes", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not ANSI.search(run.stdout)


@pytest.mark.heavy
@needs_tmux
def test_long_output_goes_through_the_pager_on_a_terminal(narrow_screen):
    screen = narrow_screen
    paged = screen.run("about", env="PAGER='sed s/^/PAGED:/'")
    assert "PAGED:" in paged and "both words" in paged  # the end of the page, through the pager
    plain = screen.run("about", "--no-pager", env="PAGER='sed s/^/PAGED:/'")
    assert "PAGED:" not in plain and "both words" in plain
    short = screen.run("next", env="PAGER='sed s/^/PAGED:/'")
    assert "PAGED:" not in short  # it fits the screen
