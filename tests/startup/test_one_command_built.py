"""A run builds only the command it runs: Typer makes a Click command of every command it holds,
about half a millisecond each, on every run. The command built alone is the very one the whole app
holds, and a line that needs every command (help for the program, a word that is no command, shell
completion) gets them all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from aodcli.cli.app import app, build
from aodcli.cli.argv import command_word
from aodcli.cli.registry import FIRST_WORDS


@pytest.mark.parametrize(
    ("argv", "want"),
    [
        (["watch", "3"], "watch"),
        (["--json", "watch", "3"], "watch"),
        (["--profile", "mina", "--lang", "ko", "watch"], "watch"),
        (["--profile=mina", "--spoilers", "episodes"], "episodes"),
        (["watch", "3", "--profile", "mina"], "watch"),
        (["profile", "add", "x"], "profile"),
        (["store", "check", "--json"], "store"),
        ([], ""),  # the dashboard: no command at all
        (["--json", "--show", "pack"], ""),
        (["--help"], None),
        (["-h", "watch"], None),
        (["--version"], None),
        (["wach", "3"], None),  # Click's "did you mean" needs every name
        (["--", "watch"], None),
        (["--profile"], None),  # a value option without its value: Click reports it
    ],
)
def test_the_command_built_is_the_first_word_after_the_global_options(argv: list[str], want: str | None) -> None:
    assert command_word(argv, FIRST_WORDS) == want


def _described(command: Any) -> Any:
    params = [
        (p.name, p.opts, p.secondary_opts, p.required, p.nargs, p.hidden, getattr(p, "help", None), repr(p.default))
        for p in command.params
    ]
    subs = {name: _described(sub) for name, sub in getattr(command, "commands", {}).items()}
    return (command.name, command.help, params, subs)


def test_each_command_built_alone_is_the_one_the_whole_app_holds() -> None:
    whole = get_command(app)
    assert set(whole.commands) == FIRST_WORDS
    for word in sorted(FIRST_WORDS):
        alone = get_command(build(word))
        assert list(alone.commands) == [word]
        assert _described(alone.commands[word]) == _described(whole.commands[word]), word
        assert _described(alone)[2] == _described(whole)[2]  # the global options
    assert not get_command(build("")).commands


@pytest.mark.heavy
def test_a_run_answers_a_word_that_is_no_command_from_every_name(tmp_path: Path) -> None:
    env = {**os.environ, "AOD_DATA_DIR": str(tmp_path), "NO_COLOR": "1"}
    run = subprocess.run([sys.executable, "-m", "aodcli", "wach", "3"], capture_output=True, text=True, env=env)
    assert run.returncode == 2 and "Did you mean 'watch'" in run.stderr, run.stderr
