"""Tab after a Hangul start offers the Hangul names (``aod person 박<Tab>`` → 박지후), in the
full CLI and in the fast path alike."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.heavy


def _complete(line: str, data: Path) -> list[str]:
    words = line.split(" ")
    env = dict(os.environ, AOD_DATA_DIR=str(data), _AOD_COMPLETE="complete_bash")
    env.update(COMP_WORDS=line, COMP_CWORD=str(len(words) - 1))
    run = subprocess.run([sys.executable, "-m", "aodcli"], env=env, capture_output=True, text=True, check=True)
    return [line for line in run.stdout.splitlines() if line]


@pytest.mark.parametrize("warm", [False, True], ids=["full CLI", "fast path"])
def test_a_hangul_start_completes_to_hangul_names(tmp_path: Path, warm: bool) -> None:
    data = tmp_path / "data"
    if warm:  # a run fills the caches the fast path reads
        subprocess.run(
            [sys.executable, "-m", "aodcli", "episodes"],
            env=dict(os.environ, AOD_DATA_DIR=str(data)),
            capture_output=True,
            check=True,
        )
    assert _complete("aod person 박지", data) == ["박지후"]
    assert _complete("aod character 이청", data) == ["이청산"]
    assert "Park\\ Ji-hu" in _complete("aod person Park", data)
    assert _complete("aod person 없는", data) == []
