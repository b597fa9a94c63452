"""In Korean the fast path answers as the full CLI does: the prompt line (its one word from the
catalog) and a Tab; the help zsh shows beside a command comes translated from the full CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..support.helpers import ok

pytestmark = pytest.mark.heavy


def _process(data: Path, *args: str, **env: str) -> str:
    full = dict(os.environ, AOD_DATA_DIR=str(data), AOD_LANG="ko", **env)
    return subprocess.run([sys.executable, "-m", "aodcli", *args], env=full, capture_output=True, text=True).stdout


def test_the_korean_prompt_is_the_full_cli_s(_isolated_user_files: Path) -> None:
    ok("watch", "1-12")
    fast = _process(_isolated_user_files, "prompt")
    assert fast == ok("prompt", env={"AOD_LANG": "ko"}).stdout
    assert "done" not in fast and "12/12" in fast


def test_a_korean_tab_answers_with_korean_help_beside_commands(_isolated_user_files: Path) -> None:
    ok("watch", "1")
    zsh = {"_AOD_COMPLETE": "complete_zsh"}
    codes = _process(_isolated_user_files, **zsh, _TYPER_COMPLETE_ARGS="aod watch s01e")
    assert '"s01e02"' in codes
    commands = _process(_isolated_user_files, **zsh, _TYPER_COMPLETE_ARGS="aod wa")
    assert '"watch":"에피소드를' in commands
