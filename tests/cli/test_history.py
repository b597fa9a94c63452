"""`aod history`: every change, in the order things happened."""

from __future__ import annotations

from ..support.helpers import ok


def test_history_is_in_the_order_things_happened() -> None:
    ok("watch", "3")
    ok("watch", "1-2", "--at", "3 days ago")
    data = ok("history", "--json").json()
    assert [e["code"] for e in data["events"]] == ["S01E01", "S01E02", "S01E03"]
    assert "oldest first" in ok("history").stdout
