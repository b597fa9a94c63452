"""Real `aod` processes at once: every acknowledged mark is there afterwards."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.heavy  # out of the quick tier: twenty real aod processes


def test_twenty_concurrent_watch_processes_lose_nothing(tmp_path):
    env = {**os.environ, "AOD_DATA_DIR": str(tmp_path / "data"), "NO_COLOR": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "aodcli", "watch", str(i % 12 + 1), "--rewatch", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(20)
    ]
    results = [(proc, *proc.communicate(timeout=120)) for proc in procs]  # every pipe read and closed first
    acked = []
    for proc, out, err in results:
        assert proc.returncode == 0, err
        acked += [e["id"] for e in json.loads(out)["events"]]
    assert len(acked) == 20
    history = subprocess.run(
        [sys.executable, "-m", "aodcli", "history", "--json"], env=env, capture_output=True, text=True, check=True
    )
    on_disk = [e["id"] for e in json.loads(history.stdout)["events"]]
    assert sorted(on_disk) == sorted(acked)
    check = subprocess.run(
        [sys.executable, "-m", "aodcli", "store", "check", "--json"], env=env, capture_output=True, text=True
    )
    assert check.returncode == 0 and json.loads(check.stdout)["ok"] is True
