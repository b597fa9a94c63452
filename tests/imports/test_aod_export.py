"""`aod export` and `aod import` of aod's own files: JSON and CSV round trips, stdin, dry runs, bad files."""

from __future__ import annotations

import json
from pathlib import Path

from ..support.helpers import fails, ok


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


def test_import_reads_stdin_and_export_json_and_csv_do_not_mix() -> None:
    from ..support.helpers import aod

    ok("watch", "1-3")
    ok("profile", "add", "mina")
    exported = ok("export").stdout
    run = aod("import", "-", "--profile", "mina", input=exported)
    assert run.code == 0 and "Added 3 events; 0 already there." in run.stdout
    assert "Added 0 events" in aod("import", "-", "--profile", "mina", input=exported).stdout
    assert "two formats" in fails(2, "export", "--json", "--format", "csv").stderr


def test_a_dry_run_import_writes_nothing_not_even_the_data_folder(tmp_path: Path) -> None:
    from ..support.helpers import aod

    ok("watch", "1")
    exported = ok("export").stdout
    fresh = tmp_path / "fresh"
    run = aod("import", "-", "--dry-run", env={"AOD_DATA_DIR": str(fresh)}, input=exported)
    assert run.code == 0 and "Would add 1 event" in run.stdout
    assert not fresh.exists()
