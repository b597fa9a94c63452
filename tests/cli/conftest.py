"""Fixtures of the command tests: a settable store clock, and a real terminal (tmux) at 80 and 120 columns."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from aodcli.store import clock as store_clock

from ..support.terminal_support import Screen


@pytest.fixture
def frozen(monkeypatch):
    """Set the store's clock: frozen('2026-11-21T20:00:00')."""

    def set_to(text: str) -> None:
        when = datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
        monkeypatch.setattr(store_clock, "clock", lambda: when)

    return set_to


@pytest.fixture(params=[80, 120], ids=["80cols", "120cols"])
def screen(request, tmp_path):
    s = Screen(request.param, tmp_path / "data")
    yield s
    s.close()


@pytest.fixture(params=[80, pytest.param(120, marks=pytest.mark.slow)], ids=["80cols", "120cols"])
def narrow_screen(request, tmp_path):
    """For what does not depend on the width: 80 columns in the default run, 120 too with ``-m slow``."""
    s = Screen(request.param, tmp_path / "data")
    yield s
    s.close()
