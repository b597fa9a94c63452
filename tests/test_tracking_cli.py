"""Tracking as a user does it: watch, next, progress, undo, history, profiles, spoilers."""

from __future__ import annotations

import json
import os

import pytest

from .support.helpers import aod, fails, ok


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


def test_undo_takes_back_exactly_the_last_command():
    ok("watch", "1")
    ok("watch", "2")
    ok("rate", "2", "8")
    ok("undo")
    data = ok("episodes", "--json").json()["episodes"]
    assert [e["watched"] for e in data[:3]] == [True, True, False]
    assert data[1]["score"] is None
    ok("undo")
    assert ok("progress", "--json").json()["watched"] == 1
    ok("undo")
    fails(1, "undo")  # nothing left


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


def test_next_rule_never_proposes_a_watched_episode():
    ok("watch", "1,2,4")
    assert ok("next", "--json").json()["next"]["code"] == "S01E05"
    ok("skip", "5")
    assert ok("next", "--json").json()["next"]["code"] == "S01E06"
    ok("watch", "6-12")
    assert ok("next", "--json").json()["next"]["code"] == "S01E03"  # the gap
    ok("watch", "next")
    nxt = ok("next", "--json").json()
    assert nxt["next"] is None
    assert "the 1 episode you have not seen is skipped (5)" in ok("next").stdout  # not "seen every episode"


def test_unwatch_and_skip_messages():
    assert "S01E04: not watched" in ok("unwatch", "4").stdout
    ok("watch", "4")
    assert "Marked S01E04 unwatched" in ok("unwatch", "4").stdout
    assert ok("skip", "4").stdout.startswith("Marked S01E04 skipped")
    assert "already watched or skipped" in ok("skip", "4").stdout


@pytest.mark.parametrize(
    ("args", "part"),
    [
        (["watch", "13"], "there is no episode 13"),
        (["watch"], "name the episodes"),
        (["watch", "3", "--at", "yesterday-ish"], "invalid --at"),
        (["watch", "3", "--at", "2099-01-01"], "is in the future"),
        (["watch", "3", "--at", "2021-01-01"], "before S01E03 was released"),
        (["rate", "3", "11"], "invalid score 11: give a whole number from 1 to 10"),
        (["rate", "3", "0"], "invalid score 0"),
        (["rate", "1-2", "5"], "names 2 episodes"),
        (["note", "3", ""], "invalid note"),
        (["watch", "1", "--profile", "nobody"], "unknown profile 'nobody'"),
        (["profile", "add", "bad name!"], "invalid profile name"),
        (["export", "--format", "xml"], "invalid --format"),
        (["watch", "5", "--till", "2"], "is before the first episode"),
    ],
)
def test_bad_input_is_a_usage_error_and_writes_nothing(args, part, tmp_path):
    ok("watch", "1")
    store = tmp_path / "aod-data" / "store.json"
    before = store.read_bytes()
    run = fails(2, *args)
    assert part in run.stderr
    assert store.read_bytes() == before


def test_at_modes(pack):
    ok("watch", "1", "--at", "aired")
    ok("watch", "2", "--at", "unknown")
    ok("watch", "3", "--at", "2024-05-01T20:30:00+09:00")
    hist = {e["episode"]: e for e in ok("history", "--json").json()["events"]}
    assert hist["s01e01"]["at"].startswith("2022-01-2")  # local midnight of the release day, in UTC
    assert hist["s01e02"]["at"] is None
    assert hist["s01e03"]["at"] == "2024-05-01T11:30:00Z"
    assert "time unknown" in ok("history").stdout


def test_spoilers_follow_the_horizon(pack):
    ok("watch", "1-3")
    chars = {c["name"]: c for c in ok("characters", "--json").json()["characters"]}
    gyeong = [e["episode"] for e in chars["Han Gyeong-su"]["events"]]
    assert "S01E03" in gyeong
    assert chars["Lee Cheong-san"]["events"] == []
    assert chars["Lee Cheong-san"]["later_events"] == {"hidden": True, "until": "S01E12"}
    later = [ev.text for ev in pack.events if ev.episode and pack.episode(ev.episode).position > 2]
    out = ok("characters", "--json").stdout + ok("characters").stdout + ok("episode", "4").stdout
    assert not any(text in out for text in later)
    assert pack.episode("s01e03").synopsis in ok("episode", "3").stdout
    assert "hidden until S01E04" in ok("episode", "4").stdout


def test_profiles_keep_separate_progress_and_horizons(pack):
    ok("profile", "add", "mina")
    ok("watch", "1-11")
    ok("watch", "1", "--profile", "mina")
    assert ok("progress", "--json").json()["watched"] == 11
    assert ok("progress", "--json", "--profile", "mina").json()["watched"] == 1
    env = {"AOD_PROFILE": "mina"}
    assert ok("next", "--json", env=env).json()["next"]["code"] == "S01E02"
    s11 = pack.episode("s01e11").synopsis
    assert s11 in ok("episode", "11").stdout
    assert s11 not in ok("episode", "11", "--profile", "mina").stdout
    ok("profile", "use", "mina")
    assert ok("progress", "--json").json()["profile"] == "mina"
    listing = ok("profile", "list", "--json").json()
    assert listing["active"] == "mina"
    fails(1, "profile", "remove", "mina", "--yes")  # the active one
    ok("profile", "use", "default")
    ok("profile", "remove", "mina", "--yes")
    assert [p["name"] for p in ok("profile", "list", "--json").json()["profiles"]] == ["default"]


def test_export_import_round_trip_without_duplicates(tmp_path):
    ok("watch", "1-4")
    ok("rate", "2", "9")
    ok("note", "3", "the fire hose! 소방호스")
    exported = tmp_path / "p.json"
    ok("export", "-o", str(exported))
    doc = json.loads(exported.read_text(encoding="utf-8"))
    assert doc["format"] == "aodcli-export" and len(doc["events"]) == 6
    csv_text = ok("export", "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("id,type,episode,code,at")
    ok("profile", "add", "twin")
    run = ok("import", str(exported), "--profile", "twin", "--dry-run", "--json").json()
    assert run["added"] == 6 and run["dry_run"]
    assert ok("progress", "--json", "--profile", "twin").json()["watched"] == 0
    assert ok("import", str(exported), "--profile", "twin", "--json").json()["added"] == 6
    assert ok("import", str(exported), "--profile", "twin", "--json").json()["added"] == 0
    twin = ok("episodes", "--json", "--profile", "twin").json()["episodes"]
    assert [e["watched"] for e in twin[:5]] == [True, True, True, True, False]
    assert twin[1]["score"] == 9
    csv_file = tmp_path / "p.csv"
    csv_file.write_text(csv_text, encoding="utf-8")
    ok("profile", "add", "csv")
    assert ok("import", str(csv_file), "--profile", "csv", "--json").json()["added"] == 6
    assert ok("episode", "3", "--json", "--profile", "csv").json()["notes"] == ["the fire hose! 소방호스"]


def test_bad_import_changes_nothing(tmp_path):
    ok("watch", "1")
    store = tmp_path / "aod-data" / "store.json"
    before = store.read_bytes()
    bad = tmp_path / "bad.json"
    good = {
        "format": "aodcli-export",
        "version": 1,
        "show": "all-of-us-are-dead",
        "profile": "x",
        "exported_at": "2026-01-01T00:00:00Z",
        "events": [
            {
                "id": "a" * 32,
                "type": "watch",
                "episode": "s01e02",
                "at": None,
                "rewatch": False,
                "recorded": "2026-01-01T00:00:00Z",
            },
            {
                "id": "b" * 32,
                "type": "watch",
                "episode": "s09e02",
                "at": None,
                "rewatch": False,
                "recorded": "2026-01-01T00:00:00Z",
            },
        ],
    }
    bad.write_text(json.dumps(good), encoding="utf-8")
    assert "event 2: episode 's09e02' is not in this show" in fails(1, "import", str(bad)).stderr
    bad.write_text("{not json", encoding="utf-8")
    assert "not valid JSON" in fails(1, "import", str(bad)).stderr
    bad.write_bytes(b"\xff\xfe\x00")
    fails(1, "import", str(bad))
    fails(1, "import", str(tmp_path / "missing.json"))
    assert store.read_bytes() == before


def test_dashboard_shows_progress_and_next():
    ok("watch", "1-2")
    data = ok("--json").json()
    assert data["watched"] == 2 and data["next"]["code"] == "S01E03"
    out = ok().stdout
    assert "2/12" in out and "Next up" in out and "S01E03" in out


def test_corrupt_store_reads_still_work_with_spoilers_hidden(tmp_path, pack):
    ok("watch", "1-6")
    ok("watch", "7-12")  # the previous version (6 watched) is now store.json.bak
    store = tmp_path / "aod-data" / "store.json"
    store.write_bytes(b'{"schema": 1, "broken')
    before = store.read_bytes()
    run = aod("episode", "11")
    assert run.code == 0
    assert "Warning:" in run.stderr and "store restore" in run.stderr
    assert pack.episode("s01e11").synopsis not in run.stdout
    for args in (["watch", "3"], ["undo"], ["rate", "1", "5"], ["profile", "add", "z"]):
        run = aod(*args)
        assert run.code == 1 and "Traceback" not in run.stderr
        assert store.read_bytes() == before
    assert aod("store", "check").code == 1
    ok("store", "restore")
    assert ok("progress", "--json").json()["watched"] == 6  # the newest good state: store.json.bak
    assert next(iter((tmp_path / "aod-data" / "corrupt").iterdir())).read_bytes() == before


def test_store_check_reads_like_a_page_not_a_dump(tmp_path):
    ok("watch", "1-3")
    ok("profile", "add", "min-ji")
    ok("watch", "1", "--profile", "min-ji")
    run = ok("store", "check")
    lines = run.stdout.splitlines()
    assert lines[0].endswith("is fine: revision 3, 2 profiles, 4 events, 2 good backups")
    assert "{" not in run.stdout and "[" not in run.stdout  # no Python reprs of dicts or lists
    assert "default\t3" in lines and "min-ji\t1" in lines
    assert any(line.startswith("store.json.bak\tbak\t2\t") and line.endswith("\tgood") for line in lines)
    data = ok("store", "check", "--json").json()  # the JSON keeps every detail
    assert data["profiles"] == {"default": 3, "min-ji": 1} and len(data["backups"]) == 2
    (tmp_path / "aod-data" / "store.json").write_bytes(b"{oops")
    run = aod("store", "check")
    assert run.code == 1 and "not valid JSON" in run.stdout.splitlines()[0]
    assert "store.json.bak\tbak" in run.stdout


def test_store_file_permissions(tmp_path):
    ok("watch", "1")
    folder = tmp_path / "aod-data"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert oct((folder / "store.json").stat().st_mode & 0o777) == "0o600"
    assert (
        os.path.exists(folder / "store.json.bak") is False
        or oct((folder / "store.json.bak").stat().st_mode & 0o777) == "0o600"
    )


def test_a_command_that_changes_nothing_writes_nothing(tmp_path):
    ok("watch", "1-3")
    folder = tmp_path / "aod-data"
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    for args in (["watch", "2"], ["unwatch", "7"], ["skip", "3"], ["watch", "1-3"]):
        run = ok(*args)
        assert "already" in run.stdout or "not" in run.stdout
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert after == before  # same revision, no new backup
    ok("watch", "2", "--rewatch")  # a rewatch is a change
    assert ok("store", "check", "--json").json()["revision"] == 2
