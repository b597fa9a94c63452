"""`aod store check` and `aod store restore`, and what the commands leave in the data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..support.helpers import aod, ok


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


def test_restore_reports_in_words_and_json_and_finds_backups_as_check_lists_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    data = Path(os.environ["AOD_DATA_DIR"])
    ok("watch", "1")
    ok("watch", "2")
    listed = ok("store", "check", "--json").json()["backups"]
    daily = next(Path(b["path"]) for b in listed if b["kind"] == "daily")
    name = str(daily.relative_to(data))  # backups/store.<date>.json, as the table shows it
    monkeypatch.chdir(tmp_path)  # not the data folder: the name is found there anyway
    report = ok("store", "restore", "--from", name, "--json").json()
    assert report["source"] == str(data / name) and report["source_kind"] == "file"
    assert set(report) == {
        "restored",
        "path",
        "source",
        "source_kind",
        "source_revision",
        "revision",
        "quarantined",
        "message",
    }
    assert "RestoreReport(" not in ok("store", "restore", "--from", name).stdout
