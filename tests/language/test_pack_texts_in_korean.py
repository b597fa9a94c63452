"""The pack's own Korean texts (``texts.ko.json``): shown in Korean, English where a text has
none or has changed since, hidden past the horizon as the English is, refused when malformed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ..support.helpers import BUNDLED, aod, copy_pack, edit_json, ok

KO = {"AOD_LANG": "ko"}


def _texts(pack: Path = BUNDLED) -> dict[str, dict[str, str]]:
    doc = json.loads((pack / "texts.ko.json").read_text(encoding="utf-8"))
    return {t["where"]: t for t in doc["texts"]}


def test_every_episode_blurb_and_title_shows_in_korean() -> None:
    texts = _texts()
    episodes = ok("episodes", "--json", env=KO).json()["episodes"]
    for ep in episodes:
        assert ep["blurb"] == texts[f"episodes/{ep['id']}/blurb"]["text"]
        assert ep["title"] == texts[f"episodes/{ep['id']}/title"]["text"]
    assert ok("episodes", "--json").json()["episodes"][0]["blurb"] == texts["episodes/s01e01/blurb"]["en"]


def test_a_synopsis_past_the_horizon_stays_hidden_in_korean() -> None:
    texts = _texts()
    ok("watch", "1-2")
    seen = ok("episode", "2", "--json", env=KO).json()
    assert seen["synopsis"] == texts["episodes/s01e02/synopsis"]["text"]
    later = ok("episode", "5", "--json", env=KO).json()
    assert later["synopsis"] == {"hidden": True, "until": "S01E05"}
    shown = ok("episode", "5", env=KO).stdout
    assert texts["episodes/s01e05/synopsis"]["text"][:20] not in shown


def test_a_text_whose_english_changed_falls_back_to_the_new_english(tmp_path: Path) -> None:
    pack = copy_pack(BUNDLED, tmp_path / "pack")

    def change(doc: dict[str, Any]) -> None:
        doc["episodes"][1]["blurb"] = "A rewritten blurb the translation has not caught up with."

    edit_json(pack / "episodes.json", change)
    episodes = ok("episodes", "--json", "--show", str(pack), env=KO).json()["episodes"]
    assert episodes[1]["blurb"] == "A rewritten blurb the translation has not caught up with."
    assert episodes[0]["blurb"] == _texts()["episodes/s01e01/blurb"]["text"]


def test_a_pack_without_korean_texts_shows_english_in_korean(tmp_path: Path) -> None:
    pack = copy_pack(BUNDLED, tmp_path / "pack")
    (pack / "texts.ko.json").unlink()
    episodes = ok("episodes", "--json", "--show", str(pack), env=KO).json()["episodes"]
    assert episodes[0]["blurb"] == _texts()["episodes/s01e01/blurb"]["en"]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["texts"].append({"where": "nowhere/x", "en": "x", "text": "y"}), "texts["),
        (lambda d: d["texts"][0].pop("en"), "texts[0].en"),
        (lambda d: d["texts"][0].update(text="bad\u202eoverride"), "texts[0].text"),
        (lambda d: d.update(lang="en"), "lang"),
    ],
    ids=["unknown-file", "missing-en", "bidi-override", "wrong-lang"],
)
def test_a_malformed_korean_texts_file_is_one_error_naming_it(tmp_path: Path, change: Any, where: str) -> None:
    pack = copy_pack(BUNDLED, tmp_path / "pack")
    edit_json(pack / "texts.ko.json", change)
    run = aod("episodes", "--show", str(pack), env=KO)
    assert run.code == 1, run.stdout
    assert run.stderr.count("\n") == 1 and "texts.ko.json" in run.stderr and where in run.stderr, run.stderr
    ok("episodes", "--show", str(pack))  # English never reads it


def test_a_text_for_a_record_the_pack_lacks_is_passed_over(tmp_path: Path) -> None:
    """A translation may lag behind its pack (a later event removed): never an error, and never
    a difference in what aod says (the noninterference proof runs in Korean too)."""
    pack = copy_pack(BUNDLED, tmp_path / "pack")
    edit_json(
        pack / "texts.ko.json", lambda d: d["texts"].append({"where": "episodes/s09e99/blurb", "en": "x", "text": "y"})
    )
    assert ok("episodes", "--show", str(pack), env=KO).stdout == ok("episodes", env=KO).stdout


def test_about_sources_says_how_many_texts_stay_english(tmp_path: Path) -> None:
    # the counts take in every episode's texts: hidden, as a count of later things is, until the end
    assert ok("about", "--sources", "--json", env=KO).json()["texts"] == {"hidden": True, "until": "S01E12"}
    ok("watch", "1-12")
    whole = ok("about", "--sources", "--json", env=KO).json()["texts"]
    assert whole["language"] == "ko" and whole["in_language"] == whole["total"] >= len(_texts())
    pack = copy_pack(BUNDLED, tmp_path / "pack")

    def change(doc: dict[str, Any]) -> None:
        doc["episodes"][1]["blurb"] = "A rewritten blurb the translation has not caught up with."

    edit_json(pack / "episodes.json", change)
    run = ok("about", "--sources", "--spoilers", "--show", str(pack), env=KO)
    shown = ok("about", "--sources", "--spoilers", "--json", "--show", str(pack), env=KO).json()["texts"]
    assert shown["in_language"] == whole["total"] - 1 and shown["total"] == whole["total"]
    assert f"{whole['total']}" in run.stdout.splitlines()[-1] and " 1" in run.stdout.splitlines()[-1]
