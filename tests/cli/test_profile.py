"""`aod profile add|use|list|remove`: separate progress and horizons, names in any script."""

from __future__ import annotations

from pathlib import Path

from ..support.helpers import fails, ok


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


def test_profile_names_in_any_script_nfc_and_unique_without_case() -> None:
    import json
    import os
    import unicodedata

    ok("profile", "add", "민아")
    decomposed = unicodedata.normalize("NFD", "민아")
    assert decomposed != "민아"
    ok("watch", "1", "--profile", decomposed)  # typed decomposed, stored and found in NFC
    assert ok("progress", "--profile", "민아", "--json").json()["watched"] == 1
    ok("profile", "add", "Mina")
    assert "already exists (names ignore case)" in fails(1, "profile", "add", "MINA").stderr
    assert "invalid profile name" in fails(2, "profile", "add", "a b").stderr
    assert "invalid profile name" in fails(2, "profile", "add", "\u202eevil").stderr
    doc = json.loads((Path(os.environ["AOD_DATA_DIR"]) / "store.json").read_text(encoding="utf-8"))
    assert "민아" in doc["profiles"] and doc["min_reader"] == 3  # profile ids: aodcli with schema 3 and later
