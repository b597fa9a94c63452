"""Shell completion through the full CLI: episodes, names and profiles, of the right kind, in the case typed."""

from __future__ import annotations

import os
import subprocess
import sys

from ..support.helpers import ok


def _complete(words: str, cword: int, data_dir: str) -> list[str]:
    env = dict(
        os.environ, _AOD_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword), AOD_DATA_DIR=data_dir
    )
    run = subprocess.run([sys.executable, "-m", "aodcli"], env=env, capture_output=True, text=True, check=True)
    return [line for line in run.stdout.splitlines() if line]


def test_bash_completion_for_watch_and_profiles(tmp_path):
    data = str(tmp_path / "aod-data")
    assert _complete("aod watch S01E1", 2, data) == ["S01E10", "S01E11", "S01E12"]
    assert "next" in _complete("aod watch n", 2, data)
    offered = _complete("aod episode s", 2, data)
    assert offered[0] == "s1" and all(w.startswith("s") for w in offered)
    names = _complete("aod character Nam", 2, data)
    assert "Nam\\ On-jo" in names and "Nam\\ So-ju" in names  # escaped: bash inserts a candidate as it is
    assert all(n.startswith("Nam") for n in names)
    ok("profile", "add", "mina")
    assert _complete("aod profile use m", 3, data) == ["mina"]
    assert _complete("aod watch 1 --profile ", 4, data) == ["default", "mina"]


def test_completion_offers_the_right_kind_in_the_case_typed(tmp_path):
    data = str(tmp_path / "aod-data")
    assert _complete("aod character Choi", 2, data) == ["Choi\\ Nam-ra"]
    assert _complete("aod person Choi", 2, data) == []  # people, not characters
    assert "Park\\ Ji-hu" in _complete("aod person Park", 2, data)
    assert "Nam\\ On-jo" not in _complete("aod person Nam", 2, data)
    assert _complete("aod watch s01e1", 2, data) == ["s01e10", "s01e11", "s01e12"]
    assert _complete("aod watch 1 --till S01E1", 4, data) == ["S01E10", "S01E11", "S01E12"]
    assert _complete("aod search lee --in ch", 4, data) == ["characters"]
    assert _complete("aod episodes --season ", 3, data) == ["1", "2"]
