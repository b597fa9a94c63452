"""`aod watch`: marking episodes watched, never twice without --rewatch, --till, --at (in words too), --with."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from aodcli.tracker import parse_at

from ..support.helpers import fails, ok


def test_watch_then_next_progress_and_undo():
    out = ok("watch", "1-3").stdout
    assert out.startswith("Marked S01E01, S01E02, S01E03 watched (3 episodes, 3 h 18 min)")
    assert ok("next", "--json").json()["next"]["code"] == "S01E04"
    prog = ok("progress", "--json").json()
    assert (prog["watched"], prog["total"]) == (3, 12)
    assert prog["minutes_watched"] == 66 + 70 + 62
    assert prog["minutes_left"] == 728 - 198
    assert ok("undo").stdout.startswith("Undid: watched S01E01, S01E02, S01E03\n")
    assert ok("progress", "--json").json()["watched"] == 0


def test_watch_is_never_duplicated_without_rewatch():
    ok("watch", "2")
    out = ok("watch", "1-3").stdout
    assert "Marked S01E01, S01E03 watched" in out
    assert "S01E02: already watched" in out
    hist = ok("history", "--json").json()["events"]
    assert sum(1 for e in hist if e["episode"] == "s01e02" and e["type"] == "watch") == 1
    ok("watch", "2", "--rewatch")
    ep = ok("episode", "2", "--json").json()
    assert ep["times_watched"] == 2
    assert [h["rewatch"] for h in ep["history"] if h["type"] == "watch"] == [False, True]


def test_till_includes_the_target_and_skips_watched():
    ok("watch", "2")
    ok("watch", "--till", "5")
    data = ok("episodes", "--json").json()["episodes"]
    assert [e["times_watched"] for e in data] == [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    ok("watch", "7", "--till", "s1e8")
    assert ok("next", "--json").json()["next"]["code"] == "S01E09"


def test_at_modes(pack):
    ok("watch", "1", "--at", "aired")
    ok("watch", "2", "--at", "unknown")
    ok("watch", "3", "--at", "2024-05-01T20:30:00+09:00")
    hist = {e["episode"]: e for e in ok("history", "--json").json()["events"]}
    assert hist["s01e01"]["at"].startswith("2022-01-2")  # local midnight of the release day, in UTC
    assert hist["s01e02"]["at"] is None
    assert hist["s01e03"]["at"] == "2024-05-01T11:30:00Z"
    assert "time unknown" in ok("history").stdout


def test_watching_together(pack):
    ok("profile", "add", "mina")
    ok("watch", "1-6")
    # mina has seen none of 1-6: marking 7 for her needs --jump, and says so
    refused = fails(2, "watch", "7", "--with", "mina")
    assert "mina has not seen S01E01…S01E06" in refused.stderr and "--jump" in refused.stderr
    assert ok("progress", "--json", "--profile", "mina").json()["watched"] == 0
    run = ok("watch", "7", "--with", "mina", "--jump")
    assert "Also for mina: S01E07 watched" in run.stdout
    assert run.stderr.startswith("Warning: mina had not seen S01E01…S01E06")
    assert ok("progress", "--json", "--profile", "mina").json()["watched"] == 1
    ok("watch", "1-2", "--profile", "mina")
    # default is at 7, mina at 7 with a gap: the group's lowest horizon is mina's
    data = ok("next", "--with", "mina", "--json").json()
    assert data["group"] == ["default", "mina"]
    fails(2, "watch", "8", "--with", "nobody")
    fails(2, "watch", "8", "--with", "bad name")


@pytest.mark.parametrize("when", ["0001-01-01", "9999-12-31", "999999999 days ago", "25:99", "yesterday 7", "soon"])
def test_a_date_out_of_range_or_unknown_is_a_usage_error(when: str) -> None:
    err = fails(2, "watch", "2", "--at", when).stderr
    assert "invalid --at" in err or "in the future" in err or "before S01E02 was released" in err
    assert ok("history", "--json").json()["events"] == []


def test_at_accepts_days_and_times_in_words() -> None:
    thursday = date(2026, 12, 3)
    local = {
        "today": datetime(2026, 12, 3),
        "yesterday": datetime(2026, 12, 2),
        "3 days ago": datetime(2026, 11, 30),
        "friday": datetime(2026, 11, 27),
        "last friday": datetime(2026, 11, 27),
        "thursday": datetime(2026, 12, 3),
        "last thursday": datetime(2026, 11, 26),
        "21:30": datetime(2026, 12, 3, 21, 30),
        "Yesterday  21:30": datetime(2026, 12, 2, 21, 30),
        "2026-11-20 21:30": datetime(2026, 11, 20, 21, 30),
    }
    for text, want in local.items():
        got = parse_at(text, thursday).value
        assert got is not None and got == want.astimezone(), text
    ok("watch", "1", "--at", "yesterday 21:30")
    event = ok("history", "--json").json()["events"][0]
    yesterday = datetime.combine(date.today() - timedelta(days=1), datetime.min.time()).replace(hour=21, minute=30)
    assert datetime.fromisoformat(event["at"].replace("Z", "+00:00")) == yesterday.astimezone()


def test_a_rewatch_is_said_as_another_viewing_and_undone_as_a_rewatch() -> None:
    ok("watch", "1")
    assert ok("watch", "1", "--rewatch").stdout.startswith("Logged another viewing of S01E01\n")
    assert ok("undo").stdout.startswith("Undid: rewatched S01E01\n")
    history = ok("history").stdout
    assert "rewatched (undone)\tS01E01" in history and "took back: rewatched" in history
    assert "watched S01E01" in ok("undo", "--list").stdout
