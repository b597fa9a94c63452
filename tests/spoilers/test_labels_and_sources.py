"""A label is as much a spoiler as a sentence, and so is a source key: each shows only where the fact it
belongs to does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ..support.helpers import BUNDLED, copy_pack, edit_json, ok


def _tells_half_zombie(text: str) -> bool:
    return "half-zombie" in text.lower() or "half_zombie" in text


@pytest.mark.parametrize("horizon", [6, 7, 8])
def test_eun_ji_is_not_called_a_half_zombie_before_episode_9_reveals_it(horizon: int) -> None:
    ok("watch", f"1-{horizon}")
    page = ok("character", "Eun-ji").stdout
    data = ok("character", "Eun-ji", "--json").json()
    listed = next(c for c in ok("characters", "--json").json()["characters"] if c["id"] == "c-min-eun-ji")
    episode = ok("episode", "6", "--json").json()
    assert not _tells_half_zombie(page)
    assert not _tells_half_zombie(json.dumps(data)) and not _tells_half_zombie(json.dumps(listed))
    assert "c-min-eun-ji" not in json.dumps(episode["events"])


def test_after_episode_9_eun_ji_half_zombie_event_shows_with_its_own_episode() -> None:
    ok("watch", "1-9")
    events = ok("character", "Eun-ji", "--json").json()["events"]
    assert [(e["type"], e["episode"]) for e in events if e["type"] == "half_zombie"] == [("half_zombie", "S01E06")]


@pytest.mark.parametrize("horizon", [0, 5, 11])
def test_season_2_sources_are_not_listed_before_the_season_1_finale(horizon: int) -> None:
    if horizon:
        ok("watch", f"1-{horizon}")
    for name in ("On-jo", "Nam-ra", "Su-hyeok", "So-ju"):
        sources = ok("character", name, "--json").json()["sources"]
        assert not {"S82", "S88"} & set(sources), (name, sources)
    if horizon == 11:
        assert "S123" not in ok("episode", "11", "--json").json()["sources"]


def test_after_the_finale_the_season_2_sources_are_listed() -> None:
    ok("watch", "1-12")
    assert "S82" in ok("character", "On-jo", "--json").json()["sources"]
    assert "S123" in ok("episode", "11", "--json").json()["sources"]


def test_a_note_that_names_a_hidden_source_is_hidden_with_it(tmp_path: Path) -> None:
    pack = copy_pack(BUNDLED, tmp_path / "pack")

    def note_on_on_jo(doc: dict[str, Any]) -> None:
        for c in doc["characters"]:
            if c["id"] == "c-nam-on-jo":
                c["notes"] = "Her fate is discussed in S74."

    edit_json(pack / "characters.json", note_on_on_jo)
    env = {"AOD_SHOW": str(pack)}
    assert ok("character", "On-jo", "--json", env=env).json()["notes"] is None
    assert "S74" not in ok("character", "On-jo", env=env).stdout
    assert ok("character", "On-jo", "--json", "--spoilers", env=env).json()["notes"] == "Her fate is discussed in S74."
    ok("watch", "1-12", env=env)
    assert ok("character", "On-jo", "--json", env=env).json()["notes"] == "Her fate is discussed in S74."


def test_a_character_not_yet_met_is_listed_by_name_only() -> None:
    roster = {c["name"]: c for c in ok("characters", "--json").json()["characters"]}
    commander = roster["Jin Seon-mu"]
    assert commander["group"] == {"hidden": True} and commander["description"] == {"hidden": True}
    assert "military" not in ok("characters").stdout and "military" not in ok("character", "Jin Seon-mu").stdout
    assert "Jin Seon-mu" not in ok("characters", "--group", "military").stdout  # the filter tells no group either
    assert roster["Nam On-jo"]["group"] == "class-2-5"  # met in episode 1: all of it shows
    ok("watch", "1-12")
    assert ok("character", "Jin Seon-mu", "--json").json()["group"] == "military"
