"""Fixtures of the command tests: a settable store clock."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from aodcli.store import clock as store_clock


@pytest.fixture
def frozen(monkeypatch):
    """Set the store's clock: frozen('2026-11-21T20:00:00')."""

    def set_to(text: str) -> None:
        when = datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
        monkeypatch.setattr(store_clock, "clock", lambda: when)

    return set_to
