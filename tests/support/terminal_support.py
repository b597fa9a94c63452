"""A real terminal for the tests: a tmux server of its own, where ``aod`` is typed and the screen read."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

TMUX = shutil.which("tmux")

#: on a test that types into a real terminal (with ``pytest.mark.heavy``): skipped where tmux is missing, but not on CI
needs_tmux = pytest.mark.skipif(
    TMUX is None and not os.environ.get("CI"), reason="tmux is not installed (CI installs it)"
)

T = TypeVar("T")

#: How often the screen is read while waiting (a read is one short tmux client).
POLL = 0.03


def lines(text: str) -> list[str]:
    """The lines of a screen capture, without their trailing blanks."""
    return [line.rstrip() for line in text.splitlines()]


class Screen:
    def __init__(self, width: int, data_dir: Path) -> None:
        self.name = f"aod-{uuid.uuid4().hex[:8]}"
        self.tmux = [TMUX or "tmux", "-L", self.name]  # a server of its own: no races between tests
        self.width = width
        self.data_dir = data_dir
        subprocess.run(
            [
                *self.tmux,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(width),
                "-y",
                "50",
                "env",
                "-u",
                "NO_COLOR",
                "-u",
                "FORCE_COLOR",
                "TERM=xterm-256color",
                "bash",
                "--norc",
                "--noprofile",
            ],
            check=True,
        )

    def run(self, *args: str, env: str = "", answer: tuple[str, str] | None = None) -> str:
        """Type an aod command (after ``env`` settings), wait for it to finish, return the screen text.

        ``answer`` is (a prompt to wait for, the keys to type when it shows); keys on several lines
        are typed one line at a time, each after the prompt shows again."""
        marker = f"done-{uuid.uuid4().hex[:6]}"
        aod = f"{shlex.quote(sys.executable)} -m aodcli"
        line = (
            f"clear; AOD_DATA_DIR={shlex.quote(str(self.data_dir))} COLUMNS= {env} "
            f"{aod} {' '.join(shlex.quote(a) for a in args)}; echo {marker}-$?"
        )
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, line, "Enter"], check=True)
        for i, keys in enumerate(answer[1].split("\n") if answer is not None else []):
            assert answer is not None
            self._poll(lambda shown, i=i: shown.count(answer[0]) > i or None)  # typed anyway at the timeout
            subprocess.run([*self.tmux, "send-keys", "-t", self.name, keys, "Enter"], check=True)
        polled = self._poll(re.compile(rf"{marker}-(\d+)").search)
        if polled is None:
            raise AssertionError(f"timed out; screen:\n{self.capture()}")
        screen, found = polled
        self.exit_code = int(found.group(1))
        return screen[: found.start()]

    def wait_for(self, text: str, timeout: float = 30) -> str:
        """The screen once it shows ``text`` (fails after ``timeout`` seconds)."""
        polled = self._poll(lambda shown: text in shown or None, timeout)
        if polled is None:
            raise AssertionError(f"{text!r} never showed; screen:\n{self.capture()}")
        return polled[0]

    def _poll(self, test: Callable[[str], T | None], timeout: float = 30) -> tuple[str, T] | None:
        """Read the screen every POLL seconds until ``test`` gives something for it: (the screen,
        what ``test`` gave); None after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.capture()
            found = test(shown)
            if found is not None:
                return shown, found
            time.sleep(POLL)
        return None

    def capture(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True, check=True
        ).stdout

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], check=False)
