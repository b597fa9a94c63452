"""`aod profile add|use|list|remove`: separate progress and horizons, names in any script."""

from __future__ import annotations

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
