"""Imports from other services: what every format shares (detection, options, output).

The helpers the import tests share are in ``tests/support/import_support.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..support.helpers import fails, ok
from ..support.import_support import FIX, imported, snapshot, store_events, utc, views

# ---------------------------------------------------------------- detection, by content


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("netflix-report", "netflix-activity"),
        ("netflix-report/CONTENT_INTERACTION/ViewingActivity.csv", "netflix-activity"),
        ("NetflixViewingHistory-us.csv", "netflix-history"),
        ("trakt", "trakt"),
        ("trakt/watched-history.json", "trakt"),
        ("tvtime", "tvtime"),
        ("tvtime/tracking-prod-records-v2.csv", "tvtime"),
    ],
)
def test_the_format_is_told_by_content_and_named(path: str, kind: str, tmp_path: Path) -> None:
    source = FIX / path
    if source.is_file():  # the name tells nothing: the same bytes under a neutral name
        renamed = tmp_path / "history.txt"
        renamed.write_bytes(source.read_bytes())
        source = renamed
    args = ["--source-profile", "Mina"] if kind == "netflix-activity" else []
    result = imported(str(source), "--dry-run", *args)
    assert result["format"] == kind
    out = ok("import", str(source), "--dry-run", *args).stdout
    assert out.startswith(f"Found {result['format_name']} in {source}.")


def test_an_unknown_csv_is_never_quoted_and_the_error_says_what_aod_reads(tmp_path: Path) -> None:
    file = tmp_path / "x.csv"
    file.write_text("Name,Score\nfoo,3\n", encoding="utf-8")
    err = fails(1, "import", str(file)).stderr
    assert "not a history aod reads" in err and "ViewingActivity.csv" in err and "Trakt" in err
    assert "name" not in err.lower().replace("named", "") and "score" not in err.lower()


def test_a_folder_with_no_history_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    err = fails(1, "import", str(tmp_path)).stderr
    assert "not a regular file (a folder)" in err and "no viewing history aod reads" in err


def test_a_folder_with_two_kinds_of_history_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes((FIX / "NetflixViewingHistory-us.csv").read_bytes())
    (tmp_path / "watched-history.json").write_bytes((FIX / "trakt" / "watched-history.json").read_bytes())
    err = fails(1, "import", str(tmp_path)).stderr
    assert "several kinds of history" in err and "Netflix viewing history" in err and "Trakt" in err


def test_two_netflix_history_files_in_one_folder_are_refused(tmp_path: Path) -> None:
    for name in ("NetflixViewingHistory.csv", "NetflixViewingHistory (1).csv"):
        (tmp_path / name).write_bytes((FIX / "NetflixViewingHistory-us.csv").read_bytes())
    assert "holds 2 files of Netflix viewing history" in fails(1, "import", str(tmp_path)).stderr


def test_options_that_do_not_apply_are_usage_errors(tmp_path: Path) -> None:
    ok("watch", "1")
    export = tmp_path / "e.json"
    export.write_text(ok("export").stdout, encoding="utf-8")
    assert "is for other services' histories" in fails(2, "import", str(export), "--all-profiles").stderr
    trakt = str(FIX / "trakt")
    assert "--date-order is for Netflix's histories" in fails(2, "import", trakt, "--date-order", "dmy").stderr
    assert "invalid --date-order 'yd'" in fails(2, "import", trakt, "--date-order", "yd").stderr
    assert "one person's history" in fails(2, "import", trakt, "--all-profiles").stderr
    assert "one person's history" in fails(2, "import", trakt, "--source-profile", "mina").stderr


def test_the_aod_export_path_is_unchanged_and_named(tmp_path: Path) -> None:
    ok("watch", "1-2")
    export = tmp_path / "e.json"
    export.write_text(ok("export").stdout, encoding="utf-8")
    ok("profile", "add", "twin")
    result = imported(str(export), "--profile", "twin")
    assert (result["format"], result["added"], result["already_present"]) == ("aodcli", 2, 0)
    assert "Added 0 events; 2 already there." in ok("import", str(export), "--profile", "twin").stdout


def test_an_import_is_one_undo(tmp_data: Path) -> None:
    ok("watch", "9")
    result = imported(str(FIX / "trakt"))
    assert result["added"] == 5
    assert len({e["batch"] for e in result["events"]}) == 1  # one batch: one undo
    ok("undo")
    assert ok("progress", "--json").json()["watched"] == 1
    assert [e["type"] for e in store_events(tmp_data)].count("undo") == 1  # an undo costs one event


def test_a_dry_run_writes_nothing_and_predicts_the_import(tmp_data: Path) -> None:
    ok("watch", "1")
    before = snapshot(tmp_data)
    planned = imported(str(FIX / "tvtime"), "--dry-run")
    assert snapshot(tmp_data) == before
    done = imported(str(FIX / "tvtime"))
    assert planned["dry_run"] and not done["dry_run"]
    assert [(e["id"], e["episode"], e["at"]) for e in planned["events"]] == [
        (e["id"], e["episode"], e["at"]) for e in done["events"]
    ]
    assert {k: v for k, v in planned.items() if k not in ("dry_run", "events")} == {
        k: v for k, v in done.items() if k not in ("dry_run", "events")
    }


def test_the_same_viewing_from_two_services_is_imported_once() -> None:
    first = imported(str(FIX / "trakt"))
    assert ("s01e01", utc("2022-01-29T13:00:00"), False) in views(first)
    family = imported(str(FIX / "trakt-family"), "--source-profile", "mina")
    # mina's S01E01 at 13:00 is already there (same episode, same minute): only her S01E02 at 14:10 is new
    assert (family["added"], family["already_present"]) == (1, 1)
    assert views(family) == [("s01e02", utc("2022-01-29T14:10:00"), True)]


def test_an_unknown_target_profile_is_a_usage_error() -> None:
    assert "unknown profile 'ghost'" in fails(2, "import", str(FIX / "trakt"), "--profile", "ghost").stderr


def test_json_keys_of_an_import() -> None:
    result = imported(str(FIX / "tvtime"), "--dry-run")
    assert set(result) == {
        "dry_run",
        "format",
        "format_name",
        "source",
        "profile",
        "added",
        "already_present",
        "events",
        "imports",
        "ignored",
        "started_not_finished",
        "not_placed",
    }
    assert set(result["imports"][0]) == {"source_profile", "profile", "added", "already_present"}
    assert set(result["not_placed"][0]) == {"where", "title", "reason", "source_profile"}
    json.dumps(result)


@pytest.fixture
def tmp_data(tmp_path: Path) -> Path:
    return tmp_path / "aod-data"
