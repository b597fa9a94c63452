"""A relative ``AOD_DATA_DIR`` would give every folder aod runs in a store of its own: refused,
with the full path to give instead, and nothing created where it runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..support.helpers import aod


@pytest.mark.parametrize("args", [["episodes"], ["watch", "1"], ["prompt"], ["about"]], ids=" ".join)
def test_a_relative_data_dir_is_refused_and_nothing_is_created(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = aod(*args, env={"AOD_DATA_DIR": "reldata"})
    assert run.code == 2 and run.stdout == ""
    full = tmp_path / "reldata"
    said = "Error: AOD_DATA_DIR (reldata) is a relative path: give a full path, e.g. AOD_DATA_DIR="
    assert run.stderr == f"{said}{full}\n"
    assert os.listdir(tmp_path) == []
