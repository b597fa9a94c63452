"""How aod is started: --version, python -m aodcli from any folder, global options anywhere on the line, '--'."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from aodcli.cli.registry import COMMANDS, Command

from ..support.helpers import REPO, fails, ok


def test_version():
    from aodcli import __version__

    assert ok("--version").stdout == f"aod {__version__}\n"


def test_python_dash_m_works_from_another_directory(tmp_path):
    env = dict(os.environ, AOD_DATA_DIR=str(tmp_path / "d"))
    env.pop("FORCE_COLOR", None)
    run = subprocess.run(
        [sys.executable, "-m", "aodcli", "episodes", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert len(json.loads(run.stdout)["episodes"]) == 12
    bad = subprocess.run(
        [sys.executable, "-m", "aodcli", "episode", "99"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert bad.returncode == 2 and bad.stdout == "" and "Traceback" not in bad.stderr
    assert REPO.exists()


COMMANDS_RUN = [  # every command that prints data, by its first run (aodcli.cli.registry)
    c for c in COMMANDS if c.json is not None and "{" not in "".join(c.runs[0])
]


@pytest.mark.parametrize(
    "option", [["--json"], ["--spoilers"], ["--debug"], ["--profile", "default"], ["--show", "{pack}"]]
)
@pytest.mark.parametrize("command", COMMANDS_RUN, ids=lambda c: c.path)
def test_global_options_work_after_any_command(command: Command, option: list[str]) -> None:
    from ..support.helpers import BUNDLED, aod

    ok("watch", "1-2")
    for line in command.setup:
        ok(*line)
    run = aod(*command.runs[0], *[o.replace("{pack}", str(BUNDLED)) for o in option])
    assert "no such option" not in run.stderr.lower() and "Traceback" not in run.stderr, run.stderr
    assert run.code == 0, run.stderr
    if option == ["--json"]:
        run.json()  # one JSON document


def test_debug_after_a_double_dash_is_text() -> None:
    ok("note", "1", "--", "--debug")
    assert ok("episode", "1", "--json").json()["notes"] == ["--debug"]
    assert "Traceback" not in fails(2, "episode", "99", "--", "--debug").stderr
