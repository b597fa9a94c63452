"""The bundled data pack: it loads, it is consistent, and it says what the facts say."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from aodcli.paths import bundled_data_dir

from ..support.helpers import BUNDLED, REPO

RUNTIMES = [66, 70, 62, 71, 56, 66, 59, 57, 60, 53, 55, 53]  # facts: S117, corroborated for eps 1-2


def _raw(name: str):
    return json.loads((BUNDLED / name).read_text(encoding="utf-8"))


def test_bundled_pack_is_the_default_and_loads(pack):
    assert pack.show_id == "all-of-us-are-dead"
    assert Path(pack.path).resolve() == BUNDLED.resolve()
    assert bundled_data_dir().resolve() == (REPO / "data").resolve()


def test_season_one_matches_the_facts(pack):
    eps = pack.season_episodes(1)
    assert [e.code for e in eps] == [f"S01E{n:02d}" for n in range(1, 13)]
    assert [e.runtime for e in eps] == RUNTIMES
    assert {e.release_date for e in eps} == {"2022-01-28"}
    assert all(e.blurb.strip() and e.synopsis for e in eps)


def test_season_two_is_announced_without_episodes(pack):
    s2 = pack.season(2)
    assert s2 is not None and s2.status == "post-production" and s2.release_date is None
    assert pack.season_episodes(2) == []
    s2_actors = {pack.people[c.person].name for c in pack.credits if c.season == 2 and c.job == "actor"}
    assert {"Roh Jae-won", "Lee Min-jae", "Kim Si-eun", "Yoon Ga-i"} <= s2_actors


def test_ids_are_unique_across_each_kind():
    for name, key in [
        ("people.json", "people"),
        ("characters.json", "characters"),
        ("episodes.json", "episodes"),
        ("events.json", "events"),
    ]:
        ids = [r["id"] for r in _raw(name)[key]]
        assert len(ids) == len(set(ids)), name


def test_every_record_carries_sources():
    for name, key in [
        ("people.json", "people"),
        ("characters.json", "characters"),
        ("episodes.json", "episodes"),
        ("events.json", "events"),
        ("credits.json", "credits"),
    ]:
        for rec in _raw(name)[key]:
            assert rec["sources"], f"{name}: {rec.get('id', rec)} has no sources"


MAIN_CAST = {
    "Park Ji-hu": "Nam On-jo",
    "Yoon Chan-young": "Lee Cheong-san",
    "Cho Yi-hyun": "Choi Nam-ra",
    "Lomon": "Lee Su-hyeok",
    "Yoo In-soo": "Yoon Gwi-nam",
    "Lee Yoo-mi": "Lee Na-yeon",
    "Kim Byung-chul": "Lee Byeong-chan",
    "Im Jae-hyuk": "Yang Dae-su",
    "Ha Seung-ri": "Jang Ha-ri",
    "Ham Sung-min": "Han Gyeong-su",
    "Jung Yi-seo": "Kim Hyeon-ju",
    "Jin Ho-eun": "Jung Min-jae",
}


def test_main_actors_play_the_right_characters(pack):
    pairs = {
        (pack.people[c.person].name, pack.characters[c.character].name)
        for c in pack.credits
        if c.character and c.season == 1
    }
    for actor, character in MAIN_CAST.items():
        assert (actor, character) in pairs, (actor, character)


def test_hangul_names_from_the_facts(pack):
    by_name = {c.name: c for c in pack.characters.values()}
    assert by_name["Nam On-jo"].hangul == "남온조"
    assert by_name["Lee Cheong-san"].hangul == "이청산"
    assert by_name["Choi Nam-ra"].hangul == "최남라"
    assert by_name["Yoon I-sak"].hangul == "윤이삭"
    people = {p.name: p for p in pack.people.values()}
    assert people["Lomon"].hangul == "로몬"
    assert any(a.name == "Park Solomon" for a in people["Lomon"].aliases)
    # not tied to the show by a Korean source: unknown, never a guess
    assert people["Lee Kyu-hyung"].hangul is None


def test_fates_are_tied_to_episodes(pack):
    def events(name):
        cid = next(c.id for c in pack.characters.values() if c.name == name)
        return {(e.type, pack.episode(e.episode).code if e.episode else None) for e in pack.events_of(cid)}

    assert ("infected", "S01E03") in events("Han Gyeong-su")
    assert any(t in ("turns", "infected") and ep == "S01E02" for t, ep in events("Yoon I-sak"))
    assert any(ep == "S01E11" for _, ep in events("Lee Cheong-san"))
    assert any(t == "half_zombie" and ep == "S01E05" for t, ep in events("Yoon Gwi-nam"))


def test_about_has_the_korean_title_and_the_webtoon(pack):
    assert pack.show["title"]["ko"] == "지금 우리 학교는"
    work = pack.show["source_work"]
    assert pack.people[work["author"]].name == "Joo Dong-geun"
    assert work["platform"] == "Naver Webtoon"


def test_installed_layout_resolves_data_inside_the_package(tmp_path):
    """The wheel puts data/ at aodcli/data; the resolver must find it there."""
    import shutil

    pkg = tmp_path / "site" / "aodcli"
    shutil.copytree(REPO / "src" / "aodcli", pkg)
    shutil.copytree(REPO / "data", pkg / "data")
    code = (
        "import aodcli.paths as p; from aodcli.pack import load_pack;"
        "print(p.bundled_data_dir()); print(len(load_pack().episodes))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert Path(out[0]) == pkg / "data"
    assert out[1] == "12"
