"""A user's mistakes, across commands: one line on stderr, the right exit code, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support.helpers import fails, ok
from ..support.terminal_support import needs_tmux


@pytest.mark.parametrize(
    ("args", "part"),
    [
        (["watch", "13"], "there is no episode 13"),
        (["watch"], "name the episodes"),
        (["watch", "3", "--at", "yesterday-ish"], "invalid --at"),
        (["watch", "3", "--at", "2099-01-01"], "is in the future"),
        (["watch", "3", "--at", "2021-01-01"], "before S01E03 was released"),
        (["rate", "3", "11"], "invalid score 11: give a whole number from 1 to 10"),
        (["rate", "3", "0"], "invalid score 0"),
        (["rate", "1-2", "5"], "names 2 episodes"),
        (["note", "3", ""], "invalid note"),
        (["watch", "1", "--profile", "nobody"], "unknown profile 'nobody'"),
        (["profile", "add", "bad name!"], "invalid profile name"),
        (["export", "--format", "xml"], "invalid --format"),
        (["watch", "5", "--till", "2"], "is before the first episode"),
    ],
)
def test_bad_input_is_a_usage_error_and_writes_nothing(args, part, tmp_path):
    ok("watch", "1")
    store = tmp_path / "aod-data" / "store.json"
    before = store.read_bytes()
    run = fails(2, *args)
    assert part in run.stderr
    assert store.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "part"),
    [
        (["episode", "13"], 2, "invalid SPEC '13': there is no episode 13"),
        (["episode", "1-x3"], 2, "'x3' is not an episode number"),
        (["episode", "s2e1"], 2, "season 2 has no episodes yet"),
        (["episode", "1-3"], 2, "names 3 episodes"),
        (["episodes", "--season", "5"], 2, "there is no season 5"),
        (["episodes", "--season", "x"], 2, "invalid value for '--season/-s': 'x' is not a whole number"),
        (["characters", "--group", "aliens"], 2, "no group 'aliens'"),
        (["frobnicate"], 2, "no such command 'frobnicate'"),
        (["episodes", "--bogus"], 2, "no such option: --bogus"),
    ],
)
def test_errors_are_one_line_with_the_right_exit(args, code, part):
    run = fails(code, *args)
    assert part in run.stderr


def test_a_data_dir_that_is_a_file_says_so(tmp_path: Path) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x", encoding="utf-8")
    for args in (["watch", "1"], ["episodes"], ["store", "check"]):
        err = fails(1, *args, env={"AOD_DATA_DIR": str(a_file)}).stderr
        assert f"AOD_DATA_DIR ({a_file}) is not a folder" in err and "lock" not in err
    err = fails(1, "watch", "1", env={"AOD_DATA_DIR": str(a_file / "sub")}).stderr
    assert "is not a folder" in err
    assert a_file.read_text(encoding="utf-8") == "x"


@pytest.mark.heavy
@needs_tmux
def test_error_on_screen(narrow_screen):
    screen = narrow_screen
    out = screen.run("episode", "1-x3")
    assert "Error: invalid SPEC '1-x3': 'x3' is not an episode number" in out
    assert "Traceback" not in out
    assert screen.exit_code == 2
