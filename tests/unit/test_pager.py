"""The pager is chosen as git chooses it: AOD_PAGER, then PAGER, then less -FRX; on a terminal, for a long page."""

from __future__ import annotations

import pytest


def test_the_pager_is_chosen_as_git_does(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from aodcli.output.render import pager_command

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    long, short = "x\n" * 100, "x\n" * 3
    for var in ("AOD_PAGER", "PAGER"):
        monkeypatch.delenv(var, raising=False)
    assert pager_command(long, 40, Tty()) == ["less", "-FRX"]
    assert pager_command(short, 40, Tty()) is None  # fits the screen
    assert pager_command(long, 40, io.StringIO()) is None  # piped: never
    monkeypatch.setenv("PAGER", "more")
    assert pager_command(long, 40, Tty()) == ["more"]
    monkeypatch.setenv("AOD_PAGER", "cat")
    assert pager_command(long, 40, Tty()) is None
    monkeypatch.setenv("AOD_PAGER", "")
    assert pager_command(long, 40, Tty()) is None
