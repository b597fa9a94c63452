"""How aod is started: --version, python -m aodcli from any folder, global options anywhere on the line, '--'."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from ..support.helpers import REPO, ok


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
