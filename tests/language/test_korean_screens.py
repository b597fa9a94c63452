"""What a Korean fan sees at 80 columns, in colour as on a terminal: the dashboard, the guide,
an episode, progress, a watch, an error and the help. Hangul is two columns wide, so each
line is measured in terminal cells, and each screen is held to its snapshot in
``tests/snapshots/ko/`` (``AOD_UPDATE_SNAPSHOTS=1`` rewrites them after an intended change)."""

from __future__ import annotations

import os
import re

import pytest
from rich.cells import cell_len

from ..support.helpers import TESTS, aod, ok

SNAPSHOTS = TESTS / "snapshots" / "ko"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SCREEN = {"AOD_LANG": "ko", "FORCE_COLOR": "1", "COLUMNS": "80", "TZ": "UTC"}
SCREENS = {
    "dashboard": [],
    "episodes": ["episodes"],
    "episode-3": ["episode", "3"],
    "progress": ["progress"],
    "watch-4": ["watch", "4", "--at", "2026-11-21T20:00:00Z"],
    "error": ["episode", "1-x3"],
    "help": ["--help"],
    "watch-help": ["watch", "--help"],
}


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()


def _screen(args: list[str]) -> list[str]:
    run = aod(*args, env=SCREEN)
    assert "Traceback" not in run.stderr
    return [ANSI.sub("", line).rstrip() for line in (run.stdout + run.stderr).splitlines()]


@pytest.mark.parametrize("name", list(SCREENS))
def test_a_korean_screen_fits_80_columns_and_matches_its_snapshot(name: str) -> None:
    ok("watch", "1-3", "--at", "2026-11-20T20:00:00Z")
    ok("rate", "2", "8")
    lines = _screen(SCREENS[name])
    wide = [line for line in lines if cell_len(line) > 80]
    assert not wide, f"wider than 80 columns: {wide}"
    assert any(re.search("[가-힣]", line) for line in lines), "no Korean on the screen"
    text = "\n".join(lines) + "\n"
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("AOD_UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{name} differs from {path} (AOD_UPDATE_SNAPSHOTS=1 rewrites it)"


def test_table_columns_line_up_with_hangul_in_them() -> None:
    ok("watch", "1-3", "--at", "2026-11-20T20:00:00Z")
    lines = _screen(["episodes"])
    rows = [line for line in lines if re.match(r"\s*S01E\d\d", line)]
    assert len(rows) == 12
    # the runtime column ends in the same terminal column on every row, after titles of 1화 and 10화
    ends = {cell_len(line[: line.index("분") + 1]) for line in rows}
    assert len(ends) == 1, rows
