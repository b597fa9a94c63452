"""`aod history`: every change in the order things happened, narrowed to episodes, days, the newest, all profiles."""

from __future__ import annotations

from ..support.helpers import fails, ok


def test_history_is_in_the_order_things_happened() -> None:
    ok("watch", "3")
    ok("watch", "1-2", "--at", "3 days ago")
    data = ok("history", "--json").json()
    assert [e["code"] for e in data["events"]] == ["S01E01", "S01E02", "S01E03"]
    assert "oldest first" in ok("history").stdout


def _codes(*args: str) -> list[str]:
    return [e["code"] for e in ok("history", *args, "--json").json()["events"]]


def test_history_narrows_to_episodes_days_and_the_newest() -> None:
    ok("watch", "1-3", "--at", "2026-11-20T20:00:00")
    ok("watch", "4", "--at", "2026-11-22T21:00:00")
    ok("unwatch", "2")
    ok("undo")
    assert _codes("--episode", "2") == ["S01E02", "S01E02", "S01E02"]  # watch, unwatch, the undo of it
    assert _codes("--episode", "3화-4화") == ["S01E03", "S01E04"]
    assert _codes("--since", "2026-11-21", "--until", "2026-11-22") == ["S01E04"]  # a day alone counts whole
    assert _codes("--until", "2026-11-20") == ["S01E01", "S01E02", "S01E03"]
    assert len(_codes("--limit", "2")) == 2 and _codes("--limit", "2") == _codes()[-2:]
    page = ok("history", "--episode", "4").stdout
    assert "1 event shown." in page and "S01E04" in page and "S01E01" not in page


def test_history_of_every_profile_says_whose_each_event_is() -> None:
    ok("watch", "1")
    ok("profile", "add", "mina")
    ok("watch", "1-2", "--profile", "mina")
    data = ok("history", "--all-profiles", "--json").json()
    assert data["profile"] is None
    assert sorted((e["profile"], e["code"]) for e in data["events"]) == [
        ("default", "S01E01"),
        ("mina", "S01E01"),
        ("mina", "S01E02"),
    ]
    assert "Profile\tWhen\tWhat" in ok("history", "--all-profiles").stdout


def test_history_filters_refuse_what_cannot_match() -> None:
    assert "--since" in fails(2, "history", "--since", "now").stderr
    assert "nothing could match" in fails(2, "history", "--since", "2026-11-22", "--until", "2026-11-20").stderr
    assert "--limit" in fails(2, "history", "--limit", "0").stderr
    ok("watch", "1")
    assert "No event matches." in ok("history", "--episode", "5").stdout


def test_a_watch_of_unknown_time_shows_the_time_as_unknown() -> None:
    ok("watch", "2", "--at", "unknown")
    row = next(line for line in ok("history").stdout.splitlines() if "\tS01E02" in line)
    when, what, _code, detail = row.split("\t")
    assert when == "time unknown" and what == "watched" and detail.startswith("logged 20")
